"""Which records are one paper (generator.dedup.cluster) and how they become one
(generator.dedup.merge)."""

from __future__ import annotations

import re
from itertools import count
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import DedupSettings
from generator.dedup.cluster import cluster
from generator.dedup.evidence import compare
from generator.dedup.fingerprint import Fingerprint
from generator.dedup.merge import merge, merge_clusters
from generator.dedup.model import MatchModel
from generator.errors import Problems
from generator.models import PaperDate, Provenance, Record
from generator.sources.listing import read_listing

SOURCES = Path(__file__).resolve().parent / "fixtures" / "shipped" / "content" / "sources"
SETTINGS = DedupSettings()
_lines = count(1)

HOPFIELD = (
    "We introduce a modern Hopfield network with continuous states and a corresponding update "
    "rule. The new Hopfield network can store exponentially (with the dimension of the "
    "associative space) many patterns, retrieves the pattern with one update, and has "
    "exponentially small retrieval errors. It has three types of energy minima (fixed points of "
    "the update): global fixed point averaging over all patterns, metastable states averaging "
    "over a subset of patterns, and fixed points which store a single pattern. The new update "
    "rule is equivalent to the attention mechanism used in transformers."
)
SUPER_RESOLUTION = (
    "Convolutional neural network depth is of crucial importance for image super-resolution. "
    "However, we observe that deeper networks for image super-resolution are more difficult to "
    "train. The low-resolution inputs and features contain abundant low-frequency information, "
    "which is treated equally across channels, hence hindering the representational ability of "
    "CNNs. To solve these problems, we propose the very deep residual channel attention "
    "networks, with a residual in residual structure to form a very deep network."
)
SPARSE_SEARCH = (
    "The deployment of deep neural networks on edge devices is hindered by the substantial gap "
    "between performance requirements and available processing power. While recent research has "
    "made significant strides in developing pruning methods to build a sparse network for "
    "reducing the computing overhead, there remains considerable accuracy loss, especially at "
    "high pruning ratios. We find that architectures designed for dense networks by "
    "differentiable architecture search are ineffective when pruning is applied to them."
)
GRAPHS = (
    "Message passing graph neural networks are limited in expressive power by the "
    "Weisfeiler-Leman test. We propose a simple augmentation with random node identifiers and "
    "subgraph counts which provably separates more graphs, and we evaluate it on molecular "
    "property prediction, where it improves accuracy while keeping linear complexity in the "
    "number of edges. Our analysis also explains when positional encodings help and when they "
    "merely add noise to the learned representations of large sparse graphs."
)
DAGAN = (
    "Talking head video generation aims to produce a synthetic human face video that contains "
    "the identity and pose information respectively from a given source image and a driving "
    "video.Existing works for this task heavily rely on 2D representations (e.g. appearance and "
    "motion) learned from the input images. However, dense 3D facial geometry (e.g. pixel-wise "
    "depth) is extremely important for this task as it is particularly beneficial for us to "
    "essentially generate accurate 3D face structures and distinguish noisy information from the "
    "possibly cluttered background. Nevertheless, dense 3D geometry annotations are "
    "prohibitively costly for videos and are typically not available for this video generation "
    "task. In this paper, we first introduce a self-supervised geometry learning method to "
    "automatically recover the dense 3D geometry (i.e.depth) from the face videos without the "
    "requirement of any expensive 3D annotation data."
)
DAGAN_PLUS = (
    "Predominant techniques on talking head generation largely depend on 2D information, "
    "including facial appearances and motions from input face images. Nevertheless, dense 3D "
    "facial geometry, such as pixel-wise depth, plays a critical role in constructing accurate 3D "
    "facial structures and suppressing complex background noises for generation. However, dense "
    "3D annotations for facial videos is prohibitively costly to obtain. In this work, firstly, "
    "we present a novel self-supervised method for learning dense 3D facial geometry (ie, depth) "
    "from face videos, without requiring camera parameters and 3D geometry annotations in "
    "training. We further propose a strategy to learn pixel-level uncertainties to perceive more "
    "reliable rigid-motion pixels for geometry learning."
)
DAGAN_TITLE = "Depth-Aware Generative Adversarial Network for Talking Head Video Generation"
DAGAN_PLUS_TITLE = f"DaGAN++: {DAGAN_TITLE}"


