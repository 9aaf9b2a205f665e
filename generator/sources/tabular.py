"""Reader of CSV exports from reference managers: columns found by header name."""

from __future__ import annotations

import csv
import html
import io
import re

from ..dedup.authors import split_authors
from ..dedup.identifiers import (
    arxiv_from_doi,
    arxiv_from_text,
    arxiv_from_url,
    doi_from_url,
    normalise_arxiv,
    normalise_doi,
)
from ..errors import Problems
from ..models import PaperDate, Provenance, Record
from ..text import clean_latex, clean_title, find_urls
from .fields import (
    KEYWORD_SEPARATORS,
    SEMICOLONS,
    citation_key,
    extra_fields,
    merge_keywords,
    split_keywords,
    venue_or_none,
)

# Header names as Zotero ("Abstract Note", "Publication Year", "Extra", ...), JabRef's
# OpenOffice CSV ("Identifier", "Note", ...) and hand-made sheets write them; first found wins.
COLUMNS = {
    "title": ("title",),
    "abstract": ("abstract", "abstract note"),
    "authors": ("authors", "author"),
    "date": ("date", "issued"),
    "year": ("year", "publication year"),
    "venue": ("venue", "journal", "booktitle", "publication title", "publication",
              "proceedings title", "conference name"),
    "doi": ("doi",),
    "arxiv": ("arxiv", "arxiv id", "eprint"),
    "url": ("url", "link"),
    "extra": ("extra", "note"),
    "number": ("number", "archive id"),  # Zotero keeps a preprint's `arXiv:2106.01234` there
    "id": ("id", "key", "identifier", "citation key"),
    "citation key": ("citation key", "bibtex key", "citekey", "identifier"),
}
FIELD_LIMIT = 16 * 2**20  # characters in one field; longer abstracts are cut later anyway
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
# every one of these is read; Zotero separates tags with "; " and a tag may hold a comma
TAG_COLUMNS = {"tags": None, "keywords": None, "author keywords": None,
               "manual tags": SEMICOLONS, "automatic tags": SEMICOLONS}
# JabRef's OpenOffice CSV writes the abstract and keywords in Custom1 and Custom3
JABREF_HEADER = {"bibliographytype", "identifier", "custom1", "custom3"}
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def read_csv(content: str, file: str, problems: Problems) -> list[Record]:
    """One record per row; a row without a title is reported with its line and skipped."""
    # StringIO(newline="") splits only at real line breaks, not at U+2028 inside a cell
    # strict: a stray quote is an error to report, not a field that swallows the next rows
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        problems.warn(file, None, "empty CSV file, skipped")
        return []
    except csv.Error as error:
        problems.warn(file, 1, f"the header row cannot be read as CSV ({error}); file skipped")
        return []
    columns = _columns(header)
    if "title" not in columns:
        problems.warn(file, 1, "no `title` column in the header, file skipped (columns are "
                      "found by name: title, abstract, authors, year, venue, doi, arxiv, ...)")
        return []
    records: list[Record] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.warn(file, start, _unreadable(error, start, reader.line_num))
            start = reader.line_num + 1
            continue
        if any(cell.strip() for cell in row):
            record = _record(row, columns, file, start, problems)
            if record is not None:
                records.append(record)
        start = reader.line_num + 1
    return records


def _unreadable(error: csv.Error, start: int, end: int) -> str:
    lines = f"line {start}" if end <= start else f"lines {start}-{end}"
    if "field limit" in str(error):
        return (f"a field on {lines} is longer than {FIELD_LIMIT:,} characters; the row is "
                "skipped")
    return (f"{lines} cannot be read as CSV ({error}): a quote is probably unbalanced; check the "
            f"quotes from line {start}; these lines are skipped")


def _columns(header: list[str]) -> dict[str, int]:
    names = [h.strip().lower() for h in header]
    found: dict[str, int] = {}
    for field, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in names:
                found[field] = names.index(alias)
                break
    if set(names) >= JABREF_HEADER:
        found.setdefault("abstract", names.index("custom1"))
        found["keywords"] = names.index("custom3")
    for name in TAG_COLUMNS:
        if name in names:
            found[name] = names.index(name)
    return found


def _record(row: list[str], columns: dict[str, int], file: str, line: int,
            problems: Problems) -> Record | None:
    def cell(name: str) -> str:
        index = columns.get(name)
        if index is None or index >= len(row):
            return ""
        return html.unescape(row[index]).replace("\r\n", "\n").strip()

    title = clean_title(clean_latex(cell("title")).text)
    if not title:
        problems.warn(file, line, "row has no title, skipped")
        return None
    abstract = clean_latex(cell("abstract"))
    url = cell("url") or None
    extra = extra_fields(cell("extra"))
    doi = normalise_doi(cell("doi")) or normalise_doi(extra.get("doi")) or doi_from_url(url)
    arxiv = (normalise_arxiv(cell("arxiv")) or arxiv_from_text(cell("number"))
             or arxiv_from_text(cell("extra")) or arxiv_from_text(cell("venue"))
             or arxiv_from_url(url) or arxiv_from_doi(doi))
    tags = [split_keywords(cell(name), separators=TAG_COLUMNS[name] or KEYWORD_SEPARATORS)
            for name in TAG_COLUMNS if name in columns]
    return Record(
        title=title,
        source=Provenance(file, line, cell("id") or None),
        abstract=abstract.text,
        emphasis=abstract.emphasis,
        date=parse_date(cell("date")) or parse_date(cell("year")),
        code_urls=find_urls(abstract.text),
        authors=split_authors(cell("authors")),
        venue=venue_or_none(cell("venue")),
        doi=doi,
        arxiv=arxiv,
        url=url,
        keywords=merge_keywords(*tags),
        citation_key=citation_key(cell("citation key") or extra.get("citation key")),
    )


def parse_date(text: str) -> PaperDate | None:
    """`2021`, `2021-05` or `2021-05-03` (anything after is ignored); None otherwise."""
    match = ISO_DATE.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        month = day = None
    return PaperDate(month=month, day=day if month else None, year=year)
