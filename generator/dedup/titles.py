"""Titles as citations and tables of contents write them: what is the title, and what it says.

Scrapers glue the end of an author-year reference before a title ("schapire (1990). the
strength of ...") and run on into the venue after it ("... learnability. machine learning 5");
tables of contents add labels ("Tutorial:", "(Demo)", "- Book Review"). These functions find the
title in such text, its part or version numbers (not years, ordinals or pages), the kind of
item its marks name, and whether it names a standing column rather than a paper.
"""

from __future__ import annotations

import re

from ..text import fold
from .venues import FILLER

NOT_PART_NUMBER = re.compile(
    r"\b(?:1[89]|20)\d\d\b"  # a year
    r"|\b\d+(?:st|nd|rd|th)\b"  # an ordinal ("36th annual symposium")
    r"|\b\d+\s*[:(]\s*\d+(?:\s*[-–]+\s*\d+)?\)?"  # volume:pages, volume(issue)
    r"|\b\d+\s*[-–]+\s*\d+\b"  # a page range
    r"|\b(?:pp|pages?|p)\.?\s*\d+(?:\s*[-–]+\s*\d+)?", re.IGNORECASE)
NUMBER = re.compile(r"\d+")
WORD = re.compile(r"[^\W\d_]+")
# a full stop after a word of three letters or more (not an initial or "pp."), with more text
# after it; the first sentence is a head if it has three words or more
SENTENCE_END = re.compile(r"[^\W\d_]{3}\.\s+(?=\S)")
YEAR_TEXT = r"(1[89]\d\d|20\d\d)[a-z]?"
# the end of an author-year reference's name list glued before its title, as parsers of
# "Schapire, R. E. (1990). The strength of weak learnability." leave it: "schapire (1990).",
# "valiant [1987]. 'on the ...'", "(1991) on the ...", "patrice 1993. improving ..."
CITED_PREFIX = re.compile(
    r"^\s*(?:[^\W\d_][\w'’-]*\.?,?\s+){0,3}?"
    rf"(?:\({YEAR_TEXT}\)|\[{YEAR_TEXT}\]|{YEAR_TEXT}\s*\.)\s*[.,:]?\s*['\"‘“]?(?=\w)",
    re.IGNORECASE)
PART = re.compile(r"\b(?:part|vol|volume|chapter|phase|book)\.?\s+([ivx]+)\b|\b([ivx]+)\s*$",
                  re.IGNORECASE)
ITEM_KIND = re.compile(r"\b(demo|demonstration|poster|tutorial|panel|keynote|extended version|"
                       r"erratum|corrigendum|addendum|invited talk)\b",
                       re.IGNORECASE)
# a name marked as its own extension: "DaGAN++", "OPT ++" ("C++" in both titles is alike; a
# single "+" names a thing, as in "B+-trees" and "B+trees")
EXTENSION_MARK = re.compile(r"([^\W_]+)\s?\+\+")
ANNOTATION = re.compile(r"\([^()]*\)|\[[^[\]]*\]")  # innermost: linear on "(((("
LABEL = re.compile(r"^\s*(?:tutorial|panel|demo|demonstration|keynote|invited talk|poster|"
                   r"erratum|corrigendum|addendum)(?:\s*[:\-–]\s*|\s+to\s+)", re.IGNORECASE)
# what a magazine's table of contents appends to a title: "Data Mining - Book Review",
# "Information Visualization, Guest Editors' Foreword"
TRAILING_LABEL = re.compile(r"[-–—,:]\s*(?:book review|(?:guest )?editor'?s'? "
                            r"(?:introduction|foreword)|guest editorial)\s*$", re.IGNORECASE)
CITATION_WORDS = FILLER | frozenset(
    "to appear submitted unpublished manuscript draft preprint technical report tech rep "
    "thesis phd dissertation university dept department pages page journal press version "
    "full extended abstract available electronically at url http www".split())
STOPWORDS = frozenset("a an and are as at by for from in is into of on or the to via with "
                      "without using towards toward we our its this that".split())
GENERIC_TITLES = frozenset(fold(t) for t in (
    "editorial", "introduction", "preface", "foreword", "erratum", "corrigendum", "index",
    "editor's notes", "editors notes", "letter from the editor", "guest editorial",
    "book review", "book reviews", "reviews", "correspondence", "announcements", "obituary",
    "in memoriam", "keynote", "keynote address", "keynote talk", "invited talk", "panel",
    "tutorial", "abstracts", "front matter", "back matter", "contents", "table of contents",
    "news", "calendar", "call for papers", "reminiscences on influential papers",
))

