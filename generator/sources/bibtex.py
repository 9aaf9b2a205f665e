"""Reader of BibTeX files, with bibtexparser; LaTeX accents and braces decoded."""

from __future__ import annotations

import logging

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock

from ..dedup.authors import split_authors
from ..dedup.identifiers import arxiv_from_url, doi_from_url, normalise_arxiv, normalise_doi
from ..errors import Problems
from ..models import Provenance, Record
from ..text import clean_latex, clean_title, find_urls
from .tabular import parse_date

logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def read_bibtex(content: str, file: str, problems: Problems) -> list[Record]:
    """One record per entry; an entry that cannot be parsed is reported with its line."""
    library = bibtexparser.parse_string(content.lstrip("\ufeff"),
                                        append_middleware=[LatexDecodingMiddleware()])
    entries = [(entry, entry.start_line) for entry in library.entries]  # 0-based first line
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            problems.warn(file, line, f"BibTeX key {block.key!r} is used twice; the entry is "
                          "still read, but give it a key of its own")
            again = bibtexparser.parse_string(block.raw,
                                              append_middleware=[LatexDecodingMiddleware()])
            entries += [(e, e.start_line + block.start_line) for e in again.entries]
        else:
            problems.warn(file, line, "BibTeX entry cannot be parsed, skipped (check its braces "
                          "and commas)")
    records: list[Record] = []
    for entry, start in sorted(entries, key=lambda pair: pair[1]):
        fields = {k.lower(): str(f.value).strip() for k, f in entry.fields_dict.items()}
        title = clean_title(clean_latex(fields.get("title", "")).text)
        if not title:
            problems.warn(file, start + 1, f"entry {entry.key!r} has no title, skipped")
            continue
        abstract = clean_latex(fields.get("abstract", ""))
        url = fields.get("url") or None
        eprint = fields.get("eprint") if fields.get("archiveprefix", "").lower() == "arxiv" \
            else fields.get("arxiv")
        records.append(Record(
            title=title,
            source=Provenance(file, start + 1, entry.key),
            abstract=abstract.text,
            emphasis=abstract.emphasis,
            date=parse_date(fields.get("year", "") or fields.get("date", "")),
            code_urls=find_urls(abstract.text),
            authors=split_authors(fields.get("author")),
            venue=fields.get("journal") or fields.get("booktitle") or None,
            doi=normalise_doi(fields.get("doi")) or doi_from_url(url),
            arxiv=normalise_arxiv(eprint) or arxiv_from_url(url),
            url=url,
            keywords=tuple(k.strip() for k in fields.get("keywords", "").split(",") if k.strip()),
        ))
    return records
