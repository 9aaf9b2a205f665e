"""Reader of RIS files (Zotero, EndNote, Mendeley, JabRef, publishers), parsed with rispy.

rispy reads a whole file and silently drops a record without `TY` or `ER`, and keeps no line
numbers, so the file is first cut into records at their `TY` lines: each record keeps the line
it starts on, and a malformed one is reported instead of lost.
"""

from __future__ import annotations

import re

import rispy

from ..dedup.identifiers import (
    arxiv_from_doi,
    arxiv_from_text,
    arxiv_from_url,
    doi_from_url,
    normalise_doi,
)
from ..errors import Problems
from ..models import PaperDate, Provenance, Record
from ..text import clean_latex, clean_title, find_urls
from .fields import SEMICOLONS, citation_key, split_keywords, venue_or_none
from .tabular import parse_date

# `TY  - JOUR`; some writers put one space before the dash, or none after it on `ER  -`
TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$")
TITLES = ("title", "primary_title")
VENUES = ("secondary_title", "alternate_title3", "journal_name", "alternate_title2",
          "alternate_title1")
DATES = ("date", "year", "publication_year")


def read_ris(content: str, file: str, problems: Problems) -> list[Record]:
    """One record per `TY` ... `ER` block; a block that cannot be read is reported with its line."""
    records: list[Record] = []
    for line, lines in _blocks(content, file, problems):
        parsed = rispy.loads("\n".join(lines))
        if not parsed:
            problems.warn(file, line, "RIS record cannot be read, skipped (it needs a `TY  - ` "
                          "line first and an `ER  - ` line last)")
            continue
        record = _record(parsed[0], file, line, problems)
        if record is not None:
            records.append(record)
    return records


def _blocks(content: str, file: str, problems: Problems) -> list[tuple[int, list[str]]]:
    """Each record's tag lines (normalised to `XX  - value`) with the 1-based line of its `TY`."""
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] | None = None
    for number, raw in enumerate(content.lstrip("\ufeff").split("\n"), 1):
        text = raw.rstrip("\r")
        match = TAG_LINE.match(text)
        if match is None:
            if current and text.strip():  # a value that goes on over several lines
                current.append(text)
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if current is not None:
                problems.warn(file, blocks[-1][0], "RIS record has no `ER  - ` line; it is read "
                              "up to the next `TY`")
                current.append("ER  - ")
            current = [f"TY  - {value}"]
            blocks.append((number, current))
        elif current is None:
            problems.warn(file, number, f"RIS `{tag}` line outside a record (before its "
                          "`TY  - ` line), skipped")
        elif tag == "ER":
            current.append("ER  - ")
            current = None
        else:
            current.append(f"{tag}  - {value}")
    if current is not None:
        problems.warn(file, blocks[-1][0], "RIS record has no `ER  - ` line; it is read up to "
                      "the end of the file")
        current.append("ER  - ")
    return blocks


def _record(entry: dict, file: str, line: int, problems: Problems) -> Record | None:
    def text(*names: str) -> str:
        return next((_text(entry[n]) for n in names if _text(entry.get(n))), "")

    title = clean_title(clean_latex(text(*TITLES)).text)
    if not title:
        problems.warn(file, line, "RIS record has no title (`TI` or `T1`), skipped")
        return None
    abstract = clean_latex(text("abstract", "notes_abstract"))
    urls = [u.strip() for u in entry.get("urls", []) if u.strip()]
    # JabRef writes the DOI as a URL in M3 ("type of work"), some databases in M1 ("note")
    doi = normalise_doi(text("doi")) or normalise_doi(text("type_of_work")) or normalise_doi(
        text("note")) or next((d for d in map(doi_from_url, urls) if d), None)
    notes = " ".join([*entry.get("notes", []), text("note")])
    record_id = text("id") or None
    return Record(
        title=title,
        source=Provenance(file, line, record_id),
        abstract=abstract.text,
        emphasis=abstract.emphasis,
        date=_best_date([_date(text(name)) for name in DATES]),
        code_urls=find_urls(abstract.text),
        # one author per `AU` line, "Last, First" or "van den Driessche, George": not split
        authors=tuple(a.strip() for name in ("authors", "first_authors")
                      for a in entry.get(name, []) if a.strip()),
        venue=venue_or_none(text(*VENUES)),
        doi=doi,
        arxiv=(next((a for a in map(arxiv_from_url, urls) if a), None) or arxiv_from_doi(doi)
               or arxiv_from_text(notes) or arxiv_from_text(text(*VENUES))),
        url=urls[0] if urls else None,
        keywords=split_keywords(*entry.get("keywords", []), separators=SEMICOLONS),
        citation_key=citation_key(record_id),
    )


def _text(value: object) -> str:
    if isinstance(value, list):
        value = " ".join(str(v) for v in value)
    return " ".join(str(value or "").split())


def _date(text: str) -> PaperDate | None:
    """RIS dates: `2017`, `2017///`, `2017/06/12/`, `2017/06//other info`."""
    return parse_date(text.replace("/", "-"))


def _best_date(dates: list[PaperDate | None]) -> PaperDate | None:
    known = [d for d in dates if d is not None]
    return max(known, key=lambda d: d.completeness) if known else None
