"""Candidate pairs for deduplication without comparing every record with every other.

Each record is filed under keys made of pairs of its four rarest title words and pairs of the
four rarest words at the start of its abstract (plus its DOI and arXiv id). Two records become
candidates when they share a key. A pair of rare words is very selective, so blocks stay small
and the number of pairs grows with the number of records rather than with its square; taking
every pair of four words means one or two changed words still leave a shared key. The
rarest word alone is also a key while it is rare enough that its block stays small, and a
title's head (before its colon) gives keys of its own, so a dropped subtitle still meets.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from .evidence import Fingerprint, words

STOPWORDS = frozenset(
    "a an and are as at by for from in is into of on or the to via with without using towards "
    "toward we our its this that".split()
)
KEY_WORDS = 4
ABSTRACT_WORDS = 40
RARE_WORD_BLOCK = 20  # the rarest word alone is a key while this few records share it
MAX_BLOCK = 100  # a key shared by more records than this says little; its pairs are skipped


STOP_HASHES = frozenset(words(" ".join(STOPWORDS)))
Key = tuple[object, ...]


def _keys(prints: Sequence[Fingerprint]) -> list[set[Key]]:
    keys: list[set[Key]] = [set() for _ in prints]
    titles = [set(words(p.title)) - STOP_HASHES for p in prints]
    heads = [set(words(p.main_title)) - STOP_HASHES for p in prints]  # title before its colon
    abstracts = [set(p.abstract[:ABSTRACT_WORDS]) - STOP_HASHES for p in prints]
    for field, (primary, extra) in enumerate(((titles, heads), (abstracts, None))):
        frequency = Counter(w for found in primary for w in found)
        for index, found in enumerate(primary):
            for group in (found, extra[index] if extra else None):
                if group:
                    keys[index].update(_group_keys(field, group, frequency))
    for index, p in enumerate(prints):
        keys[index].update(("id", i) for i in (p.doi, p.arxiv) if i)
    return keys


def _group_keys(field: int, found: set[int], frequency: Counter[int]) -> set[Key]:
    rarest = sorted(found, key=lambda w: (frequency[w], w))[:KEY_WORDS]
    keys: set[Key] = {(field, a, b) for a, b in combinations(sorted(rarest), 2)}
    keys.update((field, w) for w in rarest[:1]
                if len(rarest) == 1 or frequency[w] <= RARE_WORD_BLOCK)
    return keys


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records that share at least one blocking key."""
    blocks: dict[Key, list[int]] = defaultdict(list)
    for index, keys in enumerate(_keys(prints)):
        for key in keys:
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for block in _small(blocks.values()):
        pairs.update(combinations(block, 2))
    return pairs


def _small(blocks: Iterable[list[int]]) -> Iterable[list[int]]:
    return (b for b in blocks if 1 < len(b) <= MAX_BLOCK)
