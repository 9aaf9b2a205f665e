"""End to end: a site whose sources are reference-manager exports of the same 20 real papers
(tests/fixtures/exports/) builds exactly those 20 papers, with their authors, years, DOIs,
arXiv ids, abstracts, tags and the owner's citation keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import bibtexparser
import pytest
from conftest import REPO

from generator.build import BuildOptions, build
from generator.config import load_config

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ZOTERO_FOUR = ["zotero.csv", "better-biblatex.bib", "zotero.ris", "better-csl.json"]
ALL_SIX = ZOTERO_FOUR + ["google-scholar.bib", "jabref.bib"]
CONFIG = f"""\
[site]
title = "My library"
base_url = "https://owner.github.io/library/"

[build]
templates = "{REPO / 'templates'}"
static = "{REPO / 'static'}"
{{extra}}

[[tags]]
slug = "transformers"
name = "Transformers"
terms = ["transformer"]

[[tags]]
slug = "reinforcement-learning"
name = "Reinforcement learning"
terms = ["reinforcement learning"]

[[tags]]
slug = "generative-models"
name = "Generative models"
terms = ["generative model", "GAN"]
"""

# title: Better BibTeX key, year, DOI, arXiv id, number of authors, start of the abstract
PAPERS = {
    "Attention Is All You Need": (
        "vaswaniAttentionAllYou2017", 2017, None, "1706.03762", 8, "The dominant sequence"),
    "Deep Residual Learning for Image Recognition": (
        "heDeepResidualLearning2016", 2016, "10.1109/cvpr.2016.90", "1512.03385", 4,
        "Deeper neural networks"),
    # Zotero dates an arXiv item by its latest version, and its DOI is arXiv's
    "Adam: A Method for Stochastic Optimization": (
        "kingmaAdamMethodStochastic2017", 2017, "10.48550/arxiv.1412.6980", "1412.6980", 2,
        "We introduce Adam"),
    "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding": (
        "devlinBERTPretrainingDeep2019", 2019, "10.18653/v1/n19-1423", "1810.04805", 4,
        "We introduce a new language representation model"),
    "Generative Adversarial Nets": (
        "goodfellowGenerativeAdversarialNets2014", 2014, None, "1406.2661", 8,
        "We propose a new framework"),
    "Auto-Encoding Variational Bayes": (
        "kingmaAutoEncodingVariationalBayes2014", 2014, None, "1312.6114", 2,
        "How can we perform efficient inference"),
    "Dropout: A Simple Way to Prevent Neural Networks from Overfitting": (
        "srivastavaDropoutSimpleWay2014", 2014, None, None, 5, "Deep neural nets"),
    "Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate "
    "Shift": ("ioffeBatchNormalizationAccelerating2015", 2015, None, "1502.03167", 2,
              "Training Deep Neural Networks"),
    "ImageNet Classification with Deep Convolutional Neural Networks": (
        "krizhevskyImageNetClassificationDeep2012", 2012, None, None, 3, "We trained a large"),
    "Human-level control through deep reinforcement learning": (
        "mnihHumanlevelControlDeep2015", 2015, "10.1038/nature14236", None, 19,
        "The theory of reinforcement learning"),
    "Mastering the game of Go with deep neural networks and tree search": (
        "silverMasteringGameGo2016", 2016, "10.1038/nature16961", None, 20,
        "The game of Go"),
    "Long Short-Term Memory": (
        "hochreiterLongShortTermMemory1997", 1997, "10.1162/neco.1997.9.8.1735", None, 2,
        "Learning to store information"),
    "Deep learning": (
        "lecunDeepLearning2015", 2015, "10.1038/nature14539", None, 3,
        "Deep learning allows computational models"),
    "U-Net: Convolutional Networks for Biomedical Image Segmentation": (
        "ronnebergerUNetConvolutionalNetworks2015", 2015, "10.1007/978-3-319-24574-4_28",
        "1505.04597", 3, "There is large consent"),
    "Language Models are Few-Shot Learners": (
        "brownLanguageModelsAre2020", 2020, None, "2005.14165", 31, "Recent work has"),
    "Denoising Diffusion Probabilistic Models": (
        "hoDenoisingDiffusionProbabilistic2020", 2020, None, "2006.11239", 3,
        "We present high quality image synthesis"),
    "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale": (
        "dosovitskiyImageWorth16x162021", 2021, None, "2010.11929", 12,
        "While the Transformer architecture"),
    "Learning Transferable Visual Models From Natural Language Supervision": (
        "radfordLearningTransferableVisual2021", 2021, None, "2103.00020", 12,
        "State-of-the-art computer vision systems"),
    "Semi-Supervised Classification with Graph Convolutional Networks": (
        "kipfSemiSupervisedClassificationGraph2017", 2017, None, "1609.02907", 2,
        "We present a scalable approach"),
    "Proximal Policy Optimization Algorithms": (
        "schulmanProximalPolicyOptimization2017", 2017, "10.48550/arxiv.1707.06347",
        "1707.06347", 5, "We propose a new family of policy gradient methods"),
}


def build_exports(tmp_path: Path, files: list[str], extra: str = ""):
    sources = tmp_path / "content" / "sources"
    sources.mkdir(parents=True)
    for name in files:
        shutil.copy(EXPORTS / name, sources / name)
    (tmp_path / "site.toml").write_text(CONFIG.replace("{extra}", extra), encoding="utf-8")
    result = build(load_config(tmp_path / "site.toml"), BuildOptions())
    site = tmp_path / "site"
    return result, json.loads((site / "papers.json").read_text(encoding="utf-8")), site


@pytest.mark.parametrize("files", [ZOTERO_FOUR, ALL_SIX], ids=["zotero-four", "all-six"])
def test_exports_of_twenty_papers_build_twenty_papers_with_their_fields(tmp_path, files):
    result, papers, _ = build_exports(tmp_path, files)
    assert result.records == 20 * len(files)
    assert sorted(p["title"] for p in papers) == sorted(PAPERS)
    for paper in papers:
        _, year, doi, arxiv, authors, opening = PAPERS[paper["title"]]
        assert (paper["date"][:4], paper["doi"], paper["arxiv"]) == (str(year), doi, arxiv), \
            paper["title"]
        assert len(paper["authors"]) == authors, paper["title"]
        assert paper["abstract"].startswith(opening), paper["title"]
        assert sorted(s["file"] for s in paper["sources"]) == sorted(files), paper["title"]


def test_every_record_appears_once_with_its_file_line_and_the_exports_own_id(tmp_path):
    result, papers, _ = build_exports(tmp_path, ZOTERO_FOUR)
    sources = [s for p in papers for s in p["sources"]]
    assert len(sources) == result.records == 80
    assert len({(s["file"], s["line"]) for s in sources}) == 80
    by_file: dict[str, list[dict]] = {}
    for source in sources:
        by_file.setdefault(source["file"], []).append(source)
    assert sorted(s["line"] for s in by_file["zotero.csv"]) == list(range(2, 22))
    assert all(len(s["id"]) == 8 for s in by_file["zotero.csv"])  # Zotero's item keys
    keys = {key for key, *_ in PAPERS.values()}
    assert {s["id"] for s in by_file["better-biblatex.bib"]} == keys
    assert {s["id"] for s in by_file["better-csl.json"]} == keys
    assert all("id" not in s for s in by_file["zotero.ris"])  # Zotero's RIS has no ID tag


@pytest.mark.parametrize("files", [ZOTERO_FOUR, ALL_SIX], ids=["zotero-four", "all-six"])
def test_papers_are_cited_under_the_owners_keys_in_every_bib(tmp_path, files):
    _, papers, site = build_exports(tmp_path, files)
    bundle = bibtexparser.parse_string((site / "papers.bib").read_text(encoding="utf-8"))
    assert sorted(e.key for e in bundle.entries) == sorted(k for k, *_ in PAPERS.values())
    for paper in papers:
        key = PAPERS[paper["title"]][0]
        own = site / "papers" / paper["slug"] / f"{paper['slug']}.bib"
        assert [e.key for e in bibtexparser.parse_string(own.read_text("utf-8")).entries] \
            == [key]
        page = (site / paper["url"] / "index.html").read_text(encoding="utf-8")
        assert f"{{{key}," in page
    for tag in ("transformers", "cnn"):
        tagged = bibtexparser.parse_string(
            (site / "tags" / tag / "papers.bib").read_text(encoding="utf-8"))
        assert tagged.entries and all(e.key in bundle.entries_dict for e in tagged.entries)


def test_keywords_join_taxonomy_tags_and_the_others_become_tags(tmp_path):
    _, papers, site = build_exports(tmp_path, ZOTERO_FOUR)
    tags = {p["title"]: p["tags"] for p in papers}
    assert {"transformers", "attention"} <= set(tags["Attention Is All You Need"])
    assert {"reinforcement-learning", "deep-q-network"} <= set(
        tags["Human-level control through deep reinforcement learning"])
    assert "generative-models" in tags["Generative Adversarial Nets"]  # keywords GAN and
    assert "gan" not in tags["Generative Adversarial Nets"]  # "Generative models" join it
    assert tags["Long Short-Term Memory"] == ["rnn"]
    page = (site / "tags" / "deep-q-network" / "index.html").read_text(encoding="utf-8")
    assert "Deep Q-network" in page and "Human-level control" in page


def test_keyword_tags_can_be_turned_off_in_site_toml(tmp_path):
    _, papers, site = build_exports(tmp_path, ZOTERO_FOUR, extra="keyword_tags = false")
    used = {t for p in papers for t in p["tags"]}
    assert used == {"transformers", "reinforcement-learning", "generative-models"}
    assert not (site / "tags" / "deep-q-network").exists()
    tags = {p["title"]: p["tags"] for p in papers}
    # the keyword "Generative models" still joins the taxonomy's tag: the text never says it
    assert tags["Auto-Encoding Variational Bayes"] == ["generative-models"]
    assert tags["Long Short-Term Memory"] == []


def test_export_warnings_name_file_and_line(tmp_path):
    result, _, _ = build_exports(tmp_path, ALL_SIX)
    assert sorted((p.file, p.line) for p in result.problems) == [("jabref.bib", 68),
                                                                ("jabref.bib", 207)]
