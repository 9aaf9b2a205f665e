"""Related papers: tf-idf cosine similarity of titles and abstracts, computed at build time.

scikit-learn builds the tf-idf matrix from hashed words (no vocabulary to build and sort: at
10k papers that was most of the stage; two words that share one of four million buckets, few
in a real list's vocabulary, only blur a score); each paper keeps its most distinctive words,
and the similarities are taken block by block as a sparse product, so memory stays bounded.
The time grows with the number of papers and the pairs of them that share a distinctive word:
1.3 s at 8,000 synthetic papers, 11 s at 80,000 (docs/performance.md); most of it is reading
the words. scikit-learn, numpy and scipy are
imported when the related papers are computed, not when the build starts: importing
scikit-learn alone costs about a second, and a rebuild takes the related papers from its cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models import Paper

BLOCK = 512  # rows of the similarity matrix computed at a time
MIN_FOR_COMMON_WORDS = 20
FEATURES = 1 << 22  # hash buckets for words
TERMS_PER_PAPER = 30  # a paper is compared on its most distinctive words only


def related_papers(papers: Sequence[Paper], count: int = 5) -> dict[str, tuple[str, ...]]:
    """For each paper's slug, the slugs of the `count` most similar other papers."""
    if len(papers) < 2:
        return {p.slug: () for p in papers}
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

    texts = [f"{p.title} {p.title} {p.abstract}" for p in papers]  # the title counts twice
    counts = HashingVectorizer(stop_words="english", alternate_sign=False, norm=None,
                               n_features=FEATURES, dtype=np.float32).transform(texts)
    if len(papers) >= MIN_FOR_COMMON_WORDS:
        # words in over half the papers say nothing, but only a large list can tell which
        frequency = np.bincount(counts.indices, minlength=FEATURES)
        counts.data[frequency[counts.indices] > len(papers) / 2] = 0
        counts.eliminate_zeros()
    if not counts.nnz:  # no word left to compare (e.g. titles of stop words only)
        return {p.slug: () for p in papers}
    vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    vectors = _keep_strongest_terms(vectors.tocsr(), TERMS_PER_PAPER)
    slugs = [p.slug for p in papers]
    others = vectors.T.tocsr()  # once: a product with `vectors.T` would transpose it per block
    related: dict[str, tuple[str, ...]] = {}
    for start in range(0, len(papers), BLOCK):
        block = (vectors[start:start + BLOCK] @ others).tocsr()
        for offset in range(block.shape[0]):
            row = start + offset
            lo, hi = block.indptr[offset], block.indptr[offset + 1]
            scores, columns = block.data[lo:hi], block.indices[lo:hi]
            scores = np.where(columns == row, 0.0, scores)
            keep = min(len(scores), count * 3)  # a margin for ties, then an exact order
            best = np.argpartition(-scores, keep - 1)[:keep] if keep else []
            ranked = sorted((-round(float(scores[i]), 6), slugs[columns[i]]) for i in best
                            if scores[i] > 0)
            related[slugs[row]] = tuple(slug for _, slug in ranked[:count])
    return related


def _keep_strongest_terms(vectors: Any, keep: int) -> Any:
    """Each row reduced to its `keep` largest tf-idf weights and normalised again: the products
    then touch only papers that share a distinctive word, so they stay sparse at 100k papers."""
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
