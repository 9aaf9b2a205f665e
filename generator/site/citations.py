"""BibTeX for papers, their prose LaTeX-escaped with pylatexenc's table of characters.

The table is compiled once into one regular expression: a text is scanned in C and only the
characters that need it are replaced, which is what bibtexparser's LatexEncodingMiddleware does
field by field through pylatexenc's general encoder, hundreds of times slower (the costliest
stage at 10k papers). As that middleware does, math between `$` signs is kept and URLs are
wrapped in \\url{}.

Two forms of an entry are published. The full record (the paper's own `.bib` file and the
site's `papers.bib`, which a reader imports into a reference manager) carries the abstract; the
entry for citing (shown on the page to copy, and each tag's `papers.bib`, which a reader feeds
to LaTeX) leaves it out, as Google Scholar's, DBLP's and arXiv's BibTeX do: BibTeX styles do not
print it, the page shows it above the entry, and at 50k papers those copies were a fifth of the
site (see docs/performance.md).

A paper is cited under the key its sources gave it (a BibTeX key, a CSL-JSON id), so the
owner's `\\cite{vaswani2017attention}` keeps working; a paper without one is cited by its slug.
Keys are unique within a build and depend only on the input, so they are stable across builds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from bibtexparser.model import Entry, Field

from ..dedup.venues import venue_kind
from ..models import Paper
from .urls import absolute

ENSUREMATH = re.compile(r"\\ensuremath\{((?:[^{}]|\{[^{}]*\})*)\}")
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
        # math as `{$\mu$}` rather than `\ensuremath{\mu}`: the same to LaTeX and biber, and
        # what BibTeX readers that are not TeX (citation-js, reference managers) decode
        latex = ENSUREMATH.sub(r"{$\1$}", latex)
        table[char] = "{" + latex + "}" if re.search(r"\\[A-Za-z]+$", latex) else latex
    # text-mode commands that BibTeX readers (biber, citation-js, Zotero) all decode, where
    # pylatexenc gives math (`\ensuremath{<}`) or two apostrophes for a straight double quote
    table |= {"<": "{\\textless}", ">": "{\\textgreater}", '"': "{\\textquotedbl}"}
    # every non-ASCII character and the ASCII ones of the table: a small class is fast; the
    # lookahead of every character a match can start with spares the alternation at the
    # others (three times faster over abstracts)
    ascii_specials = "".join(re.escape(c) for c in sorted(table) if c.isascii())
    starts = re.escape("$hw") + ascii_specials + "\\x80-\\U0010ffff"
    return re.compile(f"(?=[{starts}])(?:{KEPT}|[^\\x00-\\x7f]|[{ascii_specials}])"), table


def latex_escape(text: str) -> str:
    """Plain text as LaTeX: special and non-ASCII characters escaped, math and URLs kept."""
    pattern, table = _latex_table()
    if text.isascii() and not _ascii_specials().search(text) and "http" not in text \
            and "www." not in text:  # nothing to escape or keep: most titles, half of abstracts
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group("math"):
            return match.group()
        if match.group("url"):
            return "\\url{" + match.group() + "}"
        return table.get(match.group(), match.group())

    return pattern.sub(replace, text)


@cache
def _ascii_specials() -> re.Pattern[str]:
    """The ASCII characters that `latex_escape` changes, and the `$` that starts math."""
    return re.compile("[" + re.escape("$" + "".join(c for c in _latex_table()[1] if c.isascii()))
                      + "]")


def citation_keys(papers: Sequence[Paper]) -> dict[str, str]:
    """Each paper's citation key, by slug. The owner's key is the one most of its records give
    (ties: the first record's); owners' keys are placed before slugs, and a key already taken
    (BibTeX compares keys without case) goes on with `-2`, `-3`, ... in source order."""
    wanted: list[tuple[int, tuple, str, str]] = []
    for paper in papers:
        given = sorted((r.source, r.citation_key) for r in paper.records if r.citation_key)
        if given:
            counts = Counter(key for _, key in given)
            source, key = min(given, key=lambda pair: -counts[pair[1]])  # stable: first wins
            wanted.append((0, (source.file, source.line), key, paper.slug))
        else:
            wanted.append((1, (paper.slug, 0), paper.slug, paper.slug))
    keys: dict[str, str] = {}
    used: set[str] = set()
    for _, _, key, slug in sorted(wanted):
        unique, counter = key, 2
        while unique.casefold() in used:
            unique, counter = f"{key}-{counter}", counter + 1
        used.add(unique.casefold())
        keys[slug] = unique
    return keys


def entry(paper: Paper, base_url: str = "", key: str | None = None) -> Entry:
    """One paper as a BibTeX entry: @article, @inproceedings or @misc by what is known."""
    kind = venue_kind(paper.venue)
    entry_type = {"journal": "article", "conference": "inproceedings"}.get(kind or "", "misc")
    text = {"title": paper.title, "author": " and ".join(paper.authors),
            "journal" if entry_type == "article" else "booktitle":
                paper.venue if entry_type != "misc" else "",
            "abstract": paper.abstract}
    raw = {"year": str(paper.venue_year or paper.year or ""),  # a merged preprint: as published
           "doi": paper.doi or "", "eprint": paper.arxiv or "",
           "archiveprefix": "arXiv" if paper.arxiv else "",
           "url": absolute(base_url, paper.url) if base_url else ""}
    # Only prose is LaTeX-escaped (& % # _ { } and accents); identifiers and URLs stay as is.
    key = key or paper.slug
    order = ["title", "author", "year", "journal", "booktitle", "doi", "eprint", "archiveprefix",
             "url", "abstract"]
    values = {k: latex_escape(v) for k, v in text.items() if v} | {k: v for k, v in raw.items()
                                                                    if v}
    return Entry(entry_type, key, [Field(k, values[k]) for k in order if k in values])


def bibtex(papers: Sequence[Paper], base_url: str = "") -> str:
    """A .bib file of `papers`, sorted by key so the file is the same from build to build."""
    return bundle(citations(papers, base_url), [p.slug for p in papers]).decode("utf-8")


def citations(papers: Sequence[Paper], base_url: str = "") -> dict[str, str]:
    """Each paper's BibTeX entry by slug, written once and reused by pages and bundles."""
    keys = citation_keys(papers)
    return {paper.slug: entry_text(entry(paper, base_url, keys[paper.slug])) for paper in papers}


def entry_text(written: Entry) -> str:
    """An entry as bibtexparser writes it: one tab-indented `key = {value}` a line."""
    fields = ",\n".join(f"\t{f.key} = {{{f.value}}}" for f in written.fields)
    return f"@{written.entry_type}{{{written.key},\n{fields}\n}}\n"


ABSTRACT_FIELD = ",\n\tabstract = {"


def for_citing(text: str) -> str:
    """An entry without its abstract. The abstract is an entry's last field, and its marker
    cannot occur earlier: every `{` of prose is escaped and a kept math span has no newline."""
    start = text.find(ABSTRACT_FIELD)
    return text if start < 0 else text[:start] + "\n}\n"


def bundle(texts: dict[str, str], slugs: Sequence[str], *, abstracts: bool = True) -> bytearray:
    """The entries of `slugs` in key order, as UTF-8; without abstracts, the entries for
    citing. Encoded entry by entry into one buffer: the site's papers.bib is over a hundred
    megabytes at 100k papers, and as text and bytes it would be held twice."""
    written = bytearray()
    for number, slug in enumerate(sorted(slugs)):
        if number:
            written += b"\n"
        written += (texts[slug] if abstracts else for_citing(texts[slug])).encode("utf-8")
    return written
