"""The plain data that flows through the pipeline: records in, papers out.

Stages take and return these frozen dataclasses so the core can be tested without files.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from urllib.parse import quote

from .text import is_code_url


@dataclass(frozen=True, order=True)
class Provenance:
    """Where a record was read: the file (relative to its sources folder) and the 1-based line."""

    file: str
    line: int
    id: str | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class PaperDate:
    """A date as precise as the source gives it: a full date, a year alone, or a month and day.

    Listings omit the year for the page's own year. `earliest_year` is evidence, not a guess:
    dates with a year in the same file are older than the page, so a year-less date is in a
    later year than any of them.
    """

    month: int | None = None
    day: int | None = None
    year: int | None = None
    earliest_year: int | None = None

    @property
    def completeness(self) -> int:
        """Full date 3, year alone 2, month and day without a year 1."""
        if self.year is None:
            return 1
        return 3 if self.month else 2

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or self.earliest_year or 0, self.month or 0, self.day or 0)

    def iso(self) -> str:
        """ISO 8601: `YYYY-MM-DD`, `YYYY`, or `--MM-DD` for a date without a year."""
        if self.year is None:
            return f"--{self.month or 0:02d}-{self.day or 0:02d}"
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def html_datetime(self) -> str:
        """For <time datetime>: HTML writes a date without a year as `MM-DD` (no dashes first)."""
        return self.iso().removeprefix("--")

    def display(self) -> str:
        if self.month is None:
            return str(self.year)
        text = calendar.month_abbr[self.month] + (f" {self.day}" if self.day else "")
        return f"{text}, {self.year}" if self.year is not None else text


@dataclass(frozen=True)
class Record:
    """One paper as one source lists it, with where it came from."""

    title: str
    source: Provenance
    abstract: str = ""
    emphasis: tuple[tuple[int, int], ...] = ()
    date: PaperDate | None = None
    upvotes: int | None = None
    author_count: int | None = None
    organisation: str | None = None
    code_urls: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    url: str | None = None
    keywords: tuple[str, ...] = ()
    # the key the owner cites the paper by (a BibTeX key, a CSL-JSON id), when the source has one
    citation_key: str | None = None
    published: PaperDate | None = None  # first publication (arXiv), from content/metadata.json
    hf_url: str | None = None  # the paper's Hugging Face page, from content/metadata.json


@dataclass(frozen=True)
class Paper:
    """One paper after merging every record that lists it."""

    slug: str
    title: str
    abstract: str
    records: tuple[Record, ...]
    titles: tuple[str, ...]
    emphasis: tuple[tuple[int, int], ...] = ()
    date: PaperDate | None = None
    upvotes: int | None = None
    author_count: int | None = None
    organisation: str | None = None
    code_urls: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    venue: str | None = None
    doi: str | None = None
    arxiv: str | None = None
    links: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    published: PaperDate | None = None
    hf_url: str | None = None
    # the published version's year, when the paper merges it with its arXiv preprint
    venue_year: int | None = None
    tags: tuple[str, ...] = field(default=())
    note_html: str = ""  # the owner's note (content/notes), already sanitised HTML
    status: str | None = None  # "to read", "reading" or "read"
    rating: int | None = None  # 1-5
    date_read: str | None = None  # ISO date YYYY-MM-DD

    @property
    def status_slug(self) -> str | None:
        """The status as a URL name: `to-read`, `reading`, `read`."""
        return self.status.replace(" ", "-") if self.status else None

    @property
    def has_note(self) -> bool:
        return bool(self.note_html or self.status or self.rating or self.date_read)

    @property
    def sources(self) -> tuple[Provenance, ...]:
        return tuple(sorted(r.source for r in self.records))

    @property
    def source_files(self) -> tuple[str, ...]:
        return tuple(sorted({r.source.file for r in self.records}))

    @property
    def other_titles(self) -> tuple[str, ...]:
        return tuple(t for t in self.titles if t != self.title)

    @property
    def url(self) -> str:
        return f"papers/{self.slug}/"

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def doi_url(self) -> str | None:
        """The DOI resolver's address of the paper: real DOIs hold `<`, `>`, `#` or `;` (old
        SICI DOIs such as 10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0), which
        a link must percent-encode."""
        return f"https://doi.org/{quote(self.doi, safe='/():;')}" if self.doi else None

    @property
    def publisher_doi(self) -> str | None:
        """The DOI of the published version: not the one arXiv mints for its preprints."""
        return self.doi if self.doi and not self.doi.lower().startswith("10.48550/") else None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None

    @property
    def dated(self) -> PaperDate | None:
        """The date to cite and show: the listing's, else the first publication's, whichever
        first gives a year."""
        return next((d for d in (self.date, self.published)
                     if d is not None and d.year is not None), None)

    @property
    def year(self) -> int | None:
        dated = self.dated
        return dated.year if dated else None

    @property
    def has_code(self) -> bool:
        """The abstract links to a code host (GitHub, GitLab, ...), not just a project page."""
        return any(is_code_url(u) for u in self.code_urls)
