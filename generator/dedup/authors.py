"""Author lists as reference managers and citation scrapers write them, compared as people.

A list arrives as `A and B` (BibTeX), `A; B`, `A, B, and C` (a reference list) or `Last, First`
pairs; a name as "John Smith", "Smith, John", "J. Smith" or "smith, j.", sometimes with first and
last swapped. Names are parsed with `nameparser`; a person is compared by folded family name and
first initial, and a pair of people also matches when one list swapped given and family names.
Placeholders ("et al.", "and others", "Anonymous", "[no author]") are not people: a list of
nothing else is unknown, not a disagreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import fold

AND = re.compile(r"\s*,?\s+and\s+|\s*;\s*|\s*,?\s*&\s*", re.IGNORECASE)
ET_AL = re.compile(r",?\s*\b(?:et\.?\s*al\.?|and\s+others|others)\s*$", re.IGNORECASE)
LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)  # "Jones, K.; and Lee, B."
GLUED_INITIALS = re.compile(r"\b([^\W\d_])\.(?=[^\W\d_])")  # "r.l." for "r. l.", "y.mansour"
SPELT_OUT_DOT = re.compile(r"\b([^\W\d_]{2,})\.")  # "ronald. l. rivest": a stray full stop
SUFFIXES = frozenset("jr sr ii iii iv".split())
PLACEHOLDERS = frozenset(fold(p) for p in (
    "et al", "others", "and others", "anonymous", "anon", "unknown", "n a", "na", "none",
    "no author", "author", "authors", "various", "various authors", "staff", "editor", "editors",
))


def split_authors(text: str | None) -> tuple[str, ...]:
    """The names in one author field, in order: `A and B`, `A; B`, `A, B, and C`, or
    `Last, First and Last, First`; "et al." and placeholders dropped. What is left of a name
    whose family name a citation parser cut off ("Freund, Y., R.") stays, as a name of its
    own, for the page to show; it denotes nobody (`person`)."""
    if not text or not text.strip():
        return ()
    text = ET_AL.sub("", text.strip())
    parts = AND.split(text) if AND.search(text) else [text]
    names: list[str] = []
    for part in parts:
        names.extend(_split_commas(LEADING_AND.sub("", part.strip().strip(","))))
    return tuple(n for n in names if n and fold(n) not in PLACEHOLDERS)


def _initials(piece: str) -> bool:
    """"R.", "r.e", "M. J.": initials only, no family name."""
    return all(len(w) == 1 for w in fold(GLUED_INITIALS.sub(r"\1. ", piece)).split())


def _has_initial(name: str) -> bool:
    return any(len(w) == 1 for w in fold(GLUED_INITIALS.sub(r"\1. ", name)).split())


def _words(name: str) -> int:
    return len(GLUED_INITIALS.sub(r"\1. ", name).split())


def _split_commas(part: str) -> list[str]:
    """`Smith, John` is one person; `J. Smith, K. Jones` (whole names between the commas) is
    two; so are `Smith, J., K. Jones` (the first name inverted, as Chicago and APA write it)
    and `Smith, John, Jones, Kate`; a suffix such as `Jr.` stays with the name before it."""
    pieces = [p.strip() for p in part.split(",") if p.strip()]
    if len(pieces) <= 1:
        return pieces
    names: list[str] = []
    for piece in pieces:
        if names and fold(piece) in SUFFIXES:
            names[-1] = f"{names[-1]}, {piece}"
        elif _initials(piece) and names and "," not in names[-1] and not _has_initial(
                names[-1]):
            names[-1] = f"{names[-1]}, {piece}"  # "Smith, J.", "van der Berg, J."
        else:
            names.append(piece)  # a lone initial after a whole name: a name cut short
    if all(_words(n) >= 2 or "," in n or _initials(n) for n in names):
        return names  # "p. auer, n. cesa-bianchi, y. freund", "schapire, r., y. freund"
    if len(names) % 2 == 0 and all(len(n.split()) <= 3 for n in names):
        # "Smith, John, Jones, Kate": Last, First pairs
        return [f"{names[n]}, {names[n + 1]}" for n in range(0, len(names), 2)]
    return [part]


@dataclass(frozen=True)
class Person:
    """A name as evidence: the folded family name and the folded given names' initials."""

    family: str
    initials: str
    given: str  # the folded first given name, for a swapped name

    def matches(self, other: Person) -> bool:
        if self.family == other.family or _misspelt(self.family, other.family):
            if not self.initials or not other.initials or self.initials[0] == other.initials[0]:
                return True
            # "E. Schapire" for "Robert E. Schapire": a citation kept the middle initial only
            short, long = sorted((self.initials, other.initials), key=len)
            return len(short) == 1 < len(long) and short in long[1:]
        # "Kaiming He" written "He Kaiming", "blum a." for "Avrim Blum": names swapped
        return self._swapped(other) or other._swapped(self)

    def _swapped(self, other: Person) -> bool:
        if not self.given or self.given != other.family:
            return False
        if len(self.family) == 1:  # an initial where the family name should be
            return other.initials[:1] == self.family
        return other.given == self.family


def _misspelt(a: str, b: str) -> bool:
    """"Kerns" for "Kearns", "Druker" for "Drucker", "Rosneblatt" for "Rosenblatt": one slip
    in a long family name."""
    from rapidfuzz.distance import OSA

    # one letter changed, added, dropped, or two swapped ("Rosneblatt")
    return min(len(a), len(b)) >= 5 and OSA.distance(a, b, score_cutoff=1) <= 1


@lru_cache(maxsize=65536)
def person(name: str) -> Person | None:
    """The person a name denotes, or None for a placeholder, a name with no letters, or
    initials alone ("R.", "M. J.": what a citation parser left of a name it cut short)."""
    from nameparser import HumanName  # imported by the stage that compares authors

    if fold(name) in PLACEHOLDERS or _initials(name):
        return None
    parsed = HumanName(SPELT_OUT_DOT.sub(r"\1", GLUED_INITIALS.sub(r"\1. ", name)))
    family = fold(parsed.last).replace(" ", "")
    given_words = fold(f"{parsed.first} {parsed.middle}").split()
    if not family:
        if not given_words:
            return None
        family, given_words = given_words[-1], given_words[:-1]
    if len(family) == 1 and given_words and len(given_words[0]) > 1 and all(
            len(w) == 1 for w in given_words[1:]):
        # "kearns m. j.": the family name first, then the initials
        family, given_words = given_words[0], [*given_words[1:], family]
    return Person(family, "".join(w[0] for w in given_words), given_words[0] if given_words
                  else "")


def people(authors: tuple[str, ...]) -> tuple[Person, ...]:
    return tuple(p for p in map(person, authors) if p is not None)


def author_agreement(a: tuple[Person, ...], b: tuple[Person, ...]) -> float | None:
    """The share of the shorter list's people found in the other list (a truncated list is
    judged by what it names); None when either list names nobody."""
    if not a or not b:
        return None
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    found = sum(1 for p in short if any(p.matches(q) for q in long))
    return found / len(short)


def kin(a: tuple[Person, ...], b: tuple[Person, ...]) -> bool:
    """Whether the lists share a long family name under different initials ("Freund, V." and
    "Y. Freund"): a slip in an initial, or a relative. Not agreement, but no proof of two
    author lists either; short family names ("Wang", "Li") are shared too often to count."""
    return any(len(p.family) >= 5 and (p.family == q.family or _misspelt(p.family, q.family))
               for p in a for q in b)


def surnames(authors: tuple[str, ...]) -> frozenset[str]:
    """Folded family names, for the review report and the lookup."""
    return frozenset(p.family for p in people(authors))
