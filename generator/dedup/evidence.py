"""How alike two records are, field by field, and what that proves.

Identifiers decide when both records have one (the same DOI or arXiv id is one paper, different
ones are different papers). Otherwise a title match must be confirmed: by the abstract when both
have one, by shared authors, or by a title long and specific enough to stand alone. Strong
contradictions (very different abstracts, years more than one apart, no shared author, a different
part or version number in the title) prove two papers different whatever their titles.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rapidfuzz import fuzz

from ..config import DedupSettings
from ..models import Record
from ..text import fold
from .authors import surnames
from .identifiers import paper_identifiers

MIN_ABSTRACT_WORDS = 15
ASCII_FOLD = bytes(b if chr(b).isalnum() else 32 for b in range(256))  # what `fold` keeps
RETITLED_ABSTRACT = 95.0  # a near-identical abstract survives a rewritten title ...
RETITLED_TITLE_FLOOR = 50.0  # ... but not a wholly different one
AUTHOR_AGREEMENT = 0.5  # share of the shorter author list found in the other
NUMBER = re.compile(r"\d+")
ROMAN = re.compile(r"(?<![\w-])(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})(?![\w-])")  # not V-Net, X-Ray
ANNOTATION = re.compile(r"\([^)]*\)|\[[^\]]*\]")
LABEL = re.compile(r"^\s*(?:tutorial|panel|demo|demonstration|keynote|invited talk|poster)\s*:\s*",
                   re.IGNORECASE)
JOURNAL_WORDS = frozenset("journal transactions trans record letters magazine review j".split())
PREPRINT_WORDS = frozenset("arxiv corr preprint biorxiv ssrn".split())
GENERIC_TITLES = frozenset(fold(t) for t in (
    "editorial", "introduction", "preface", "foreword", "erratum", "corrigendum", "index",
    "editor's notes", "editors notes", "letter from the editor", "guest editorial",
    "book review", "reviews", "correspondence", "announcements", "obituary", "in memoriam",
    "keynote", "keynote address", "keynote talk", "invited talk", "panel", "tutorial",
    "abstracts", "front matter", "back matter", "contents",
))


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
        """`recurring`: the same title and venue stand more than once in the record's own
        source, as a recurring column ("Editor's Notes") does; such a title identifies nothing
        alone."""
        title = record.title
        self.record = record
        self.recurring = recurring
        self.title = fold(title)
        self.main_title = fold(title.split(":", 1)[0]) if ":" in title else ""  # before the colon
        self.doi, self.arxiv = (paper_identifiers(record.doi, record.arxiv)
                                if record.doi or record.arxiv else (None, None))

    @cached
    def core_title(self) -> str:
        """The title without bracketed notes and labels such as "Tutorial:", if that differs."""
        core = fold(LABEL.sub("", ANNOTATION.sub(" ", self.record.title)))
        return core if core != self.title else ""

    @cached
    def numbers(self) -> tuple[str, ...]:
        title = self.record.title
        return tuple(sorted(NUMBER.findall(title) + ROMAN.findall(title.upper())))

    @cached
    def abstract(self) -> array:
        """The folded abstract's words, as hashes, compared word by word (folding drops a
        truncation mark such as "..." with the rest of the punctuation)."""
        return folded_words(self.record.abstract)

    @cached
    def year(self) -> int | None:
        return self.record.date.year if self.record.date else None

    @cached
    def title_words(self) -> int:
        return len(self.title.split())

    @cached
    def authors(self) -> frozenset[str]:
        return surnames(self.record.authors)

    @cached
    def venue_kind(self) -> str | None:
        return venue_kind(self.record.venue)

    @cached
    def generic(self) -> bool:
        return self.title in GENERIC_TITLES or (self.core_title or self.title) in GENERIC_TITLES

    @property
    def file(self) -> str:
        return self.record.source.file


def venue_kind(venue: str | None) -> str | None:
    """`journal`, `preprint` or `conference`: a conference paper and its journal extension are
    two papers, while a preprint may be either's early version."""
    if not venue:
        return None
    words = set(fold(venue).split())
    if words & PREPRINT_WORDS:
        return "preprint"
    return "journal" if words & JOURNAL_WORDS else "conference"


@dataclass(frozen=True)
class Evidence:
    """The scores of one pair, and the verdict: `same`, `different`, or neither (undecided)."""

    title: float
    abstract: float | None
    authors: float | None
    identifier: bool | None  # True: an id is shared; False: ids conflict; None: nothing to compare
    same: bool
    different: bool
    reason: str

    @property
    def score(self) -> float:
        """One figure for ordering merges and near misses: the mean of the known similarities."""
        known = [self.title] + [s for s in (self.abstract,) if s is not None]
        if self.authors is not None:
            known.append(100 * self.authors)
        return sum(known) / len(known)


