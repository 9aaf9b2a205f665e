"""The owner's review report: what was merged and why, and what almost was.

Not part of the site: `build-site --report PATH` writes it wherever the owner wants. Every entry
carries the `site.toml` lines that would reverse or confirm the decision.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from ..models import Paper, Provenance, Record
from ..slugs import slugify
from .cluster import Clustering
from .evidence import Evidence

NEAR_MISS_SIMILARITY = 80.0  # a title or abstract this alike, yet not merged, is worth a look
MOST_NEAR_MISSES = 500


@dataclass(frozen=True)
class Pair:
    left: Record
    right: Record
    evidence: Evidence
    override: str


@dataclass(frozen=True)
class MergedPaper:
    paper: Paper
    pairs: tuple[Pair, ...]  # weakest first

    @property
    def weakest(self) -> float:
        return min((p.evidence.score for p in self.pairs), default=0.0)


@dataclass(frozen=True)
class ConflictingRecord:
    """A record whose title names one paper and whose abstract another: kept apart. Each
    override decides it: the title is right, the abstract is right, or it is a paper of its own."""

    record: Record
    titled: Record  # the record whose title it has
    abstracted: Record  # the record whose abstract it has
    title_is_right: str
    abstract_is_right: str
    neither: str


@dataclass(frozen=True)
class Review:
    merged: tuple[MergedPaper, ...]
    near_misses: tuple[Pair, ...]
    record_count: int
    paper_count: int
    conflicts: tuple[ConflictingRecord, ...] = ()


def _toml_line(kind: str, names: Sequence[str]) -> str:
    return f"[[dedup.{kind}]]\npapers = [{', '.join(json.dumps(n) for n in names)}]"


def _name(paper: Paper, source: Provenance) -> str:
    """The paper's slug when it names this paper alone; else the record's file:line."""
    return paper.slug if paper.slug == slugify(paper.title) else str(source)


def _closer(pair: Pair, kept: Pair) -> bool:
    return (-pair.evidence.score, str(pair.left.source), str(pair.right.source)) < (
        -kept.evidence.score, str(kept.left.source), str(kept.right.source))


def review(clustering: Clustering, papers: Sequence[Paper]) -> Review:
    """Merged papers, most doubtful first; near misses, closest to merging first."""
    paper_of = {r.source: p for p in papers for r in p.records}
    record_of = {r.source: r for p in papers for r in p.records}
    merged = []
    for paper in papers:
        if len(paper.records) < 2:
            continue
        pairs = [
            Pair(a, b, found, _toml_line("different", [str(a.source), str(b.source)]))
            for i, a in enumerate(paper.records) for b in paper.records[i + 1:]
            if (found := clustering.between(a, b)) is not None
        ]
        merged.append(MergedPaper(paper, tuple(sorted(pairs, key=lambda p: p.evidence.score))))
    closest: dict[tuple[str, str], Pair] = {}  # one near miss per pair of papers: the closest
    for (a, b), found in clustering.evidence.items():
        left, right = paper_of[a], paper_of[b]
        if left is right or max(found.title, found.abstract or 0) < NEAR_MISS_SIMILARITY:
            continue
        if left.slug > right.slug:
            left, right, a, b = right, left, b, a
        pair = Pair(record_of[a], record_of[b], found,
                    _toml_line("same", [_name(left, a), _name(right, b)]))
        kept = closest.get((left.slug, right.slug))
        if kept is None or _closer(pair, kept):
            closest[(left.slug, right.slug)] = pair
    near = sorted(closest.values(),
                  key=lambda p: (-p.evidence.score, str(p.left.source), str(p.right.source)))
    return Review(
        merged=tuple(sorted(merged, key=lambda m: (m.weakest, m.paper.slug))),
        near_misses=tuple(near[:MOST_NEAR_MISSES]),
        record_count=sum(len(p.records) for p in papers),
        paper_count=len(papers),
        conflicts=tuple(_conflicting(clustering, paper_of)),
    )


def _conflicting(clustering: Clustering,
                 paper_of: dict[Provenance, Paper]) -> list[ConflictingRecord]:
    found = []
    for conflict in clustering.conflicts:
        record, titled, abstracted = (clustering.records[i] for i in (
            conflict.record, conflict.titled, conflict.abstracted))
        names = [str(record.source), _name(paper_of[titled.source], titled.source),
                 _name(paper_of[abstracted.source], abstracted.source)]
        found.append(ConflictingRecord(
            record, titled, abstracted, _toml_line("same", names[:2]),
            _toml_line("same", [names[0], names[2]]), _toml_line("different", names)))
    return sorted(found, key=lambda c: c.record.source)
