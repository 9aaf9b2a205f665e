"""Versions of one paper (generator.dedup): revised abstracts, case and hyphen variants, identifier
forms, the title a merged paper is shown under, conflicting records, preprint and published
version under `[dedup] versions`; each rule with look-alikes that must stay apart ("++",
"Towards ...", Part I/II, one generic title by different authors)."""

from __future__ import annotations

import shutil
from itertools import count
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

from generator.build import BuildOptions, build
from generator.config import DedupSettings, load_config
from generator.dedup.abstracts import compare_abstracts
from generator.dedup.cluster import cluster_with_evidence
from generator.dedup.evidence import compare
from generator.dedup.fingerprint import Fingerprint, folded_words
from generator.dedup.merge import merge_clusters
from generator.dedup.model import MatchModel
from generator.dedup.review import review
from generator.errors import Problems
from generator.models import PaperDate, Provenance, Record
from generator.sources.read import read_sources

SETTINGS = DedupSettings()
SEPARATE = DedupSettings(versions="separate")
_lines = count(1)


def read(folder: str) -> list[Record]:
    problems = Problems()
    records = read_sources([FIXTURES / folder], problems)
    assert not problems.items, [str(p) for p in problems]
    return records


def papers_of(records: list[Record], settings: DedupSettings = SETTINGS):
    return merge_clusters(cluster_with_evidence(records, settings).groups)


def rec(title: str, abstract: str = "", *, authors: tuple[str, ...] = ("Tianshui Chen",),
        year: int | None = 2023, file: str | None = None) -> Record:
    line = next(_lines)
    return Record(title=title, source=Provenance(file or f"page-{line}.txt", line),
                  abstract=abstract, authors=authors,
                  date=PaperDate(year=year) if year else None)


def weigh(a: Record, b: Record):
    return compare(Fingerprint(a), Fingerprint(b), MatchModel.default(), SETTINGS)


def apart(*records: Record, settings: DedupSettings = SETTINGS) -> bool:
    groups = cluster_with_evidence(list(records), settings).groups
    return len(groups) == len(records)


# --- revised abstracts -----------------------------------------------------------------------


def test_each_title_listed_with_its_preprint_and_camera_ready_abstract_is_one_paper():
    """Two listings: arXiv v1's abstracts, and the camera-ready ones with one to three sentences
    rewritten, a sentence added, or the title in capitals or hyphenated ("Once-for-All")."""
    papers = papers_of(read("versions"))
    assert sorted((p.title, len(p.records)) for p in papers) == [
        ("Deep Layer Aggregation", 2),
        ("Large Spatial Model: End-to-end Unposed Images to Semantic 3D", 2),
        ("Once for All: Train One Network and Specialize it for Efficient Deployment", 2),
        ("Poincaré ResNet", 2),
    ]


def test_two_rewritten_sentences_leave_most_of_the_abstract_in_shared_runs():
    records = {(r.source.file, r.title): r for r in read("versions")}
    v1 = records[("arxiv-v1.txt", "Deep Layer Aggregation")]
    camera = records[("camera-ready.txt", "Deep Layer Aggregation")]
    found = compare_abstracts(folded_words(v1.abstract), folded_words(camera.abstract))
    assert found.ratio < 85  # the whole-text ratio alone proves nothing
    assert found.shared >= 0.5
    assert dict((f, level) for f, level, _ in weigh(v1, camera).levels)["abstract"] == (
        "half in shared runs")


DAGAN = (
    "Talking head video generation aims to produce a synthetic human face video that contains "
    "the identity and pose information respectively from a given source image and a driving "
    "video. Existing works for this task heavily rely on 2D representations (e.g. appearance "
    "and motion) learned from the input images. However, dense 3D facial geometry (e.g. "
    "pixel-wise depth) is extremely important for this task as it is particularly beneficial "
    "for us to essentially generate accurate 3D face structures and distinguish noisy "
    "information from the possibly cluttered background. Nevertheless, dense 3D geometry "
    "annotations are prohibitively costly for videos and are typically not available for this "
    "video generation task. In this paper, we first introduce a self-supervised geometry "
    "learning method to automatically recover the dense 3D geometry (i.e. depth) from the face "
    "videos without the requirement of any expensive 3D annotation data.")
