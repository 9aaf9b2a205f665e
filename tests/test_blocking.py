"""Which records are compared at all (generator.dedup.blocking): every listing of one paper meets
the others, unrelated records mostly do not, and the work stays proportional to the list."""

from __future__ import annotations

import random
from itertools import count

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import DedupSettings
from generator.dedup.blocking import SMALL_BLOCK, WINDOW, candidate_pairs
from generator.dedup.cluster import cluster
from generator.dedup.fingerprint import Fingerprint, folded_words, words
from generator.models import Provenance, Record
from generator.text import fold

_lines = count(1)

SPARSE = (
    "The deployment of deep neural networks on edge devices is hindered by the substantial gap "
    "between performance requirements and available processing power. While recent research has "
    "made significant strides in developing pruning methods, there remains considerable accuracy "
    "loss at high pruning ratios, which we attribute to architectures designed for dense networks."
)
FLOWS = (
    "Normalising flows transform a simple base density into a complex one through a chain of "
    "invertible maps whose Jacobians are cheap to evaluate. We show that coupling layers with "
    "monotone rational quadratic splines match autoregressive flows on tabular benchmarks while "
    "sampling in a single pass, and we analyse when the extra flexibility of splines pays off."
)


def rec(title: str, abstract: str = "", **fields: object) -> Record:
    number = next(_lines)
    return Record(title=title, source=Provenance(f"listing-{number}.txt", number),
                  abstract=abstract, **fields)


def meets(records: list[Record], a: Record, b: Record) -> bool:
    pairs = candidate_pairs([Fingerprint(r) for r in records])
    wanted = {records.index(a), records.index(b)}
    return any({i, j} == wanted for i, j in pairs)


