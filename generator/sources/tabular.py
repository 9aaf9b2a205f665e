"""Reader of CSV exports from reference managers: columns found by header name."""

from __future__ import annotations

import csv
import html
import io
import re

from ..dedup.authors import split_authors
from ..dedup.identifiers import arxiv_from_url, doi_from_url, normalise_arxiv, normalise_doi
from ..errors import Problems
from ..models import PaperDate, Provenance, Record
from ..text import clean_latex, clean_title, find_urls

COLUMNS = {
    "title": ("title",),
    "abstract": ("abstract",),
    "authors": ("authors", "author"),
    "year": ("year", "date", "publication year"),
    "venue": ("venue", "journal", "booktitle", "publication title", "publication"),
    "doi": ("doi",),
    "arxiv": ("arxiv", "arxiv id", "eprint"),
    "url": ("url", "link"),
    "tags": ("tags", "keywords", "manual tags"),
    "id": ("id", "key", "citation key"),
}
FIELD_LIMIT = 16 * 2**20  # characters in one field; longer abstracts are cut later anyway
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
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
    return Record(
        title=title,
        source=Provenance(file, line, cell("id") or None),
        abstract=abstract.text,
        emphasis=abstract.emphasis,
        date=parse_date(cell("year")),
        code_urls=find_urls(abstract.text),
        authors=split_authors(cell("authors")),
        venue=cell("venue") or None,
        doi=normalise_doi(cell("doi")) or doi_from_url(url),
        arxiv=normalise_arxiv(cell("arxiv")) or arxiv_from_url(url),
        url=url,
        keywords=tuple(k.strip() for k in re.split(r"[;,]", cell("tags")) if k.strip()),
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
