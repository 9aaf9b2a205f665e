"""Writing a site (generator/output/write.py, files.py, guard.py): paths stay inside the output,
nothing is written twice, swaps are atomic."""

from __future__ import annotations

import pytest

from generator.errors import BuildError
from generator.output.files import SiteFiles, safe_path
from generator.output.guard import MARKER, check_output_folder
from generator.output.write import write_output


@pytest.mark.parametrize("path", ["../evil.html", "/etc/passwd", "a/../../b", "",
                                  "C:/x", "..\\x"])
def test_paths_outside_the_output_are_refused(path):
    with pytest.raises(BuildError, match="must stay inside"):
        safe_path(path)


def test_one_path_is_never_written_twice():
    files = SiteFiles()
    files.add("papers/a/index.html", "one")
    with pytest.raises(BuildError, match="two pages would be written to 'papers/a/index.html'"):
        files.add("papers/a/index.html", "two")


def test_swap_replaces_the_whole_folder_and_keeps_cname(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("")  # a previous build's output
    (out / "stale.html").write_text("old")
    (out / "CNAME").write_text("papers.example.org\n")
    files = SiteFiles()
    files.add("index.html", "new")
    write_output(files, out)
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "CNAME", "index.html"]
    assert (out / "CNAME").read_text() == "papers.example.org\n"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folder left behind


def test_failed_write_leaves_previous_site(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / MARKER).write_text("")
    (out / "index.html").write_text("previous")
    files = SiteFiles()
    files.add("index.html", "new")
    files.files["index.html/oops"] = b"cannot be both a file and a folder"
    with pytest.raises(OSError):
        write_output(files, out)
    assert (out / "index.html").read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_output_cannot_be_the_project_or_an_input(tmp_path):
    with pytest.raises(BuildError, match="would replace"):
        check_output_folder(tmp_path, [tmp_path])
    with pytest.raises(BuildError, match="would replace"):
        check_output_folder(tmp_path, [tmp_path / "content" / "sources"])
    check_output_folder(tmp_path / "site", [tmp_path / "content"], project=tmp_path)


def test_content_made_by_a_function_is_made_when_written(tmp_path):
    out = tmp_path / "site"
    made: list[str] = []
    files = SiteFiles()
    files.add("index.html", lambda: made.append("index") or "<p>made late</p>")
    files.add("data.json", lambda: b"[]")
    assert made == []  # nothing made before the writer asks
    write_output(files, out)
    assert made == ["index"]
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>made late</p>"
    assert (out / "data.json").read_bytes() == b"[]"
    failing = SiteFiles()
    failing.add("index.html", "<p>new</p>")
    failing.add("papers/x/index.html", lambda: 1 // 0)  # e.g. a template error in one page
    with pytest.raises(ZeroDivisionError):
        write_output(failing, out)
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>made late</p>"
    assert not (out / "papers").exists()
