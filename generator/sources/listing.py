"""Reader of paper listings copied from Hugging Face paper pages (see FORMAT.md in shared/seeds).

A listing is page chrome, then papers: a title line, an abstract line and, in one layout, a
metadata block (author count or organisation, a `·` line, a date with an optional upvote count).
Records may be separated by blank lines or not at all. Anything that fits none of this is
reported with its file and line and skipped; nothing is dropped silently.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from ..errors import Problems
from ..models import PaperDate, Provenance, Record
from ..text import clean_latex, clean_title, find_urls

CHROME = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)
GLUED_CHROME = re.compile(r"^(?:Subscribe|Daily Papers)(?=[A-Z0-9])")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NAMES = "|".join(
    f"{calendar.month_name[n]}|{abbr}\\.?" for n, abbr in enumerate(MONTHS, 1)
) + "|Sept\\.?"
DATE = re.compile(
    r"^(?P<month>" + MONTH_NAMES + r") (?P<day>\d{1,2})"
    r"(?:, (?P<year>\d{4}))?(?: (?P<upvotes>\d+))?$"
)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
AUTHORS = re.compile(r"^•\s*(?P<count>\d+) authors?$")
SEPARATOR = "·"
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
LONGEST_TITLE = 300
SHORTEST_ABSTRACT = 120


@dataclass
class _Line:
    number: int
    text: str
    kind: str  # "text", "authors", "organisation", "separator", "date"


def read_listing(content: str, file: str, problems: Problems) -> list[Record]:
    """Parse one listing file's text into records with provenance; report what cannot be placed."""
    lines = _classify(content, file, problems)
    records = _assemble(lines, file, problems)
    return _with_year_evidence(records)


def _classify(content: str, file: str, problems: Problems) -> list[_Line]:
    # Only real line breaks: str.splitlines() would also split on U+2028, form feeds, etc.
    raw = LINE_BREAK.split(content.lstrip("\ufeff").removesuffix("\n"))
    stripped = [line.strip() for line in raw]
    nonblank = [i for i, s in enumerate(stripped) if s]
    following = {a: b for a, b in zip(nonblank, nonblank[1:], strict=False)}
    out: list[_Line] = []
    for index in nonblank:
        text = stripped[index]
        number = index + 1
        next_is_separator = stripped[following[index]] == SEPARATOR if index in following else False
        if text in CHROME:
            continue
        text = GLUED_CHROME.sub("", text)
        if text == SEPARATOR:
            out.append(_Line(number, text, "separator"))
        elif AUTHORS.match(text):
            out.append(_Line(number, text, "authors"))
        elif DATE.match(text):
            out.append(_Line(number, text, "date"))
        elif text.startswith("•"):
            problems.warn(file, number, f"cannot read this metadata line, skipped: {text[:60]!r}")
        elif next_is_separator:
            out.append(_Line(number, text, "organisation"))
        else:
            out.append(_Line(number, text, "text"))
    return out


def _looks_like_abstract(text: str) -> bool:
    return len(text) >= SHORTEST_ABSTRACT or (text.endswith(".") and text.count(" ") >= 8)


def _assemble(lines: list[_Line], file: str, problems: Problems) -> list[Record]:
    records: list[Record] = []
    title: _Line | None = None
    after_separator = False

    def finish(abstract: str = "") -> None:
        nonlocal title
        assert title is not None
        records.append(_record(title, abstract, file))
        title = None

    for position, line in enumerate(lines):
        if line.kind == "text":
            after_separator = False
            if title is None:
                if len(line.text) > LONGEST_TITLE:
                    problems.warn(
                        file, line.number,
                        "this looks like an abstract with no title line before it; skipped "
                        "(put the paper's title on the line above it)",
                    )
                else:
                    title = line
            elif _looks_like_abstract(line.text) or not _next_text_is_abstract(lines, position):
                finish(line.text)
            else:
                problems.warn(
                    file, title.number,
                    "no abstract follows this title; the paper is kept without one",
                )
                finish()
                title = line
            continue
        if title is not None:
            problems.warn(
                file, title.number, "no abstract follows this title; the paper is kept without one"
            )
            finish()
        if line.kind == "separator":
            after_separator = True
            continue
        if line.kind == "date" and not after_separator:
            if records:
                problems.warn(file, line.number, f"a date with no `·` line before it, skipped: "
                              f"{line.text!r}")
            after_separator = False
            continue  # before any paper: the page's own date, part of the chrome
        if not records:
            problems.warn(file, line.number, f"metadata before any paper, skipped: {line.text!r}")
            continue
        updated = _apply_metadata(records[-1], line, file, problems)
        if updated is not None:
            records[-1] = updated
        after_separator = False
    if title is not None:
        problems.warn(file, title.number, "no abstract follows this title; the paper is kept")
        finish()
    return records


def _next_text_is_abstract(lines: list[_Line], position: int) -> bool:
    for later in lines[position + 1 :]:
        if later.kind == "text":
            return _looks_like_abstract(later.text)
        return False
    return False


def _record(title: _Line, abstract: str, file: str) -> Record:
    cleaned = clean_latex(abstract)
    return Record(
        title=clean_title(clean_latex(title.text).text),
        source=Provenance(file, title.number),
        abstract=cleaned.text,
        emphasis=cleaned.emphasis,
        code_urls=find_urls(cleaned.text),
    )


def _apply_metadata(record: Record, line: _Line, file: str, problems: Problems) -> Record | None:
    if line.kind == "authors":
        match = AUTHORS.match(line.text)
        assert match
        return replace(record, author_count=int(match["count"]))
    if line.kind == "organisation":
        return replace(record, organisation=line.text)
    match = DATE.match(line.text)
    assert match and line.kind == "date"
    month = MONTHS.index(match["month"][:3]) + 1
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else None
    last_day = calendar.monthrange(year, month)[1] if year else DAYS_IN_MONTH[month - 1]
    if not 1 <= day <= last_day:
        problems.warn(file, line.number, f"{line.text!r} is not a valid date; date left out")
        return None
    upvotes = int(match["upvotes"]) if match["upvotes"] else record.upvotes
    return replace(record, date=PaperDate(month=month, day=day, year=year), upvotes=upvotes)


def _with_year_evidence(records: list[Record]) -> list[Record]:
    """Year-less dates are in the page's year, later than every dated paper in the same file."""
    years = [r.date.year for r in records if r.date and r.date.year is not None]
    if not years:
        return records
    earliest = max(years) + 1
    return [
        replace(r, date=replace(r.date, earliest_year=earliest))
        if r.date and r.date.year is None
        else r
        for r in records
    ]
