"""The owner's own pages (content/pages/*.md), each rendered at `<slug>/index.html`.

Optional TOML front matter between `+++` lines gives `title` and `nav_order`. The slug is the
file name made URL-safe; two pages with one slug, or a page named like a part of the generated
site (papers/, tags/, status/, ...), is an error, since one would hide the other.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, Problems
from ..slugs import slugify
from .prose import (
    FrontMatterError,
    display_path,
    hidden,
    markdown_html,
    read_document,
    read_text,
)

KEYS = ("title", "nav_order")
# Folders and files the site may have even when this build does not write them (status/ appears
# with the first note, page/ when the index needs a second page).
RESERVED = ("papers", "tags", "status", "page", "static", "index", "404", "papers-json", "search",
            "sort", "pagefind")


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    html: str  # sanitised HTML
    nav_order: int = 0
    file: str = ""

    @property
    def path(self) -> str:
        return f"{self.slug}/index.html"

    @property
    def url(self) -> str:
        return f"{self.slug}/"


def read_pages(folder: Path, root: Path | None = None,
               problems: Problems | None = None) -> list[Page]:
    """Every page in `folder`, in navigation order (nav_order, then title); a page in a folder
    below it is not published, with a warning (pages are one level: <name>/index.html)."""
    if not folder.is_dir():
        return []
    pages: dict[str, Page] = {}
    for path in sorted(folder.rglob("*.md")):
        name = display_path(path, root)
        if path.parent != folder:
            if problems is not None and not hidden(path, folder):
                problems.warn(name, None, "pages in a folder below content/pages are not "
                              "published; move the file up into content/pages")
            continue
        try:
            document = read_document(read_text(path, name, problems), KEYS)
        except FrontMatterError as error:
            raise BuildError(str(error), name, error.line) from None
        except UnicodeDecodeError:
            raise BuildError("not valid UTF-8", name) from None
        title = document.meta.get("title", _title_from(path.stem))
        order = document.meta.get("nav_order", 0)
        if not isinstance(title, str) or not title.strip():
            raise BuildError("`title` must be a non-empty string", name,
                             document.line_of("title"))
        if isinstance(order, bool) or not isinstance(order, int):
            raise BuildError("`nav_order` must be a whole number", name,
                             document.line_of("nav_order"))
        slug = slugify(path.stem)
        if slug in pages:
            raise BuildError(f"this page and {pages[slug].file} would both be written to "
                             f"{slug}/index.html; rename one of them", name)
        pages[slug] = Page(slug, title.strip(), str(markdown_html(document.body)), order, name)
    return sorted(pages.values(), key=lambda p: (p.nav_order, p.title.casefold(), p.slug))


def check_page_paths(pages: Iterable[Page], site_paths: Iterable[str]) -> None:
    """Refuse a page whose folder is already used by the generated site (papers/, 404.html...)."""
    taken = set(RESERVED) | {path.split("/", 1)[0] for path in site_paths}
    taken |= {path.split("/", 1)[0].removesuffix(".html") for path in site_paths}
    for page in pages:
        if page.slug in taken:
            raise BuildError(f"the page {page.slug!r} would be written to {page.path}, which "
                             f"collides with the generated site's {page.slug}/ or "
                             f"{page.slug}.html; rename the file", page.file)


def _title_from(stem: str) -> str:
    words = stem.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else stem

