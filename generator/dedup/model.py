"""The match model: what each level of agreement between two records is worth, read as a table.

A Fellegi–Sunter model, as Splink specifies one. Each field is compared at a few levels; each
level has an m-probability (how often two records of *one* paper agree at that level) and a
u-probability (how often two records of *different* papers do). A level is worth
log2(m / u) bits of evidence, and a pair's match weight is the sum over its fields:

| field    | levels, best first                                                                  |
|----------|-------------------------------------------------------------------------------------|
| title    | identical, >= 96, >= 88, one is the other's head or contains it, >= 75, >= 60, less |
| abstract | identical (>= 98), >= 90, half in shared runs, >= 85, rewritten (no evidence either |
|          | way), missing; under the veto with less than a third in shared runs: a veto         |
| authors  | all of several, the only one, at least half, some, none, unknown (people compared)  |
| year     | same, one apart, further apart, unknown                                             |
| venue    | alike (however written), unalike (no evidence either way: citations garble venues), |
|          | unknown                                                                             |

The m-probabilities are fixed below (how duplicates differ is much the same in every list).
The u-probabilities are estimated from the input itself: `MatchModel.estimate` compares
random pairs of the list's own records and counts how often each level occurs by chance,
smoothed towards the defaults below so that a small list still has sensible weights. Only
pairs whose titles are unalike count: in a list full of duplicates (in Cora 2% of all pairs
match) random pairs are otherwise often the same paper and would make agreement look common,
while two records with unalike titles are different papers but for a rare retitling.
Authors, years and venues are estimated so (in a list citing three venues, a shared venue
proves little); abstracts keep the defaults below (two different papers never share an
abstract, so a sampled pair that did would be a retitled copy, not chance), and so do the
title's own levels, the list speaking through its words' rarity instead.
The defaults count as 1,000 sampled pairs, so a list speaks for itself from about fifty
records on.
A title agreement is worth no more than its words are rare: the chance that two unrelated
records share a title's words is at least the product of those words' frequencies among this
list's distinct titles (a paper's copies do not make its own words common), so "Deep learning"
proves little and a title of rare words much.

Strong contradictions are listed apart from these weights (in `evidence.py`); they veto a
merge whatever the weight. Identifiers decide outright when both records have one.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .abstracts import AbstractAgreement

SAMPLE_PAIRS = 4000  # random pairs whose agreement estimates the u-probabilities
SAMPLE_RECORDS = 16384  # records whose title words are counted for their frequencies
PSEUDO_PAIRS = 1000.0  # weight of the default u-probabilities against the sample's counts
PSEUDO_TITLES = 100  # unseen titles a word's frequency is also counted among
RARE_WORD = 0.04  # no word is taken to be rarer than this (a title alone needs four words)


@dataclass(frozen=True)
class Level:
    """A level of agreement, as Splink's ComparisonLevel: its name, its condition (`when`, for
    the fields whose levels are chosen from this table) and its weight's m and u."""

    name: str
    m: float  # P(this level | one paper)
    u: float  # default P(this level | different papers), replaced by the list's estimate
    when: Callable[[Any], bool] | None = None


HALF_SHARED = 0.5  # share of the shorter abstract in shared runs: a revision of one text
SOME_SHARED = 0.3  # less than this kept (`AbstractAgreement.kept`) under the veto: another paper


TITLE = (
    Level("identical", 0.55, 1e-5),
    Level(">= 96", 0.17, 1e-5),  # one typo
    Level(">= 88", 0.10, 6e-5),
    Level("head or contained", 0.05, 1e-4),  # a subtitle dropped, venue text glued on
    Level(">= 75", 0.05, 2e-3),
    Level(">= 60", 0.02, 0.02),  # related papers' titles are often this alike
    Level("unalike", 0.03, 0.995),
)
ABSTRACT = (
    Level("identical", 0.60, 1e-7, when=lambda a: a.ratio >= 98),
    Level(">= 90", 0.25, 1e-6, when=lambda a: a.ratio >= 90),
    # a revised abstract: at least half of the shorter one in runs of eight words (four of them
    # content words) that the other holds word for word, however many sentences were rewritten
    Level("half in shared runs", 0.05, 4e-6, when=lambda a: a.kept(HALF_SHARED)),
    Level(">= 85", 0.08, 1e-5, when=lambda a: a.ratio >= 85),
    # a heavier revision, or a follow-up paper reusing some sentences: no evidence either way
    # (below the veto with less than SOME_SHARED in shared runs, a strong contradiction)
    Level("rewritten", 0.02, 0.02, when=lambda a: True),
    Level("missing", 1.0, 1.0),
)
AUTHORS = (
    Level("all of several", 0.55, 5e-4),
    Level("the only one", 0.2, 5e-3),
    Level("at least half", 0.15, 6e-3),
    Level("some", 0.05, 0.03),
    Level("none", 0.05, 0.96),
    Level("unknown", 1.0, 1.0),
)
YEAR = (
    Level("same", 0.75, 0.15),
    Level("one apart", 0.17, 0.2),
    Level("further apart", 0.08, 0.65),
    Level("unknown", 1.0, 1.0),
)
VENUE = (
    Level("alike", 0.5, 0.05),
    # citations write one venue in many ways (a tech report, a proceedings, its abbreviation):
    # unalike venues are no evidence either way
    Level("unalike", 1.0, 1.0),
    Level("unknown", 1.0, 1.0),
)
FIELDS = {"title": TITLE, "abstract": ABSTRACT, "authors": AUTHORS, "year": YEAR,
          "venue": VENUE}
