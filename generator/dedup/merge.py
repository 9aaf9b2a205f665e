"""Turning one cluster of records into one paper, keeping the best value of each field.

The title shown is the one people cite: the one most records give (folded: case and
punctuation aside; then its most frequent spelling); among equally many, the title of a record
that carries an identifier and the fullest author list (a reference manager's entry, arXiv's);
never a title with a note such as "(extended)" or one that only shortens another (its words all
in a longer title) while a plain, full title is there; then mixed case before all capitals. The
others stay listed.

A paper that merges its arXiv preprint with its published version (`versions.py`) shows the
published venue and DOI, and is cited with the published version's year (`venue_year`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..models import Paper, PaperDate, Record
from ..slugs import assign_slugs
from ..text import fold
from .identifiers import arxiv_from_doi
from .titles import core_title
from .venues import venue_kind
from .versions import PREPRINT, PUBLISHED, record_version

ET_AL = re.compile(r"\bet\.? al\b|\bothers\b", re.IGNORECASE)


def merge_clusters(groups: Sequence[Sequence[Record]]) -> list[Paper]:
    """Papers in a stable order (by title, then first source), each with a unique slug."""
    papers = sorted((merge(g) for g in groups), key=lambda p: (p.title.casefold(), p.sources))
    slugs = assign_slugs([p.title for p in papers])
    return [replace(p, slug=s) for p, s in zip(papers, slugs, strict=True)]


def merge(group: Sequence[Record]) -> Paper:
    if not group:
        raise ValueError("cannot merge an empty group of records")
    titles = cited_titles(group)
    in_order = sorted(group, key=lambda r: r.source)
    rank: dict[object, int] = {}  # each source's position in reading order, computed once:
    for position, record in enumerate(in_order):  # ranking per record was quadratic
        rank.setdefault(record.source, position)
    best_abstract = max(group, key=lambda r: (len(r.abstract), -rank[r.source]))
    return Paper(
        slug="",
        title=titles[0],
        abstract=best_abstract.abstract,
        emphasis=best_abstract.emphasis,
        records=tuple(sorted(group, key=lambda r: r.source)),
        titles=tuple(titles),
        date=_best_date([r.date for r in group if r.date is not None]),
        upvotes=max((r.upvotes for r in group if r.upvotes is not None), default=None),
        author_count=max((r.author_count for r in group if r.author_count is not None),
                         default=None),
        organisation=_most_frequent([r.organisation for r in group]),
        code_urls=tuple(dict.fromkeys(u for r in in_order for u in r.code_urls)),
        authors=max((r.authors for r in in_order), key=len),
        venue=_most_frequent([r.venue for r in group if venue_kind(r.venue) != "preprint"])
        or _most_frequent([r.venue for r in group]),
        doi=_most_frequent([r.doi for r in group if not arxiv_from_doi(r.doi)])
        or _most_frequent([r.doi for r in group]),
        arxiv=_most_frequent([r.arxiv for r in group]),
        links=tuple(dict.fromkeys(r.url for r in in_order if r.url)),
        keywords=tuple(dict.fromkeys(k for r in in_order for k in r.keywords)),
        published=_best_date([r.published for r in group if r.published is not None]),
        hf_url=_most_frequent([r.hf_url for r in group]),
        venue_year=_venue_year(group),
    )


def cited_titles(group: Sequence[Record]) -> list[str]:
    """The group's distinct titles, the one to show first (see the module's docstring)."""
    distinct = list(dict.fromkeys(r.title for r in group))
    if len(distinct) == 1:  # one title (most papers): nothing to choose
        return distinct
    exact = Counter(r.title for r in group)
    folded = Counter(fold(r.title) for r in group)
    most_authors = max(len(r.authors) for r in group)
    cited = {r.title for r in group if (r.doi or r.arxiv) and r.authors
             and len(r.authors) == most_authors and not _truncated(r.authors)}
    plain = {fold(t) for t in distinct if core_title(t) == fold(t)}

    def shortened(title: str) -> bool:
        words = set(fold(title).split())
        return any(words < set(other.split()) for other in plain)

    return sorted(distinct, key=lambda t: (
        fold(t) not in plain or shortened(t), -folded[fold(t)], -exact[t], t not in cited,
        t.isupper(), -len(t), t))


def _truncated(authors: tuple[str, ...]) -> bool:
    return bool(ET_AL.search(authors[-1]))


def _venue_year(group: Sequence[Record]) -> int | None:
    """The published version's year, when the group also holds its preprint."""
    versions = [record_version(r) for r in group]
    if PREPRINT not in versions or PUBLISHED not in versions:
        return None
    dated = _best_date([r.date for r, v in zip(group, versions, strict=True)
                        if v == PUBLISHED and r.date is not None and r.date.year is not None])
    return dated.year if dated else None


def _most_frequent(values: list[str | None]) -> str | None:
    present = [v for v in values if v]
    return _by_frequency(present)[0] if present else None


def _by_frequency(values: list[str]) -> list[str]:
    """Distinct values, most frequent first; ties go to the longer, then alphabetical, value."""
    counts = Counter(values)
    return sorted(counts, key=lambda v: (-counts[v], -len(v), v))


def _best_date(dates: list[PaperDate]) -> PaperDate | None:
    """The most complete date; among equally complete ones, the most common, then the earliest."""
    if not dates:
        return None
    counts = Counter(dates)
    return max(dates, key=lambda d: (d.completeness, counts[d], tuple(-x for x in d.sort_key)))

