"""Candidate pairs for deduplication without comparing every record with every other.

Each record is filed under keys made of pairs of its four rarest title words and pairs of the
four rarest words at the start of its abstract (plus its DOI and arXiv id). Two records become
candidates when they share a key. A pair of rare words is very selective, so blocks stay small
and the number of pairs grows with the number of records rather than with its square; taking
every pair of four words means one or two changed words still leave a shared key. The
rarest word alone is also a key while it is rare enough that its block stays small, a title's
head (before its colon or first full stop) gives keys of its own, so a dropped subtitle still
meets, so does the title without its labels ("- Book Review", "(Demo)"), and so does a long
title's start and its end, so a citation with venue text glued onto its end, or the end of an
author list glued before it ("m. k. warmuth, a comparison of ..."), still meets its paper.
Initials and lone digits are taken as key words last: a citation glues them into titles, where
they are rare but name nothing.

Two listings of one paper that both carry an abstract meet under many keys (the title's and the
abstract's opening words). A pair that meets under a single key out of many, with titles unalike
and no shared identifier, shares one pair of words and little else: its abstracts would veto the
merge, so it is not compared at all (the common-blocks pruning of meta-blocking). Without
abstracts every shared key counts.

The keys live in NumPy arrays (a key is a 64-bit number; a collision between two keys only adds
candidates, which the evidence then judges), so the work is a few sorts rather than millions of
dictionary operations, and the cost grows with the number of records.
"""

from __future__ import annotations

import hashlib
import string
from array import array
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from .fingerprint import MIN_ABSTRACT_WORDS, Fingerprint, folded_words, words

STOPWORDS = frozenset(
    "a an and are as at by for from in is into of on or the to via with without using towards "
    "toward we our its this that".split()
)
KEY_WORDS = 4
OPENING = 300  # characters of the abstract that give keys: about its first 40 words
TITLE_START = 8  # a longer title also gives keys from its first this many words
RARE_WORD_BLOCK = 20  # the rarest word alone is a key while this few records share it
SMALL_BLOCK = 12  # blocks up to this size compare every pair
WINDOW = 8  # in larger blocks, each record meets its nearest neighbours by title, by venue
PRUNE_TITLE = 70.0  # titles this alike keep a pair met under one key (below any title level)

STOP_HASHES = np.array(sorted(set(words(" ".join(STOPWORDS)))), dtype=np.uint64)
# initials and lone digits ("m k warmuth a comparison of ...", "dnf 10 and"): what a citation
# glues into a title, rare there but naming nothing; ranked as the commonest words
LETTER_HASHES = np.array(sorted(set(words(" ".join(string.ascii_lowercase + string.digits)))),
                         dtype=np.uint64)
TITLE, ABSTRACT, IDENTIFIER = 1, 2, 3  # key families: the same words in another field never meet
MAX_WORDS = 60  # a record's first 60 words in a field are plenty to block it by
EMPTY = np.uint64(1 << 32)  # an empty cell of a word table: greater than every word hash
LAST = np.uint64(2**64 - 1)
CHUNK = 4096  # records whose word tables are built and ranked together
BUCKET = 4096  # keys a bucket when they are sorted
SAMPLE = 16384  # records whose words are counted to know which words are rare
TABLE_BITS = 21  # a frequency table of at most 2M slots (4 MB) stays in the CPU caches
MIX = 0x9E3779B97F4A7C15  # spreads the family over the key's bits


