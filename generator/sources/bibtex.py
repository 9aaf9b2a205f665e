"""Reader of BibTeX and biblatex files, with bibtexparser; LaTeX accents and braces decoded.

Fields as Better BibTeX, JabRef, Mendeley and Google Scholar write them: biblatex
`journaltitle`, `date` and `eprint` with `eprinttype`, BibTeX `journal`, `year`, `month` and
`eprint` with `archivePrefix`, Mendeley's `arxivId` and `mendeley-tags`, and arXiv ids mentioned
in `journal`, `note` or `howpublished` (`arXiv preprint arXiv:1412.6980`).
"""

from __future__ import annotations

import logging
import re

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, Field, MiddlewareErrorBlock

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
from .fields import citation_key, split_keywords, venue_or_none
from .tabular import parse_date

logging.getLogger("bibtexparser").setLevel(logging.ERROR)
DECODER = LatexDecodingMiddleware(allow_inplace_modification=False)
LIBRARY = bibtexparser.Library()
VENUES = ("journaltitle", "journal", "booktitle", "eventtitle")
ARXIV_MENTIONS = ("journal", "journaltitle", "note", "howpublished", "pubstate", "annote")
# fields whose text is prose, decoded from LaTeX when it holds any
PROSE = {"title", "author", "abstract", "keywords", "mendeley-tags", *VENUES, *ARXIV_MENTIONS}
LATEX = re.compile(r"[\\{}$~]|--|``|''")
BARE_PERCENT = re.compile(r"(?<!\\)%")
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
BARE_ARXIV_ID = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?")


def read_bibtex(content: str, file: str, problems: Problems) -> list[Record]:
    """One record per entry; an entry that cannot be parsed is reported with its line."""
    library = bibtexparser.parse_string(content.lstrip("\ufeff"))
    located = [(entry.start_line, entry) for entry in library.entries]
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.warn(file, line, f"BibTeX key {block.key!r} is used twice; both entries are "
                          "read, but give this one a key of its own")
            again = bibtexparser.parse_string(block.raw)
            located.extend((block.start_line + e.start_line, e) for e in again.entries)
        else:
            problems.warn(file, line, "BibTeX entry cannot be parsed, skipped (check its braces "
                          "and commas)")
    records: list[Record] = []
    for start, entry in sorted(located, key=lambda pair: pair[0]):
        record = _record(entry, file, start + 1, problems)
        if record is not None:
            records.append(record)
    return records


def _decoded(entry: Entry, file: str, problems: Problems) -> dict[str, str]:
    """The entry's fields by lower-case name, prose decoded from LaTeX; a field the decoder
    fails on keeps its raw text, with a warning (the entry is still read). Identifiers and URLs
    are never decoded (`~` or `_` in a URL is not LaTeX), nor is text without LaTeX in it."""
    fields: dict[str, str] = {}
    for field in entry.fields:
        name, value = field.key.lower(), str(field.value).strip()
        if name in PROSE and LATEX.search(value):
            # a bare % in a .bib field is text, but LaTeX would drop the rest as a comment
            escaped = BARE_PERCENT.sub(r"\\%", value)
            one = DECODER.transform_entry(Entry(entry.entry_type, entry.key,
                                                [Field(field.key, escaped)]), LIBRARY)
            if isinstance(one, MiddlewareErrorBlock):
                problems.warn(file, (field.start_line or entry.start_line) + 1,
                              f"entry {entry.key!r}: the LaTeX in `{field.key}` could not be "
                              "decoded, so its raw text is kept; simplify that markup (e.g. "
                              "\\href) to silence this warning")
            else:
                value = str(one.fields[0].value).strip()
        fields[name] = value
    return fields


def _record(entry: Entry, file: str, line: int, problems: Problems) -> Record | None:
    fields = _decoded(entry, file, problems)
    title = clean_title(clean_latex(fields.get("title", "")).text)
    if not title:
        problems.warn(file, line, f"entry {entry.key!r} has no title, skipped")
        return None
    abstract = clean_latex(fields.get("abstract", ""))
    url = fields.get("url") or None
    doi = normalise_doi(fields.get("doi")) or doi_from_url(url)
    venue = next((fields[v] for v in VENUES if fields.get(v)), None)
    return Record(
        title=title,
        source=Provenance(file, line, entry.key),
        abstract=abstract.text,
        emphasis=abstract.emphasis,
        date=parse_date(fields.get("date", "")) or _year_month(fields),
        code_urls=find_urls(abstract.text),
        authors=split_authors(fields.get("author")),
        venue=venue_or_none(clean_latex(venue).text if venue else None),
        doi=doi,
        arxiv=_arxiv(fields) or arxiv_from_url(url) or arxiv_from_doi(doi),
        url=url,
        keywords=split_keywords(fields.get("keywords"), fields.get("mendeley-tags")),
        citation_key=citation_key(entry.key),
    )


def _arxiv(fields: dict[str, str]) -> str | None:
    """`eprint` when `eprinttype` (biblatex) or `archiveprefix` (BibTeX) says arXiv, or when it
    is a bare new-style arXiv id with no archive named; else an `arxiv` field or a mention."""
    archive = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    eprint = fields.get("eprint", "")
    if archive == "arxiv" or (not archive and BARE_ARXIV_ID.fullmatch(eprint.strip())):
        found = normalise_arxiv(eprint)
        if found:
            return found
    return normalise_arxiv(fields.get("arxiv") or fields.get("arxivid")) or next(
        (a for a in (arxiv_from_text(fields.get(f)) for f in ARXIV_MENTIONS) if a), None)



def _year_month(fields: dict[str, str]) -> PaperDate | None:
    """`year` with `month` when it is a number or a name (`feb`, `February`, JabRef's macros)."""
    date = parse_date(fields.get("year", ""))
    month = fields.get("month", "").strip().lower()[:3]
    number = int(month) if month.isdigit() else MONTHS.index(month) + 1 if month in MONTHS \
        else None
    if date is None or date.month is not None or number is None or not 1 <= number <= 12:
        return date
    return PaperDate(year=date.year, month=number)
