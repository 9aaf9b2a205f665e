"""The `build-site` command: options, exit codes, messages and the atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import click

from generator.cli import main


def test_every_option_has_help_text():
    for param in main.params:
        if isinstance(param, click.Option):
            assert param.help, f"option {param.opts} has no help text"


def test_help_lists_every_option(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0
    for option in ("--config", "--sources", "--output", "--base-url", "--templates", "--strict",
                   "--quiet", "--verbose"):
        assert option in result.output


def test_build_succeeds_with_summary_line(project, run_cli):
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("2 records read, 2 papers after merging, 2 tags, ")
    assert "pages written to" in summary and summary.endswith(" s")
    site = project / "site"
    assert (site / "index.html").is_file() and (site / ".nojekyll").is_file()
    assert (site / "papers" / "scaling-graph-neural-networks" / "index.html").is_file()


def test_bad_usage_exits_2(project, run_cli):
    assert run_cli("--no-such-option", cwd=project).exit_code == 2
    assert run_cli("--quiet", "--verbose", cwd=project).exit_code == 2
    assert run_cli("--sources", str(project / "missing"), cwd=project).exit_code == 2


def test_missing_config_is_a_message_not_a_traceback(tmp_path, run_cli):
    result = run_cli(cwd=tmp_path)
    assert result.exit_code == 1
    assert "site.toml: configuration file not found" in result.output
    assert "Traceback" not in result.output


def test_quiet_prints_no_summary(project, run_cli):
    result = run_cli("--quiet", cwd=project)
    assert result.exit_code == 0
    assert result.stdout == ""


def test_verbose_prints_stage_timings(project, run_cli):
    result = run_cli("--verbose", cwd=project)
    assert result.exit_code == 0
    for stage in ("cache", "read", "merge", "tag", "store", "notes", "previous", "related",
                  "plan", "write", "search", "record"):
        assert f"  {stage}" in result.stderr


def test_output_and_sources_options(project, run_cli, tmp_path):
    other = tmp_path / "other-sources"
    other.mkdir()
    (other / "one.txt").write_text(
        "A Single Paper About Pruning\n" + "We prune networks. " * 10 + "\n", encoding="utf-8")
    out = tmp_path / "elsewhere"
    result = run_cli("--sources", str(other), "--output", str(out), cwd=project)
    assert result.exit_code == 0, result.output
    papers = json.loads((out / "papers.json").read_text(encoding="utf-8"))
    assert [p["title"] for p in papers] == ["A Single Paper About Pruning"]
    assert papers[0]["sources"] == [{"file": "one.txt", "line": 1}]
    assert not (project / "site").exists()


def test_base_url_option_sets_404_base(project, run_cli):
    result = run_cli("--base-url", "https://me.github.io/papers/", cwd=project)
    assert result.exit_code == 0
    page = (project / "site" / "404.html").read_text(encoding="utf-8")
    assert '<base href="/papers/">' in page


def test_warnings_are_reported_with_file_and_line(project, run_cli):
    listing = project / "content" / "sources" / "list.txt"
    listing.write_text(listing.read_text(encoding="utf-8") + "\n  • many authors\n",
                       encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    assert "warning: list.txt:" in result.stderr
    assert "(1 warnings)" in result.stdout


def test_strict_fails_on_warnings_and_keeps_previous_site(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    before = (project / "site" / "index.html").read_bytes()
    listing = project / "content" / "sources" / "list.txt"
    listing.write_text("A New Paper Without Its Abstract\n", encoding="utf-8")
    result = run_cli("--strict", cwd=project)
    assert result.exit_code == 1
    assert "--strict" in result.output
    assert (project / "site" / "index.html").read_bytes() == before


def test_template_error_names_file_and_line_and_keeps_site(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    before = (project / "site" / "index.html").read_bytes()
    (project / "templates" / "tag.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ tag.name | nosuchfilter }}\n'
        "{% endblock %}\n", encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "tag.html:3: template syntax error" in result.output
    assert "nosuchfilter" in result.output
    assert (project / "site" / "index.html").read_bytes() == before


def test_template_runtime_error_names_template_and_line(project, run_cli):
    (project / "templates" / "tags.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n\n{{ no_such_variable }}\n'
        "{% endblock %}\n", encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "tags.html:4:" in result.output
    assert "no_such_variable" in result.output


def test_templates_option_overrides_and_extends(project, run_cli, tmp_path):
    custom = tmp_path / "my-templates"
    custom.mkdir()
    (custom / "paper.html").write_text(
        '{% extends "project/paper.html" %}\n'
        '{% block content %}<p class="mine">Mine</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    result = run_cli("--templates", str(custom), cwd=project)
    assert result.exit_code == 0, result.output
    page = (project / "site" / "papers" / "scaling-graph-neural-networks" / "index.html")
    html = page.read_text(encoding="utf-8")
    assert '<p class="mine">Mine</p>' in html
    assert "<h1>Scaling Graph Neural Networks</h1>" in html


def test_output_folder_may_not_replace_the_project(project, run_cli):
    result = run_cli("--output", str(project), cwd=project)
    assert result.exit_code == 1
    assert "would replace" in result.output
    assert (project / "site.toml").is_file()


def test_missing_sources_folder_from_config(project, run_cli):
    config = project / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[build]\n", '[build]\nsources = ["nowhere"]\n'), encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "nowhere: sources folder not found" in result.output


def test_rebuild_is_byte_identical(project, run_cli, tmp_path):
    # Pagefind's search bundle (pagefind/) names its files by hashes that vary between runs;
    # everything the generator itself writes must be identical.
    def snapshot(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes()
                for p in sorted(folder.rglob("*"))
                if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}

    assert run_cli(cwd=project).exit_code == 0
    first = snapshot(project / "site")
    assert run_cli(cwd=project).exit_code == 0
    assert snapshot(project / "site") == first
    assert (project / "site" / "pagefind" / "pagefind-ui.js").is_file()


def test_pages_workflow_builds_with_the_pages_url_and_deploys_officially():
    from conftest import REPO

    workflow = (REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    for needle in ("actions/upload-pages-artifact@", "actions/deploy-pages@",
                   "actions/configure-pages@",
                   "if [ -f pyproject.toml ]; then pip install .; "
                   "else pip install -r requirements.txt; fi",
                   'build-site --strict --base-url "${{ steps.pages.outputs.base_url }}/"',
                   'build-site check --base-url "${{ steps.pages.outputs.base_url }}/"',
                   "pages: write", "id-token: write", "path: site",
                   # the build cache is kept between deploys, and a new build-site starts clean
                   "actions/cache@", "path: .site-cache", "hashFiles('requirements.txt', "
                   "'pyproject.toml', 'generator/**'"):
        assert needle in workflow, needle
    # it checks and builds the owner's list; the developer suite is .ci/run's job
    assert "pytest" not in workflow and "[test]" not in workflow


def test_build_without_a_base_url(tmp_path, run_cli):
    from conftest import MINIMAL_CONFIG, write_project

    config = MINIMAL_CONFIG.replace('base_url = "https://example.org/reading-list/"\n', "")
    assert "base_url" not in config
    project = write_project(tmp_path / "p", config=config)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert 'rel="canonical"' not in (site / "index.html").read_text(encoding="utf-8")
    assert "<id>/papers/scaling-graph-neural-networks/</id>" in (
        site / "feed.xml").read_text(encoding="utf-8")
    assert "url = " not in (site / "papers.bib").read_text(encoding="utf-8")
