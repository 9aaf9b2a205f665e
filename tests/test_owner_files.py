"""The build never destroys what it did not make: the output folder and --report are checked
before anything is written, and only folders a build wrote (its marker) are replaced."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.output.files import SiteFiles
from generator.output.guard import MARKER
from generator.output.staging import remove_stale_staging
from generator.output.write import write_output

REPO = Path(__file__).resolve().parent.parent


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("args, message", [
    (["--output", "static"], "would replace"),
    (["--output", "content/sources/site"], "lies inside"),
    (["--output", "static/site"], "lies inside"),
])
def test_output_may_not_be_hold_or_lie_inside_an_input(project, run_cli, args, message):
    before = _tree(project)
    result = run_cli(*args, cwd=project)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert _tree(project) == before


def test_output_may_not_be_the_templates_option_folder(project, run_cli):
    (project / "mytpl").mkdir()
    shutil.copy(project / "templates" / "base.html", project / "mytpl" / "base.html")
    result = run_cli("--templates", "mytpl", "--output", "mytpl", cwd=project)
    assert result.exit_code == 1
    assert "mytpl: the output folder would replace" in result.output
    assert (project / "mytpl" / "base.html").is_file()


def test_a_folder_the_build_did_not_write_is_refused(project, run_cli):
    documents = project / "Documents"
    documents.mkdir()
    (documents / "thesis.docx").write_bytes(b"PK\x03\x04 my thesis")
    result = run_cli("--output", "Documents", cwd=project)
    assert result.exit_code == 1
    assert "Documents: the output folder holds files build-site did not write (thesis.docx)" \
        in result.output
    assert "move them away, or choose an empty or new folder" in result.output
    assert (documents / "thesis.docx").read_bytes() == b"PK\x03\x04 my thesis"
    assert [p.name for p in documents.iterdir()] == ["thesis.docx"]


def test_empty_missing_and_previously_built_folders_are_replaced(project, run_cli):
    (project / "empty").mkdir()
    assert run_cli("--output", "empty", cwd=project).exit_code == 0
    assert (project / "empty" / MARKER).is_file()
    assert run_cli("--output", "empty", cwd=project).exit_code == 0  # its own output again
    assert run_cli("--output", "new/deeper", cwd=project).exit_code == 0
    assert (project / "new" / "deeper" / "index.html").is_file()


def test_output_of_a_build_from_before_the_marker_is_still_replaced(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    (project / "site" / MARKER).unlink()  # as a build before the marker left it
    assert run_cli(cwd=project).exit_code == 0
    assert (project / "site" / MARKER).is_file()


def test_writer_refuses_a_file_as_output_whoever_calls_it(tmp_path):
    from generator.errors import BuildError
    from generator.output.guard import check_output_folder
    (tmp_path / "a.txt").write_text("mine")
    with pytest.raises(BuildError, match="the output is a file"):
        check_output_folder(tmp_path / "a.txt", [])


@pytest.mark.parametrize("report, message", [
    ("content/sources/list.txt", "--report would overwrite a file in"),
    ("site.toml", "--report would overwrite"),
    ("templates/base.html", "--report would overwrite a file in"),
    ("static/review.html", "--report would write inside"),
    ("site/review.html", "--report must be outside the output folder"),
])
def test_report_may_not_overwrite_an_input_or_land_in_the_site(project, run_cli, report, message):
    before = _tree(project)
    result = run_cli("--report", report, cwd=project)
    assert result.exit_code == 1
    assert message in result.output
    assert _tree(project) == before


def test_report_replaces_only_a_report_it_wrote(project, run_cli):
    (project / "README.md").write_text("my readme\n")
    result = run_cli("--report", "README.md", cwd=project)
    assert result.exit_code == 1
    assert "README.md: --report would overwrite a file build-site did not write" in result.output
    assert (project / "README.md").read_text() == "my readme\n"
    assert run_cli("--report", "review.html", cwd=project).exit_code == 0
    assert run_cli("--report", "review.html", cwd=project).exit_code == 0  # its own report
    assert "<h1" in (project / "review.html").read_text()


def test_stale_staging_folders_of_killed_builds_are_removed(project, run_cli):
    stale = project / ".site-new-k1ll3d"
    stale.mkdir()
    (stale / MARKER).write_text("")
    (stale / "big.bin").write_bytes(b"x" * 1000)
    retired = project / ".site-old-k1ll3d"
    retired.mkdir()  # empty: killed between making and filling it
    foreign = project / ".site-new-mine"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not the build's")
    assert run_cli(cwd=project).exit_code == 0
    assert not stale.exists() and not retired.exists()
    assert (foreign / "keep.txt").read_text() == "not the build's"


def test_a_killed_build_leaves_a_folder_the_next_build_removes(tmp_path):
    """A real build process killed while it writes; the next build cleans up after it."""
    site = tmp_path / "site"
    script = (f"import sys, time; sys.path.insert(0, {str(REPO)!r})\n"
              "from pathlib import Path\n"
              "from generator.output.files import SiteFiles\n"
              "from generator.output.write import write_output\n"
              "files = SiteFiles(); files.add('index.html', 'x')\n"
              "class Slow:  # a search index that takes a minute\n"
              "    def start(self, staging, kept): pass\n"
              "    def finish(self): time.sleep(60)\n"
              "    def cancel(self): pass\n"
              f"write_output(files, Path({str(site)!r}), index=Slow())\n")
    child = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not list(tmp_path.glob(".site-new-*/index.html")) and time.monotonic() < deadline:
        time.sleep(0.05)
    (staging,) = tmp_path.glob(".site-new-*")
    assert remove_stale_staging(site) == []  # the build is alive: its folder is kept
    child.kill()
    child.wait()
    files = SiteFiles()
    files.add("index.html", "next")
    write_output(files, site)
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_running_builds_staging_folder_is_kept_while_a_dead_ones_is_removed(tmp_path):
    site = tmp_path / "site"
    live, dead = tmp_path / ".site-new-live", tmp_path / ".site-new-dead"
    for folder in (live, dead):
        folder.mkdir()
        (folder / MARKER).write_text("")
    descriptor = os.open(live, os.O_RDONLY)
    fcntl.flock(descriptor, fcntl.LOCK_EX)  # as the running build holds it
    try:
        files = SiteFiles()
        files.add("index.html", "x")
        write_output(files, site)
        assert live.is_dir() and not dead.exists()
    finally:
        os.close(descriptor)
