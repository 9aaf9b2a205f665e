"""Reader of CSL-JSON, as Zotero ("CSL JSON"), Better BibTeX ("Better CSL JSON"), Mendeley and
citeproc tools write it: a JSON array of items.

The standard `json` module keeps no positions, so the array is walked item by item with
`raw_decode`, which gives each item the line it starts on; an item that is not an object or
has no title is reported with that line, and the others are still read.
"""

from __future__ import annotations

import json
from typing import Any

from ..dedup.identifiers import (
    arxiv_from_doi,
    arxiv_from_text,
    arxiv_from_url,
    doi_from_url,
    normalise_doi,
)
from ..errors import Problems
from ..models import PaperDate, Provenance, Record
from ..text import clean_latex, clean_title, find_urls, without_unwanted_characters
from .fields import citation_key, extra_fields, split_keywords, venue_or_none
from .tabular import parse_date

WHITESPACE = " \t\r\n"
NAME_PARTS = ("dropping-particle", "non-dropping-particle", "family")


def read_csl(content: str, file: str, problems: Problems) -> list[Record]:
    """One record per item of the top-level array."""
    records: list[Record] = []
    for line, item in _items(content.lstrip("\ufeff"), file, problems):
        if not isinstance(item, dict):
            problems.warn(file, line, "CSL-JSON item is not an object, skipped")
            continue
        record = _record(item, file, line, problems)
        if record is not None:
            records.append(record)
    return records


def _items(text: str, file: str, problems: Problems) -> list[tuple[int, Any]]:
    """The array's items with the 1-based line each starts on; reading stops at the first
    syntax error, which is reported with its line."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if text[position:position + 1] != "[":
        problems.warn(file, text.count("\n", 0, position) + 1, "not CSL-JSON: the file must be "
                      "a JSON array of items, `[{...}, ...]`; file skipped")
        return []
    items: list[tuple[int, Any]] = []
    line, counted = 1, 0
    position = _skip(text, position + 1)
    while position < len(text) and text[position] != "]":
        line, counted = line + text.count("\n", counted, position), position
        try:
            item, end = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            problems.warn(file, error.lineno, f"not valid JSON ({error.msg}, column "
                          f"{error.colno}); the items from here on are skipped")
            break
        cleaned = without_unwanted_characters(item)
        if cleaned != item:
            problems.warn(file, line, "control or non-characters (written as JSON escapes) "
                          "removed from this item; check its text")
        items.append((line, cleaned))
        position = _skip(text, end)
        if text[position:position + 1] == ",":
            position = _skip(text, position + 1)
        elif text[position:position + 1] != "]":
            problems.warn(file, text.count("\n", 0, position) + 1, "not valid JSON (expected "
                          "`,` or `]` after an item); the items from here on are skipped")
            break
    return items


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in WHITESPACE:
        position += 1
    return position


def _record(item: dict[str, Any], file: str, line: int, problems: Problems) -> Record | None:
    def text(name: str) -> str:
        value = item.get(name)
        if isinstance(value, list):  # container-title and keyword are lists in some writers
            value = ", ".join(str(v) for v in value)
        return " ".join(str(value).split()) if value is not None else ""

    title = clean_title(clean_latex(text("title")).text)
    if not title:
        problems.warn(file, line, "CSL-JSON item has no `title`, skipped")
        return None
    abstract = clean_latex(text("abstract"))
    url = text("URL") or None
    note = str(item.get("note") or "")  # Zotero puts its Extra field here
    extra = extra_fields(note)
    doi = normalise_doi(text("DOI")) or normalise_doi(extra.get("doi")) or doi_from_url(url)
    item_id = text("id") or None
    return Record(
        title=title,
        source=Provenance(file, line, item_id),
        abstract=abstract.text,
        emphasis=abstract.emphasis,
        date=_date(item.get("issued")),
        code_urls=find_urls(abstract.text),
        authors=tuple(n for n in map(_name, item.get("author") or []) if n),
        venue=venue_or_none(text("container-title") or text("event-title")),
        doi=doi,
        arxiv=(arxiv_from_text(text("number")) or arxiv_from_text(note)
               or arxiv_from_url(url) or arxiv_from_doi(doi)),
        url=url,
        keywords=split_keywords(text("keyword")),
        citation_key=citation_key(text("citation-key") or extra.get("citation key") or item_id),
    )


def _name(name: Any) -> str:
    """`Family, Given` (particles kept with the family name), or a literal name as it is."""
    if isinstance(name, str):
        return name.strip()
    if not isinstance(name, dict):
        return ""
    if name.get("literal"):
        return str(name["literal"]).strip()
    family = " ".join(str(name[p]).strip() for p in NAME_PARTS if name.get(p))
    given = str(name.get("given") or "").strip()
    return f"{family}, {given}" if family and given else family or given


def _date(issued: Any) -> PaperDate | None:
    """`{"date-parts": [[2017, 6, 12]]}` (numbers or strings), else `{"raw": "2017-06-12"}`."""
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        try:
            numbers = [int(str(p)) for p in parts[0][:3]]
        except ValueError:
            numbers = []
        if numbers:
            return parse_date("-".join(f"{n:02d}" for n in numbers))
    return parse_date(str(issued.get("raw") or issued.get("literal") or ""))
