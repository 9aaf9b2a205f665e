"""`build-site init`, `build-site check`, and the package carrying what a new site needs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

from conftest import REPO

from generator.scaffold import FILES, requirement, requirements

WRITTEN = sorted(FILES)


def test_init_writes_a_site_that_builds_with_the_package_defaults(tmp_path, run_cli):
    folder = tmp_path / "my-list"
    result = run_cli("init", str(folder))
    assert result.exit_code == 0, result.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file()) == WRITTEN
    assert not (folder / "templates").exists() and not (folder / "static").exists()
    result = run_cli(cwd=folder)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 records read, 3 papers after merging, 3 tags, ")
    # the example base_url is flagged until the owner sets theirs
    assert "site.toml:9: `base_url` in [site] is still the example" in result.stderr
    papers = {p["slug"]: p for p in json.loads(
        (folder / "site" / "papers.json").read_text(encoding="utf-8"))}
    assert papers["attention-is-all-you-need"]["tags"] == ["transformers"]
    assert papers["attention-is-all-you-need"]["arxiv"] == "1706.03762"
    assert papers["deep-residual-learning-for-image-recognition"]["tags"] == ["computer-vision"]
    page = (folder / "site" / "papers" / "attention-is-all-you-need" / "index.html").read_text(
        encoding="utf-8")
    assert "<li>Example: three classics, line 1 (id <code>vaswani2017attention</code>)" in page
    assert (folder / "site" / "about" / "index.html").is_file()
    assert (folder / "site" / "static" / "style.css").read_bytes() == (
        REPO / "static" / "style.css").read_bytes()
    # the social preview image comes with the defaults, so shared links show it
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert 'property="og:image" content="https://example.github.io/reading-list/static/' \
           'social.png"' in index
    assert run_cli("check", cwd=folder).exit_code == 0
    ignored = (folder / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/site/" in ignored and ".*cache*/" in ignored


def test_init_writes_the_repositorys_own_pages_workflow(tmp_path, run_cli):
    assert run_cli("init", str(tmp_path)).exit_code == 0
    assert (tmp_path / ".github" / "workflows" / "pages.yml").read_bytes() == (
        REPO / ".github" / "workflows" / "pages.yml").read_bytes()
    assert "build-site==" in (tmp_path / "requirements.txt").read_text(encoding="utf-8")


def test_init_defaults_to_the_current_folder(tmp_path, run_cli):
    assert run_cli("init", cwd=tmp_path).exit_code == 0
    assert (tmp_path / "site.toml").is_file()


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path, run_cli):
    (tmp_path / "site.toml").write_text("# mine\n", encoding="utf-8")
    (tmp_path / ".gitignore").write_text("mine\n", encoding="utf-8")
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 1
    assert f"Error: {tmp_path}: refusing to overwrite site.toml, .gitignore; nothing was " \
           "written." in result.output
    assert (tmp_path / "site.toml").read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "site.toml"]


def test_the_starter_site_toml_sets_every_section_it_documents(tmp_path, run_cli):
    from generator.config import load_config

    run_cli("init", str(tmp_path))
    config = load_config(tmp_path / "site.toml")
    assert config.site.title == "My reading list" and config.site.author == ""
    assert [s.label for s in config.sources] == ["", "Example: three classics"]
    assert [t.slug for t in config.tags] == ["transformers", "optimization", "computer-vision"]
    assert config.dedup.match_weight == 14.0


def test_check_reports_a_broken_link_and_fails(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    result = run_cli("check", cwd=project)
    assert result.exit_code == 0, result.output
    assert "no broken internal link or anchor" in result.stdout
    page = project / "site" / "tags" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<a href="../papers/no-such-paper/">x</a><a href="#nowhere">y</a></main>'),
        encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.exit_code == 1
    assert "broken: tags/index.html -> ../papers/no-such-paper/" in result.stderr
    assert "broken: tags/index.html -> #nowhere (no #nowhere)" in result.stderr
    assert "Error: 2 broken internal link(s) in site" in result.stderr


def _requirement_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith("#")]


def test_requirements_name_an_installable_build_site():
    assert _requirement_lines(requirements())[0].startswith("build-site")
    git = {"url": "https://github.com/ada/build-site",
           "vcs_info": {"vcs": "git", "commit_id": "0123abc", "requested_revision": "main"}}
    assert _requirement_lines(requirement("0.1.0", git)) == [
        "build-site @ git+https://github.com/ada/build-site@0123abc"]
    assert _requirement_lines(requirement("0.2.0", {})) == ["build-site==0.2.0"]  # from PyPI
    local = requirement("0.1.0", {"url": "file:///home/ada/build-site", "dir_info": {}})
    assert _requirement_lines(local) == ["build-site==0.1.0"]
    assert "file:///home/ada/build-site, which CI cannot reach" in local


def test_the_wheel_carries_templates_static_workflow_and_starter(tmp_path):
    clone = tmp_path / "clone"  # build from a copy: setuptools writes build/ beside the sources
    for name in ("generator", "templates", "static", ".github"):
        shutil.copytree(REPO / name, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, clone / name)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "--no-build-isolation", "-w", str(tmp_path), str(clone)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("build_site-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, package in (("templates", "templates"), ("static", "static"),
                            (".github/workflows", "workflow")):
        for file in (REPO / folder).rglob("*"):
            if file.is_file():
                assert f"generator/{package}/{file.relative_to(REPO / folder).as_posix()}" \
                    in names, file
    for source in {s for s in FILES.values() if s}:
        assert f"generator/starter/{source}" in names
    for module in (REPO / "generator").rglob("*.py"):  # every subpackage is listed for setuptools
        assert module.relative_to(REPO).as_posix() in names, module


def test_every_subcommand_and_its_options_have_help_text(run_cli):
    from generator.cli import main

    assert sorted(main.commands) == ["check", "init", "lookup", "templates"]
    for name, command in main.commands.items():
        assert command.help, f"build-site {name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"build-site {name} {param.opts} has no help text"
        assert name in run_cli("--help").output
