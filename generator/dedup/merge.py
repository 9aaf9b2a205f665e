"""Turning one cluster of records into one paper, keeping the best value of each field."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..models import Paper, PaperDate, Record
from ..slugs import assign_slugs


def merge_clusters(groups: Sequence[Sequence[Record]]) -> list[Paper]:
    """Papers in a stable order (by title, then first source), each with a unique slug."""
    papers = sorted((merge(g) for g in groups), key=lambda p: (p.title.casefold(), p.sources))
    slugs = assign_slugs([p.title for p in papers])
    return [replace(p, slug=s) for p, s in zip(papers, slugs, strict=True)]


def merge(group: Sequence[Record]) -> Paper:
    if not group:
        raise ValueError("cannot merge an empty group of records")
    titles = _by_frequency([r.title for r in group])
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
        venue=_most_frequent([r.venue for r in group]),
        doi=_most_frequent([r.doi for r in group]),
        arxiv=_most_frequent([r.arxiv for r in group]),
        links=tuple(dict.fromkeys(r.url for r in in_order if r.url)),
        keywords=tuple(dict.fromkeys(k for r in in_order for k in r.keywords)),
        published=_best_date([r.published for r in group if r.published is not None]),
        hf_url=_most_frequent([r.hf_url for r in group]),
    )


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

