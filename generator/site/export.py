"""`papers.json`: the public data export, a stable contract (see GUIDE.md and README.md)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..models import Paper, Provenance


def paper_record(paper: Paper) -> dict[str, Any]:
    return {
        "slug": paper.slug,
        "title": paper.title,
        "abstract": paper.abstract,
        "tags": list(paper.tags),
        "url": paper.url,
        "sources": [_source(s) for s in paper.sources],
        "titles": list(paper.titles),
        "date": paper.date.iso() if paper.date else None,
        "upvotes": paper.upvotes,
        "author_count": paper.author_count,
        "organisation": paper.organisation,
        "code_urls": list(paper.code_urls),
        "authors": list(paper.authors),
        "venue": paper.venue,
        "doi": paper.doi,
        "arxiv": paper.arxiv,
        "published": paper.published.iso() if paper.published else None,
        "hf_url": paper.hf_url,
    }


def _source(source: Provenance) -> dict[str, Any]:
    entry: dict[str, Any] = {"file": source.file, "line": source.line}
    if source.id is not None:
        entry["id"] = source.id
    return entry


def papers_json(papers: Sequence[Paper]) -> bytearray:
    """One object per paper, sorted by slug so the file is byte-identical across builds; no
    indentation: at 100k papers it would only add megabytes no reader needs. Encoded paper by
    paper into one buffer: the whole export as objects, then as text, then as bytes would
    hold it three times over (hundreds of megabytes at 100k papers)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    written = bytearray(b"[")
    for number, paper in enumerate(sorted(papers, key=lambda p: p.slug)):
        if number:
            written += b","
        written += encode(paper_record(paper)).encode("utf-8")
    written += b"]\n"
    return written