# a short title naming a magazine's standing column (folded, stop words aside): "Chair's
# Message", "Guest Editor's Introduction", "Trade Press News", "Calls for Papers and
# Announcements"
COLUMN_TITLE = re.compile(
    r"(?:\S+ ){0,3}(?:(?:s|editors) (?:message|introduction|foreword|notes|corner|column)"
    r"|press news|announcements|editorial|minutes)")


def main_title(title: str) -> str:
    """The folded title before its colon, or before a full stop that ends its first sentence
    (a scraper ran on into the venue: "the strength of weak learnability. machine learning
    5"); "" when there is neither."""
    colon = title.find(":")
    for found in SENTENCE_END.finditer(title, 0, colon if colon >= 0 else len(title)):
        head = fold(title[:found.start() + 3])
        if len(head.split()) >= 3:
            return head
    return fold(title[:colon]) if colon >= 0 else ""


def cited_title(title: str) -> tuple[str, int | None]:
    """The title without the end of a reference's author list and year glued before it
    ("schapire (1990). the strength of ..."), and that year; the title itself otherwise."""
    found = CITED_PREFIX.match(title)
    if not found or len(title) - found.end() < 12:
        return title, None
    year = next(g for g in found.groups() if g)
    return title[found.end():], int(year)


def _roman(numeral: str) -> str:
    values = {"i": 1, "v": 5, "x": 10}
    total, previous = 0, 0
    for char in reversed(numeral.lower()):
        value = values[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return str(total)


def core_title(title: str) -> str:
    """The folded title without bracketed notes and labels ("Tutorial:", "- Book Review")."""
    return fold(TRAILING_LABEL.sub("", LABEL.sub("", ANNOTATION.sub(" ", title))))


def part_numbers(title: str) -> frozenset[tuple[str, str]]:
    """Part, volume or version numbers: the title's numbers that are not years, ordinals or
    page ranges, and roman numerals after "Part" or at the end; each with the word before it
    (its place in the title: "part 2", "gpt 4"), or "" at the title's start."""
    title = NOT_PART_NUMBER.sub(" ", title)
    found = {(_word_before(title, m.start()), m.group()) for m in NUMBER.finditer(title)}
    for m in PART.finditer(title):
        numeral = 1 if m.group(1) else 2
        found.add((_word_before(title, m.start(numeral)), _roman(m.group(numeral))))
    return frozenset(found)


def _word_before(title: str, position: int) -> str:
    words = WORD.findall(fold(title[:position]))
    return words[-1] if words else ""


def number_places(numbers: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """The numbers of `part_numbers` by their place (the word before them)."""
    found: dict[str, set[str]] = {}
    for place, number in numbers:
        found.setdefault(place, set()).add(number)
    return {place: frozenset(found[place]) for place in found}


def numbers_differ(a: dict[str, frozenset[str]], b: dict[str, frozenset[str]]) -> bool:
    """Whether two titles' part numbers (`number_places`) contradict: different numbers in the
    same place ("Part I" and "Part II"). A number where the other title has none is not a
    contradiction: a PDF parser leaves page numbers and footnote marks inside titles ("weakly 8
    learning dnf")."""
    return any(place in b and b[place] != found for place, found in a.items())


def extension_marks(title: str) -> frozenset[str]:
    """The names a title marks as an extension of an earlier paper ("DaGAN++" gives "dagan"):
    folding drops the marks, and "DaGAN++: Depth-Aware ..." would equal its original."""
    return frozenset(fold(m.group(1)) for m in EXTENSION_MARK.finditer(title))


def item_kind(title: str) -> frozenset[str]:
    """What kind of item the title's own marks say it is besides a paper: "(Demo Abstract)",
    "Tutorial:" (not such words in venue text glued onto the title)."""
    marked = " ".join(ANNOTATION.findall(title) + LABEL.findall(title))
    return frozenset(m.lower().split()[-1] for m in ITEM_KIND.findall(marked))


def generic_title(folded: str, core: str) -> bool:
    """A title (folded, and without its labels) that recurs as a column or a section
    ("editorial", "book reviews", "treasurer s message"); a title whose label names the
    column ("information visualization, guest editors' foreword") is judged by its core."""
    return folded in GENERIC_TITLES or core in GENERIC_TITLES or COLUMN_TITLE.fullmatch(
        " ".join(w for w in core.split() if w not in STOPWORDS)) is not None


def unexplained_words(short: str, long: str, citation_text: set[str]) -> set[str]:
    """The words of `long` (a folded title with `short` found inside it) that are not
    citation text: not in `citation_text` (the records' venues and authors' names), nor
    numbers, initials or words such as "in", "proceedings", "to appear"."""
    known = set(short.split()) | CITATION_WORDS | citation_text
    return {w for w in long.split() if w not in known and len(w) > 1 and not w.isdigit()}
