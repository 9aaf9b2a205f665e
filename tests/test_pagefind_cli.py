"""Pagefind's command line over the records written as pages (site/pagefind_cli.py): what it
indexes is each record's fields as given, whatever text they hold; the pages are scratch, and a
record whose URL is not a folder of the site is refused."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from pagefind.service import get_executable

from generator.errors import BuildError
from generator.site import pagefind_cli
from generator.site.pagefind_cli import run_pagefind
from generator.site.search import SearchRecord

HOSTILE_TITLE = 'Graphs </span><span data-pagefind-meta="title">taken over & "quoted" <b>'
HOSTILE_CONTENT = ("An abstract with <main data-pagefind-body>markup</main>, &amp; an entity, "
                   "and ünïcödé.\nA. Author, B. O'Brien")


def _fragments(bundle: Path) -> dict[str, dict]:
    """Each indexed page's fragment (what a search result shows) by its URL."""
    fragments = {}
    for file in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(file.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        fragment = json.loads(data[len(b"pagefind_dcd"):])
        fragments[fragment["url"]] = fragment
    return fragments


def test_each_record_is_indexed_with_its_fields_as_given(tmp_path):
    records = [
        SearchRecord("/papers/hostile/", HOSTILE_TITLE, HOSTILE_CONTENT,
                     {"tag": ["Graph <neural> networks", "a, b: c"], "year": ["2021"]},
                     {"authors": 'A. Author, B. "Quote" O\'Brien', "date": "3 May 2021"}),
        SearchRecord("/papers/plain/", "A plain paper", "Message passing on graphs.",
                     {"year": ["no year"]}),
    ]
    run_pagefind(get_executable(), tmp_path / "bundle", records, "en")
    fragments = _fragments(tmp_path / "bundle")
    assert sorted(fragments) == ["/papers/hostile/", "/papers/plain/"]
    hostile = fragments["/papers/hostile/"]
    assert hostile["meta"] == {"title": HOSTILE_TITLE, "authors": 'A. Author, B. "Quote" O\'Brien',
                               "date": "3 May 2021"}
    assert hostile["filters"] == {"tag": ["Graph <neural> networks", "a, b: c"],
                                  "year": ["2021"]}
    assert hostile["content"] == HOSTILE_CONTENT.replace("\n", " ")  # as the page shows it
    assert fragments["/papers/plain/"]["meta"] == {"title": "A plain paper"}
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 2


def test_the_pages_are_scratch_and_go_where_there_is_room(tmp_path, monkeypatch):
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(pagefind_cli, "MEMORY", memory)
    records = [SearchRecord(f"/papers/p{n}/", f"Paper {n}", "Graphs.") for n in range(3)]
    assert pagefind_cli.scratch_place(records) == str(memory)
    run_pagefind(get_executable(), tmp_path / "bundle", records, "en")
    assert list(memory.iterdir()) == []  # written, read and deleted
    monkeypatch.setattr(pagefind_cli, "MEMORY", tmp_path / "no such folder")
    assert pagefind_cli.scratch_place(records) is None  # the system's temporary folder


@pytest.mark.parametrize("url", ["/papers/../../outside/", "/", "/papers/a", "papers//a/",
                                 "/papers\\..\\..\\outside/",
                                 "/./a/"])
def test_a_record_url_that_is_not_a_folder_of_the_site_is_refused(tmp_path, url):
    with pytest.raises(BuildError, match="a record's URL is not a folder of the site"):
        pagefind_cli.write_pages(tmp_path / "pages", [SearchRecord(url, "A", "B")], "en")
    assert not (tmp_path / "outside").exists()


def test_a_pagefind_that_takes_too_long_is_stopped_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_cli, "TIMEOUT", 0.001)
    records = [SearchRecord(f"/papers/p{n}/", f"Paper {n}", "Graphs.") for n in range(50)]
    with pytest.raises(BuildError, match=r"Pagefind took more than 0.001 s over 50 records"):
        run_pagefind(get_executable(), tmp_path / "bundle", records, "en")


def test_the_site_language_chooses_pagefind_s_stemmer(tmp_path):
    records = [SearchRecord("/papers/a/", "Neuronale Netze", "Wir untersuchen Graphen.")]
    run_pagefind(get_executable(), tmp_path / "bundle", records, "de")
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["de"]
    assert (tmp_path / "bundle" / "wasm.de.pagefind").is_file()  # German stemming in the page