def rec(
    title: str,
    abstract: str = "",
    *,
    file: str | None = None,
    line: int | None = None,
    date: PaperDate | None = None,
    year: int | None = None,
    upvotes: int | None = None,
    emphasis: tuple[tuple[int, int], ...] = (),
    code_urls: tuple[str, ...] = (),
) -> Record:
    """A record as the reader would produce it. Unless told otherwise, each record comes from a
    listing of its own (duplicates of a paper come from different listings)."""
    if date is None and year is not None:
        date = PaperDate(1, 15, year)
    number = next(_lines)
    return Record(
        title=title,
        source=Provenance(file or f"listing-{number}.txt", line if line is not None else number),
        abstract=abstract,
        emphasis=emphasis,
        date=date,
        upvotes=upvotes,
        code_urls=code_urls,
    )


def partition(groups) -> set[frozenset[Provenance]]:
    return {frozenset(r.source for r in group) for group in groups}


def together(groups, *records: Record) -> bool:
    wanted = {r.source for r in records}
    return any(wanted <= {r.source for r in group} for group in groups)


def evidence(a: Record, b: Record):
    return compare(Fingerprint(a), Fingerprint(b), MatchModel.default(), SETTINGS)


def truncated(abstract: str, fraction: float = 0.6, mark: str = "...") -> str:
    return abstract[: int(len(abstract) * fraction)].rstrip() + mark


def revised(abstract: str) -> str:
    """The same abstract with a few words changed, as in a later arXiv version."""
    out = abstract.replace("We introduce", "We propose", 1).replace("three types", "three kinds", 1)
    out = out.replace("crucial importance", "critical importance", 1).replace(
        "more difficult", "harder", 1
    )
    assert out != abstract
    return out


# --- records that are one paper ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("title_a", "title_b"),
    [
        ("Hopfield Networks is All You Need", "HOPFIELD NETWORKS IS ALL YOU NEED"),
        ("Hopfield Networks is All You Need", "Hopfield Networks: is All You Need!"),
        ("Hopfield Networks is All You Need", "Hopfield Networks is All You Need*"),
        ("Hopfield Networks is All You Need", "Hopfield Netwroks is All You Need"),
        ("Réseaux de Hopfield modernes et attention", "Reseaux de Hopfield modernes et attention"),
    ],
    ids=["case", "punctuation", "stray-star", "typo", "accents"],
)
def test_title_variants_with_the_same_abstract_merge(title_a, title_b):
    a, b = rec(title_a, HOPFIELD, file="a.txt"), rec(title_b, HOPFIELD, file="b.txt")
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


@pytest.mark.parametrize(
    ("title_a", "title_b"),
    [
        ("Hopfield Networks is All You Need", "hopfield networks is all you need"),
        ("Hopfield Networks is All You Need", "Hopfield Netwroks is All You Need"),
        ("Réseaux de Hopfield modernes et attention", "Reseaux de Hopfield modernes et attention"),
    ],
    ids=["case", "typo", "accents"],
)
def test_title_variants_merge_on_the_title_alone_when_an_abstract_is_missing(title_a, title_b):
    a, b = rec(title_a, HOPFIELD, file="a.txt"), rec(title_b, file="b.txt")
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


@pytest.mark.parametrize("mark", ["...", "…", ""])
def test_truncated_abstract_merges_with_the_full_one(mark):
    full = rec("Image Super-Resolution Using Very Deep Residual Channel Attention Networks",
               SUPER_RESOLUTION)
    cut = rec("Image Super-Resolution Using Very Deep Residual Channel Attention Networks",
              truncated(SUPER_RESOLUTION, 0.6, mark))
    assert partition(cluster([full, cut], SETTINGS)) == {frozenset({full.source, cut.source})}


def test_lightly_revised_abstract_merges():
    a = rec("Hopfield Networks is All You Need", HOPFIELD)
    b = rec("Hopfield Networks is All You Need", revised(HOPFIELD))
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


SUBTITLED = "Modern Hopfield Networks with Continuous States: Attention as Associative Memory"
UNSUBTITLED = "Modern Hopfield Networks with Continuous States"


