"""Every cache key is made in one place (generator/keys.py): changing each input the build reads
changes exactly the keys that depend on it, and nothing else."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.config import load_config
from generator.keys import BuildInputs, CacheKeys

TAXONOMY = ("gnn", "gan")
KEYS = ("papers", "related", "site", "pages", "manifest", "page_records")


def keys_of(project: Path, code: str = "code-1", base_url: str | None = None,
            output: str = "site") -> dict[str, str]:
    config = load_config(project / "site.toml")
    if base_url is not None:  # as --base-url does
        config = replace(config, site=replace(config.site, base_url=base_url))
    keys = CacheKeys(BuildInputs.read(config, config.source_paths(), project / output,
                                      code=code))
    return {"papers": keys.papers, "related": keys.related, "site": keys.site,
            "pages": keys.pages(TAXONOMY), "manifest": keys.manifest,
            "page_records": keys.page_records}


def edit(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in KEYS if before[name] != after[name]}


@pytest.mark.parametrize("change, expected", [
    # a source byte: the papers and all made from them; page records check their own inputs
    (lambda p: edit(p / "content" / "sources" / "list.txt",
                    (p / "content" / "sources" / "list.txt").read_text() + " "),
     {"papers", "related", "site"}),
    (lambda p: edit(p / "content" / "notes" / "a.md", "A note.\n"), {"site"}),
    (lambda p: edit(p / "content" / "pages" / "about.md", "# About\n"), {"site"}),
    (lambda p: edit(p / "templates" / "paper.html",
                    (p / "templates" / "paper.html").read_text() + "\n"), {"site"}),
    (lambda p: edit(p / "static" / "style.css", "body {}\n"), {"site"}),
    (lambda p: edit(p / "static" / "extra.js", "1;\n"), {"site", "pages"}),  # a new name
    (lambda p: edit(p / "CNAME", "papers.example.org\n"), {"site"}),
    (lambda p: edit(p / "site.toml", (p / "site.toml").read_text().replace(
        'title = "Test list"', 'title = "Another list"')),
     {"papers", "related", "site", "pages"}),
])
def test_each_input_changes_exactly_its_keys(project, change, expected):
    before = keys_of(project)
    change(project)
    assert changed(before, keys_of(project)) == expected


def test_base_url_code_version_and_output_change_their_keys(project):
    before = keys_of(project)
    assert changed(before, keys_of(project, base_url="https://other.example/list/")) == {
        "papers", "related", "site", "pages"}
    assert changed(before, keys_of(project, code="code-2")) == {
        "papers", "related", "site", "pages"}
    assert changed(before, keys_of(project, output="elsewhere")) == {"manifest", "page_records"}
    assert keys_of(project) == before  # and nothing else moves them


def test_source_date_epoch_changes_only_the_site(project, monkeypatch):
    before = keys_of(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert changed(before, keys_of(project)) == {"site"}
