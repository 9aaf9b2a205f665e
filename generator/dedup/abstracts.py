"""How two abstracts compare the way versions of one paper differ.

A camera-ready abstract keeps most of the preprint's sentences word for word and rewrites one
to three of them; a different paper's abstract, even by the same authors on the same topic,
shares at most a stock phrase ("extensive experiments on three benchmarks show that"). One
global ratio cannot tell the two apart: two rewritten sentences of six pull it under any
threshold that also keeps different papers apart. So besides that ratio this counts how much
of the shorter abstract lies in runs of `RUN` words found word for word in the other (its
shared runs), and a long shared run of content words counts for more than a ratio.
"""

from __future__ import annotations

import zlib
from array import array
from dataclasses import dataclass

from rapidfuzz import fuzz

from .titles import STOPWORDS

RUN = 8  # words in a row that a stock phrase rarely fills, and a kept sentence always does
RUN_CONTENT_WORDS = 4  # ... of which at least this many are not stop words
STOP_HASHES = frozenset(zlib.crc32(w.encode("utf-8")) for w in STOPWORDS)


@dataclass(frozen=True)
class AbstractAgreement:
    """`ratio`: word-level similarity of the whole texts (0-100, a truncated abstract against
    its full version's opening); `shared`: the share (0-1) of the shorter abstract's words in
    runs that the other abstract holds word for word; `passages`: how many separate passages
    of the shorter abstract those runs make."""

    ratio: float
    shared: float
    passages: int = 0

    def kept(self, share: float) -> bool:
        """Whether at least `share` of the text was kept: in one passage if it is half or more
        of it, else in two passages at least (one shared sentence is a stock phrase or a quoted
        definition, which other papers copy too; a revision keeps several)."""
        return self.shared >= share and (self.passages >= 2 or self.shared >= 0.5)


def compare_abstracts(a: array, b: array) -> AbstractAgreement:
    """`a` and `b` are abstracts as word hashes (`fingerprint.folded_words`)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    ratio = fuzz.ratio(short, long)
    if len(short) != len(long):
        ratio = max(ratio, fuzz.ratio(short, long[: len(short)]))
    if ratio >= 90:  # near-identical: the runs add nothing
        return AbstractAgreement(ratio, 1.0, 1)
    return AbstractAgreement(ratio, *shared_runs(short, long))


def shared_runs(short: array, long: array) -> tuple[float, int]:
    """The share of `short`'s words inside a run of `RUN` words that `long` also holds, the run
    carrying at least `RUN_CONTENT_WORDS` words that are not stop words; and how many separate
    passages those words make."""
    if len(short) < RUN:
        return 0.0, 0
    runs = {tuple(long[i:i + RUN]) for i in range(len(long) - RUN + 1)}
    covered = bytearray(len(short))
    for i in range(len(short) - RUN + 1):
        run = tuple(short[i:i + RUN])
        if run in runs and sum(w not in STOP_HASHES for w in run) >= RUN_CONTENT_WORDS:
            covered[i:i + RUN] = b"\x01" * RUN
    passages = sum(1 for i, c in enumerate(covered) if c and (i == 0 or not covered[i - 1]))
    return sum(covered) / len(short), passages