UNALIKE = len(TITLE) - 1  # the title level of two different papers
ESTIMATED = ("authors", "year", "venue")  # the fields whose u-probabilities the list's pairs give


def title_level(similarity: float, head: bool) -> int:
    if similarity >= 100:
        return 0
    if similarity >= 96:
        return 1
    if similarity >= 88:
        return 2
    if head:
        return 3
    if similarity >= 75:
        return 4
    return 5 if similarity >= 60 else 6


def abstract_level(agreement: AbstractAgreement | None) -> int:
    """The first level whose condition the two abstracts meet (the last: one is missing)."""
    if agreement is None:
        return len(ABSTRACT) - 1
    return next(n for n, level in enumerate(ABSTRACT) if level.when and level.when(agreement))


def author_level(agreement: float | None, shorter: int = 2) -> int:
    """`agreement`: the share of the shorter list's people (`shorter` of them) in the other."""
    if agreement is None:
        return 5
    if agreement >= 1:
        return 0 if shorter > 1 else 1
    if agreement >= 0.5:
        return 2
    return 3 if agreement > 0 else 4


def venue_level(alike: bool | None) -> int:
    return 2 if alike is None else 0 if alike else 1


def year_level(a: int | None, b: int | None) -> int:
    if a is None or b is None:
        return 3
    gap = abs(a - b)
    return 0 if gap == 0 else 1 if gap == 1 else 2


@dataclass(frozen=True)
class MatchModel:
    """The u-probabilities of one list and the frequencies of its title words."""

    u: dict[str, tuple[float, ...]]
    word_frequency: dict[str, float]
    sampled_pairs: int = 0

    @staticmethod
    def default() -> MatchModel:
        return MatchModel({f: tuple(level.u for level in levels)
                           for f, levels in FIELDS.items()}, {})

    @staticmethod
    def estimate(count: int, title_words: Callable[[int], Sequence[str]],
                 levels_of: Callable[[int, int], dict[str, int]]) -> MatchModel:
        """Estimate from `count` records: `title_words(i)` are record i's folded title words,
        `levels_of(i, j)` the levels at which records i and j agree (known fields only)."""
        model = MatchModel.default()
        if count < 2:
            return model
        rng = random.Random(count)  # the same pairs for the same list, in every run
        step = max(1, count // SAMPLE_RECORDS)
        frequency: Counter[str] = Counter()
        titles = {tuple(title_words(i)) for i in range(0, count, step)}  # copies count once
        for title in titles:
            frequency.update(set(title))
        # a short list cannot show a word to be common: count it among PSEUDO_TITLES more
        seen = len(titles) + PSEUDO_TITLES
        words = {w: max(RARE_WORD, n / seen) for w, n in frequency.items()}
        counts = {f: [0] * len(levels) for f, levels in FIELDS.items()}
        known = Counter()
        pairs = min(SAMPLE_PAIRS, count * (count - 1) // 2)
        for _ in range(pairs):
            i, j = rng.randrange(count), rng.randrange(count - 1)
            j += j >= i
            found = levels_of(i, j)
            if found.pop("title", None) != UNALIKE:
                continue
            for name, level in found.items():
                counts[name][level] += 1
                known[name] += 1
        u = {}
        for name, levels in FIELDS.items():
            if name not in ESTIMATED:
                u[name] = model.u[name]
                continue
            total = known[name]
            u[name] = tuple(
                level.u if level.m == level.u == 1.0 else
                (counts[name][n] + PSEUDO_PAIRS * level.u) / (total + PSEUDO_PAIRS)
                for n, level in enumerate(levels))
        return MatchModel(u, words, pairs)

    def bits(self, field: str, level: int) -> float:
        return math.log2(FIELDS[field][level].m / self.u[field][level])

    def title_bits(self, level: int, shared_words: Sequence[str], chance: float = 0.0) -> float:
        """A title's agreement, worth at most what the chance of sharing its words allows
        (or `chance`, the least chance of a title known to recur, such as "Editorial")."""
        m = TITLE[level].m
        u = max(self.u["title"][level], chance)
        if level < len(TITLE) - 1 and shared_words:
            chance = math.prod(self.word_frequency.get(w, RARE_WORD) for w in shared_words)
            u = max(u, chance)
        return math.log2(m / u)
