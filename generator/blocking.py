"""Candidate pairs for deduplication without comparing every record with every other.

Each record is looked up only under its few rarest title words and the rarest words at the
start of its abstract, so the number of pairs grows with the number of records rather than with
its square. A word shared by more than `MAX_BLOCK` records is too common to be anyone's rarest
word in practice; if it is, the pairs it would bring are skipped and counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from .evidence import Fingerprint

STOPWORDS = frozenset(
    "a an and are as at by for from in is into of on or the to via with without using towards "
    "toward we our its this that".split()
)
KEY_WORDS = 3
ABSTRACT_WORDS = 40
MAX_BLOCK = 1000


def candidate_pairs(prints: Sequence[Fingerprint]) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a rare title word, a rare early-abstract word or an id."""
    pairs: set[tuple[int, int]] = set()
    for texts in ([p.title for p in prints],
                  [" ".join(p.abstract.split()[:ABSTRACT_WORDS]) for p in prints]):
        postings: dict[str, list[int]] = defaultdict(list)
        words = [{w for w in text.split() if w not in STOPWORDS and len(w) > 1} for text in texts]
        for index, found in enumerate(words):
            for word in found:
                postings[word].append(index)
        for index, found in enumerate(words):
            rarest = sorted(found, key=lambda w: (len(postings[w]), w))[:KEY_WORDS]
            for word in rarest:
                block = postings[word]
                if len(block) > MAX_BLOCK:
                    continue
                pairs.update((min(index, o), max(index, o)) for o in block if o != index)
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, p in enumerate(prints):
        for key in (p.doi and "doi:" + p.doi, p.arxiv and "arxiv:" + p.arxiv):
            if key:
                by_id[key].append(index)
    for block in by_id.values():
        pairs.update((a, b) for a in block for b in block if a < b)
    return pairs
