"""Related papers: tf-idf cosine similarity of titles and abstracts, computed at build time.

Each paper's words are counted into a sparse matrix by hashing (numpy and scipy: nothing to
number or sort), weighted by tf-idf, and cut to the paper's most distinctive words; the
similarities are then taken block by block as a sparse product, so memory stays bounded. The
time grows with the number of papers and the pairs of them that share a distinctive word: 1.05 s
at 8,000 synthetic papers and 13 s at 80,000 (docs/performance.md), most of it reading the
words. numpy and scipy are imported when the related papers are computed, not when the build
starts (0.3 s, where scikit-learn's tf-idf cost 1.3 s to import), and a rebuild takes the
related papers from its cache.
"""

from __future__ import annotations

import re
import zlib
from array import array
from collections.abc import Iterable, Sequence
from itertools import filterfalse
from typing import Any

from ..models import Paper

BLOCK = 512  # rows of the similarity matrix computed at a time
MIN_FOR_COMMON_WORDS = 20
TERMS_PER_PAPER = 30  # a paper is compared on its most distinctive words only
BUCKETS = 1 << 22  # word buckets (a power of two)
WORD = re.compile(r"\b\w\w+\b")  # two or more letters or digits
# Words that say nothing of a paper's subject. A long list learns which words are common by
# itself (see MIN_FOR_COMMON_WORDS); a short one cannot, and would relate papers by "the".
FUNCTION_WORDS = frozenset("""
    about above across after again against all almost along already also although always am
    among an and another any are around as at be because been before being below between both
    but by can cannot could did do does doing done down during each either else enough etc even
    ever every few for from further had has have having he her here hers herself him himself his
    how however if in into is it its itself just least less may me might more most much must my
    myself neither no nor not now of off often on once one only onto or other others otherwise
    our ours ourselves out over own per perhaps quite rather same several shall she should since
    so some such than that the their theirs them themselves then there therefore these they this
    those though through thus to too toward towards under until up upon us very via was we well
    were what whatever when where whereas whether which while who whom whose why will with
    within without would yet you your yours yourself yourselves
""".split())


def related_papers(papers: Sequence[Paper], count: int = 5) -> dict[str, tuple[str, ...]]:
    """For each paper's slug, the slugs of the `count` most similar other papers."""
    if len(papers) < 2:
        return {p.slug: () for p in papers}
    import numpy as np

    counts = _word_counts(f"{p.title} {p.title} {p.abstract}" for p in papers)  # title twice
    frequency = np.bincount(counts.indices, minlength=counts.shape[1])
    if len(papers) >= MIN_FOR_COMMON_WORDS:
        # words in over half the papers say nothing, but only a large list can tell which
        counts.data[frequency[counts.indices] > len(papers) / 2] = 0
        counts.eliminate_zeros()
    if not counts.nnz:  # no word left to compare (e.g. titles of function words only)
        return {p.slug: () for p in papers}
    # tf-idf: log-scaled counts, times the smoothed inverse document frequency of the word
    rarity = np.log((1 + len(papers)) / (1 + frequency)) + 1
    counts.data = ((1 + np.log(counts.data)) * rarity[counts.indices]).astype(np.float32)
    vectors = _keep_strongest_terms(counts, TERMS_PER_PAPER)
    others = vectors.T.tocsr()  # once: a product with `vectors.T` would transpose it per block
    slugs = [p.slug for p in papers]
    by_slug = np.empty(len(slugs), dtype=np.int64)  # ties are ordered by slug
    by_slug[sorted(range(len(slugs)), key=slugs.__getitem__)] = np.arange(len(slugs))
    related: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(papers), BLOCK):
        block = (vectors[start:start + BLOCK] @ others).tocsr()
        rows = np.repeat(np.arange(start, start + block.shape[0]), np.diff(block.indptr))
        scores = np.round(block.data.astype(np.float64), 6)  # equal up to float noise: a tie
        kept = (block.indices != rows) & (scores > 0)  # not the paper itself
        rows, columns, scores = rows[kept], block.indices[kept], scores[kept]
        order = np.lexsort((by_slug[columns], -scores, rows))  # by row, best first
        rows, columns = rows[order], columns[order]
        rank = np.arange(len(rows)) - np.searchsorted(rows, rows)  # place within its row
        rows, columns = rows[rank < count], columns[rank < count]
        bounds = np.searchsorted(rows, np.arange(start, start + block.shape[0] + 1))
        for offset in range(block.shape[0]):
            related[slugs[start + offset]] = tuple(
                slugs[c] for c in columns[bounds[offset]:bounds[offset + 1]].tolist())
    return related


def _word_counts(texts: Iterable[str]) -> Any:
    """A papers x word-buckets matrix of how often each paper uses each word (lower-cased,
    function words left out). A word's bucket is its CRC-32, so the same words give the same
    matrix in every run; two words share a bucket only where their CRCs agree in the low 22 bits,
    which blurs a score a little and saves numbering a vocabulary (at 80k synthetic papers,
    850,000 words: a dictionary lookup per word cost twice as much)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    buckets, ends = array("I"), array("q", [0])
    for text in texts:  # per word only C: no Python frame for 15 million words at 80k papers
        words = " ".join(filterfalse(FUNCTION_WORDS.__contains__, WORD.findall(text.lower())))
        # encoded once per paper (a third faster than per word); a word holds no space, and no
        # byte of a UTF-8 letter is an ASCII space, so splitting the bytes gives back the words
        buckets.extend(map(zlib.crc32, words.encode("utf-8", "surrogatepass").split()))
        ends.append(len(buckets))
    columns = np.array(buckets, dtype=np.uint32) & (BUCKETS - 1)
    matrix = csr_matrix((np.ones(len(buckets)), columns, np.array(ends, dtype=np.int64)),
                        shape=(len(ends) - 1, BUCKETS))
    matrix.sum_duplicates()  # one entry per (paper, bucket), holding its count
    return matrix



def _keep_strongest_terms(vectors: Any, keep: int) -> Any:
    """Each row reduced to its `keep` largest tf-idf weights and normalised: the products then
    touch only papers that share a distinctive word, so they stay sparse at 100k papers."""
    import numpy as np
    from scipy.sparse import csr_matrix

    data, indices, indptr = [], [], [0]
    for row in range(vectors.shape[0]):
        lo, hi = vectors.indptr[row], vectors.indptr[row + 1]
        weights, columns = vectors.data[lo:hi], vectors.indices[lo:hi]
        if len(weights) > keep:
            top = np.argpartition(-weights, keep - 1)[:keep]
            weights, columns = weights[top], columns[top]
        norm = float(np.linalg.norm(weights)) or 1.0
        data.append(weights / norm)
        indices.append(columns)
        indptr.append(indptr[-1] + len(weights))
    return csr_matrix((np.concatenate(data), np.concatenate(indices), np.array(indptr)),
                      shape=vectors.shape)

