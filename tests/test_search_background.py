"""The search index written in the background (`search.start_index`), while the caller goes on:
the same bundle as `index_site`, its failures told by `wait()`, and `cancel()` stopping it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from generator.errors import BuildError
from generator.site import search
from generator.site.search import SearchRecord, index_site, start_index


def _records(count: int) -> list[SearchRecord]:
    return [SearchRecord(f"/papers/p{n}/", f"Paper {n} on graphs",
                         f"An abstract about message passing number {n}.\nA. Author",
                         {"tag": [f"Topic {n % 3}"], "year": [str(2000 + n % 5)]},
                         {"authors": "A. Author", "date": "2021"}) for n in range(count)]


def _bundle(folder: Path) -> dict[str, str]:
    """The bundle's files by content, but for those Pagefind writes in a random order each run
    (its filters, and so the meta file and entry that name them by hash): those by count."""
    files = [p for p in (folder / search.BUNDLE).rglob("*") if p.is_file()]
    unordered = [p for p in files if p.parent.name == "filter" or p.suffix == ".pf_meta"
                 or p.name == "pagefind-entry.json"]
    made = {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in files if p not in unordered}
    return made | {"unordered files": str(len(unordered))}


def test_the_background_index_is_the_bundle_index_site_writes(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 7)  # three shards
    records = _records(20)
    (tmp_path / "now").mkdir()
    (tmp_path / "later").mkdir()
    keys = index_site(tmp_path / "now", records, "en", "v1")
    running = start_index(tmp_path / "later", records, "en", "v1")
    assert running.wait() == keys
    assert len(keys) == 3
    written = _bundle(tmp_path / "later")
    assert written == _bundle(tmp_path / "now")
    assert (tmp_path / "later" / "pagefind" / "shard-2" / "pagefind-entry.json").is_file()
    assert "pagefind/shards.json" in written and len(written) > 20


def test_a_kept_shard_is_not_indexed_again_but_keeps_its_key(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 7)
    records = _records(20)
    running = start_index(tmp_path, records, "en", "v1", reuse=lambda shard: shard.number == 1)
    keys = running.wait()
    assert sorted(keys) == ["pagefind", "pagefind/shard-1", "pagefind/shard-2"]
    assert (tmp_path / "pagefind" / "shard-2" / "pagefind-entry.json").is_file()
    assert not (tmp_path / "pagefind" / "shard-1").exists()


def test_a_pagefind_failure_reaches_wait(tmp_path):
    blocker = tmp_path / "site"
    blocker.write_text("a file where the bundle's folder should go")
    running = start_index(blocker, _records(3))
    with pytest.raises(BuildError, match="search index: could not write .*site/pagefind"):
        running.wait()


def test_cancel_stops_the_index_and_wait_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 50)  # many shards, one process after another
    running = start_index(tmp_path, _records(2000))
    running.cancel()
    assert not running.thread.is_alive()
    with pytest.raises(BuildError):
        running.wait()
    assert not (tmp_path / "pagefind" / "shard-39").exists()  # the last shards never started