def candidate_pairs(prints: Sequence[Fingerprint],
                    title_floor: float = PRUNE_TITLE) -> list[tuple[int, int]]:
    """Sorted index pairs (i < j) of records worth comparing.

    In a small block every pair is a candidate. A large block (a common pair of words) is
    sorted by title and each record paired with its `WINDOW` nearest neighbours only: records of
    one paper have near-identical titles and sort together, and the cost stays linear. It is
    sorted a second time by venue, then title (two passes of the sorted-neighbourhood method):
    when many copies of one version share a title, a record of another version, its title
    sorting just beside theirs, would otherwise meet only them. A pair
    that met under one key out of many, both records having an abstract, is compared only if it
    shares an identifier or its titles are at least `title_floor` alike (or one is the other's
    head): only near-identical abstracts could merge it otherwise, and those share their opening
    words' keys.
    """
    count = len(prints)
    if count < 2:
        return []
    titles = [words(p.title) for p in prints]
    headed = np.array([i for i, p in enumerate(prints) if p.main_title], dtype=np.int64)
    heads = [words(prints[i].main_title) for i in headed.tolist()]  # the title before its colon
    # the title without its labels ("- Book Review", "(Demo)"), when they are set aside
    cored = np.array([i for i, p in enumerate(prints) if p.core_title], dtype=np.int64)
    cores = [words(prints[i].core_title) for i in cored.tolist()]
    # a long title's first words: venue or page text glued onto a citation's end leaves them
    long = np.array([i for i, t in enumerate(titles) if len(t) > TITLE_START], dtype=np.int64)
    starts = [titles[i][:TITLE_START] for i in long.tolist()]
    ends = [titles[i][-TITLE_START:] for i in long.tolist()]  # author text glued before it
    openings = [_opening(p) for p in prints]
    with_abstract = np.fromiter(map(len, openings), dtype=np.int64, count=count)
    with_abstract = with_abstract >= MIN_ABSTRACT_WORDS
    title_frequency = _frequency(titles)
    identifiers = _identifier_keys(prints)
    families = [
        _word_keys(TITLE, titles, title_frequency),
        _word_keys(TITLE, heads, title_frequency, headed),
        _word_keys(TITLE, cores, title_frequency, cored),
        _word_keys(TITLE, starts, title_frequency, long),
        _word_keys(TITLE, ends, title_frequency, long),
        _word_keys(ABSTRACT, openings, _frequency(openings)),
        identifiers,
    ]
    keys, members = _filings(np.concatenate([k for k, _ in families]),
                             np.concatenate([m for _, m in families]))
    codes, meetings = _pairs(keys, members, prints)
    left, right = codes // count, codes % count
    keys_per_record = np.bincount(members, minlength=count)
    fewest = np.minimum(keys_per_record[left], keys_per_record[right])
    both_abstracts = with_abstract[left] & with_abstract[right]
    kept = (meetings >= 2) | (2 * meetings >= fewest) | ~both_abstracts
    doubtful = np.flatnonzero(~kept)
    if len(doubtful):
        same_id, _ = _pairs(*_filings(*identifiers), prints)
        kept[doubtful] = np.isin(codes[doubtful], same_id) | _alike_titles(
            prints, left[doubtful], right[doubtful], title_floor, headed)
    return list(zip(left[kept].tolist(), right[kept].tolist(), strict=True))


def _alike_titles(prints: Sequence[Fingerprint], left: np.ndarray, right: np.ndarray,
                  floor: float, headed: np.ndarray) -> np.ndarray:
    """Whether each pair's folded titles are at least `floor` alike, or one is the other's head
    ("DASS" and "DASS: Differentiable Architecture Search ..."). `headed`: the records whose
    title has a head."""
    titles = np.array([p.title for p in prints], dtype=object)
    alike = process.cpdist(titles[left].tolist(), titles[right].tolist(), scorer=fuzz.ratio,
                           workers=-1) >= floor
    has_head = np.zeros(len(prints), dtype=bool)
    has_head[headed] = True
    for k in np.flatnonzero(~alike & (has_head[left] | has_head[right])).tolist():
        a, b = prints[left[k]], prints[right[k]]
        alike[k] = a.main_title == b.title or b.main_title == a.title
    return alike