DAGAN_PLUS = (
    "Talking head video generation aims to produce a synthetic human face video that contains "
    "the identity and pose information respectively from a given source image and a driving "
    "video. Existing works for this task heavily rely on 2D representations (e.g. appearance "
    "and motion) learned from the input images. In this extension, we keep the depth "
    "estimation of the conference version. Nevertheless, dense 3D geometry annotations are "
    "prohibitively costly for videos and are typically not available for this video "
    "generation task. So we present a novel "
    "self-supervised method for learning dense 3D facial geometry from face videos without "
    "camera parameters, and a cross-modal attention mechanism operating at multiple layers "
    "that refines facial details. We further design a facial keypoint estimation based on the "
    "learned depth and a geometry-guided generator, and evaluate on VoxCeleb1, VoxCeleb2 and "
    "HDTF, where the model improves keypoint distance by a fifth over the conference version.")
DAGAN_TITLE = "Depth-Aware Generative Adversarial Network for Talking Head Video Generation"
DAGAN_AUTHORS = ("Fa-Ting Hong", "Longhao Zhang", "Li Shen", "Dan Xu")


def test_a_paper_and_its_plus_plus_extension_stay_apart_though_they_share_sentences():
    original = rec(DAGAN_TITLE, DAGAN, authors=DAGAN_AUTHORS, year=2022)
    extension = rec(f"DaGAN++: {DAGAN_TITLE}", DAGAN_PLUS, authors=DAGAN_AUTHORS, year=2023)
    found = weigh(original, extension)
    assert found.different and "extension" in found.reason
    assert apart(original, extension)
    # the control: the same two records without the mark would merge (the abstracts share
    # enough not to veto), so it is the "++" that keeps them apart
    unmarked = rec(f"DaGAN: {DAGAN_TITLE}", DAGAN_PLUS, authors=DAGAN_AUTHORS, year=2023)
    assert not apart(original, unmarked)


def test_b_plus_trees_written_two_ways_are_no_extension():
    a = rec("On-line Reorganization of Sparsely-populated B+trees",
            authors=("Betty Salzberg", "Chendong Zou"), year=1996)
    b = rec("On-line reorganization of sparsely-populated B+-trees",
            authors=("Chendong Zou", "Betty Salzberg"), year=1996)
    assert weigh(a, b).same


def test_c_plus_plus_in_both_titles_is_no_extension():
    a = rec("Building a Laboratory Information System Around a C++-Based Object-Oriented DBMS",
            authors=("Nathan Goodman", "Steve Rozen"), year=1994)
    b = rec("Building a laboratory information system around a C++-based object-oriented DBMS",
            authors=("N. Goodman", "S. Rozen"), year=1994)
    assert weigh(a, b).same


STOCK = ("Extensive experiments on three benchmark datasets demonstrate that our method "
         "outperforms the state of the art by a large margin.")


def test_a_towards_paper_sharing_only_a_stock_sentence_stays_apart():
    early = rec("Towards Open-Vocabulary Scene Graph Generation with Prompt-Based Finetuning",
                "Scene graph generation predicts the objects of an image and the relations "
                "between them. We study a setting where relations unseen in training must be "
                "recognised, and propose a two-step method that first pre-trains on image "
                "captions and then fine-tunes with prompts, without updating the backbone. "
                + STOCK, year=2022)
    later = rec("Open-Vocabulary Scene Graph Generation with Prompt-Based Finetuning",
                "We present a framework in which a vision-language model is adapted to predict "
                "scene graphs for any vocabulary of objects and predicates, using a visual "
                "relation query transformer and a scalable data engine of pseudo-labels from "
                "large language models. " + STOCK, year=2023)
    found = weigh(early, later)
    assert found.different and found.reason == "abstracts differ"
    assert apart(early, later)


SERIES_INTRO = (
    "This two-part paper studies learning to rank from implicit feedback in web search. Clicks "
    "are biased by the position at which a result is shown, by its presentation and by trust in "
    "the engine, so unbiased estimators must model how users examine a result page. ")


def test_part_one_and_part_two_stay_apart_though_their_abstracts_share_the_series_intro():
    one = rec("Unbiased Learning to Rank from Clicks, Part I: Estimators",
              SERIES_INTRO + "Part I derives inverse propensity estimators and their variance, "
              "and shows when randomised swaps identify the propensities.")
    two = rec("Unbiased Learning to Rank from Clicks, Part II: Online Learning",
              SERIES_INTRO + "Part II turns them into online learning algorithms with regret "
              "bounds and evaluates them on two commercial search logs.")
    assert weigh(one, two).different
    assert apart(one, two)


FEDERATED_DEFINITION = (
    "Federated learning is a machine learning setting where many clients collaboratively train "
    "a model under the orchestration of a central server while keeping the training data "
    "decentralized. ")


