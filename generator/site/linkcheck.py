"""Checks a built site the way a browser would follow it: every internal link and anchor.

`build-site check` runs it on the output before the Pages workflow deploys it; the tests run it on
every site they build."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "base" and values.get("href"):
            self.base = values["href"]
        for name in ("href", "src"):
            if values.get(name) and tag != "base":
                self.links.append(values[name] or "")


def parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def page_url(site: Path, page: Path, prefix: str) -> str:
    relative = page.relative_to(site).as_posix()
    return prefix + (relative.removesuffix("index.html"))


def resolve(site: Path, url: str, prefix: str) -> Path | None:
    """The file a site URL is served from, as GitHub Pages would, or None if it is missing."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(prefix):
        return None
    target = site / path[len(prefix):]
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def broken_links(site: Path, prefix: str = "/reading-list/") -> list[str]:
    """Every internal href/src (and #anchor) that does not resolve, as 'page -> link'."""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))
    parsed = {page: parse(page) for page in pages}
    for page, links in parsed.items():
        ids[page] = links.ids
    for page, links in parsed.items():
        here = links.base or page_url(site, page, prefix)
        for link in links.links:
            if urlsplit(link).scheme or link.startswith(("mailto:", "//")):
                continue
            absolute, fragment = urldefrag(urljoin("http://host" + here, link))
            target = resolve(site, urlsplit(absolute).path, prefix)
            if target is None:
                broken.append(f"{page.relative_to(site)} -> {link}")
            elif fragment and target.suffix == ".html":
                known = ids.get(target) or parse(target).ids
                if fragment not in known:
                    broken.append(f"{page.relative_to(site)} -> {link} (no #{fragment})")
    return broken
