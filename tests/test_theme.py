"""Templates and static files: the site's own folders first, then the package's defaults."""

from __future__ import annotations

import shutil

from conftest import REPO

from generator.site.theme import default_folder

GNN_PAGE = ("site", "papers", "scaling-graph-neural-networks", "index.html")


def _bare(project):
    """The project without the copies of templates/ and static/ that write_project makes."""
    shutil.rmtree(project / "templates")
    shutil.rmtree(project / "static")
    return project


def test_a_site_without_templates_or_static_builds_from_the_package_defaults(project, run_cli):
    _bare(project)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert (site / "static" / "style.css").read_bytes() == (
        REPO / "static" / "style.css").read_bytes()
    assert "<h1>Scaling Graph Neural Networks</h1>" in (
        project.joinpath(*GNN_PAGE).read_text(encoding="utf-8"))


def test_the_sites_static_files_replace_and_add_to_the_defaults(project, run_cli):
    _bare(project)
    (project / "static").mkdir()
    (project / "static" / "style.css").write_text("body { color: teal }\n", encoding="utf-8")
    (project / "static" / "img").mkdir()
    (project / "static" / "img" / "logo.svg").write_text("<svg/>", encoding="utf-8")
    assert run_cli(cwd=project).exit_code == 0
    static = project / "site" / "static"
    assert (static / "style.css").read_text(encoding="utf-8") == "body { color: teal }\n"
    assert (static / "img" / "logo.svg").is_file()
    assert (static / "site.js").read_bytes() == (REPO / "static" / "site.js").read_bytes()


def test_a_sites_template_extends_the_default_it_replaces(project, run_cli):
    _bare(project)
    (project / "templates").mkdir()
    (project / "templates" / "paper.html").write_text(
        '{% extends "default/paper.html" %}\n'
        '{% block content %}<p class="mine">mine</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8")
    assert run_cli(cwd=project).exit_code == 0
    html = project.joinpath(*GNN_PAGE).read_text(encoding="utf-8")
    assert html.index('<p class="mine">mine</p>') < html.index("<h1>Scaling Graph")
    assert 'class="mine"' not in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_the_override_folder_comes_before_the_sites_templates(project, run_cli):
    _bare(project)
    (project / "templates").mkdir()
    (project / "templates" / "paper.html").write_text(
        '{% extends "default/paper.html" %}{% block title %}site{% endblock %}\n',
        encoding="utf-8")
    override = project / "mine"
    override.mkdir()
    (override / "paper.html").write_text(
        '{% extends "project/paper.html" %}{% block title %}override{% endblock %}\n',
        encoding="utf-8")
    assert run_cli("--templates", str(override), cwd=project).exit_code == 0
    html = project.joinpath(*GNN_PAGE).read_text(encoding="utf-8")
    assert "<title>override</title>" in html


def test_a_missing_template_names_every_folder_searched(project, run_cli):
    _bare(project)
    (project / "templates").mkdir()
    (project / "templates" / "index.html").write_text('{% include "nope.html" %}',
                                                      encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert str(project / "templates") in result.output
    assert str(default_folder("templates")) in result.output


def test_defaults_in_a_clone_are_the_top_level_design_card():
    assert default_folder("templates") == REPO / "templates"
    assert default_folder("static") == REPO / "static"
    assert default_folder("workflow") == REPO / ".github" / "workflows"
