"""The owner's `[[dedup.same]]` / `[[dedup.different]]` decisions in site.toml, and the review
report of `--report PATH`, through the command line."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import MINIMAL_CONFIG, write_project

from generator.config import DedupSettings
from generator.dedup.cluster import cluster_with_evidence
from generator.errors import Problems
from generator.sources.read import read_sources

GNN = "Scaling Graph Neural Networks to Billions of Edges"
MESSAGES = "Billion-Edge Message Passing on Commodity Hardware"
COLUMNS = "Query Processing over Compressed Column Stores"
COLUMNS_TYPO = "Query Prcoessing over Compressed Column Stroes"

# Two papers that stay apart (unalike titles), one that merges (same title, author and year).
A_CSV = f"Title,Authors,Year,ID\n{GNN},Ann Lee,2021,lee2021a\n{COLUMNS},Bo Chen,2020,chen2020\n"
B_CSV = f"Title,Authors,Year\n{MESSAGES},Ann Lee,2021\n{COLUMNS},Bo Chen,2020\n"


def make_project(root: Path, overrides: str = "", **files: str) -> Path:
    """A project whose sources are CSV files (and an empty listing), with `overrides` appended
    to the minimal site.toml."""
    write_project(root, listing="", config=MINIMAL_CONFIG + "\n" + overrides)
    for name, text in (files or {"a.csv": A_CSV, "b.csv": B_CSV}).items():
        (root / "content" / "sources" / name).write_text(text, encoding="utf-8")
    return root


def papers(site: Path) -> list[dict]:
    return json.loads((site / "papers.json").read_text(encoding="utf-8"))


def sources_of(site: Path) -> set[frozenset[tuple[str, int]]]:
    """Each paper as the set of (file, line) it was read from."""
    return {frozenset((s["file"], s["line"]) for s in p["sources"]) for p in papers(site)}


def slug_of(site: Path, title: str) -> str:
    (slug,) = [p["slug"] for p in papers(site) if p["title"] == title]
    return slug


def line_of(text: str, needle: str) -> int:
    (number,) = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return number


def same(*names: str) -> str:
    return f"[[dedup.same]]\npapers = {json.dumps(list(names))}\n"


def different(*names: str) -> str:
    return f"[[dedup.different]]\npapers = {json.dumps(list(names))}\n"


# --- [[dedup.same]] ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [("scaling-graph-neural-networks-to-billions-of-edges",
      "billion-edge-message-passing-on-commodity-hardware"),
     (GNN, MESSAGES),
     (GNN.lower(), MESSAGES.upper()),
     ("a.csv:2", "b.csv:2"),
     ("lee2021a", "b.csv:2")],
    ids=["slug", "title", "title-any-case", "file-line", "source-id"],
)
def test_same_merges_two_papers_that_would_stay_apart(tmp_path, run_cli, names):
    plain = make_project(tmp_path / "plain")
    assert run_cli(cwd=plain).exit_code == 0
    assert frozenset({("a.csv", 2)}) in sources_of(plain / "site")
    assert frozenset({("b.csv", 2)}) in sources_of(plain / "site")

    decided = make_project(tmp_path / "decided", same(*names))
    result = run_cli("--strict", cwd=decided)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    assert frozenset({("a.csv", 2), ("b.csv", 2)}) in sources_of(decided / "site")
    assert len(papers(decided / "site")) == len(papers(plain / "site")) - 1


def test_same_names_the_slugs_the_plain_build_gave(tmp_path, run_cli):
    """The slugs are taken from the published papers.json, as the owner would."""
    plain = make_project(tmp_path / "plain")
    assert run_cli(cwd=plain).exit_code == 0
    slugs = [slug_of(plain / "site", GNN), slug_of(plain / "site", MESSAGES)]
    decided = make_project(tmp_path / "decided", same(*slugs))
    assert run_cli("--strict", cwd=decided).exit_code == 0
    (paper,) = [p for p in papers(decided / "site") if set(p["titles"]) == {GNN, MESSAGES}]
    assert [(s["file"], s["line"]) for s in paper["sources"]] == [("a.csv", 2), ("b.csv", 2)]
    assert paper["slug"] in slugs


def test_same_names_papers_whose_titles_share_a_slug(tmp_path, run_cli):
    files = {"a.csv": "Title,Year\nEditorial,2020\n", "b.csv": "Title,Year\nEditorial,2020\n"}
    plain = make_project(tmp_path / "plain", **files)
    assert run_cli(cwd=plain).exit_code == 0
    assert sorted(p["slug"] for p in papers(plain / "site")) == ["editorial", "editorial-2"]
    decided = make_project(tmp_path / "decided", same("editorial", "editorial-2"), **files)
    result = run_cli("--strict", cwd=decided)
    assert result.exit_code == 0, result.output
    assert sources_of(decided / "site") == {frozenset({("a.csv", 2), ("b.csv", 2)})}


# --- [[dedup.different]] -----------------------------------------------------------------------


def test_different_splits_two_records_that_would_merge(tmp_path, run_cli):
    plain = make_project(tmp_path / "plain")
    assert run_cli(cwd=plain).exit_code == 0
    assert frozenset({("a.csv", 3), ("b.csv", 3)}) in sources_of(plain / "site")

    decided = make_project(tmp_path / "decided", different("a.csv:3", "b.csv:3"))
    result = run_cli("--strict", cwd=decided)
    assert result.exit_code == 0, result.output
    found = sources_of(decided / "site")
    assert frozenset({("a.csv", 3)}) in found and frozenset({("b.csv", 3)}) in found
    assert len(found) == len(sources_of(plain / "site")) + 1


def test_different_stays_in_effect_when_the_input_order_changes(tmp_path, run_cli):
    """Three listings of one title, two kept apart: the third goes to the same side whatever
    the order of the source folders."""
    project = make_project(tmp_path / "project", different("a.csv:3", "b.csv:3"))
    one, two = project / "one", project / "two"
    one.mkdir()
    two.mkdir()
    (one / "a.csv").write_text(A_CSV, encoding="utf-8")
    (two / "b.csv").write_text(B_CSV, encoding="utf-8")
    (two / "c.csv").write_text(f"Title,Authors,Year\n\n{COLUMNS},Bo Chen,2020\n",
                               encoding="utf-8")
    outputs = []
    for order in ((one, two), (two, one)):
        out = tmp_path / f"site-{len(outputs)}"
        args = [a for folder in order for a in ("--sources", str(folder))]
        result = run_cli(*args, "--output", str(out), "--strict", cwd=project)
        assert result.exit_code == 0, result.output
        outputs.append(out)
    first = sources_of(outputs[0])
    assert not any({("a.csv", 3), ("b.csv", 3)} <= paper for paper in first)
    assert sum(("c.csv", 3) in paper for paper in first) == 1
    assert (outputs[0] / "papers.json").read_bytes() == (outputs[1] / "papers.json").read_bytes()


# --- references that name nothing --------------------------------------------------------------

BROKEN = same("a.csv:2", "no-such-paper")


def test_reference_naming_nothing_is_a_warning_with_site_toml_line(tmp_path, run_cli):
    project = make_project(tmp_path / "project", BROKEN)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    line = line_of((project / "site.toml").read_text(encoding="utf-8"), "no-such-paper")
    assert f"warning: site.toml:{line}: " in result.stderr
    assert "no-such-paper" in result.stderr
    assert (project / "site" / "papers.json").is_file()


def test_reference_naming_nothing_fails_under_strict_and_keeps_the_site(tmp_path, run_cli):
    project = make_project(tmp_path / "project")
    assert run_cli(cwd=project).exit_code == 0
    before = {p.relative_to(project / "site"): p.read_bytes()
              for p in (project / "site").rglob("*") if p.is_file()}
    config = project / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + BROKEN, encoding="utf-8")
    result = run_cli("--strict", cwd=project)
    assert result.exit_code == 1
    assert "--strict" in result.output
    after = {p.relative_to(project / "site"): p.read_bytes()
             for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_different_naming_nothing_is_a_warning_too(tmp_path, run_cli):
    project = make_project(tmp_path / "project", different("a.csv:3", "b.csv:99"))
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    line = line_of((project / "site.toml").read_text(encoding="utf-8"), "b.csv:99")
    assert f"warning: site.toml:{line}: [[dedup.different]]" in result.stderr
    assert run_cli("--strict", cwd=project).exit_code == 1


def test_override_with_no_papers_is_a_warning(tmp_path, run_cli):
    project = make_project(tmp_path / "project", "[[dedup.same]]\npapers = []\n")
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    assert "warning: site.toml:" in result.stderr


# --- the review report -------------------------------------------------------------------------

NEAR = {"a.csv": A_CSV, "b.csv": B_CSV, "c.csv": f"Title,Year\n{COLUMNS_TYPO},2020\n"}


REPORT = re.compile(r"\d+ records became \d+ papers")  # rendered; the template has no digits


def report_text(path: Path) -> str:
    """The report as a reader sees it in the browser (entities decoded)."""
    return html.unescape(path.read_text(encoding="utf-8"))


def test_report_is_written_outside_the_site_and_not_into_it(tmp_path, run_cli):
    project = make_project(tmp_path / "project", **NEAR)
    report = tmp_path / "reviews" / "dedup.html"
    result = run_cli("--report", str(report), cwd=project)
    assert result.exit_code == 0, result.output
    assert report.is_file()
    assert REPORT.search(report.read_text(encoding="utf-8"))
    site = project / "site"
    assert not list(site.rglob("report*"))
    assert not any(REPORT.search(p.read_text(encoding="utf-8", errors="replace"))
                   for p in site.rglob("*") if p.is_file())


def test_report_is_not_written_without_the_option(tmp_path, run_cli):
    project = make_project(tmp_path / "project", **NEAR)
    assert run_cli(cwd=project).exit_code == 0
    assert not [p for p in tmp_path.rglob("*") if p.is_file()
                and REPORT.search(p.read_text(encoding="utf-8", errors="replace"))]


def test_report_lists_each_merged_paper_with_its_records_and_scores(tmp_path, run_cli):
    project = make_project(tmp_path / "project", **NEAR)
    report = tmp_path / "report.html"
    assert run_cli("--report", str(report), cwd=project).exit_code == 0
    text = report_text(report).split("Merged papers", 1)[1]
    merged = [p for p in papers(project / "site") if len(p["sources"]) > 1]
    assert merged
    read = read_sources([project / "content" / "sources"], Problems())
    records = {str(r.source): r for r in read}
    clustering = cluster_with_evidence(read, DedupSettings())
    for paper in merged:
        assert paper["slug"] in text
        left, right = (records[f"{s['file']}:{s['line']}"] for s in paper["sources"])
        found = clustering.between(left, right)
        start = text.index(f"<code>{paper['slug']}</code>")
        end = text.find("<h3", start)
        section = text[start:end if end != -1 else None]
        assert str(left.source) in section and str(right.source) in section
        assert f"title {found.title:.1f}" in section
        assert found.reason in section
        assert all(f"{field} {level} {bits:+.1f}" in section for field, level, bits in found.levels)
        assert f'[[dedup.different]]\npapers = ["{left.source}", "{right.source}"]' in section


def test_report_near_miss_has_a_pasteable_same_line_naming_both_slugs(tmp_path, run_cli):
    project = make_project(tmp_path / "project", **NEAR)
    report = tmp_path / "report.html"
    assert run_cli("--report", str(report), cwd=project).exit_code == 0
    slugs = sorted([slug_of(project / "site", COLUMNS), slug_of(project / "site", COLUMNS_TYPO)])
    near = report_text(report).split("Near misses", 1)[1].split("Merged papers", 1)[0]
    lines = re.findall(r"\[\[dedup\.same\]\]\npapers = \[[^\]]*\]", near)
    wanted = [block for block in lines if all(f'"{s}"' in block for s in slugs)]
    assert wanted, lines

    config = project / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + wanted[0] + "\n",
                      encoding="utf-8")
    result = run_cli("--strict", cwd=project)
    assert result.exit_code == 0, result.output
    assert frozenset({("a.csv", 3), ("b.csv", 3), ("c.csv", 2)}) in sources_of(project / "site")


def test_report_near_miss_line_works_for_papers_with_the_same_title(tmp_path, run_cli):
    files = {"a.csv": "Title,Year\nEditorial,2020\n", "b.csv": "Title,Year\nEditorial,2020\n"}
    project = make_project(tmp_path / "project", **files)
    report = tmp_path / "report.html"
    assert run_cli("--report", str(report), cwd=project).exit_code == 0
    (block,) = re.findall(r"\[\[dedup\.same\]\]\npapers = \[[^\]]*\]", report_text(report))
    config = project / "site.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n" + block + "\n", encoding="utf-8")
    result = run_cli("--strict", cwd=project)
    assert result.exit_code == 0, result.output
    assert sources_of(project / "site") == {frozenset({("a.csv", 2), ("b.csv", 2)})}
