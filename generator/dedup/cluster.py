"""Which records are the same paper: candidate pairs, evidence, overrides, coherent clusters.

Exact copies (the same title, abstract, identifiers, year, authors and venue) are one unit from
the start, so ten thousand copies of a record cost what one does. Units are then compared in
candidate pairs (`blocking.py`) and weighed by the match model (`evidence.py`, `model.py`).

Clusters grow by taking the best-supported pairs first. Two clusters join when the evidence
between them *as a whole* supports it: no strong contradiction between any of their members
(different identifiers, years far apart, different part numbers, the owner's "different", two
records of a source declared to list each paper once), checked on the clusters' summaries, and
none between their representatives (up to `REPRESENTATIVES` distinct members each), whose
pairs' mean match weight must reach half the merge threshold. A weak signal, such as two titles
that are not alike while other members link them, does not veto; but A~B and B~C cannot glue A
to a very different C, whose pairs with A pull the mean down. The owner's overrides come
first: "same" groups start as one cluster, "different" groups can never share one.
"""

from __future__ import annotations

import gc
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from fnmatch import fnmatch
from functools import cached_property

from rapidfuzz import fuzz

from ..config import DedupSettings
from ..models import Provenance, Record
from .blocking import PRUNE_TITLE, candidate_pairs
from .conflicts import Conflict, find_conflicts
from .evidence import (
    COLUMN_WORDS,
    MAX_YEAR_GAP,
    RECURRING_YEARS,
    Evidence,
    agreement_levels,
    compare,
)
from .fingerprint import Fingerprint
from .model import MatchModel
from .titles import numbers_differ
from .versions import versions_differ

REPRESENTATIVES = 6  # distinct members of a cluster that a joining cluster is checked against


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
    model: MatchModel | None = None
    conflicts: tuple[Conflict, ...] = ()  # by index in `records`: kept apart, to be decided

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
        return _Clusterer(records, settings, constraints).run()
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Summary:
    """What a cluster's strong contradictions are checked against, kept as it grows."""

    units: list[int]
    representatives: list[int]
    dois: set[str]
    arxivs: set[str]
    years: tuple[int, int] | None
    numbers: dict[str, frozenset[str]]  # part numbers by their place in the title
    unique_files: set[str]
    apart: set[tuple[int, int]]
    versions: set[str]  # preprint, published: kept apart under [dedup] versions = "separate"