@pytest.mark.parametrize(
    ("abstract_a", "abstract_b"),
    [(HOPFIELD, HOPFIELD), (HOPFIELD, revised(HOPFIELD)), (HOPFIELD, truncated(HOPFIELD)),
     (HOPFIELD, ""), ("", HOPFIELD)],
    ids=["same-abstract", "revised-abstract", "truncated-abstract", "no-abstract-short-title",
         "no-abstract-long-title"],
)
def test_dropped_subtitle_merges(abstract_a, abstract_b):
    a = rec(SUBTITLED, abstract_a)
    b = rec(UNSUBTITLED, abstract_b)
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


@pytest.mark.parametrize(
    "title",
    ["V-Net: Fully Convolutional Neural Networks for Volumetric Medical Image Segmentation",
     "Deep Learning for Chest X-Ray Diagnosis at Scale"],
)
def test_lower_case_spelling_with_roman_looking_letters_merges(title):
    a = rec(title, SUPER_RESOLUTION)
    b = rec(title.lower(), SUPER_RESOLUTION)
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


def test_dropped_subtitle_after_an_acronym_merges_when_the_abstracts_are_identical():
    a = rec("DASS: Differentiable Architecture Search for Sparse neural networks", SPARSE_SEARCH)
    b = rec("DASS", SPARSE_SEARCH)
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


def test_several_spellings_of_one_paper_form_one_cluster():
    records = [
        rec("Hopfield Networks is All You Need", HOPFIELD, file="a.txt"),
        rec("Hopfield networks is all you need*", truncated(HOPFIELD), file="b.txt"),
        rec("Hopfield Networks Is All You Need", revised(HOPFIELD), file="c.txt"),
        rec("Hopfield Netwroks is All You Need", file="d.txt"),
    ]
    assert partition(cluster(records, SETTINGS)) == {frozenset(r.source for r in records)}


# --- records that are different papers ---------------------------------------------------------


def test_near_identical_titles_with_different_abstracts_stay_apart():
    dagan = rec(DAGAN_TITLE, DAGAN)
    dagan_plus = rec(DAGAN_PLUS_TITLE, DAGAN_PLUS)
    assert evidence(dagan, dagan_plus).title >= 88  # titles nearly equal
    groups = cluster([dagan, dagan_plus], SETTINGS)
    assert partition(groups) == {frozenset({dagan.source}), frozenset({dagan_plus.source})}


def test_identical_titles_with_different_abstracts_stay_apart():
    a = rec("Learning Representations for Graphs", GRAPHS)
    b = rec("Learning Representations for Graphs", SPARSE_SEARCH)
    assert not together(cluster([a, b], SETTINGS), a, b)


@pytest.mark.parametrize("title", ["Editorial", "Introduction", "Preface", "Deep Learning"])
def test_short_generic_titles_without_abstracts_stay_apart(title):
    a, b = rec(title, file="a.txt"), rec(title, file="b.txt")
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source}), frozenset({b.source})}


def test_long_identical_title_without_abstracts_merges():
    title = "Image Super-Resolution Using Very Deep Residual Channel Attention Networks"
    a, b = rec(title, file="a.txt"), rec(title, file="b.txt")
    assert partition(cluster([a, b], SETTINGS)) == {frozenset({a.source, b.source})}


def test_same_title_years_far_apart_stay_apart():
    title = "A Theory of Learning in Recurrent Neural Networks"
    old, new = rec(title, year=1995), rec(title, year=2021)
    assert not together(cluster([old, new], SETTINGS), old, new)


def test_same_title_in_adjacent_years_merges():
    title = "A Theory of Learning in Recurrent Neural Networks"
    a, b = rec(title, year=2020), rec(title, year=2021)
    assert together(cluster([a, b], SETTINGS), a, b)


def test_years_far_apart_veto_even_identical_abstracts():
    title = "A Theory of Learning in Recurrent Neural Networks"
    old, new = rec(title, GRAPHS, year=1995), rec(title, GRAPHS, year=2021)
    assert not together(cluster([old, new], SETTINGS), old, new)


def test_completely_different_papers_stay_apart():
    records = [rec("Hopfield Networks is All You Need", HOPFIELD),
               rec("Residual Channel Attention Networks", SUPER_RESOLUTION),
               rec("Sparse Architecture Search", SPARSE_SEARCH),
               rec("Expressive Graph Networks", GRAPHS)]
    assert len(cluster(records, SETTINGS)) == 4


