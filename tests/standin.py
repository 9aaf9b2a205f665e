"""A stand-in for Hugging Face's paper API and arXiv's search API, on 127.0.0.1 only.

It answers in the services' documented shapes: `GET /api/papers/search?q=` (a JSON list of
daily-paper items, each with its `paper`), `GET /api/papers/<id>` (one paper, or 404), and
`GET /api/query?search_query=` (an Atom feed with opensearch totals). Faults are scripted per
path prefix and served in order before normal answers: "429", "500", "timeout", "bad json",
"bad atom", "html".
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

HF_SEARCH, HF_PAPER, ARXIV = "/api/papers/search", "/api/papers/", "/api/query"
SELF = "http://arxiv.org/api/query?search_query%3D%26id_list%3D%26start%3D0%26max_results%3D5"


@dataclass
class Paper:
    """One paper as both services know it."""

    arxiv: str
    title: str
    summary: str
    authors: tuple[str, ...]
    published: str  # ISO date of the first arXiv version
    listed: str | None = None  # the day Hugging Face's daily papers listed it


@dataclass
class StandIn:
    hf: dict[str, list[Paper]] = field(default_factory=dict)  # search query -> results
    arxiv: dict[str, list[Paper]] = field(default_factory=dict)  # ti:"..." phrase -> results
    faults: dict[str, list[str]] = field(default_factory=dict)  # path prefix -> faults
    stall: float = 30.0  # the longest a "timeout" fault keeps the client waiting
    requests: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)  # of each request, lower case

    def __post_init__(self) -> None:
        self.papers = {p.arxiv: p for results in (*self.hf.values(), *self.arxiv.values())
                       for p in results}
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (the http.server interface)
                standin.answer(self)

            def log_message(self, *args: object) -> None:
                pass

        self.released = threading.Event()  # set on close: stalled answers end
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urllib.parse.urlsplit(handler.path)
        query = urllib.parse.parse_qs(parts.query)
        self.requests.append((parts.path, query))
        self.headers.append({k.lower(): v for k, v in handler.headers.items()})
        for prefix, faults in self.faults.items():
            if parts.path.startswith(prefix) and faults:
                return self._fault(handler, faults.pop(0))
        if parts.path == HF_SEARCH:
            found = self.hf.get(query.get("q", [""])[0], [])
            return _send(handler, 200, json.dumps([hf_item(p) for p in found]))
        if parts.path.startswith(HF_PAPER):
            paper = self.papers.get(parts.path.removeprefix(HF_PAPER))
            if paper is None:
                return _send(handler, 404, json.dumps({"error": "Paper not found"}))
            return _send(handler, 200, json.dumps(hf_paper(paper)))
        if parts.path == ARXIV:
            phrase = query.get("search_query", [""])[0].removeprefix('ti:"').removesuffix('"')
            return _send(handler, 200, atom(self.arxiv.get(phrase, [])),
                         "application/atom+xml; charset=utf-8")
        return _send(handler, 404, "not found", "text/plain")

    def _fault(self, handler: BaseHTTPRequestHandler, fault: str) -> None:
        if fault == "429":
            return _send(handler, 429, json.dumps({"error": "rate limited"}),
                         headers={"Retry-After": "0"})
        if fault == "500":
            return _send(handler, 500, "Internal Server Error", "text/plain")
        if fault == "timeout":
            self.released.wait(self.stall)  # until the test is over: the client must give up
            return _send(handler, 200, "[]")
        if fault == "bad json":
            return _send(handler, 200, '[{"paper": {"id": "2401.0')
        if fault == "bad atom":
            return _send(handler, 200, atom([])[:120], "application/atom+xml")
        if fault == "html":
            return _send(handler, 200, "<html><body><h1>Maintenance</h1></body></html>",
                         "text/html")
        raise ValueError(f"unknown fault {fault!r}")


def _send(handler: BaseHTTPRequestHandler, status: int, body: str,
          content_type: str = "application/json; charset=utf-8",
          headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8")
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up waiting (the timeout fault)


def _authors(paper: Paper) -> list[dict[str, object]]:
    return [{"_id": f"64a{n:021x}", "name": name, "hidden": False}
            for n, name in enumerate(paper.authors)]


def hf_paper(paper: Paper) -> dict[str, object]:
    """`GET /api/papers/<id>`: the paper's own record."""
    data: dict[str, object] = {
        "id": paper.arxiv, "authors": _authors(paper), "mediaUrls": [],
        "publishedAt": f"{paper.published}T17:59:46.000Z", "title": paper.title,
        "summary": paper.summary, "upvotes": 12, "discussionId": f"65{paper.arxiv}",
        "ai_summary": "A one-line summary.", "ai_keywords": ["graphs"],
    }
    if paper.listed:
        data["submittedOnDailyAt"] = f"{paper.listed}T01:23:45.000Z"
        data["submittedOnDailyBy"] = {"_id": "60f1abf", "avatarUrl": "/avatars/ak.svg",
                                      "isPro": False, "fullname": "AK", "user": "akhaliq",
                                      "type": "user"}
    return data


def hf_item(paper: Paper) -> dict[str, object]:
    """One result of `GET /api/papers/search`: a daily-papers item holding its paper."""
    inner = hf_paper(paper)
    inner.pop("submittedOnDailyAt", None)
    inner.pop("submittedOnDailyBy", None)
    return {
        "paper": inner, "publishedAt": f"{paper.listed or paper.published}T01:23:45.000Z",
        "title": paper.title, "summary": paper.summary,
        "thumbnail": f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/"
                     f"{paper.arxiv}.png",
        "numComments": 1, "isAuthorParticipating": False,
    }


def atom(papers: list[Paper]) -> str:
    """arXiv's answer: an Atom feed with opensearch totals, one <entry> per paper."""
    entries = "".join(f"""
  <entry>
    <id>http://arxiv.org/abs/{p.arxiv}v2</id>
    <updated>{p.published}T18:00:00Z</updated>
    <published>{p.published}T17:59:46Z</published>
    <title>{escape(_wrapped(p.title))}</title>
    <summary>  {escape(_wrapped(p.summary))}
</summary>
{"".join(f"    <author><name>{escape(a)}</name></author>{chr(10)}" for a in p.authors)}\
    <link href="http://arxiv.org/abs/{p.arxiv}v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/{p.arxiv}v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>""" for p in papers)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="{SELF}" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=&amp;id_list=&amp;start=0&amp;max_results=5</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-03-12T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{len(papers)}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">5</opensearch:itemsPerPage>{entries}
</feed>
"""


def _wrapped(text: str) -> str:
    """arXiv wraps titles and abstracts at about 80 columns, with two-space indents."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) > 78:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "\n  ".join([*lines, line])