def test_one_generic_title_by_different_authors_stays_apart():
    first = rec("A Survey on Federated Learning", FEDERATED_DEFINITION + "We review the "
                "systems that deploy it on mobile phones, the attacks on its privacy and the "
                "defences against them, and list open problems.",
                authors=("Chen Zhang", "Yu Xie", "Hang Bai"), year=2021)
    second = rec("A Survey on Federated Learning", FEDERATED_DEFINITION + "This survey sorts "
                 "the methods for heterogeneous clients by what they personalise, compares "
                 "their communication cost, and benchmarks twelve of them on four datasets.",
                 authors=("Li Li", "Yuxi Fan", "Kuo-Yi Lin"), year=2021)
    assert weigh(first, second).different
    assert apart(first, second)


def test_an_identical_title_with_another_papers_abstract_is_still_vetoed():
    records = {(r.source.file, r.title): r for r in read("versions")}
    dla = records[("camera-ready.txt", "Deep Layer Aggregation")]
    other = rec("Deep Layer Aggregation", records[("camera-ready.txt", "Poincaré ResNet")].abstract,
                authors=())
    found = weigh(dla, other)
    assert found.different and found.reason == "abstracts differ"


# --- conflicting records -----------------------------------------------------------------------


def test_a_record_with_one_papers_title_and_anothers_abstract_stays_apart_and_is_reported():
    records = read("conflict")
    clustering = cluster_with_evidence(records, SETTINGS)
    assert len(clustering.groups) == 3  # without the rule the record merges into MUGC
    papers = merge_clusters(clustering.groups)
    mugc = next(p for p in papers if p.title.startswith("MUGC"))
    assert mugc.titles == ("MUGC: Machine Generated versus User Generated Content Detection",)
    (conflict,) = review(clustering, papers).conflicts
    assert str(conflict.record.source) == "listing.txt:9"
    assert conflict.titled.title == conflict.record.title
    assert conflict.abstracted.title.startswith("MUGC")
    assert conflict.abstract_is_right == (
        '[[dedup.same]]\npapers = ["listing.txt:9", '
        '"mugc-machine-generated-versus-user-generated-content-detection"]')
    assert '"listing.txt:9"' in conflict.neither and conflict.neither.startswith(
        "[[dedup.different]]")


def test_a_retitled_paper_with_its_abstract_is_no_conflict():
    """The look-alike: a preprint title changed for the camera-ready version, the abstract
    kept, and no other paper under the old title."""
    abstract = read("conflict")[1].abstract
    preprint = rec("Detecting Machine Generated Text with Classical Learners", abstract)
    published = rec("MUGC: Machine Generated versus User Generated Content Detection", abstract)
    clustering = cluster_with_evidence([preprint, published], SETTINGS)
    assert len(clustering.groups) == 1 and clustering.conflicts == ()


MUGC_CAMERA_READY = (
    "As advanced modern systems like deep neural networks (DNNs) and generative AI continue to "
    "enhance their capabilities in producing convincing and realistic content, the need to "
    "distinguish between user-generated and machine generated content is becoming increasingly "
    "evident. We compare eight classical learners, from logistic regression to gradient "
    "boosting, on poems, abstracts and essays written by people and by large language models. "
    "The classical methods reach a high accuracy, close to that of fine-tuned transformers such "
    "as RoBERTa, while costing a fraction of their compute.")


def test_the_record_whose_abstract_the_slip_copied_is_no_conflict_though_heavily_revised():
    """The look-alike: MUGC's camera-ready abstract keeps only its first sentence (vetoed
    against v1), and the slip copied v1's abstract. Only the slip is in conflict."""
    records = read("conflict")
    camera = rec("MUGC: Machine Generated versus User Generated Content Detection",
                 MUGC_CAMERA_READY, authors=())
    clustering = cluster_with_evidence([*records, camera], SETTINGS)
    assert weigh(records[1], camera).reason == "abstracts differ"
    flagged = [str(clustering.records[c.record].source) for c in clustering.conflicts]
    assert flagged == ["listing.txt:9"]


def _project(tmp_path: Path, sources: str, dedup: str = "") -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / sources, root / "content" / "sources")
    (root / "site.toml").write_text(
        '[site]\ntitle = "Versions"\nbase_url = "https://example.org/list/"\n' + dedup,
        encoding="utf-8")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "static", root / "static")
    return root