def test_a_bridge_record_cannot_glue_two_different_papers_together():
    """A~B and B~C, but A and C are different papers: they must not end in one cluster."""
    title = "Learning Representations for Graphs and Networks"
    a = rec(title, GRAPHS, file="a.txt")
    b = rec(title, file="b.txt")  # title only: compatible with either paper
    c = rec(title, SPARSE_SEARCH, file="c.txt")
    assert evidence(a, b).same and evidence(b, c).same
    assert evidence(a, c).different
    partitions = set()
    for order in ([a, b, c], [c, b, a], [b, a, c], [b, c, a]):
        groups = cluster(order, SETTINGS)
        assert not together(groups, a, c)
        assert sum(b.source in {r.source for r in g} for g in groups) == 1
        assert len(groups) == 2
        partitions.add(frozenset(partition(groups)))
    assert len(partitions) == 1  # where the bridge goes does not depend on the input order


def test_a_chain_of_revisions_cannot_glue_different_papers_together():
    """A ~ A' (truncated), A' ~ B (title only), but A and B have unrelated abstracts."""
    title = "Channel Attention Networks for Image Super-Resolution"
    a_full = rec(title, SUPER_RESOLUTION)
    a_cut = rec(title, truncated(SUPER_RESOLUTION))
    bridge = rec(title)
    other = rec(title, HOPFIELD)
    groups = cluster([a_full, a_cut, bridge, other], SETTINGS)
    assert together(groups, a_full, a_cut)
    assert not together(groups, a_full, other)
    assert not together(groups, a_cut, other)


# --- invariants --------------------------------------------------------------------------------


def _pool() -> list[Record]:
    return [
        rec("Hopfield Networks is All You Need", HOPFIELD, file="a.txt", line=1),
        rec("hopfield networks is all you need*", truncated(HOPFIELD), file="b.txt", line=1),
        rec("Hopfield Netwroks is All You Need", file="c.txt", line=1),
        rec("Hopfield Networks is All You Need", revised(HOPFIELD), file="d.txt", line=1),
        rec(DAGAN_TITLE, DAGAN, file="a.txt", line=2),
        rec(DAGAN_PLUS_TITLE, DAGAN_PLUS, file="a.txt", line=3),
        rec(DAGAN_TITLE, file="b.txt", line=2),
        rec("Editorial", file="a.txt", line=4),
        rec("Editorial", file="b.txt", line=3),
        rec("Learning Representations for Graphs and Networks", GRAPHS, file="a.txt", line=5),
        rec("Learning Representations for Graphs and Networks", file="b.txt", line=4),
        rec("Learning Representations for Graphs and Networks", SPARSE_SEARCH, file="c.txt",
            line=2),
        rec("A Theory of Learning in Recurrent Neural Networks", year=1995, file="a.txt", line=6),
        rec("A Theory of Learning in Recurrent Neural Networks", year=2021, file="b.txt", line=5),
        rec("A Theory of Learning in Recurrent Neural Networks", year=2020, file="c.txt", line=3),
        rec("Image Super-Resolution Using Very Deep Residual Channel Attention Networks",
            SUPER_RESOLUTION, file="a.txt", line=7),
        rec("Image Super-Resolution Using Very Deep Residual Channel Attention Networks",
            truncated(SUPER_RESOLUTION, 0.6, "…"), file="c.txt", line=4),
        rec("Differentiable Architecture Search for Sparse Networks: Pruning Without Loss",
            SPARSE_SEARCH, file="a.txt", line=8),
        rec("Differentiable Architecture Search for Sparse Networks", SPARSE_SEARCH, file="d.txt",
            line=2),
    ]


POOL = _pool()


def test_every_record_lands_in_exactly_one_cluster():
    groups = cluster(POOL, SETTINGS)
    placed = [r.source for g in groups for r in g]
    assert sorted(placed) == sorted(r.source for r in POOL)
    assert all(groups)


