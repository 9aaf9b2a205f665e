"""A record's folded forms, made once and kept, that blocking and the evidence compare."""

from __future__ import annotations

import zlib
from array import array
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from ..models import Record
from ..text import fold
from .authors import Person, people
from .identifiers import paper_identifiers
from .titles import (
    STOPWORDS,
    cited_title,
    core_title,
    extension_marks,
    generic_title,
    item_kind,
    main_title,
    number_places,
    part_numbers,
)
from .venues import conference, venue_kind, venue_name
from .versions import record_version

MIN_ABSTRACT_WORDS = 15  # shorter abstracts name nothing
ASCII_FOLD = bytes(b if chr(b).isalnum() else 32 for b in range(256))  # what `fold` keeps
T = TypeVar("T")


class cached(Generic[T]):  # noqa: N801 (a decorator, named like `functools.cached_property`)
    """`functools.cached_property` without its lock: on Python 3.11 that lock, shared by every
    instance, costs more than most of the values it guards (gone in Python 3.12)."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.make(instance)
        return value


class Fingerprint:
    """The folded forms of a record that evidence is computed from, each made on first use and
    kept: blocking needs only the title, the identifiers and the abstract's opening, and most
    records of a large list are never compared with any other."""

    def __init__(self, record: Record, recurring: bool = False) -> None:
        """`recurring`: the title recurs in the record's source year after year, as a
        column's name does ("Treasurer's Message"); such a title identifies nothing alone."""
        title, self.cited_year = cited_title(record.title)
        self.title_text = title
        self.record = record
        self.recurring = recurring
        self.title = fold(title)
        self.main_title = main_title(title)
        self.doi, self.arxiv = (paper_identifiers(record.doi, record.arxiv)
                                if record.doi or record.arxiv else (None, None))

    @cached
    def packed(self) -> str:
        """The folded title without spaces: broken hyphenation and spacing do not count."""
        return self.title.replace(" ", "")

    @cached
    def core_title(self) -> str:
        """The title without bracketed notes and labels such as "Tutorial:" or "- Book Review",
        if that differs."""
        core = core_title(self.title_text)
        return core if core != self.title else ""

    @cached
    def numbers(self) -> dict[str, frozenset[str]]:
        """Part, volume or version numbers (not years, ordinals or page ranges; roman numerals
        after "Part" or at the end) by their place: the word before them."""
        return number_places(part_numbers(self.title_text))

    @cached
    def item_kind(self) -> frozenset[str]:
        """What kind of item the title's own marks say it is besides a paper: "(Demo
        Abstract)", "Tutorial:" (not such words in venue text glued onto the title)."""
        return item_kind(self.title_text)

    @cached
    def extensions(self) -> frozenset[str]:
        """Names the title marks as extended ("DaGAN++"): another paper than the unmarked one."""
        return extension_marks(self.title_text) if "+" in self.title_text else frozenset()

    @cached
    def abstract(self) -> array:
        """The folded abstract's words, as hashes, compared word by word (folding drops a
        truncation mark such as "..." with the rest of the punctuation)."""
        return folded_words(self.record.abstract)

    @cached
    def year(self) -> int | None:
        return self.record.date.year if self.record.date else self.cited_year

    @cached
    def words(self) -> tuple[str, ...]:
        """The title's folded words that carry meaning (no stop words), for their rarity."""
        return tuple(w for w in self.title.split() if w not in STOPWORDS)

    @cached
    def generic(self) -> bool:
        """A title that recurs as a column or a section ("Editorial", "Book reviews",
        "Treasurer's Message", "Trade Press News")."""
        return generic_title(self.title, self.core_title or self.title)

    @cached
    def people(self) -> tuple[Person, ...]:
        return people(self.record.authors)

    @cached
    def venue_kind(self) -> str | None:
        return venue_kind(self.record.venue)

    @cached
    def conference(self) -> str | None:
        return conference(self.record.venue)

    @cached
    def venue_name(self) -> str:
        return venue_name(self.record.venue)

    @cached
    def version(self) -> str | None:
        """The version the record lists: "preprint", "published" or None (`versions.py`)."""
        return record_version(self.record)

    @property
    def file(self) -> str:
        return self.record.source.file


def words(text: str) -> array:
    """Stable word hashes (CRC-32, the same in every run): a word-level comparison is as telling
    for abstracts as a character-level one, several times faster, in a fraction of the memory."""
    return array("I", map(zlib.crc32, text.encode("utf-8").split()))


def folded_words(text: str) -> array:
    """`words(fold(text))`, with ASCII text folded as bytes in one pass (most abstracts are)."""
    if text.isascii():
        folded = text.encode("ascii").lower().translate(ASCII_FOLD)
        return array("I", map(zlib.crc32, folded.split()))
    return words(fold(text))
