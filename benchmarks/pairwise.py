"""Pairwise precision, recall and F1 of a clustering against true clusters, for the benchmarks.

Every pair of records inside one built paper is a predicted pair; every pair inside one true
cluster is a true pair. Counted over all record pairs, as entity-resolution papers report it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence


def pairs_within(groups: Iterable[Sequence[Hashable]]) -> set[tuple[Hashable, Hashable]]:
    """Every unordered pair inside each group, as sorted tuples."""
    found: set[tuple[Hashable, Hashable]] = set()
    for group in groups:
        members = sorted(group)
        for n, a in enumerate(members):
            found.update((a, b) for b in members[n + 1:])
    return found


def pair_count(groups: Iterable[Sequence[Hashable]]) -> int:
    return sum(len(g) * (len(g) - 1) // 2 for g in groups)


def scores(predicted: set, truth: set) -> tuple[float, float, float]:
    """(precision, recall, F1) of predicted pairs against true pairs."""
    hits = len(predicted & truth)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cluster_sizes(groups: Iterable[Sequence[Hashable]]) -> Counter:
    return Counter(len(g) for g in groups)