def test_the_review_report_lists_the_conflict_and_the_override_decides_it(tmp_path):
    root = _project(tmp_path, "conflict")
    report = tmp_path / "report.html"
    result = build(load_config(root / "site.toml"),
                   BuildOptions(output=tmp_path / "site", report=report))
    assert len(result.papers) == 3
    html = report.read_text(encoding="utf-8")
    assert "Conflicting records (title of one paper, abstract of another)" in html
    assert "listing.txt:9" in html.split('id="near-misses"')[0].split('id="conflicts"')[1]
    # the owner pastes "the abstract is right": the record joins MUGC, no conflict is left
    (root / "site.toml").write_text((root / "site.toml").read_text() + (
        '[[dedup.same]]\npapers = ["listing.txt:9", '
        '"mugc-machine-generated-versus-user-generated-content-detection"]\n'))
    result = build(load_config(root / "site.toml"),
                   BuildOptions(output=tmp_path / "site", report=report))
    assert len(result.papers) == 2
    assert "1 conflicting records" not in report.read_text(encoding="utf-8")
    assert "0 conflicting records" in report.read_text(encoding="utf-8")


# --- the title of a merged paper, and identifier forms ------------------------------------------


def test_the_title_people_cite_is_shown_and_the_others_kept():
    papers = {p.arxiv: p for p in papers_of(read("identifier-forms"))}
    assert len(papers) == 3  # DOI URL, doi: prefix, upper case, arXiv DOI, ids with versions
    resnet = papers["1512.03385"]
    assert resnet.title == "Deep Residual Learning for Image Recognition"
    assert set(resnet.other_titles) == {"ResNets: residual nets for ImageNet",
                                        "ResNets: residual nets for ImageNet (extended)"}
    assert len(resnet.records) == 3
    attention = papers["1706.03762"]
    assert attention.title == "Attention Is All You Need"
    assert len(attention.records) == 4
    maldacena = papers["hep-th/9711200"]
    assert maldacena.title == (
        "The Large N Limit of Superconformal Field Theories and Supergravity")
    assert maldacena.other_titles == ("The large N limit of superconformal field theories",)


def test_a_shortened_title_loses_to_the_full_one_even_when_listed_more_often():
    full = "Grokking Tickets: Lottery Tickets Accelerate Grokking"
    group = [rec("Grokking Tickets"), rec("Grokking Tickets"), rec(full)]
    (paper,) = merge_clusters([group])
    assert paper.title == full and paper.other_titles == ("Grokking Tickets",)


def test_a_title_in_capitals_gives_way_to_its_mixed_case_spelling():
    group = [rec("LARGE SPATIAL MODEL: END-TO-END UNPOSED IMAGES TO SEMANTIC 3D"),
             rec("Large Spatial Model: End-to-end Unposed Images to Semantic 3D")]
    (paper,) = merge_clusters([group])
    assert paper.title == "Large Spatial Model: End-to-end Unposed Images to Semantic 3D"


# --- preprint and published version: [dedup] versions --------------------------------------------


def test_versions_merge_shows_and_cites_the_published_version(tmp_path):
    root = _project(tmp_path, "identifier-forms")
    output = tmp_path / "site"
    result = build(load_config(root / "site.toml"), BuildOptions(output=output))
    assert len(result.papers) == 3
    maldacena = next(p for p in result.papers if p.arxiv == "hep-th/9711200")
    assert maldacena.venue == "International Journal of Theoretical Physics"
    assert maldacena.doi == "10.1023/a:1026654312961" and maldacena.venue_year == 1999
    page = (output / maldacena.url / "index.html").read_text(encoding="utf-8")
    actions = page.split('class="actions"')[1].split("</ul>")[0]
    assert actions.index("doi.org/10.1023/a:1026654312961") < actions.index("Preprint (arXiv)")
    assert 'class="primary"><a href="https://doi.org/' in actions
    bib = (output / "papers.bib").read_text(encoding="utf-8")
    entry = bib.split("@article{maldacena1997largenlimitsuperconformal,")[1].split("\n}")[0]
    assert "year = {1999}" in entry and "journal = {International Journal" in entry
    assert "eprint = {hep-th/9711200}" in entry


def test_a_paper_without_a_preprint_keeps_its_arxiv_link_first(tmp_path):
    """The look-alike: a paper listed only as published (its records carry an arXiv id too)."""
    root = _project(tmp_path, "identifier-forms")
    output = tmp_path / "site"
    result = build(load_config(root / "site.toml"), BuildOptions(output=output))
    resnet = next(p for p in result.papers if p.arxiv == "1512.03385")
    assert resnet.venue_year is None
    actions = (output / resnet.url / "index.html").read_text(encoding="utf-8").split(
        'class="actions"')[1].split("</ul>")[0]
    assert '<li class="primary"><a href="https://arxiv.org/abs/1512.03385"' in actions


