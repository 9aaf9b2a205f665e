"""What reference managers and scholarly crawlers read from a page: Highwire Press `citation_*`
meta tags (with Dublin Core beside them) on paper pages, and a COinS span on every paper card.

Zotero's "Embedded Metadata" translator, Mendeley's importer, Google Scholar and Wikipedia's
Citoid (the `html-metadata` scraper) read these, not the JSON-LD the pages also carry. Each value
comes from the paper as its sources give it, nothing is made up: a paper without authors gets no
author tag, a date without a year gives no date, a venue that names neither a journal nor a
conference gives no venue. The templates escape every value (Jinja's autoescape); a COinS title
is percent-encoded first, so only letters, digits and `%-._~:/=&` remain in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..dedup.venues import venue_kind
from ..models import Paper, PaperDate
from ..tags import Tag
from .urls import percent_encode


@dataclass(frozen=True)
class MetaTag:
    """One `<meta name=... content=...>` of a paper page."""

    name: str
    content: str


@dataclass(frozen=True)
class Name:
    """A person's name split the way citations want it; `given` is empty for a one-word name
    (an organisation, a mononym), which is then written alone."""

    family: str
    given: str = ""

    @property
    def inverted(self) -> str:
        """"Last, First", as Google Scholar and Zotero read `citation_author`."""
        return f"{self.family}, {self.given}" if self.given else self.family


# written after a family name and kept with it: "King Jr., Martin Luther"
SUFFIXES = frozenset("jr jr. sr sr. ii iii iv".split())


@lru_cache(maxsize=65536)
def split_name(name: str) -> Name:
    """A name as sources write it ("Ashish Vaswani", "Vaswani, Ashish", "Guido van Rossum")
    split into family and given names: the last word, with the lower-case particles before it
    and a suffix after it, is the family name. By rule rather than with nameparser, which
    takes a quarter of a millisecond a name: every author of every paper is split for its
    page, its card and papers.csl.json, minutes at 100k papers (docs/design.md)."""
    text = " ".join(name.split())
    family, comma, given = text.partition(",")
    if comma and family.strip() and given.strip() and "," not in given:
        return Name(family.strip(), given.strip())  # already "Last, First"
    words = text.split(" ")
    suffix = words.pop() if len(words) > 2 and words[-1].casefold() in SUFFIXES else ""
    start = len(words) - 1
    while start > 1 and words[start - 1].islower():  # "van der", "de la"
        start -= 1
    if start < 1:
        return Name(text)  # one word: an organisation or a mononym
    return Name(" ".join([*words[start:], suffix]).strip(), " ".join(words[:start]))


def original_url(paper: Paper) -> str | None:
    """Where the paper itself is: its arXiv abstract page, else its DOI."""
    if paper.arxiv:
        return paper.arxiv_url
    return paper.doi_url


def venue_field(paper: Paper) -> str | None:
    """`journal` or `conference` when the venue says so plainly, else None."""
    kind = venue_kind(paper.venue)
    return kind if kind in ("journal", "conference") else None


def citation_date(date: PaperDate) -> str:
    """Google Scholar's form: `2017/06/12`, `2017/06`, or the year alone."""
    parts = [f"{date.year:04d}"] + [f"{v:02d}" for v in (date.month, date.day) if v]
    return "/".join(parts[:2] if date.month and not date.day else parts)


def highwire_tags(paper: Paper, tag_by_slug: Mapping[str, Tag]) -> list[MetaTag]:
    """The Highwire Press and Dublin Core tags of a paper page, in the order Google Scholar's
    inclusion guidelines list them."""
    tags = [MetaTag("citation_title", paper.title)]
    names = [split_name(a) for a in paper.authors]
    tags += [MetaTag("citation_author", n.inverted) for n in names]
    if paper.dated:
        tags.append(MetaTag("citation_publication_date", citation_date(paper.dated)))
    kind = venue_field(paper)
    if kind and paper.venue:
        tags.append(MetaTag(f"citation_{kind}_title", paper.venue))
    if paper.doi:
        tags.append(MetaTag("citation_doi", paper.doi))
    if paper.arxiv:
        tags.append(MetaTag("citation_arxiv_id", paper.arxiv))
    if paper.abstract:
        tags.append(MetaTag("citation_abstract", paper.abstract))
    tags += [MetaTag("citation_keywords", tag_by_slug[s].name) for s in paper.tags
             if s in tag_by_slug]
    original = original_url(paper)
    if original:
        tags += [MetaTag("citation_abstract_html_url", original),
                 MetaTag("citation_public_url", original)]
    tags.append(MetaTag("DC.title", paper.title))
    tags += [MetaTag("DC.creator", n.inverted) for n in names]
    if paper.dated:
        tags.append(MetaTag("DC.date", paper.dated.iso()))
    if paper.doi:
        tags.append(MetaTag("DC.identifier", f"doi:{paper.doi}"))
    if paper.arxiv:
        tags.append(MetaTag("DC.identifier", f"arXiv:{paper.arxiv}"))
    return tags


def coins(paper: Paper) -> str:
    """The `title` of a COinS span (OpenURL 1.0 ContextObject in KEV form): a journal article,
    a conference paper, an arXiv preprint, or an item of unknown genre."""
    kind = venue_field(paper)
    if kind == "conference":
        pairs = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "proceeding"),
                 ("rft.atitle", paper.title), ("rft.btitle", paper.venue or "")]
    else:
        genre = "article" if kind else "preprint" if paper.arxiv else "unknown"
        pairs = [("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"), ("rft.genre", genre),
                 ("rft.atitle", paper.title)]
        if kind and paper.venue:
            pairs.append(("rft.jtitle", paper.venue))
    for name in map(split_name, paper.authors):
        pairs.append(("rft.au", name.inverted))
    if paper.dated:
        pairs.append(("rft.date", paper.dated.iso()))
    if paper.doi:
        pairs.append(("rft_id", f"info:doi/{paper.doi}"))
    if paper.arxiv:
        pairs.append(("rft_id", f"info:arxiv/{paper.arxiv}"))
    original = original_url(paper)
    if original:
        pairs.append(("rft_id", original))
    return "&".join(f"{key}={percent_encode(value, safe=':/')}"
                    for key, value in [("ctx_ver", "Z39.88-2004"), *pairs])