class _Clusterer:
    def __init__(self, records: Sequence[Record], settings: DedupSettings,
                 constraints: Constraints) -> None:
        self.settings = settings
        self.ordered = sorted(records, key=_record_key)
        position = {id(r): i for i, r in enumerate(self.ordered)}
        self.same = [[position[id(r)] for r in group] for group in constraints.same]
        self.apart_of: dict[int, set[tuple[int, int]]] = {}
        for n, groups in enumerate(constraints.different):
            for g, group in enumerate(groups):
                for r in group:
                    self.apart_of.setdefault(position[id(r)], set()).add((n, g))
        patterns = settings.unique_sources
        self.unique = {r.source.file for r in self.ordered
                       if any(fnmatch(r.source.file, p) for p in patterns)}
        self.units, self.copies = self._units()
        self.prints = [Fingerprint(self.ordered[u]) for u in self.units]
        self.columns = column_titles(self.prints)  # copies share their unit's title and year
        for p in self.prints:
            p.recurring = (p.file, p.title) in self.columns
        self.evidence: dict[tuple[int, int], Evidence] = {}
        self.copy_evidence: dict[int, Evidence] = {}  # a unit's record against its own copy

    def _units(self) -> tuple[list[int], list[list[int]]]:
        """Exact copies grouped: the index of each unit's first record, and its other records.
        A record the owner named in an override, or of a source declared to list each paper
        once, stays a unit of its own."""
        named = self.named = {i for group in self.same for i in group} | set(self.apart_of)
        first: dict[tuple, int] = {}
        units: list[int] = []
        copies: list[list[int]] = []
        for i, r in enumerate(self.ordered):
            if i in named or r.source.file in self.unique:
                units.append(i)
                copies.append([])
                continue
            key = (r.title, r.abstract, r.doi, r.arxiv, r.date, r.authors, r.venue)
            unit = first.get(key)
            if unit is None:
                first[key] = len(units)
                units.append(i)
                copies.append([])
            else:
                copies[unit].append(i)
        return units, copies

    def compared(self, i: int, j: int) -> Evidence:
        key = (i, j) if i < j else (j, i)
        found = self.evidence.get(key)
        if found is None:
            found = self.evidence[key] = compare(self.prints[key[0]], self.prints[key[1]],
                                                 self.model, self.settings)
        return found

    def run(self) -> Clustering:
        prints = self.prints
        self.model = MatchModel.estimate(
            len(prints), lambda i: prints[i].words,
            lambda i, j: agreement_levels(prints[i], prints[j]))
        self._split_unproven_copies()
        prints = self.prints
        queue: list[tuple[float, float, int, int]] = []
        for i, j in candidate_pairs(prints, PRUNE_TITLE):
            found = self.compared(i, j)
            if found.same:
                # equal weights (a "(demo)" note or a subtitle set aside) go to the pair whose
                # full titles hold the same words, wherever they stand
                closeness = fuzz.token_sort_ratio(prints[i].title, prints[j].title)
                queue.append((-found.weight, -closeness, i, j))
        heapq.heapify(queue)
        self.conflicts = find_conflicts(
            self.evidence, self.compared,
            {u for u, i in enumerate(self.units) if i in self.named})
        self.owner = list(range(len(prints)))
        self.summary: dict[int, _Summary] = {}
        unit_of = {record: u for u, record in enumerate(self.units)}
        for group in self.same:
            units = [unit_of[i] for i in group]
            for u in units[1:]:
                if self.owner[u] != self.owner[units[0]]:
                    self.join(self.owner[u], self.owner[units[0]])
        while queue:
            _, _, i, j = heapq.heappop(queue)
            a, b = self.owner[i], self.owner[j]
            if a != b and i not in self.conflicts and j not in self.conflicts and self.coherent(
                    a, b):
                self.join(a, b)
        return self.result()

    def _split_unproven_copies(self) -> None:
        """Copies are one paper only if a record matched with its own copy would merge: two
        bare "Book reviews" in one journal's table are two columns, not one paper."""
        for u in range(len(self.units)):
            if not self.copies[u]:
                continue
            found = compare(self.prints[u], self.prints[u], self.model, self.settings)
            if found.same:
                self.copy_evidence[u] = replace(found, reason=f"identical records: {found.reason}")
                continue
            for i in self.copies[u]:
                self.units.append(i)
                self.copies.append([])
                copy = Fingerprint(self.ordered[i])
                copy.recurring = self.prints[u].recurring
                self.prints.append(copy)
            self.copies[u] = []

    def summary_of(self, c: int) -> _Summary:
        found = self.summary.get(c)
        if found is not None:
            return found
        p = self.prints[c]
        record = self.ordered[self.units[c]]
        return _Summary(
            [c], [c], {p.doi} if p.doi else set(), {p.arxiv} if p.arxiv else set(),
            (p.year, p.year) if p.year is not None else None,
            dict(p.numbers),
            {record.source.file} if record.source.file in self.unique else set(),
            self.apart_of.get(self.units[c], set()), {p.version} - {None})

    def coherent(self, a: int, b: int) -> bool:
        """No strong contradiction between the clusters, and their representatives' pairs
        support the join on average."""
        left, right = self.summary_of(a), self.summary_of(b)
        if (left.dois and right.dois and not left.dois & right.dois) or (
                left.arxivs and right.arxivs and not left.arxivs & right.arxivs):
            return False
        if left.years and right.years and (max(left.years[1], right.years[1])
                                           - min(left.years[0], right.years[0]) > MAX_YEAR_GAP):
            return False
        if numbers_differ(left.numbers, right.numbers) or left.unique_files & right.unique_files:
            return False
        if any(n == m and g != h for n, g in left.apart for m, h in right.apart):
            return False
        if self.settings.versions == "separate" and versions_differ(left.versions,
                                                                     right.versions):
            return False
        total, count = 0.0, 0
        limit = self.settings.match_weight
        for x in left.representatives:
            for y in right.representatives:
                found = self.compared(x, y)
                if found.different:
                    return False
                total += min(max(found.weight, -limit), 2 * limit)
                count += 1
        return total / count >= limit / 2

    def join(self, a: int, b: int) -> None:
        """The smaller cluster goes into the larger one (union by size), so a cluster that
        grows one record at a time costs no more than linear."""
        big, small = self.summary_of(a), self.summary_of(b)
        if len(big.units) < len(small.units):
            a, b, big, small = b, a, small, big
        self.summary.pop(b, None)
        for unit in small.units:
            self.owner[unit] = a
        big.units.extend(small.units)
        big.representatives = sorted(big.representatives + small.representatives)[
            :REPRESENTATIVES]
        big.dois |= small.dois
        big.arxivs |= small.arxivs
        years = [y for y in (big.years, small.years) if y]
        big.years = (min(y[0] for y in years), max(y[1] for y in years)) if years else None
        big.numbers |= small.numbers
        big.unique_files |= small.unique_files
        big.apart = big.apart | small.apart
        big.versions |= small.versions
        self.summary[a] = big

    def result(self) -> Clustering:
        units, copies = self.units, self.copies
        by_index = {(units[i], units[j]): found for (i, j), found in self.evidence.items()}
        for u, extra in enumerate(copies):
            by_index.update(((units[u], c), self.copy_evidence[u]) for c in extra)
        groups = []
        ordered, owner, summary = self.ordered, self.owner, self.summary
        for c in range(len(units)):
            if owner[c] != c:
                continue
            if c not in summary and not copies[c]:
                groups.append([ordered[units[c]]])  # most records: a paper of their own
                continue
            members = summary[c].units if c in summary else [c]
            indices = sorted(i for u in members for i in (units[u], *copies[u]))
            groups.append([ordered[i] for i in indices])
        conflicts = tuple(Conflict(units[c.record], units[c.titled], units[c.abstracted])
                          for c in self.conflicts.values())
        return Clustering(groups, self.ordered, by_index, self.model, conflicts)


def column_titles(prints: Sequence[Fingerprint]) -> set[tuple[str, str]]:
    """(file, folded title) of short titles that one source lists under several years: a
    column's name recurs year after year, while a paper is published once (its preprint a year
    or two before). Long titles are left alone: citation scrapers often get the year wrong."""
    years: dict[tuple[str, str], set[int]] = {}
    for p in prints:
        if p.year is not None and len([w for w in p.words if len(w) > 1]) <= COLUMN_WORDS:
            years.setdefault((p.file, p.title), set()).add(p.year)
    return {key for key, found in years.items() if len(found) >= RECURRING_YEARS}


def _record_key(record: Record) -> tuple:
    """A total order on records that depends only on their provenance and content. Provenance
    first: sources are read in that order, so the sort finds them in order already and the
    records are then visited in the order they lie in memory, which matters for large lists."""
    source = record.source
    return (source.file, source.line, source.id or "", record.title, record.abstract)