def _filings(keys: np.ndarray, members: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (key, record) filing once, sorted by key, then record.

    Sorted in two steps, as a radix sort does: first into buckets by the key's top bits (one
    linear pass), then each bucket on its own, small enough for the CPU caches; one sort of
    millions of keys would spend most of its time waiting for memory."""
    bits = min(16, max(0, (len(keys) // BUCKET).bit_length() - 1))
    top = np.zeros(len(keys), dtype=np.uint16)
    if bits:
        top[:] = keys >> np.uint64(64 - bits)
    order = np.argsort(top, kind="stable")  # a radix sort, for 16-bit numbers
    bounds = np.searchsorted(top[order], np.arange((1 << bits) + 1))
    for low, high in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if high - low > 1:
            part = order[low:high]
            order[low:high] = part[np.lexsort((members[part], keys[part]))]
    keys, members = keys[order], members[order]
    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = (keys[1:] != keys[:-1]) | (members[1:] != members[:-1])
    return keys[fresh], members[fresh]


def _opening(p: Fingerprint) -> array:
    """The folded words of the abstract's first `OPENING` characters (a word the cut splits is
    left out), without folding and hashing the whole abstract: most records are never compared
    with any other."""
    text = p.record.abstract.lstrip()
    if len(text) <= OPENING:
        return folded_words(text)
    head = text[:OPENING]
    if not text[OPENING].isspace() and not head[-1].isspace():
        head = head.rsplit(None, 1)[0]  # a word the cut splits
    return folded_words(head)


def _word_table(per_record: Sequence[array]) -> np.ndarray:
    """One row a record: its distinct words other than stopwords (its first `MAX_WORDS`),
    sorted, then `EMPTY` cells. Built for a chunk of records at a time, so that the many small
    row sorts stay in the CPU caches."""
    lengths = np.fromiter(map(len, per_record), dtype=np.int64, count=len(per_record))
    width = max(KEY_WORDS, min(MAX_WORDS, int(lengths.max(initial=0))))
    table = np.full((len(per_record), width), EMPTY, dtype=np.uint64)
    if lengths.any():
        rows = np.repeat(np.arange(len(per_record)), lengths)
        columns = np.arange(len(rows)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        kept = columns < width
        values = np.frombuffer(b"".join(per_record), dtype=np.uint32)
        table[rows[kept], columns[kept]] = values[kept]
    table[np.isin(table, STOP_HASHES)] = EMPTY
    table.sort(axis=1)
    table[:, 1:][table[:, 1:] == table[:, :-1]] = EMPTY  # a word twice in one record
    table.sort(axis=1)
    return table


def _frequency(per_record: Sequence[array]) -> np.ndarray:
    """About how many records hold each word (a record counts a word once), as a table
    indexed by the word's low bits.

    Counted on an evenly spread sample of `SAMPLE` records and scaled up, which ranks words as
    well as a full count does at a fixed cost, in a table small enough for the CPU caches (four
    slots a word of the sample, at most 2M). Two words that share a slot add up, which only
    makes a word look commoner than it is, the same way in every record."""
    step = -(-len(per_record) // SAMPLE)
    sample = _word_table(per_record[::step])
    found = sample[sample != EMPTY]
    slots = 1 << min(TABLE_BITS, max(16, (4 * len(found)).bit_length()))
    counts = np.bincount((found & np.uint64(slots - 1)).astype(np.int64), minlength=slots)
    return np.minimum(counts * step, np.iinfo(np.uint16).max).astype(np.uint16)


def _distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values and how often each occurs (`np.unique` hashes, which is several
    times slower on millions of 64-bit keys)."""
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.empty(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def _word_keys(family: int, per_record: Sequence[array], frequency: np.ndarray,
               records: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Keys from each record's `KEY_WORDS` rarest words: every pair of them, and the rarest
    alone while it is rare (or when it is the record's only word). `records` numbers the
    records of `per_record` when they are not all of them."""
    keys, members = [np.empty(0, dtype=np.uint64)], [np.empty(0, dtype=np.int64)]
    for start in range(0, len(per_record), CHUNK):
        table = _word_table(per_record[start:start + CHUNK])
        present = table != EMPTY
        held = frequency[(table & np.uint64(len(frequency) - 1)).astype(np.int64)]
        held[np.isin(table, LETTER_HASHES)] = np.iinfo(np.uint16).max
        # each row by rarity, ties by word; empty cells last
        ranked = np.where(present, (held.astype(np.uint64) << np.uint64(32)) | table, LAST)
        ranked.sort(axis=1)
        rarest = ranked[:, :KEY_WORDS] & np.uint64(0xFFFFFFFF)
        sizes = np.minimum(present.sum(axis=1), KEY_WORDS)
        for first in range(KEY_WORDS):
            for second in range(first + 1, KEY_WORDS):
                have = np.flatnonzero(sizes > second)
                a, b = rarest[have, first], rarest[have, second]
                low, high = np.minimum(a, b), np.maximum(a, b)
                keys.append(_family_key(family, (low << np.uint64(32)) | high))
                members.append(have + start)
        least = ranked[:, 0] >> np.uint64(32)
        alone = np.flatnonzero((sizes == 1) | ((sizes > 1) & (least <= RARE_WORD_BLOCK)))
        keys.append(_family_key(family, rarest[alone, 0] | np.uint64(1 << 63)))
        members.append(alone + start)
    members = np.concatenate(members)
    return np.concatenate(keys), members if records is None else records[members]


def _identifier_keys(prints: Sequence[Fingerprint]) -> tuple[np.ndarray, np.ndarray]:
    found = [(_stable_hash(i), index) for index, p in enumerate(prints)
             for i in (p.doi, p.arxiv) if i]
    keys = np.array([k for k, _ in found], dtype=np.uint64)
    return _family_key(IDENTIFIER, keys), np.array([m for _, m in found], dtype=np.int64)


def _stable_hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _family_key(family: int, values: np.ndarray) -> np.ndarray:
    return values ^ np.uint64(MIX * family % 2**64)


def _order(prints: Sequence[Fingerprint], chosen: np.ndarray, key) -> np.ndarray:
    """The position of each of the `chosen` records among them when sorted by `key` (ties by
    index): only records of large blocks need it."""
    distinct, _ = _distinct(chosen)
    order = sorted(distinct.tolist(), key=lambda i: key(prints[i]))
    position = np.empty(len(distinct), dtype=np.int64)
    position[np.searchsorted(distinct, order)] = np.arange(len(distinct))
    return position[np.searchsorted(distinct, chosen)]


def _by_title(p: Fingerprint) -> str:
    return p.title


def _by_venue(p: Fingerprint) -> tuple[str, str]:
    return p.venue_name, p.title


def _pairs(keys: np.ndarray, members: np.ndarray,
           prints: Sequence[Fingerprint]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (i < j), each as the number i * len(prints) + j, sorted, and in how many
    blocks each pair met."""
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    found = []
    small = sizes[(sizes > 1) & (sizes <= SMALL_BLOCK)]
    for size in np.flatnonzero(np.bincount(small, minlength=1)).tolist():
        block = members[starts[sizes == size][:, None] + np.arange(size)]
        first, second = np.triu_indices(size, 1)
        found.append((block[:, first].ravel(), block[:, second].ravel()))
    large = np.flatnonzero(sizes > SMALL_BLOCK)
    if len(large):
        block_of = np.repeat(np.arange(len(large)), sizes[large])
        first_entry = np.repeat(starts[large], sizes[large])
        before = np.repeat(np.cumsum(sizes[large]) - sizes[large], sizes[large])
        entries = members[first_entry + np.arange(len(block_of)) - before]
        windowed = []
        for key in (_by_title, _by_venue):
            order = np.lexsort((_order(prints, entries, key), block_of))
            chosen, block = entries[order], block_of[order]
            for step in range(1, WINDOW + 1):
                same_block = block[step:] == block[:-step]
                a, b = chosen[:-step][same_block], chosen[step:][same_block]
                windowed.append((block[step:][same_block], np.minimum(a, b), np.maximum(a, b)))
        # a pair both orders bring together in one block met in that block once
        blocks, a, b = (np.concatenate(parts) for parts in zip(*windowed, strict=True))
        once = np.unique(np.stack([blocks, a, b]), axis=1)
        found.append((once[1], once[2]))
    if not found:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    count = np.int64(len(prints))
    return _distinct(np.concatenate([a * count + b for a, b in found]))
