"""The library: everything the pages show (papers in site order, tags, their papers, related
papers, citations, the owner's pages), gathered once before any page is rendered, with the
derived views the templates ask for on many pages computed once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..models import Paper
from ..sources.notes import STATUSES
from ..sources.pages import Page
from ..tags import Tag
from .charts import YearChart, year_chart


@dataclass(frozen=True)
class Library:
    """Everything the pages show, gathered before any page is rendered. Derived views are
    cached: base.html asks for some of them on every one of thousands of pages."""

    papers: tuple[Paper, ...]  # newest first, then by title
    tags: tuple[Tag, ...]
    papers_by_tag: dict[str, tuple[Paper, ...]]
    record_count: int
    pages: tuple[Page, ...] = ()  # the owner's pages, in navigation order
    related: dict[str, tuple[str, ...]] = field(default_factory=dict)  # slug -> related slugs
    citations: dict[str, str] = field(default_factory=dict)  # slug -> BibTeX entry
    source_labels: dict[str, str] = field(default_factory=dict)  # source file -> owner's label

    @cached_property
    def paper_by_slug(self) -> dict[str, Paper]:
        return {p.slug: p for p in self.papers}

    @cached_property
    def tag_by_slug(self) -> dict[str, Tag]:
        return {t.slug: t for t in self.tags}

    @cached_property
    def year_chart(self) -> YearChart | None:
        """Papers per year stacked by the largest tags (the index and the tags page)."""
        return year_chart(self.papers, self.tags, "chart-years", "Papers per year, by tag")

    @cached_property
    def noted(self) -> tuple[Paper, ...]:
        """Papers with a note from the owner, newest first."""
        return tuple(p for p in self.papers if p.has_note)

    @cached_property
    def statuses(self) -> tuple[Status, ...]:
        """Each reading status with its papers, newest first: to read, reading, read."""
        return tuple(Status(s, s.replace(" ", "-"), tuple(p for p in self.papers if p.status == s))
                     for s in STATUSES)

    @cached_property
    def papers_by_rating(self) -> tuple[tuple[int, tuple[Paper, ...]], ...]:
        """(rating, papers) from 5 down to 1, leaving out ratings no paper has."""
        groups = ((r, tuple(p for p in self.papers if p.rating == r)) for r in range(5, 0, -1))
        return tuple((r, papers) for r, papers in groups if papers)


@dataclass(frozen=True)
class Status:
    name: str  # "to read"
    slug: str  # "to-read"
    papers: tuple[Paper, ...]

    @property
    def url(self) -> str:
        return f"status/{self.slug}/"


def newest_first(papers: Sequence[Paper]) -> list[Paper]:
    """Dated papers newest first, then undated ones; ties and undated papers by title."""
    by_title = sorted(papers, key=lambda p: (p.title.casefold(), p.slug))
    return sorted(by_title, key=lambda p: p.date.sort_key if p.date else (0, 0, 0), reverse=True)


def make_library(papers: Sequence[Paper], tags: Sequence[Tag], record_count: int,
                 pages: Sequence[Page] = (),
                 related: dict[str, tuple[str, ...]] | None = None,
                 citations: dict[str, str] | None = None,
                 source_labels: dict[str, str] | None = None) -> Library:
    ordered = tuple(newest_first(papers))
    by_tag: dict[str, list[Paper]] = {t.slug: [] for t in tags}
    for paper in ordered:  # one pass over the papers, not one per tag
        for slug in paper.tags:
            if slug in by_tag:
                by_tag[slug].append(paper)
    return Library(ordered, tuple(tags), {slug: tuple(papers) for slug, papers in by_tag.items()},
                   record_count, tuple(pages), related or {},
                   citations or {}, source_labels or {})
