"""Rebuilds that update the site in place (output/write.py, output/staging.py) and the preview's
second phase, the search index made after the pages are served (output/pending.py)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import write_project
from test_incremental import clean_copy, listing_of, note, run, snapshot

from generator.build import BuildOptions, build
from generator.config import load_config
from generator.errors import BuildError

PAPER = "study-2-of-protein-folding"


def noted_project(tmp_path: Path) -> Path:
    project = write_project(tmp_path / "project", listing=listing_of(14))
    (project / "content" / "notes").mkdir(parents=True)
    save_note(project, "First thoughts.")
    return project


def save_note(project: Path, text: str, front: str = "") -> None:
    (project / "content" / "notes" / f"{PAPER}.md").write_text(
        note(text).replace("+++\n\n", f"{front}+++\n\n", 1), encoding="utf-8")


def statuses(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Each file's inode, modification and change time: a file written, linked, renamed or
    replaced changes one of them."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.lstat()
            found[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns,
                                                          stat.st_ctime_ns)
    return found


def searchable(site: Path) -> str:
    """Every text the search bundle holds (Pagefind's fragments are gzipped JSON)."""
    return "\n".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                     for p in sorted(site.glob("pagefind/**/fragment/*.pf_fragment")))


def test_a_note_edit_leaves_every_other_file_exactly_where_it_was(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    site = project / "site"
    folder, before = site.stat().st_ino, statuses(site)
    save_note(project, "Second thoughts.")
    run(project)
    after = statuses(site)
    changed = {path for path in after if before.get(path) != after[path]}
    assert f"papers/{PAPER}/index.html" in changed
    # not rewritten, and not linked or moved either: same inode, same modification and change
    # time (a hard link or a rename changes the change time)
    assert f"papers/{PAPER}/{PAPER}.bib" not in changed
    assert "static/style.css" not in changed and "papers.json" not in changed
    assert len(changed) < len(after) / 4
    assert site.stat().st_ino == folder  # the site itself was updated, not replaced
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_tag_given_by_a_note_reaches_papers_json_and_the_feeds(tmp_path):
    """papers.json and the feeds are kept unmade when their key is unchanged: the key must
    see what a note changes in them."""
    project = noted_project(tmp_path)
    run(project)
    save_note(project, "Now tagged.", front='tags = ["gnn"]\n')
    run(project)
    papers = json.loads((project / "site" / "papers.json").read_text(encoding="utf-8"))
    assert "gnn" in next(p for p in papers if p["slug"] == PAPER)["tags"]
    assert PAPER in (project / "site" / "tags" / "gnn" / "feed.xml").read_text(encoding="utf-8")
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_file_put_into_the_site_is_removed_and_a_planted_folder_link_never_followed(
        tmp_path):
    project = noted_project(tmp_path)
    run(project)
    site = project / "site"
    (site / "stray.html").write_text("not from the build", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    page_folder = site / "papers" / PAPER
    for file in page_folder.iterdir():
        file.unlink()
    page_folder.rmdir()
    page_folder.symlink_to(outside, target_is_directory=True)
    save_note(project, "Second thoughts.")
    run(project)
    assert list(outside.iterdir()) == []  # nothing written through the link
    assert not page_folder.is_symlink() and "Second thoughts." in (
        page_folder / "index.html").read_text(encoding="utf-8")
    assert not (site / "stray.html").exists()
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_page_edited_in_place_with_its_size_and_time_restored_is_not_trusted(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    other = project / "site" / "papers" / "study-10-of-weather-forecasting" / "index.html"
    original, stat = other.read_bytes(), other.stat()
    other.write_bytes(original.replace(b"Study 10", b"Study XY"))
    os.utime(other, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # only the change time tells
    save_note(project, "Second thoughts.")
    run(project)
    assert other.read_bytes() == original


def deferred(project: Path):
    return build(load_config(project / "site.toml"), BuildOptions(defer_search=True))


def test_the_preview_puts_the_pages_in_place_first_and_search_catches_up(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    site = project / "site"
    save_note(project, "Second thoughts on folding.")
    first = deferred(project)
    assert first.pending_search is not None
    # the page shows the note at once; search still has the previous bundle, whole
    assert "Second thoughts on folding." in (site / f"papers/{PAPER}/index.html").read_text(
        encoding="utf-8")
    assert "First thoughts." in searchable(site)
    assert "Second thoughts" not in searchable(site)
    assert first.pending_search.run()
    assert "Second thoughts on folding." in searchable(site)
    assert "First thoughts." not in searchable(site)
    assert json.loads((site / "pagefind" / "shards.json").read_text()) == {"shards": []}
    again = run(project)  # the site is complete now: nothing left to do
    assert "write" not in again.timings
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_cancelled_search_keeps_the_previous_bundle_and_the_next_build_finishes_it(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    site = project / "site"
    bundle = {path: stat for path, stat in statuses(site).items()
              if path.startswith("pagefind/")}
    save_note(project, "Second thoughts.")
    pending = deferred(project).pending_search
    assert pending is not None
    pending.cancel()  # the live preview does this when a newer save comes in
    with pytest.raises(BuildError, match="Pagefind"):
        pending.run()
    assert {path: stat for path, stat in statuses(site).items()
            if path.startswith("pagefind/")} == bundle
    assert not list(tmp_path.glob("project/.site-new-*"))
    finished = run(project)  # a plain build: it indexes what the preview left out
    assert finished.pending_search is None and finished.cpu["search"] > 0
    assert "Second thoughts." in searchable(site)
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_pending_search_outdated_by_another_build_does_nothing(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    save_note(project, "Second thoughts.")
    pending = deferred(project).pending_search
    assert pending is not None
    save_note(project, "Third thoughts.")
    run(project)
    site = project / "site"
    before = statuses(site)
    assert not pending.run()
    assert statuses(site) == before and "Third thoughts." in searchable(site)


def test_a_file_where_a_folder_of_the_site_goes_is_replaced_by_the_folder(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    site = project / "site"
    page_folder = site / "papers" / PAPER
    for file in page_folder.iterdir():
        file.unlink()
    page_folder.rmdir()
    page_folder.write_text("a file in the folder's place", encoding="utf-8")
    save_note(project, "Second thoughts.")
    run(project)
    assert "Second thoughts." in (page_folder / "index.html").read_text(encoding="utf-8")
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_second_build_of_the_site_waits_until_the_first_is_done(tmp_path):
    project = noted_project(tmp_path)
    run(project)
    holder = subprocess.Popen(  # another build of the site, as it holds the site's cache
        [sys.executable, "-c", "import fcntl, os, sys, time\n"
         "fcntl.flock(os.open(sys.argv[1], os.O_RDONLY), fcntl.LOCK_EX)\n"
         "print('held', flush=True)\ntime.sleep(60)", str(project / ".site-cache")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "held\n"
        save_note(project, "Written while the other build runs.")
        stages: list[str] = []
        second = threading.Thread(target=lambda: build(
            load_config(project / "site.toml"), BuildOptions(), stages.append))
        second.start()
        second.join(timeout=1.5)
        assert second.is_alive() and stages == ["waiting for another build"]
    finally:
        holder.kill()
        holder.wait()
    second.join(timeout=60)
    assert not second.is_alive() and stages[1:3] == ["cache", "notes"]
    assert "Written while the other build runs." in (project / "site" / "papers" / PAPER /
                                                     "index.html").read_text(encoding="utf-8")
