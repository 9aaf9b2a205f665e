"""`papers.csl.json`: the whole list as CSL-JSON, which Zotero, Mendeley, citation-js and pandoc
import in one file (papers.bib is the same list for BibTeX tools).

Each item carries what its paper's sources give and nothing else: no `issued` without a year,
no container title for a venue that names neither a journal nor a conference. Items are cited
under the same keys as in papers.bib, and a preprint is written as Zotero exports one (type
`article`, `publisher` arXiv, `number` arXiv:ID).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Paper, PaperDate
from .citations import citation_keys
from .scholarly import original_url, split_name, venue_field
from .urls import absolute

TYPES = {"journal": "article-journal", "conference": "paper-conference"}


def csl_item(paper: Paper, key: str, base_url: str = "") -> dict[str, Any]:
    """One paper as a CSL-JSON item."""
    kind = venue_field(paper)
    item: dict[str, Any] = {"id": key, "type": TYPES.get(kind or "", "article"),
                            "title": paper.title}
    authors = [split_name(a) for a in paper.authors]
    if authors:
        item["author"] = [{"family": n.family, "given": n.given} if n.given
                          else {"literal": n.family} for n in authors]
    if paper.dated:
        item["issued"] = {"date-parts": [_date_parts(paper.dated)]}
    if kind and paper.venue:
        item["container-title"] = paper.venue
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv and not kind:
        item["publisher"], item["number"] = "arXiv", f"arXiv:{paper.arxiv}"
    url = original_url(paper) or (absolute(base_url, paper.url) if base_url else None)
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item


def _date_parts(date: PaperDate) -> list[int]:
    parts = [date.year or 0]
    if date.month:
        parts.append(date.month)
        if date.day:
            parts.append(date.day)
    return parts


def papers_csl_json(papers: Sequence[Paper], base_url: str = "") -> bytes:
    """Every paper as CSL-JSON, one item a line in citation-key order, so the file is the same
    from build to build and a diff shows the papers that changed."""
    keys = citation_keys(papers)
    encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    items = sorted((keys[p.slug], encode(csl_item(p, keys[p.slug], base_url))) for p in papers)
    return ("[\n" + ",\n".join(text for _, text in items) + "\n]\n").encode("utf-8")
