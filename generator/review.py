"""The owner's review report: what was merged and why, and what almost was.

Not part of the site: `build-site --report PATH` writes it wherever the owner wants. Every entry
carries the `site.toml` lines that would reverse or confirm the decision.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from .dedupe import Clustering
from .evidence import Evidence
from .models import Paper, Record

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
        return min((p.evidence.score for p in self.pairs), default=100.0)


@dataclass(frozen=True)
class Review:
    merged: tuple[MergedPaper, ...]
    near_misses: tuple[Pair, ...]
    record_count: int
    paper_count: int


def _toml_line(kind: str, names: Sequence[str]) -> str:
    return f"[[dedup.{kind}]]\npapers = [{', '.join(json.dumps(n) for n in names)}]"


def review(clustering: Clustering, papers: Sequence[Paper]) -> Review:
    """Merged papers, most doubtful first; near misses, closest to merging first."""
    paper_of = {id(r): p for p in papers for r in p.records}
    evidence = clustering.evidence
    merged = []
    for paper in papers:
        if len(paper.records) < 2:
            continue
        pairs = [
            Pair(a, b, evidence[(a, b)] if (a, b) in evidence else evidence[(b, a)],
                 _toml_line("different", [str(a.source), str(b.source)]))
            for i, a in enumerate(paper.records) for b in paper.records[i + 1:]
            if (a, b) in evidence or (b, a) in evidence
        ]
        merged.append(MergedPaper(paper, tuple(sorted(pairs, key=lambda p: p.evidence.score))))
    near = []
    for (a, b), found in evidence.items():
        left, right = paper_of.get(id(a)), paper_of.get(id(b))
        if left is None or right is None or left is right:
            continue
        if max(found.title, found.abstract or 0) >= NEAR_MISS_SIMILARITY:
            near.append(Pair(a, b, found, _toml_line("same", [left.slug, right.slug])))
    near.sort(key=lambda p: (-p.evidence.score, str(p.left.source), str(p.right.source)))
    return Review(
        merged=tuple(sorted(merged, key=lambda m: (m.weakest, m.paper.slug))),
        near_misses=tuple(near[:MOST_NEAR_MISSES]),
        record_count=sum(len(p.records) for p in papers),
        paper_count=len(papers),
    )
