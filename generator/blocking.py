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
from collections.abc import Iterator, Sequence
from itertools import combinations

from .evidence import Fingerprint, words

STOPWORDS = frozenset(
    "a an and are as at by for from in is into of on or the to via with without using towards "
    "toward we our its this that".split()
)
KEY_WORDS = 4
ABSTRACT_WORDS = 40
RARE_WORD_BLOCK = 20  # the rarest word alone is a key while this few records share it
SMALL_BLOCK = 12  # blocks up to this size compare every pair
WINDOW = 8  # in larger blocks, each record meets its nearest neighbours by title


STOP_HASHES = frozenset(words(" ".join(STOPWORDS)))
Key = tuple[object, ...]


def _keys(prints: Sequence[Fingerprint]) -> Iterator[tuple[int, set[Key]]]:
    """Each record's blocking keys, one record at a time (so they are never all in memory)."""
    titles = [set(words(p.title)) - STOP_HASHES for p in prints]
    heads = [set(words(p.main_title)) - STOP_HASHES for p in prints]  # title before its colon
    abstracts = [set(p.abstract[:ABSTRACT_WORDS]) - STOP_HASHES for p in prints]
    title_frequency = Counter(w for found in titles for w in found)
    abstract_frequency = Counter(w for found in abstracts for w in found)
    for index, p in enumerate(prints):
        keys = _group_keys(0, titles[index], title_frequency)
        if heads[index]:
            keys |= _group_keys(0, heads[index], title_frequency)
        if abstracts[index]:
            keys |= _group_keys(1, abstracts[index], abstract_frequency)
        keys.update(("id", i) for i in (p.doi, p.arxiv) if i)
        yield index, keys


def _group_keys(field: int, found: set[int], frequency: Counter[int]) -> set[Key]:
    # two C-level sorts instead of a key function: by frequency, ties by word
    rarest = sorted(sorted(found), key=frequency.__getitem__)[:KEY_WORDS]
    keys: set[Key] = {(field, a, b) for a, b in combinations(sorted(rarest), 2)}
    if rarest and (len(rarest) == 1 or frequency[rarest[0]] <= RARE_WORD_BLOCK):
        keys.add((field, rarest[0]))
    return keys


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs (i < j) of records that share at least one blocking key.

    In a small block every pair is a candidate. A large block (a common pair of words) is
    sorted by title and each record paired with its `WINDOW` nearest neighbours only: records of
    one paper have near-identical titles and sort together, and the cost stays linear.
    """
    blocks: dict[Key, list[int]] = defaultdict(list)
    for index, keys in _keys(prints):
        for key in keys:
            blocks[key].append(index)
    pairs: set[tuple[int, int]] = set()
    for block in blocks.values():
        if len(block) == 1:
            continue
        if len(block) <= SMALL_BLOCK:
            pairs.update(combinations(block, 2))
            continue
        ordered = sorted(block, key=lambda i: (prints[i].title, i))
        for position, index in enumerate(ordered):
            for other in ordered[position + 1 : position + 1 + WINDOW]:
                pairs.add((min(index, other), max(index, other)))
    return pairs
