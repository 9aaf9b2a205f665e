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


def causes(result, settings, missed, wrong) -> tuple[Counter, Counter]:
    """What decided each missed and each wrong pair of records (`result`: a `Clustering`):
    the strong contradiction between them, a weight short of the threshold (titles alike or
    not), or, when the pair alone would merge, the clustering (which never compared the two
    papers, or refused to join them). Counted by cause."""
    from generator.dedup.cluster import column_titles
    from generator.dedup.evidence import compare, title_similarity
    from generator.dedup.fingerprint import Fingerprint
    from generator.dedup.model import title_level

    prints = {id(r): Fingerprint(r) for r in result.records}
    columns = column_titles(list(prints.values()))
    for p in prints.values():
        p.recurring = (p.file, p.title) in columns
    group_of = {id(r): n for n, group in enumerate(result.groups) for r in group}
    met = {frozenset((group_of[id(result.records[i])], group_of[id(result.records[j])]))
           for i, j in result.by_index}

    def cause(a, b, is_missed: bool) -> str:
        fa, fb = prints[id(a)], prints[id(b)]
        found = compare(fa, fb, result.model, settings)
        if found.different:
            reason = found.reason
            return ("contradiction: years more than 3 apart" if reason.startswith("years ")
                    else f"contradiction: {reason}")
        if found.same:
            if not is_missed:
                return "the pair merges on its own evidence"
            pair = frozenset((group_of[id(a)], group_of[id(b)]))
            return ("merges alone; its papers never compared" if pair not in met else
                    "merges alone; the clusters refused the join")
        if not is_missed:
            return "joined through other members"
        alike = title_level(*title_similarity(fa, fb)) <= 4
        return f"weight short, titles {'alike' if alike else 'unalike or < 75'}"

    return (Counter(cause(a, b, True) for a, b in missed),
            Counter(cause(a, b, False) for a, b in wrong))


def print_causes(missed: Counter, wrong: Counter) -> None:
    for title, counted in (("missed pairs", missed), ("wrong pairs", wrong)):
        print(f"\n{title} by cause ({sum(counted.values())}):")
        for name, n in counted.most_common():
            print(f"  {n:6d}  {name}")
