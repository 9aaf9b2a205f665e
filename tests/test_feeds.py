"""Feed dates: the paper's own date, else when its source file entered the list (the file's
last commit in a git checkout, else its modification time), never the epoch when a file is
known; SOURCE_DATE_EPOCH clamps them; summaries are short."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import feedparser
import pytest

from generator.models import Paper, PaperDate, Provenance, Record
from generator.site.feeds import SUMMARY_LENGTH, atom_feed, entry_time, source_times


def _paper(slug: str, file: str, date: PaperDate | None = None, abstract: str = "") -> Paper:
    record = Record(title=slug, source=Provenance(file, 3))
    return Paper(slug=slug, title=slug, abstract=abstract, records=(record,), titles=(slug,),
                 date=date)


def _git(folder, *args: str, when: int) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE":
           f"@{when} +0000", "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@x"}
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)


def test_undated_paper_takes_its_source_files_modification_time(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "list.txt").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "list.txt", (1_700_000_000, 1_700_000_000))
    times = source_times([tmp_path])
    assert times == {"list.txt": dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)}
    assert entry_time(_paper("a", "list.txt"), times) == times["list.txt"]
    dated = _paper("b", "list.txt", PaperDate(month=3, day=2, year=2021))
    assert entry_time(dated, times) == dt.datetime(2021, 3, 2, tzinfo=dt.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1600000000")  # later times are clamped to it
    assert source_times([tmp_path])["list.txt"].year == 2020


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_in_a_git_checkout_the_last_commit_time_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    _git(tmp_path, "init", "-q", when=0)
    (tmp_path / "sources").mkdir()
    for name, when in (("old.txt", 1_500_000_000), ("new.txt", 1_600_000_000)):
        (tmp_path / "sources" / name).write_text(name, encoding="utf-8")
        _git(tmp_path, "add", ".", when=when)
        _git(tmp_path, "commit", "-q", "-m", name, when=when)
    (tmp_path / "sources" / "loose.txt").write_text("not committed", encoding="utf-8")
    os.utime(tmp_path / "sources" / "loose.txt", (1_700_000_000, 1_700_000_000))
    times = source_times([tmp_path / "sources"])
    assert {k: v.year for k, v in times.items()} == {"old.txt": 2017, "new.txt": 2020,
                                                      "loose.txt": 2023}


def test_feed_never_says_1970_for_a_known_file_and_summaries_are_short(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    (tmp_path / "list.txt").write_text("x", encoding="utf-8")
    os.utime(tmp_path / "list.txt", (1_700_000_000, 1_700_000_000))
    papers = [_paper("a", "list.txt", abstract="word " * 400)]
    feed = feedparser.parse(atom_feed(papers, "L", "https://x.org/", "feed.xml", "",
                                      times=source_times([tmp_path])))
    entry = feed.entries[0]
    assert entry.updated.startswith("2023-11-14")
    assert len(entry.summary) <= SUMMARY_LENGTH + 1 and entry.summary.endswith("…")
