"""The live preview's HTTP side: the output folder served as GitHub Pages would serve it, with a
script injected into every HTML page served (never into the files on disk) that polls the build
status, reloads the page after a rebuild and shows the last build error as an overlay."""

from __future__ import annotations

import html
import http.server
import json
import os
import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from .serve import LiveSite

STATUS_PATH = "/__build_status"


RELOAD_SCRIPT = """<script>/* build-site live preview; not part of the built site */
(function () {
  var seen = %(build)d, box = null;
  function show(error) {
    if (!error) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "build-site-error";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;top:0;left:0;right:0;z-index:2147483647;margin:0;" +
        "padding:1em 1.5em;max-height:60vh;overflow:auto;white-space:pre-wrap;" +
        "font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;color:#fff;background:#b00020;" +
        "box-shadow:0 2px 8px rgba(0,0,0,.4)";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; showing the last good site.\\n\\n" + error;
  }
  function poll() {
    fetch("%(status)s", {cache: "no-store"}).then(function (response) {
      return response.json();
    }).then(function (status) {
      if (status.build !== seen) { location.reload(); return; }
      show(status.error);
      setTimeout(poll, 1000);
    }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
</script>
"""

FALLBACK_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%(title)s</title></head>
<body><h1>%(title)s</h1><p>%(text)s</p></body></html>
"""


def inject_reload_script(page: bytes, build: int) -> bytes:
    """`page` with the reload script before its last `</body>` (or at the end if it has none)."""
    script = (RELOAD_SCRIPT % {"build": build, "status": STATUS_PATH}).encode("utf-8")
    end = page.lower().rfind(b"</body>")
    if end < 0:
        return page + script
    return page[:end] + script + page[end:]


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], live: LiveSite, log_requests: bool) -> None:
        self.live = live
        self.log_requests = log_requests
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, PreviewHandler)


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the output folder; HTML gets the reload script; a miss gets 404.html."""

    server: PreviewServer

    def __init__(self, request, client_address, server: PreviewServer) -> None:
        output = server.live.output
        super().__init__(request, client_address, server,
                         directory=str(output) if output else os.devnull)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self.respond(body=False)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.server.log_requests:
            super().log_message(format, *args)

    def respond(self, body: bool) -> None:
        live = self.server.live
        url = urlsplit(self.path)
        if url.path == STATUS_PATH:
            payload = json.dumps(live.status()).encode("utf-8")
            self.send_bytes(200, "application/json", payload, body)
            return
        path = self.strip_base_path(url.path)
        if path is None or live.output is None:
            self.send_not_found(body)
            return
        target = Path(self.translate_path(path))
        if not target.exists() and live.status()["building"]:
            live.wait_idle(timeout=30)  # the site may be mid-swap: look again once it is in
        if target.is_dir():
            if not url.path.endswith("/"):  # relative links need the trailing slash
                self.send_response(301)
                self.send_header("Location", url.path + "/" + (f"?{url.query}" if url.query
                                                               else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            self.send_not_found(body)
        elif target.suffix.lower() in (".html", ".htm"):
            self.send_page(200, target.read_bytes(), body)
        else:
            self.path = path + (f"?{url.query}" if url.query else "")
            if body:
                super().do_GET()
            else:
                super().do_HEAD()

    def strip_base_path(self, path: str) -> str | None:
        """The site is served at `/` and also at its published path (e.g. `/reading-list/`),
        so pages with `<base href>` such as 404.html work in the preview too."""
        base = self.server.live.base_path.rstrip("/")
        if base and (path == base or path.startswith(base + "/")):
            return path[len(base):] or "/"
        return path

    def send_not_found(self, body: bool) -> None:
        output = self.server.live.output
        page = output / "404.html" if output else None
        if page is not None and page.is_file():
            self.send_page(404, page.read_bytes(), body)
        else:
            error = self.server.live.status()["error"]
            text = html.escape(str(error)) if error else "There is no page at this address."
            self.send_page(404, (FALLBACK_PAGE % {"title": "Page not found", "text": text})
                           .encode("utf-8"), body)

    def send_page(self, status: int, page: bytes, body: bool) -> None:
        build = self.server.live.status()["build"]
        self.send_bytes(status, "text/html; charset=utf-8",
                        inject_reload_script(page, int(build)), body)  # type: ignore[arg-type]

    def send_bytes(self, status: int, content_type: str, payload: bytes, body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)
