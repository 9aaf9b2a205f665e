"""Live preview: serve the built site over HTTP, rebuild on every change, reload open pages.

`serve()` ties three small parts together:

- `LiveSite` holds what the browser polls: a build counter and the last build error.
- `PreviewHandler` serves the output folder. Into HTML it serves (never into the files on disk)
  it injects a small script that polls `/__build_status` every second, reloads the page when the
  counter changes and shows the last error as an overlay.
- `watch_and_rebuild()` waits for changes with `watchfiles` and calls `rebuild` for each batch.

A failed rebuild (any `click.ClickException`) is printed and shown in the overlay; the last good
site stays in place (the writer only moves in complete files of complete builds), so it keeps
being served. A rebuild may leave its search index to do (`Built.pending`, e.g. the shard of an
edited note): the new pages are served at once and the index is made in a background thread,
which the next rebuild cancels and waits for before it starts.
"""

from __future__ import annotations

import html
import http.server
import json
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import click
import watchfiles

STATUS_PATH = "/__build_status"


class Pending(Protocol):
    """Work a rebuild left for after its pages are served (site/pending.py)."""

    def run(self) -> object: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class Built:
    """What a successful rebuild produced: the output folder, the path it is published at and
    what is left to do in the background."""

    output: Path
    base_path: str = "/"
    pending: Pending | None = None


Rebuild = Callable[[], Built]
Echo = Callable[..., None]


class LiveSite:
    """The state the server and the browser share: build counter, last error, output folder."""

    def __init__(self, output: Path | None = None, base_path: str = "/") -> None:
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.build = 0
        self.error: str | None = None
        self.building = False
        self.output = output
        self.base_path = base_path
        self.pending: tuple[Callable[[], None], threading.Thread] | None = None  # its cancel

    def status(self) -> dict[str, object]:
        with self.lock:
            searching = self.pending is not None and self.pending[1].is_alive()
            return {"build": self.build, "error": self.error, "building": self.building,
                    "searching": searching}

    def rebuild(self, rebuild: Rebuild, echo: Echo = click.echo) -> bool:
        """Run one build; on success bump the counter, on a ClickException keep the error."""
        self.stop_pending()
        with self.lock:
            self.building = True
        try:
            built = rebuild()
        except click.ClickException as error:
            message = error.format_message()
            echo(click.style(f"Error: {message}", fg="red"), err=True)
            echo("(still serving the last good site; fix the file and save to rebuild)", err=True)
            with self.lock:
                self.error = message
            self._idle()
            return False
        except BaseException:
            self._idle()
            raise
        with self.lock:
            self.build += 1
            self.error = None
            self.output, self.base_path = built.output, built.base_path
        if built.pending is not None:
            self.start_pending(built.pending, echo)
        self._idle()  # only now: the status never shows a build done with its search not begun
        return True

    def _idle(self) -> None:
        with self.lock:
            self.building = False
            self.idle.notify_all()

    def start_pending(self, pending: Pending, echo: Echo) -> None:
        """Run what the build left to do in a thread; a failure is shown like a build's."""
        cancelled = threading.Event()

        def run() -> None:
            try:
                pending.run()
            except click.ClickException as error:
                if cancelled.is_set():
                    return  # a newer build stopped it: that build's own index follows
                message = error.format_message()
                echo(click.style(f"Error: {message}", fg="red"), err=True)
                with self.lock:
                    self.error = message

        def cancel() -> None:
            cancelled.set()
            pending.cancel()

        thread = threading.Thread(target=run, name="build-site-search", daemon=True)
        with self.lock:
            self.pending = (cancel, thread)
        thread.start()

    def stop_pending(self) -> None:
        """Cancel the background work of the last build and wait until it has stopped."""
        with self.lock:
            pending, self.pending = self.pending, None
        if pending is not None:
            pending[0]()
            pending[1].join()

    def wait_idle(self, timeout: float) -> None:
        """Wait (bounded) for a running build to finish, e.g. while it swaps the site in."""
        with self.lock:
            self.idle.wait_for(lambda: not self.building, timeout)


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


class ChangeFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (editor swap files, .git, ...) minus the build's own output."""

    def __init__(self, ignore: Iterable[Path] = ()) -> None:
        super().__init__()
        self.ignored = [p.resolve() for p in ignore]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        file = Path(path).resolve()
        for ignored in self.ignored:
            if file == ignored or ignored in file.parents:
                return False
            staging = (f".{ignored.name}-new-", f".{ignored.name}-old-")  # see writer.write_site
            if file.parent == ignored.parent and file.name.startswith(staging):
                return False
            if any(p.parent == ignored.parent and p.name.startswith(staging)
                   for p in file.parents):
                return False
        return True


def existing(paths: Iterable[Path]) -> list[Path]:
    """The paths that exist, resolved and without repeats (watchfiles needs existing paths)."""
    found: list[Path] = []
    for path in paths:
        path = path.resolve()
        if path.exists() and path not in found:
            found.append(path)
    return found


def watch_and_rebuild(live: LiveSite, rebuild: Rebuild, watch_paths: Callable[[], list[Path]],
                      stop_event: threading.Event, ready: Callable[[], None] = lambda: None,
                      ignore: Callable[[], list[Path]] = list, echo: Echo = click.echo) -> None:
    """Rebuild after every batch of changes until `stop_event` is set.

    The watcher restarts whenever the set of watched paths changes (an edit to site.toml can
    name other folders, or a folder it names is made) or a watched file was replaced (editors
    that save by renaming).
    """
    signalled = False
    before: dict[Path, tuple[int, int, int] | None] = {}  # watched files, across a restart
    pending: set[tuple[watchfiles.Change, str]] = set()  # to rebuild for once watched
    while not stop_event.is_set():
        paths = existing(watch_paths())
        files = [p for p in paths if p.is_file()]
        restart = False
        for changes in watchfiles.watch(*paths, watch_filter=ChangeFilter(ignore()),
                                        stop_event=stop_event, rust_timeout=300,
                                        yield_on_timeout=True):
            if not signalled:  # the first timeout proves the watcher is registered
                signalled = True
                ready()
            if before:  # a file replaced while the watcher restarted: no event, so compare
                changes = changes or {(watchfiles.Change.modified, str(f)) for f in before
                                      if _signature(f) != before[f]}
                before = {}
            changes, pending = set(changes) | pending, set()
            if not changes:
                appeared = set(existing(watch_paths())) ^ set(paths)
                if appeared:  # a watched folder was made (content/notes/): watch it first, then
                    # rebuild, so that a file saved in it meanwhile is not missed
                    pending = {(watchfiles.Change.added, str(p)) for p in appeared}
                    restart = True
                    break
                continue
            changed = sorted({Path(path) for _, path in changes})
            shown = [p for p in changed if p.exists()] or changed  # not editors' temporary files
            names = ", ".join(_short(p) for p in shown[:3])
            more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
            echo(f"changed: {names}{more}; rebuilding", err=True)
            snapshot = {f: _signature(f) for f in files}
            live.rebuild(rebuild, echo)
            if existing(watch_paths()) != paths or any(p.resolve() in files for p in changed):
                before, restart = snapshot, True
                break
        if not restart:  # the watcher returned by itself: stop_event was set
            return


def _signature(file: Path) -> tuple[int, int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def serve(rebuild: Rebuild, watch_paths: Callable[[], list[Path]], *,
          output: Path | None = None, host: str = "127.0.0.1", port: int = 8000,
          ignore: Callable[[], list[Path]] = list, stop_event: threading.Event | None = None,
          ready: Callable[[str], None] | None = None, echo: Echo = click.echo,
          log_requests: bool = False) -> LiveSite:
    """Build, serve on host:port, rebuild on changes; return when `stop_event` is set or on
    Ctrl-C. `ready(url)` is called once the server answers and the watcher is live."""
    stop_event = stop_event or threading.Event()
    live = LiveSite(output)
    try:
        server = PreviewServer((host, port), live, log_requests)
    except OSError as error:
        raise click.ClickException(f"cannot serve on {host}:{port}: {error.strerror or error}; "
                                   "choose another port with --port") from None
    url = f"http://{_url_host(host)}:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="build-site-http",
                              daemon=True)
    try:
        live.rebuild(rebuild, echo)
        thread.start()
        echo(f"Serving {url} (live reload on); press Ctrl-C to stop.", err=True)
        watch_and_rebuild(live, rebuild, watch_paths, stop_event,
                          ready=lambda: ready(url) if ready else None, ignore=ignore, echo=echo)
    except KeyboardInterrupt:
        echo("\nstopped", err=True)
    finally:
        stop_event.set()
        live.stop_pending()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return live


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
