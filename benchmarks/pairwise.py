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


VERSION_RULES = ("years ", "a conference paper and a journal article", "papers of two different")


def ceiling(result, settings, truth_of) -> Counter:
    """What the labels allow a clustering that keeps the match model's rules to reach, counted
    over every record pair (`truth_of`: record id to true cluster): true pairs that a version
    rule keeps apart (a conference paper and its journal article of another year, years far
    apart, two conferences), true pairs whose titles are unalike (< 75) with no abstract to
    link them, and false pairs that any rule must merge (identical or one-typo titles, every
    author agreeing, the same year, no contradiction)."""
    from generator.dedup.evidence import compare, title_similarity
    from generator.dedup.fingerprint import Fingerprint
    from generator.dedup.model import title_level

    prints = [Fingerprint(r) for r in result.records]
    found: Counter = Counter()
    for n, a in enumerate(prints):
        for b in prints[n + 1:]:
            same = truth_of[a.record.source.id] == truth_of[b.record.source.id]
            evidence = compare(a, b, result.model, settings)
            level = title_level(*title_similarity(a, b))
            if same:
                found["true pairs"] += 1
                if evidence.different and evidence.reason.startswith(VERSION_RULES):
                    found["true, kept apart by a version rule"] += 1
                elif level > 4 and evidence.abstract is None:
                    found["true, titles unalike and no abstract"] += 1
            elif (level <= 1 and evidence.authors == 1.0 and not evidence.different
                  and a.year is not None and a.year == b.year):
                found["false, identical titles, authors and year"] += 1
    return found


def print_ceiling(found: Counter) -> None:
    total = found["true pairs"]
    apart = found["true, kept apart by a version rule"]
    unalike = found["true, titles unalike and no abstract"]
    forced = found["false, identical titles, authors and year"]
    print("\nceiling under the model's rules (all record pairs):")
    for name, n in found.most_common():
        print(f"  {n:6d}  {name}")
    for label, lost in (("version rules kept", apart),
                        ("and unalike titles apart", apart + unalike)):
        hits = total - lost
        for wrong in (0, forced):
            precision, recall = hits / (hits + wrong), hits / total
            print(f"  {label}, {wrong} forced false pairs: recall <= {recall:.4f}, precision "
                  f"<= {precision:.4f}, F1 <= {2 * precision * recall / (precision + recall):.4f}")
