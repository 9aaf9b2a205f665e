"""Which version of a paper a record lists: its arXiv preprint, or its published version.

A record is the published version when it carries a publisher's DOI or names a conference or
journal; the preprint when it carries only an arXiv id (or arXiv's own DOI) or names a preprint
server; neither when it says nothing of where the paper appeared (a listing's title and
abstract). `[dedup] versions` decides whether the two versions are one paper ("merge", shown
and cited as published) or two ("separate").
"""

from __future__ import annotations

from ..models import Record
from .identifiers import paper_identifiers
from .venues import venue_kind

PREPRINT = "preprint"
PUBLISHED = "published"


def record_version(record: Record) -> str | None:
    """`PUBLISHED`, `PREPRINT`, or None when the record does not say."""
    doi, arxiv = paper_identifiers(record.doi, record.arxiv)
    kind = venue_kind(record.venue)
    if doi or kind in ("conference", "journal"):
        return PUBLISHED
    if arxiv or kind == "preprint":
        return PREPRINT
    return None


def versions_differ(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> bool:
    """Whether two groups of records are the two versions, each of one kind only (a group the
    owner made of both joins either)."""
    return a ^ b == {PREPRINT, PUBLISHED}
