"""Which records are the same paper: blocking, evidence, and coherent clustering.

Titles alone do not prove identity (a paper and its journal extension share most of a title), so
a title match must be confirmed by the abstract when both records have one, and any strong
contradiction (very different abstracts, years far apart) keeps records apart. Clusters grow by
complete linkage over contradictions: a record joins a cluster only if it contradicts none of its
members, so A~B and B~C cannot glue A to a very different C.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from .config import DedupSettings
from .models import Record
from .text import fold

STOPWORDS = frozenset(
    "a an and are as at by for from in is into of on or the to via with without using towards "
    "toward we our its".split()
)
KEY_TOKENS = 3
ABSTRACT_KEY_WORDS = 40
MIN_ABSTRACT = 100
TRUNCATION_MARKS = ("...", "…")
RETITLED_ABSTRACT = 95.0  # a near-identical abstract survives a rewritten title ...
RETITLED_TITLE_FLOOR = 50.0  # ... but not a wholly different one
CLUSTER_TITLE_FLOOR = 60.0  # members of one paper never have titles less alike than this


@dataclass(frozen=True)
class Fingerprint:
    """The folded forms of a record that evidence is computed from, prepared once."""

    title: str
    main_title: str
    abstract: str
    year: int | None
    title_words: int

    @classmethod
    def of(cls, record: Record) -> Fingerprint:
        title = fold(record.title)
        head = record.title.split(":", 1)[0] if ":" in record.title else ""
        main = fold(head) if len(head.split()) >= 3 else ""
        abstract = record.abstract.strip()
        for mark in TRUNCATION_MARKS:
            abstract = abstract.removesuffix(mark)
        return cls(
            title=title,
            main_title=main,
            abstract=fold(abstract),
            year=record.date.year if record.date else None,
            title_words=len(title.split()),
        )


@dataclass(frozen=True)
class Evidence:
    """How alike two records are, and what that proves."""

    title: float
    abstract: float | None
    same: bool
    different: bool

    @property
    def score(self) -> float:
        if self.abstract is None:
            return self.title
        return (self.title + self.abstract) / 2


def title_similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Folded-title ratio, also allowing one title to have dropped the other's subtitle."""
    best = fuzz.ratio(a.title, b.title)
    for left, right in ((a.main_title, b.title), (a.title, b.main_title)):
        if left and right:
            best = max(best, fuzz.ratio(left, right))
    return best


def abstract_similarity(a: str, b: str) -> float | None:
    """Ratio of two abstracts, where a truncated abstract counts as equal to its full version."""
    if len(a) < MIN_ABSTRACT or len(b) < MIN_ABSTRACT:
        return None
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    whole = fuzz.ratio(short, long)
    prefix = fuzz.ratio(short, long[: len(short)])
    return max(whole, prefix)


def compare(a: Fingerprint, b: Fingerprint, settings: DedupSettings) -> Evidence:
    title = title_similarity(a, b)
    if title < RETITLED_TITLE_FLOOR:
        return Evidence(title, None, same=False, different=False)  # no rule can merge these
    abstract = abstract_similarity(a.abstract, b.abstract)
    years_apart = a.year is not None and b.year is not None and abs(a.year - b.year) > 1
    different = years_apart or (abstract is not None and abstract < settings.abstract_veto)
    if different:
        same = False
    elif abstract is not None:
        same = (title >= settings.title_threshold and abstract >= settings.abstract_threshold) or (
            abstract >= RETITLED_ABSTRACT and title >= RETITLED_TITLE_FLOOR
        )
    else:
        shortest = min(a.title_words, b.title_words)
        same = title >= settings.title_only_threshold and shortest >= settings.min_title_words
    return Evidence(title, abstract, same, different)


def _key_tokens(text: str, frequency: Counter[str]) -> list[str]:
    words = {w for w in text.split() if w not in STOPWORDS and len(w) > 1}
    return sorted(words, key=lambda w: (frequency[w], w))[:KEY_TOKENS]


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Pairs that share a rare title word or a rare word at the start of their abstracts.

    Each record is looked up only under its few rarest words, so the work grows with the number
    of records rather than with its square.
    """
    pairs: set[tuple[int, int]] = set()
    for field in ("title", "abstract"):
        texts = [_blocking_text(p, field) for p in prints]
        postings: dict[str, list[int]] = defaultdict(list)
        for index, text in enumerate(texts):
            for word in set(text.split()):
                postings[word].append(index)
        frequency = Counter({w: len(ids) for w, ids in postings.items()})
        for index, text in enumerate(texts):
            for word in _key_tokens(text, frequency):
                for other in postings[word]:
                    if other != index:
                        pairs.add((min(index, other), max(index, other)))
    return pairs


def _blocking_text(p: Fingerprint, field: str) -> str:
    if field == "title":
        return p.title
    return " ".join(p.abstract.split()[:ABSTRACT_KEY_WORDS])


def cluster(records: Sequence[Record], settings: DedupSettings) -> list[list[Record]]:
    """Group records into papers. The result does not depend on the order of `records`."""
    ordered = sorted(records, key=_record_key)
    prints = [Fingerprint.of(r) for r in ordered]
    evidence: dict[tuple[int, int], Evidence] = {}
    queue: list[tuple[float, int, int]] = []
    for i, j in sorted(candidate_pairs(prints)):
        found = compare(prints[i], prints[j], settings)
        evidence[(i, j)] = found
        if found.same:
            queue.append((-found.score, i, j))
    heapq.heapify(queue)

    def contradicts(i: int, j: int) -> bool:
        key = (min(i, j), max(i, j))
        if key not in evidence:
            evidence[key] = compare(prints[key[0]], prints[key[1]], settings)
        found = evidence[key]
        return found.different or (found.title < CLUSTER_TITLE_FLOOR and not found.same)

    owner = list(range(len(ordered)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    while queue:
        _, i, j = heapq.heappop(queue)
        a, b = owner[i], owner[j]
        if a == b or any(contradicts(x, y) for x in members[a] for y in members[b]):
            continue
        keep, gone = min(a, b), max(a, b)
        for index in members[gone]:
            owner[index] = keep
        members[keep].extend(members.pop(gone))
    return [[ordered[i] for i in sorted(group)] for _, group in sorted(members.items())]


def _record_key(record: Record) -> tuple:
    return (fold(record.title), record.abstract, record.source.file, record.source.line,
            record.source.id or "")
