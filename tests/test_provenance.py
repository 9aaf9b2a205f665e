"""[[sources]] with labels, readable provenance on paper pages, and the example base_url."""

from __future__ import annotations

import json

import pytest
from conftest import MINIMAL_CONFIG, write_project

from generator.config import load_config
from generator.errors import ConfigError

GNN = "scaling-graph-neural-networks"
BIB = """\
@article{kipf2017gcn,
  title = {Semi-Supervised Classification with Graph Convolutional Networks},
  author = {Kipf, Thomas N. and Welling, Max},
  journal = {International Conference on Learning Representations},
  year = {2017},
}
"""


def _sources_config(entries: str) -> str:
    return MINIMAL_CONFIG + "\n" + entries


def _page(project, slug: str = GNN) -> str:
    return (project / "site" / "papers" / slug / "index.html").read_text(encoding="utf-8")


def test_a_files_label_replaces_its_name_on_the_paper_page(tmp_path, run_cli):
    project = write_project(tmp_path / "p", config=_sources_config(
        '[[sources]]\npath = "content/sources"\n\n'
        '[[sources]]\npath = "content/sources/list.txt"\nlabel = "NeurIPS 2024 picks"\n'))
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    html = _page(project)
    assert "<li>NeurIPS 2024 picks, line 7</li>" in html
    assert "list.txt" not in html.split("<h2>Sources</h2>")[1]
    # papers.json keeps the file and line: the label is for people, the path for machines
    papers = json.loads((project / "site" / "papers.json").read_text(encoding="utf-8"))
    assert {"file": "list.txt", "line": 7} in next(p for p in papers if p["slug"] == GNN)[
        "sources"]


def test_a_folder_label_applies_to_its_files_and_a_files_own_label_wins(tmp_path, run_cli):
    project = write_project(tmp_path / "p", config=_sources_config(
        '[[sources]]\npath = "content/sources"\nlabel = "My listings"\n\n'
        '[[sources]]\npath = "content/sources/zotero/library.bib"\n'
        'label = "My Zotero library"\n'))
    (project / "content" / "sources" / "zotero").mkdir()
    (project / "content" / "sources" / "zotero" / "library.bib").write_text(BIB,
                                                                           encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 records read, 3 papers")  # the .bib is read once
    assert "<li>My listings, line 7</li>" in _page(project)
    bib_page = _page(project, "semi-supervised-classification-with-graph-convolutional-networks")
    assert "<li>My Zotero library, line 1 (id <code>kipf2017gcn</code>)</li>" in bib_page


def test_a_file_outside_every_folder_is_read_on_its_own(tmp_path, run_cli):
    project = write_project(tmp_path / "p", config=_sources_config(
        '[[sources]]\npath = "content/sources"\n\n'
        '[[sources]]\npath = "exports/library.bib"\nlabel = "Zotero"\n'))
    (project / "exports").mkdir()
    (project / "exports" / "library.bib").write_text(BIB, encoding="utf-8")
    (project / "exports" / "unrelated.bib").write_text(BIB.replace("kipf", "x"),
                                                       encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 records read")  # not unrelated.bib beside it
    assert "<code>list.txt</code>, line 7" in _page(project)  # unlabelled: the file name


def test_build_sources_still_works_and_both_forms_are_refused(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text('[build]\nsources = ["a", "b"]\n', encoding="utf-8")
    config = load_config(path)
    assert config.source_paths() == [tmp_path.resolve() / "a", tmp_path.resolve() / "b"]
    path.write_text('[build]\nsources = ["a"]\n\n[[sources]]\npath = "b"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"both \[\[sources\]\] and \[build\] sources"):
        load_config(path)


def test_a_sources_entry_needs_a_path_and_known_keys(tmp_path):
    path = tmp_path / "site.toml"
    path.write_text('[[sources]]\nlabel = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site.toml:1: a \[\[sources\]\] entry has no `path`"):
        load_config(path)
    path.write_text('[[sources]]\npath = "a"\nlabl = "x"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert error.value.message == (
        f"{path}:3: unknown key `sources.labl`; did you mean `label`?")


def test_the_example_base_url_warns_naming_site_toml_and_the_key(tmp_path, run_cli):
    config = MINIMAL_CONFIG.replace("https://example.org/reading-list/",
                                    "https://example.github.io/reading-list/")
    project = write_project(tmp_path / "p", config=config)
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    assert ("warning: site.toml:3: `base_url` in [site] is still the example "
            "'https://example.github.io/reading-list/'; set it in site.toml") in result.stderr
    assert run_cli("--strict", cwd=project).exit_code == 1
    # the Pages workflow passes the real URL, which silences it
    result = run_cli("--strict", "--base-url", "https://me.github.io/list/", cwd=project)
    assert result.exit_code == 0, result.output
    assert "url = {https://me.github.io/list/papers/" in (
        project / "site" / "papers.bib").read_text(encoding="utf-8")


def test_a_real_base_url_and_author_come_from_site_toml(tmp_path, run_cli):
    config = MINIMAL_CONFIG.replace('title = "Test list"\n',
                                    'title = "Test list"\nauthor = "Ada Lovelace"\n')
    project = write_project(tmp_path / "p", config=config)
    result = run_cli(cwd=project)
    assert result.exit_code == 0 and "warning" not in result.stderr, result.output
    assert "Kept by Ada Lovelace." in (project / "site" / "index.html").read_text(
        encoding="utf-8")
    assert "<name>Ada Lovelace</name>" in (project / "site" / "feed.xml").read_text(
        encoding="utf-8")

