"""The search index in shards: how records are split, and that a rebuild re-indexes only the
shards whose records changed. (The browser side is tests/test_browser_shards.py.)"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from generator.build import BuildOptions, build
from generator.config import load_config
from generator.site import search
from generator.site.search import SearchRecord, shard_folder, shard_paths, shards

NOTE = "+++\nstatus = \"read\"\n+++\n\nThe normalisation trick is the point.\n"


def _records(count: int) -> list[SearchRecord]:
    return [SearchRecord(f"/papers/p{n}/", f"Paper {n}", f"About topic {n}.") for n in range(count)]


def test_every_record_lands_in_one_shard_and_stays_there(monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 10)
    groups = shards(_records(35))
    assert len(groups) == 4 and all(groups)
    assert sorted(r.url for g in groups for r in g) == sorted(r.url for r in _records(35))
    grown = shards(_records(38))  # still four shards: the first 35 records keep theirs
    where = {r.url: n for n, g in enumerate(grown) for r in g}
    assert all(where[r.url] == n for n, g in enumerate(groups) for r in g)


def test_long_records_make_more_shards(monkeypatch):
    monkeypatch.setattr(search, "SHARD_TEXT", 1000)
    records = [SearchRecord(f"/papers/p{n}/", "T", "word " * 50) for n in range(40)]
    assert len(shards(records)) == 10  # 10,000 characters of content, 1,000 a shard


def test_records_without_a_word_and_shards_left_empty_are_dropped(monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 1)  # a shard a record, by hash: some empty
    records = _records(6) + [SearchRecord("/papers/dots/", "...", "... --")]
    groups = shards(records)
    assert all(groups) and len(groups) < 7
    assert sorted(r.url for g in groups for r in g) == sorted(r.url for r in records[:6])
    assert shards([SearchRecord("/papers/dots/", "...", "...")]) == []  # nothing to index


def test_shard_paths_tell_the_first_bundle_from_the_others():
    paths = ["pagefind/pagefind.js", "pagefind/shards.json", "pagefind/fragment/a.pf_fragment",
             "pagefind/shard-1/pagefind.js", "pagefind/shard-12/index/b.pf_index", "index.html"]
    assert shard_paths(paths, shard_folder(0)) == paths[:3]
    assert shard_paths(paths, shard_folder(1)) == ["pagefind/shard-1/pagefind.js"]
    assert shard_paths(paths, shard_folder(12)) == ["pagefind/shard-12/index/b.pf_index"]


def _times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in (folder / "pagefind").rglob("*") if p.is_file()}


def test_a_new_note_reindexes_only_the_shard_of_its_paper(project, monkeypatch):
    monkeypatch.setattr(search, "SHARD_RECORDS", 1)  # a shard a paper, by hash
    (project / "content" / "sources" / "more.csv").write_text(
        "title,abstract\n" + "".join(f"Sparse Attention Study {n},An abstract about sparse "
                                     f"attention number {n}.\n" for n in range(6)),
        encoding="utf-8")
    config = load_config(project / "site.toml")
    first = build(config, BuildOptions())
    site = project / "site"
    listed = json.loads((site / "pagefind" / "shards.json").read_text())["shards"]
    assert len(listed) == len(shards(search.search_records(first.papers, []))) - 1 >= 1
    before = _times(site)
    slug = "scaling-graph-neural-networks"
    (project / "content" / "notes").mkdir(parents=True)
    (project / "content" / "notes" / f"{slug}.md").write_text(NOTE, encoding="utf-8")
    again = build(config, BuildOptions())
    after = _times(site)
    groups = shards(search.search_records(again.papers, []))
    mine = next(n for n, g in enumerate(groups) if any(r.url == f"/papers/{slug}/" for r in g))
    changed = {path for path in after if before.get(path) != after[path]}
    assert changed and set(shard_paths(changed, shard_folder(mine))) == changed
    others = [n for n in range(len(groups)) if n != mine]
    for number in others:  # the other shards' files are the same files, linked over
        assert all(before[p] == after[p] for p in shard_paths(after, shard_folder(number)))
    fragments = [p for p in (site / shard_folder(mine) / "fragment").iterdir()]
    assert any("normalisation trick" in _text(p) for p in fragments)
    assert again.cpu["search"] > 0 and "write" in again.cpu


def _text(fragment: Path) -> str:
    return gzip.decompress(fragment.read_bytes()).decode("utf-8", "replace")


def test_a_list_too_small_to_shard_keeps_one_bundle(tmp_path):
    keys = search.index_site(tmp_path, _records(3))
    assert list(keys) == ["pagefind"]
    assert json.loads((tmp_path / "pagefind" / "shards.json").read_text()) == {"shards": []}