def crowd(size: int, seed: int = 7) -> list[Record]:
    """Unrelated records, with titles and abstracts drawn from one vocabulary."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(4, 10)))
                  for _ in range(3000)]
    return [rec(" ".join(rng.choices(vocabulary, k=8)), " ".join(rng.choices(vocabulary, k=60)))
            for _ in range(size)]


def test_a_title_with_one_word_changed_still_meets_its_twin():
    a = rec("Differentiable architecture search for sparse neural networks on edge devices")
    b = rec("Differentiable architecture search for pruned neural networks on edge devices")
    assert meets([*crowd(50), a, b], a, b)


def test_a_title_that_dropped_its_subtitle_meets_the_full_title():
    a = rec("DASS: Differentiable Architecture Search for Sparse neural networks")
    b = rec("DASS")
    assert meets([*crowd(50), a, b], a, b)


def test_records_with_the_same_doi_meet_whatever_their_titles():
    a = rec("A study of things", doi="10.1145/1234.5678")
    b = rec("Completely unlike", doi="https://doi.org/10.1145/1234.5678")
    assert meets([*crowd(50), a, b], a, b)


def test_a_retitled_paper_meets_its_first_version_through_the_abstract():
    a = rec("Sparse networks for the edge", SPARSE)
    b = rec("Why dense architectures fail when pruned", SPARSE)
    assert meets([*crowd(50), a, b], a, b)


def test_records_sharing_one_word_pair_but_unlike_abstracts_are_not_compared():
    """Common-blocks pruning: with abstracts on both sides, one shared pair of title words out
    of many keys is no reason to compare; without abstracts it is."""
    a = rec("Spline flows for edge accelerators", SPARSE)
    b = rec("Spline flows in density estimation", FLOWS)
    assert not meets([a, b], a, b)
    bare_a = rec("Spline flows for edge accelerators")
    bare_b = rec("Spline flows in density estimation")
    assert meets([bare_a, bare_b], bare_a, bare_b)


RADIANCE = (
    "We present a method that achieves state of the art results for synthesizing novel views "
    "of complex scenes by optimizing an underlying continuous volumetric scene function using a "
    "sparse set of input views. Our algorithm represents a scene using a fully connected deep "
    "network, whose input is a single continuous five dimensional coordinate and whose output is "
    "the volume density and view dependent emitted radiance at that spatial location. We "
    "synthesize views by "
    "querying coordinates along camera rays and use classic volume rendering techniques to project "
    "the output colors and densities into an image."
)


def test_one_shared_key_with_alike_titles_is_still_compared():
    """A plural dropped from a short title leaves one shared word pair, and a note put before
    one abstract moves its opening words: the titles alone keep the pair (found in review)."""
    a = rec("Neural Radiance Fields", RADIANCE)
    b = rec("Neural Radiance Field", "Accepted to ECCV 2020 as an oral presentation; project "
            "page with supplementary videos online. " + RADIANCE)
    assert meets([*crowd(50), a, b], a, b)
    assert [len(g) for g in cluster([a, b], DedupSettings()) if len(g) > 1] == [2]


def test_a_shared_identifier_is_compared_whatever_the_titles_and_abstracts():
    """Identifiers decide: a retitled, rewritten preprint still meets its published version."""
    a = rec("Channel pruning during training", SPARSE, arxiv="2106.01234")
    b = rec("Compact networks for microcontrollers", FLOWS, arxiv="2106.01234v3",
            doi="10.1145/3450.1234")
    assert meets([*crowd(50), a, b], a, b)
    assert [len(g) for g in cluster([a, b], DedupSettings()) if len(g) > 1] == [2]


def test_an_abstract_opening_with_a_long_run_of_blank_lines_is_read():
    records = [rec("Sparse networks", "\n" * 400 + SPARSE), rec("Sparse networks", SPARSE)]
    assert meets(records, *records)


def test_unrelated_records_are_rarely_compared():
    records = crowd(2000)
    assert len(candidate_pairs([Fingerprint(r) for r in records])) < len(records) // 10


def test_a_crowded_block_pairs_each_record_with_its_nearest_titles_only():
    """Forty records share one rare word pair; the two listings of one of them still meet,
    and no record meets more than the window of neighbours on each side."""
    topics = [f"topic{n}q" for n in range(40)]
    records = [rec(f"Hyperbolic embeddings of {topic} graphs") for topic in topics]
    twin = rec("Hyperbolic embeddings of topic17q graphs")
    records.append(twin)
    pairs = candidate_pairs([Fingerprint(r) for r in records])
    assert len(records) > SMALL_BLOCK
    assert meets(records, records[17], twin)
    every_pair = len(records) * (len(records) - 1) // 2
    assert len(pairs) <= WINDOW * len(records) < every_pair


def test_pairs_are_sorted_distinct_and_ordered_within():
    records = [*crowd(300), rec("Hyperbolic embeddings of graphs"),
               rec("Hyperbolic embedding of graphs")]
    pairs = candidate_pairs([Fingerprint(r) for r in records])
    assert pairs == sorted(set(pairs))
    assert all(i < j for i, j in pairs)


def test_the_same_records_in_another_order_give_the_same_pairs():
    records = [*crowd(200), rec("Hyperbolic embeddings of graphs", SPARSE),
               rec("Hyperbolic embedding of graphs", SPARSE)]
    shuffled = records[:]
    random.Random(3).shuffle(shuffled)

    def named(order: list[Record]) -> set[frozenset[Provenance]]:
        return {frozenset((order[i].source, order[j].source))
                for i, j in candidate_pairs([Fingerprint(r) for r in order])}

    assert named(records) == named(shuffled)
    assert len(named(records)) >= 1


def test_fewer_than_two_records_have_no_pairs():
    assert candidate_pairs([]) == []
    assert candidate_pairs([Fingerprint(rec("Alone"))]) == []


@settings(max_examples=300)
@given(st.text())
def test_folded_words_are_the_words_of_the_folded_text(text):
    assert folded_words(text) == words(fold(text))
