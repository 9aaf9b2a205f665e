"""The plain data that flows through the pipeline: records in, papers out.

Stages take and return these frozen dataclasses so the core can be tested without files.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field


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
    """A listing date. The year may be missing: listings omit it for the page's own year.

    `earliest_year` is evidence, not a guess: dates with a year in the same file are older than
    the page, so a year-less date is in a later year than any of them.
    """

    month: int
    day: int
    year: int | None = None
    earliest_year: int | None = None

    @property
    def completeness(self) -> int:
        return 2 if self.year is not None else 1

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year or self.earliest_year or 0, self.month, self.day)

    def iso(self) -> str:
        """ISO 8601; a date without a year uses the standard `--MM-DD` form."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def display(self) -> str:
        text = f"{calendar.month_abbr[self.month]} {self.day}"
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
    tags: tuple[str, ...] = field(default=())

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