def test_clusters_of_the_pool_are_the_expected_papers():
    groups = cluster(POOL, SETTINGS)
    assert together(groups, *POOL[0:4])  # four spellings of the Hopfield paper
    assert not together(groups, POOL[4], POOL[5])  # DaGAN and DaGAN++
    assert not together(groups, POOL[5], POOL[6])
    assert not together(groups, POOL[7], POOL[8])  # two editorials
    assert not together(groups, POOL[9], POOL[11])  # bridged, but different abstracts
    assert together(groups, POOL[13], POOL[14])  # 2020 and 2021
    assert not together(groups, POOL[12], POOL[13])  # 1995 and 2021
    assert not together(groups, POOL[12], POOL[14])
    assert together(groups, POOL[15], POOL[16])  # full and truncated abstract
    assert together(groups, POOL[17], POOL[18])  # dropped subtitle
    assert len({r.source for r in POOL}) == len(POOL)


POOL_PARTITION = partition(cluster(POOL, SETTINGS))


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL))
def test_shuffling_all_records_gives_the_same_partition(shuffled):
    assert partition(cluster(shuffled, SETTINGS)) == POOL_PARTITION


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_shuffling_any_subset_of_records_gives_the_same_partition(data):
    chosen = data.draw(st.lists(st.sampled_from(range(len(POOL))), unique=True, min_size=1),
                       label="subset")
    records = [POOL[i] for i in sorted(chosen)]
    shuffled = data.draw(st.permutations(records), label="order")
    expected = partition(cluster(records, SETTINGS))
    got = partition(cluster(shuffled, SETTINGS))
    assert got == expected
    assert sum(len(g) for g in got) == len(records)
    assert set().union(*got) == {r.source for r in records}


WORDS = ["deep", "graph", "networks", "learning", "attention", "sparse", "hopfield", "residual"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
            st.sampled_from(["", HOPFIELD, GRAPHS, truncated(GRAPHS), revised(HOPFIELD)]),
            st.one_of(st.none(), st.integers(2000, 2024)),
        ),
        max_size=12,
    ),
    st.randoms(use_true_random=False),
)
def test_generated_records_are_partitioned_independently_of_order(specs, rnd):
    records = [rec(t, a, year=y, file="g.txt", line=i + 1) for i, (t, a, y) in enumerate(specs)]
    shuffled = list(records)
    rnd.shuffle(shuffled)
    groups = cluster(records, SETTINGS)
    assert partition(cluster(shuffled, SETTINGS)) == partition(groups)
    placed = [r.source for g in groups for r in g]
    assert sorted(placed) == sorted(r.source for r in records)


# --- merging -----------------------------------------------------------------------------------


def test_merge_keeps_the_full_abstract_over_a_truncated_one():
    cut = rec("Hopfield Networks is All You Need", truncated(HOPFIELD), file="a.txt")
    full = rec("Hopfield Networks is All You Need", HOPFIELD, file="b.txt")
    assert merge([cut, full]).abstract == HOPFIELD
    assert merge([full, cut]).abstract == HOPFIELD


def test_merge_keeps_the_emphasis_of_the_abstract_it_keeps():
    abstract = "We study replica symmetry breaking in dense networks " * 3
    start = abstract.index("replica")
    full = rec("Replica Symmetry Breaking", abstract,
               emphasis=((start, start + len("replica symmetry breaking")),))
    cut = rec("Replica Symmetry Breaking", abstract[:60] + "...")
    paper = merge([cut, full])
    assert [paper.abstract[a:b] for a, b in paper.emphasis] == ["replica symmetry breaking"]


def test_merge_keeps_the_largest_upvote_count():
    group = [rec("T", upvotes=3), rec("T"), rec("T", upvotes=21), rec("T", upvotes=9)]
    assert merge(group).upvotes == 21


def test_merge_without_any_upvotes_has_none():
    assert merge([rec("T"), rec("T")]).upvotes is None


def test_merge_prefers_a_date_with_a_year():
    without = rec("T", date=PaperDate(8, 25, None, earliest_year=2025))
    with_year = rec("T", date=PaperDate(8, 25, 2024))
    assert merge([without, with_year]).date == PaperDate(8, 25, 2024)
    assert merge([with_year, without]).date == PaperDate(8, 25, 2024)


def test_merge_keeps_a_yearless_date_rather_than_none():
    only = PaperDate(3, 31, None)
    assert merge([rec("T"), rec("T", date=only)]).date == only