def test_versions_separate_keeps_preprint_and_published_apart():
    records = read("identifier-forms")
    merged = {p.arxiv: len(p.records) for p in papers_of(records)}
    separate = sorted((p.arxiv, p.venue or "", len(p.records))
                      for p in papers_of(records, SEPARATE))
    assert merged == {"1512.03385": 3, "1706.03762": 4, "hep-th/9711200": 2}
    assert separate == [
        ("1512.03385", "CVPR", 3),  # published records only: one paper still
        ("1706.03762", "", 2),  # the preprint: an arXiv DOI, an arXiv URL
        ("1706.03762", "Advances in Neural Information Processing Systems", 2),
        ("hep-th/9711200", "", 1),
        ("hep-th/9711200", "International Journal of Theoretical Physics", 1),
    ]


def test_versions_separate_still_merges_two_records_of_the_preprint():
    a = Record(title="Adam: A Method for Stochastic Optimization", source=Provenance("a.bib", 1),
               arxiv="1412.6980", authors=("Diederik P. Kingma", "Jimmy Ba"),
               date=PaperDate(year=2014), venue="arXiv preprint arXiv:1412.6980")
    b = Record(title="Adam: a method for stochastic optimization", source=Provenance("b.csv", 2),
               arxiv="1412.6980", authors=("Kingma, Diederik P.", "Ba, Jimmy"),
               date=PaperDate(year=2017))
    assert not apart(a, b, settings=SEPARATE)


def test_versions_separate_keeps_the_conference_and_later_journal_rule():
    conference = Record(title="Learning Deep Features for Scene Recognition",
                        source=Provenance("a.bib", 1), authors=("Bolei Zhou", "Aude Oliva"),
                        date=PaperDate(year=2014),
                        venue="Advances in Neural Information Processing Systems")
    journal = Record(title="Learning Deep Features for Scene Recognition",
                     source=Provenance("b.bib", 1), authors=("Bolei Zhou", "Aude Oliva"),
                     date=PaperDate(year=2017),
                     venue="IEEE Transactions on Pattern Analysis and Machine Intelligence")
    for settings in (SETTINGS, SEPARATE):
        assert apart(conference, journal, settings=settings)


@pytest.mark.parametrize("value", ["both", "Merge", ""])
def test_versions_must_be_merge_or_separate(tmp_path, value):
    from generator.errors import ConfigError

    path = tmp_path / "site.toml"
    path.write_text(f'[dedup]\nversions = "{value}"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match='must be "merge" or "separate"'):
        load_config(path)


# --- a shared BibTeX key, a stray NUL ------------------------------------------------------------




def test_entries_sharing_a_bibtex_key_are_compared_like_any_records(tmp_path):
    """A hand-edited .bib: three entries under the key "dup", two of them one paper."""
    root = _project(tmp_path, "shared-key")
    output = tmp_path / "site"
    result = build(load_config(root / "site.toml"), BuildOptions(output=output))
    # the two copies of the pruning paper merge, the graph colouring paper stays its own
    assert sorted(len(p.records) for p in result.papers) == [1, 2]
    assert sum("used twice" in str(p) for p in result.problems.items) == 2
    bib = (output / "papers.bib").read_text(encoding="utf-8")
    assert "{dup,\n\ttitle = {Pruning" in bib  # each paper under a key of its own
    assert "{dup-2,\n\ttitle = {Graph colouring" in bib


@pytest.mark.parametrize("data", [
    b"Scaling Graph Neural Networks\x00\n",  # a listing of one title, shorter than 40 bytes
    b"title,abstract\nA Paper\x00,x\x1b\n",  # a CSV with a NUL and an escape character
])
def test_a_short_file_with_one_nul_keeps_its_records_with_a_warning_naming_the_line(
        tmp_path, data):
    name = "list.txt" if data.startswith(b"Scaling") else "list.csv"
    (tmp_path / name).write_bytes(data)
    problems = Problems()
    records = read_sources([tmp_path], problems)
    assert len(records) == 1 and "\x00" not in records[0].title
    line = 1 if name == "list.txt" else 2
    assert f"{name}:{line}: control or non-character U+0000 removed" in [
        str(p).split(";")[0] for p in problems.items]
