"""Which records are the same paper: candidate pairs, evidence, overrides, coherent clusters.

Clusters grow by merging the most similar pairs first, and two clusters merge only if no record
of one contradicts a record of the other (complete linkage over contradictions), so A~B and B~C
cannot glue A to a very different C. The owner's overrides come first: "same" groups start as one
cluster, "different" groups can never share one.
"""

from __future__ import annotations

import gc
import heapq
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from ..config import DedupSettings
from ..models import Provenance, Record
from ..text import fold
from .blocking import PRUNE_TITLE, candidate_pairs
from .evidence import Evidence, Fingerprint, compare

CLUSTER_TITLE_FLOOR = 60.0  # members of one paper never have titles less alike than this


@dataclass(frozen=True)
class Constraints:
    """The owner's decisions, as groups of records: each `same` group is one paper, and no two
    records of different members of a `different` group share a paper."""

    same: tuple[tuple[Record, ...], ...] = ()
    different: tuple[tuple[tuple[Record, ...], ...], ...] = ()


@dataclass
class Clustering:
    """The result: groups of records, and the evidence computed on the way (for the report)."""

    groups: list[list[Record]]
    records: Sequence[Record] = ()  # in the order the clustering numbered them
    by_index: dict[tuple[int, int], Evidence] = field(default_factory=dict)

    @cached_property
    def evidence(self) -> dict[tuple[Provenance, Provenance], Evidence]:
        """The evidence by the pair of records' provenance (made when the report asks)."""
        return {(self.records[i].source, self.records[j].source): found
                for (i, j), found in self.by_index.items()}

    def between(self, a: Record, b: Record) -> Evidence | None:
        """The evidence computed for a pair of records, if the clustering compared them."""
        return self.evidence.get((a.source, b.source)) or self.evidence.get((b.source, a.source))


def cluster(records: Sequence[Record], settings: DedupSettings,
            constraints: Constraints = Constraints()) -> list[list[Record]]:
    """Group records into papers. The result does not depend on the order of `records`."""
    return cluster_with_evidence(records, settings, constraints).groups


def cluster_with_evidence(records: Sequence[Record], settings: DedupSettings,
                          constraints: Constraints = Constraints()) -> Clustering:
    """`cluster`, keeping the evidence. It allocates millions of small objects that form no
    reference cycles, so the cyclic garbage collector is paused meanwhile: its repeated scans
    of the whole heap would otherwise make large lists cost more than linear time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _cluster(records, settings, constraints)
    finally:
        if enabled:
            gc.enable()


def _cluster(records: Sequence[Record], settings: DedupSettings,
             constraints: Constraints) -> Clustering:
    ordered = sorted(records, key=_record_key)
    position = ({id(r): i for i, r in enumerate(ordered)}
                if constraints.same or constraints.different else {})  # for the overrides
    prints = [Fingerprint(r) for r in ordered]
    recurrence = [_recurrence_key(p) for p in prints]
    repeats = Counter(recurrence)
    for p, key in zip(prints, recurrence, strict=True):
        p.recurring = repeats[key] > 1
    evidence: dict[tuple[int, int], Evidence] = {}
    queue: list[tuple[float, float, int, int]] = []
    for i, j in candidate_pairs(prints, min(PRUNE_TITLE, settings.title_threshold)):
        found = compare(prints[i], prints[j], settings)
        evidence[(i, j)] = found
        if found.same:
            # equal scores (a "(demo)" note or a subtitle set aside) go to the pair whose full
            # titles hold the same words, wherever they stand
            closeness = fuzz.token_sort_ratio(prints[i].title, prints[j].title)
            queue.append((-found.score, -closeness, i, j))
    heapq.heapify(queue)

    apart: set[tuple[int, int]] = set()
    for groups in constraints.different:
        indices = [[position[id(r)] for r in group] for group in groups]
        for n, left in enumerate(indices):
            for right in indices[n + 1:]:
                apart.update((min(x, y), max(x, y)) for x in left for y in right)

    def contradicts(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key in apart:
            return True
        if key not in evidence:
            evidence[key] = compare(prints[key[0]], prints[key[1]], settings)
        found = evidence[key]
        return found.different or (found.title < CLUSTER_TITLE_FLOOR and not found.same)

    owner = list(range(len(ordered)))
    members: dict[int, list[int]] = {}  # of each cluster of more than one record, by its owner

    def join(a: int, b: int) -> None:
        keep, gone = min(a, b), max(a, b)
        moved = members.pop(gone, [gone])
        for index in moved:
            owner[index] = keep
        members.setdefault(keep, [keep]).extend(moved)

    for group in constraints.same:
        indices = [position[id(r)] for r in group]
        for index in indices[1:]:
            if owner[index] != owner[indices[0]]:
                join(owner[index], owner[indices[0]])
    while queue:
        _, _, i, j = heapq.heappop(queue)
        a, b = owner[i], owner[j]
        if a == b or any(contradicts(x, y) for x in members.get(a, (a,))
                         for y in members.get(b, (b,))):
            continue
        join(a, b)
    groups = [[ordered[i] for i in sorted(members[first])] if first in members else [ordered[first]]
              for first in range(len(ordered)) if owner[first] == first]
    return Clustering(groups, ordered, evidence)


def _recurrence_key(p: Fingerprint) -> tuple[str, str, str]:
    """Records of one source with the same title and venue: a recurring column, not a paper."""
    venue = p.record.venue
    return (p.record.source.file, p.title, fold(venue) if venue else "")


def _record_key(record: Record) -> tuple:
    """A total order on records that depends only on their provenance and content. Provenance
    first: sources are read in that order, so the sort finds them in order already and the
    records are then visited in the order they lie in memory, which matters for large lists."""
    source = record.source
    return (source.file, source.line, source.id or "", record.title, record.abstract)
