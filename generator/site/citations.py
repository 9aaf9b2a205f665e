"""BibTeX for papers, their prose LaTeX-escaped with pylatexenc's table of characters.

The table is compiled once into one regular expression: a text is scanned in C and only the
characters that need it are replaced, which is what bibtexparser's LatexEncodingMiddleware does
field by field through pylatexenc's general encoder, hundreds of times slower (the costliest
stage at 10k papers). As that middleware does, math between `$` signs is kept and URLs are
wrapped in \\url{}.

Keys are the papers' slugs: unique within a build (the writer refuses two papers with one
slug) and stable across builds, since a slug depends only on the paper's title.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from bibtexparser.model import Entry, Field

from ..dedup.evidence import venue_kind
from ..models import Paper
from .urls import absolute

KEPT = r"(?P<math>(?<!\\)\$.*[^\\]\$)|(?P<url>https?://\S*\.\S*|www\.\S*\.\S*)"


@cache
def _latex_table() -> tuple[re.Pattern[str], dict[str, str]]:
    """pylatexenc's characters -> LaTeX, braced when they end in a macro ("{\\ss}") so that a
    letter after it cannot run into its name, and one pattern that finds kept spans and those
    characters."""
    from pylatexenc.latexencode import get_builtin_uni2latex_dict

    table = {}
    for code, latex in get_builtin_uni2latex_dict().items():
        char = chr(code)
        if char in "\n\r\t ":
            continue
        table[char] = "{" + latex + "}" if re.search(r"\\[A-Za-z]+$", latex) else latex
    # every non-ASCII character and the ASCII ones of the table: a small class is fast
    ascii_specials = "".join(re.escape(c) for c in sorted(table) if c.isascii())
    return re.compile(f"{KEPT}|[^\\x00-\\x7f]|[{ascii_specials}]"), table


def latex_escape(text: str) -> str:
    """Plain text as LaTeX: special and non-ASCII characters escaped, math and URLs kept."""
    pattern, table = _latex_table()

    def replace(match: re.Match[str]) -> str:
        if match.group("math"):
            return match.group()
        if match.group("url"):
            return "\\url{" + match.group() + "}"
        return table.get(match.group(), match.group())

    return pattern.sub(replace, text)


def entry(paper: Paper, base_url: str = "") -> Entry:
    """One paper as a BibTeX entry: @article, @inproceedings or @misc by what is known."""
    kind = venue_kind(paper.venue)
    entry_type = {"journal": "article", "conference": "inproceedings"}.get(kind or "", "misc")
    text = {"title": paper.title, "author": " and ".join(paper.authors),
            "journal" if entry_type == "article" else "booktitle":
                paper.venue if entry_type != "misc" else "",
            "abstract": paper.abstract}
    raw = {"year": str(paper.date.year) if paper.date and paper.date.year else "",
           "doi": paper.doi or "", "eprint": paper.arxiv or "",
           "archiveprefix": "arXiv" if paper.arxiv else "",
           "url": absolute(base_url, paper.url) if base_url else ""}
    # Only prose is LaTeX-escaped (& % # _ { } and accents); identifiers and URLs stay as is.
    order = ["title", "author", "year", "journal", "booktitle", "doi", "eprint", "archiveprefix",
             "url", "abstract"]
    values = {k: latex_escape(v) for k, v in text.items() if v} | {k: v for k, v in raw.items()
                                                                    if v}
    return Entry(entry_type, paper.slug, [Field(k, values[k]) for k in order if k in values])


def bibtex(papers: Sequence[Paper], base_url: str = "") -> str:
    """A .bib file of `papers`, sorted by key so the file is the same from build to build."""
    return bundle(citations(papers, base_url), [p.slug for p in papers])


def citations(papers: Sequence[Paper], base_url: str = "") -> dict[str, str]:
    """Each paper's BibTeX entry by slug, written once and reused by pages and bundles."""
    return {paper.slug: entry_text(entry(paper, base_url)) for paper in papers}


def entry_text(written: Entry) -> str:
    """An entry as bibtexparser writes it: one tab-indented `key = {value}` a line."""
    fields = ",\n".join(f"\t{f.key} = {{{f.value}}}" for f in written.fields)
    return f"@{written.entry_type}{{{written.key},\n{fields}\n}}\n"


def bundle(texts: dict[str, str], slugs: Sequence[str]) -> str:
    return "\n".join(texts[slug] for slug in sorted(slugs))