def title_similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Folded-title ratio, also allowing one title to have dropped the other's subtitle."""
    if a.title == b.title:
        return 100.0
    if a.main_title == b.title or b.main_title == a.title:
        return 100.0  # "DASS" and "DASS: Differentiable Architecture Search ..."
    best = fuzz.ratio(a.title, b.title)
    a_core, b_core = a.core_title or a.title, b.core_title or b.title
    pairs = [(a_core, b_core)]
    if len(a.main_title.split()) >= 3:  # a long head: allow it to differ a little
        pairs.append((a.main_title, b.title))
    if len(b.main_title.split()) >= 3:
        pairs.append((a.title, b.main_title))
    return max(best, *(fuzz.ratio(left, right) for left, right in pairs))


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


def abstract_similarity(first: Fingerprint, second: Fingerprint) -> float | None:
    """Word-level ratio of two abstracts; a truncated abstract counts as its full version."""
    if first.record.abstract == second.record.abstract:  # one listing copied: fold it once
        return 100.0 if len(first.abstract) >= MIN_ABSTRACT_WORDS else None
    a, b = first.abstract, second.abstract
    if len(a) < MIN_ABSTRACT_WORDS or len(b) < MIN_ABSTRACT_WORDS:
        return None
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    whole = fuzz.ratio(short, long)
    if len(short) == len(long):
        return whole
    return max(whole, fuzz.ratio(short, long[: len(short)]))


def author_agreement(a: frozenset[str], b: frozenset[str]) -> float | None:
    if not a or not b:
        return None
    return len(a & b) / min(len(a), len(b))


def identifier_agreement(a: Fingerprint, b: Fingerprint) -> bool | None:
    shared = conflicting = False
    for left, right in ((a.doi, b.doi), (a.arxiv, b.arxiv)):
        if left and right:
            shared |= left == right
            conflicting |= left != right
    if shared:
        return True
    return False if conflicting else None


def compare(a: Fingerprint, b: Fingerprint, settings: DedupSettings) -> Evidence:
    identifier = identifier_agreement(a, b)
    title = title_similarity(a, b)
    if identifier is not None:
        verdict = "same identifier" if identifier else "different identifiers"
        return Evidence(title, None, None, identifier, identifier, not identifier, verdict)
    if title < RETITLED_TITLE_FLOOR:
        return Evidence(title, None, None, None, False, False, "titles unalike")
    abstract = abstract_similarity(a, b)
    authors = author_agreement(a.authors, b.authors)
    if a.file == b.file and (abstract is None or abstract < settings.abstract_threshold):
        # One source lists them separately: only an id or the abstract can say it erred.
        return Evidence(title, abstract, authors, None, False, True,
                        "listed separately in the same source")
    contradiction = _contradiction(a, b, abstract, authors, settings)
    if contradiction:
        return Evidence(title, abstract, authors, None, False, True, contradiction)
    same, reason = _confirmation(a, b, title, abstract, authors, settings)
    return Evidence(title, abstract, authors, None, same, False, reason)


def _contradiction(a: Fingerprint, b: Fingerprint, abstract: float | None,
                   authors: float | None, settings: DedupSettings) -> str:
    if abstract is not None and abstract < settings.abstract_veto:
        return "abstracts differ"
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return "years more than one apart"
    if authors == 0:
        return "no author in common"
    if a.numbers != b.numbers:
        return "different numbers in the titles (part, version or edition)"
    kinds = {a.venue_kind, b.venue_kind} - {None, "preprint"}
    if len(kinds) > 1:
        return "a conference paper and a journal article"
    return ""


def _confirmation(a: Fingerprint, b: Fingerprint, title: float, abstract: float | None,
                  authors: float | None, settings: DedupSettings) -> tuple[bool, str]:
    if abstract is not None:
        if title >= settings.title_threshold and abstract >= settings.abstract_threshold:
            return True, "titles and abstracts agree"
        if abstract >= RETITLED_ABSTRACT:
            return True, "abstracts agree, title revised"
        return False, "abstracts too different to confirm"
    if a.recurring or b.recurring:
        return False, "recurring title needs an identifier or an abstract"
    authors_agree = authors is not None and authors >= AUTHOR_AGREEMENT
    same_year = a.year is not None and a.year == b.year
    if a.generic or b.generic:
        if title >= settings.title_only_threshold and authors_agree and same_year:
            return True, "generic title, but authors and year agree"
        return False, "generic title needs authors and year, an identifier or an abstract"
    if title >= settings.title_threshold and authors_agree:
        return True, "titles and authors agree"
    if authors_agree and same_year and min(a.title_words, b.title_words) >= 3 and (
        fuzz.token_set_ratio(a.core_title or a.title, b.core_title or b.title)
        >= settings.title_threshold
    ):
        return True, "one title contains the other; authors and year agree"
    short = min(a.title_words, b.title_words) < settings.min_title_words
    if title >= settings.title_only_threshold and not short:
        return True, "titles agree"
    if short:
        return False, "short title needs more evidence"
    return False, "titles not close enough without more evidence"
