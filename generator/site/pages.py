"""Every page of the site: which template renders which output path, with which variables."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup

from ..models import Paper
from ..sources.pages import check_page_paths
from .charts import year_chart
from .citations import for_citing
from .render import Renderer
from .search import BUNDLE
from .urls import absolute, base_path


def scholarly_article(paper: Paper, base_url: str) -> Markup:
    """schema.org ScholarlyArticle JSON-LD, safe inside <script> whatever the title holds."""
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "ScholarlyArticle",
                               "headline": paper.title, "name": paper.title}
    if base_url:
        data["url"] = absolute(base_url, paper.url)
    if paper.abstract:
        data["abstract"] = paper.abstract
    if paper.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in paper.authors]
    dated = next((d for d in (paper.date, paper.published) if d and d.year), None)
    if dated:
        data["datePublished"] = dated.iso()
    if paper.tags:
        data["keywords"] = list(paper.tags)
    if paper.doi:
        data["sameAs"] = paper.doi_url
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


SORTS = ("date", "upvotes", "title")  # the index's orders; "date" is the index itself


def sorted_papers(papers: Sequence[Paper], sort: str) -> list[Paper]:
    """The papers in one of the index's orders (`papers` are newest first already)."""
    if sort == "upvotes":  # most upvoted first; papers without a count last; ties by title
        by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
        return sorted(by_title, key=lambda p: -1 if p.upvotes is None else p.upvotes,
                      reverse=True)
    if sort == "title":
        return sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
    return list(papers)


def sort_prefix(sort: str) -> str:
    """Where the listing in one order starts: "" for the index, `sort/<order>/` for others."""
    return "" if sort == "date" else f"sort/{sort}/"


def render_site(renderer: Renderer) -> dict[str, str]:
    """Every page of the site: index pages (newest first, and by upvotes and by title under
    sort/), paper pages, tag pages, tags index, search page, 404, the reading-status pages (when
    the owner wrote notes) and the owner's own pages."""
    library, memo = renderer.library, renderer.memo
    base_url = renderer.config.site.base_url
    per_page = renderer.config.build.items_per_page or max(len(library.papers), 1)
    for sort in SORTS:
        _render_listing(renderer, "index.html", sort_prefix(sort),
                        sorted_papers(library.papers, sort), per_page, sort=sort)
    for paper in library.papers:
        related = [library.paper_by_slug[s] for s in library.related.get(paper.slug, ())]
        entry = library.citations.get(paper.slug, "")
        renderer.render("paper.html", f"papers/{paper.slug}/index.html", paper=paper,
                        related=related,
                        citation=memo.get(paper, "citing", entry, partial(for_citing, entry)),
                        jsonld=memo.get(paper, "jsonld", base_url,
                                          partial(scholarly_article, paper, base_url)))
    renderer.render("tags.html", "tags/index.html")
    for tag in library.tags:
        papers = library.papers_by_tag[tag.slug]
        _render_listing(renderer, "tag.html", f"tags/{tag.slug}/", papers, per_page, tag=tag,
                        tag_chart=year_chart(papers, [tag], "chart-tag",
                                             f"{tag.name}: papers per year", small=True))
    renderer.render("search.html", "search/index.html")
    renderer.render("404.html", "404.html", base_path=base_path(renderer.config.site.base_url))
    if library.noted:
        renderer.render("statuses.html", "status/index.html")
        for status in library.statuses:
            renderer.render("status.html", f"{status.url}index.html", status=status,
                            papers=status.papers)
    check_page_paths(library.pages, [*renderer.pages, "static/", "papers.json", ".nojekyll",
                                     f"{BUNDLE}/"])
    for page in library.pages:
        renderer.render("page.html", page.path, page=page)
    return renderer.pages


def _render_listing(renderer: Renderer, template: str, prefix: str, papers: Sequence[Paper],
                    per_page: int, **context: object) -> None:
    """A list of papers in pages of `per_page`: `prefix`index.html, then `prefix`page/N/."""
    total = max(1, math.ceil(len(papers) / per_page))
    for number in range(1, total + 1):
        path = prefix + ("index.html" if number == 1 else f"page/{number}/index.html")
        renderer.render(template, path, papers=papers[(number - 1) * per_page:number * per_page],
                        pagination=Pagination(number, total, prefix, len(papers)), **context)


@dataclass(frozen=True)
class Pagination:
    """Where one page of a listing is, and links to a window of its pages: the first, the
    last and those near this one, so a page's links do not grow with the list."""

    number: int
    total: int
    prefix: str = ""  # where page 1 of this listing is, from the site root: "" or "sort/title/"
    count: int = 0  # papers in the whole listing
    nearby: int = 2  # pages linked on each side of this one

    def _page(self, number: int) -> str:
        return self.prefix if number == 1 else f"{self.prefix}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self._page(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self._page(self.number + 1) if self.number < self.total else None

    @property
    def links(self) -> list[tuple[int | None, str | None]]:
        """(number, path) of the linked pages in order, with (None, None) where pages are
        skipped."""
        near = range(max(1, self.number - self.nearby),
                     min(self.total, self.number + self.nearby) + 1)
        shown = sorted({1, self.total, *near})
        links: list[tuple[int | None, str | None]] = []
        for before, number in zip([0, *shown], shown, strict=False):
            if number - before == 2:  # one page skipped: link it rather than show a gap
                links.append((before + 1, self._page(before + 1)))
            elif number - before > 2:
                links.append((None, None))
            links.append((number, self._page(number)))
        return links