def test_merge_keeps_every_source():
    group = [rec("T", file="b.txt", line=9), rec("T", file="a.txt", line=4),
             rec("T", file="a.txt", line=2)]
    paper = merge(group)
    assert paper.sources == (Provenance("a.txt", 2), Provenance("a.txt", 4),
                             Provenance("b.txt", 9))
    assert paper.source_files == ("a.txt", "b.txt")
    assert len(paper.records) == 3


def test_merge_keeps_every_title_it_was_listed_under():
    group = [rec("Hopfield Networks is All You Need"), rec("Hopfield Networks is All You Need*"),
             rec("Hopfield Networks is All You Need"), rec("hopfield networks is all you need")]
    paper = merge(group)
    assert paper.title == "Hopfield Networks is All You Need"  # the most frequent spelling
    assert set(paper.titles) == {r.title for r in group}
    assert len(paper.titles) == 3
    assert set(paper.other_titles) == {"Hopfield Networks is All You Need*",
                                       "hopfield networks is all you need"}


def test_merge_keeps_every_code_url_once():
    a = rec("T", code_urls=("https://github.com/a/b",), file="a.txt")
    b = rec("T", code_urls=("https://github.com/a/b", "https://example.org/p"), file="b.txt")
    assert merge([b, a]).code_urls == ("https://github.com/a/b", "https://example.org/p")


def test_merge_of_nothing_is_an_error():
    with pytest.raises(ValueError):
        merge([])


def test_cluster_then_merge_gives_the_best_of_each_field():
    cut = rec("Hopfield networks is all you need*", truncated(HOPFIELD), file="a.txt",
              upvotes=4, date=PaperDate(7, 16, None))
    full = rec("Hopfield Networks is All You Need", HOPFIELD, file="b.txt", upvotes=1,
               date=PaperDate(7, 16, 2020))
    (paper,) = merge_clusters(cluster([cut, full], SETTINGS))
    assert paper.abstract == HOPFIELD
    assert paper.upvotes == 4
    assert paper.date == PaperDate(7, 16, 2020)
    assert set(paper.sources) == {cut.source, full.source}
    assert set(paper.titles) == {cut.title, full.title}


def test_merge_clusters_gives_unique_valid_slugs_and_a_stable_order():
    groups = [[rec("Editorial", file="b.txt")], [rec("Editorial", file="a.txt")],
              [rec("Attention Is All You Need")]]
    papers = merge_clusters(groups)
    assert [p.title for p in papers] == ["Attention Is All You Need", "Editorial", "Editorial"]
    assert [p.slug for p in papers] == ["attention-is-all-you-need", "editorial", "editorial-2"]
    assert papers[1].source_files == ("a.txt",)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p.slug) for p in papers)
    assert merge_clusters(list(reversed(groups))) == papers


# --- the shipped list --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_records() -> list[Record]:
    problems = Problems()
    records: list[Record] = []
    for path in sorted(SOURCES.glob("*.txt")):
        records += read_listing(path.read_text(encoding="utf-8"), path.name, problems)
    assert not problems
    return records


def test_shipped_list_gives_392_papers_from_493_records(shipped_records):
    assert len(shipped_records) == 493
    groups = cluster(shipped_records, SETTINGS)
    assert len(groups) == 392
    placed = sorted(r.source for g in groups for r in g)
    assert placed == sorted(r.source for r in shipped_records)
    assert len(merge_clusters(groups)) == 392


def test_shipped_dagan_papers_stay_apart(shipped_records):
    groups = cluster(shipped_records, SETTINGS)
    dagan = [r for r in shipped_records if r.title == DAGAN_TITLE]
    dagan_plus = [r for r in shipped_records if r.title == DAGAN_PLUS_TITLE]
    assert dagan and dagan_plus
    for a in dagan:
        for b in dagan_plus:
            assert not together(groups, a, b)


def test_shipped_list_merges_each_distinct_title_into_one_paper(shipped_records):
    groups = cluster(shipped_records, SETTINGS)
    owner = {r.source: i for i, g in enumerate(groups) for r in g}
    by_title: dict[str, set[int]] = {}
    for r in shipped_records:
        by_title.setdefault(r.title, set()).add(owner[r.source])
    assert all(len(owners) == 1 for owners in by_title.values())
