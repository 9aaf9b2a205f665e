"""A search index built in shards finds, filters and links exactly as one index does.

The shipped fixture list is built twice: once as one Pagefind index, and once with shards of at
most 100 records (four shards), which the search page merges with Pagefind's mergeIndex. Both are
served under /reading-list/ and searched in Chromium through the site's own search page.
"""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from http.server import ThreadingHTTPServer

import pytest
from conftest import SHIPPED
from test_browser import ARGS, BASE_URL, CHROMIUM, PREFIX, _count, _handler, _results

from generator.build import BuildOptions, build
from generator.config import load_config
from generator.site import search

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

QUERIES = ("memory", "learning", "Hopfield", "attention transformer", "energy")


def _build(folder, shard_records: int | None = None):
    config = load_config(SHIPPED / "site.toml")
    config = replace(config, site=replace(config.site, base_url=BASE_URL))
    with pytest.MonkeyPatch.context() as patch:
        if shard_records:
            patch.setattr(search, "SHARD_RECORDS", shard_records)
        result = build(config, BuildOptions(output=folder / "site"))
    return (folder / "site").resolve(), result


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return (_build(tmp_path_factory.mktemp("one")),
            _build(tmp_path_factory.mktemp("shards"), shard_records=100))


@pytest.fixture(scope="module")
def servers(sites):
    running = []
    for folder, _ in sites:
        httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(folder))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        running.append(httpd)
    yield [f"http://127.0.0.1:{h.server_address[1]}{PREFIX}" for h in running]
    for httpd in running:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip(f"needs Chromium at {CHROMIUM}")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _searched(browser, server: str, query: str, code: bool = False) -> tuple[int, list[str]]:
    """The result count and every result link for `query`, in the order shown."""
    page = browser.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(f"{server}search/?q={query}")
        count = _count(page)
        if code:
            page.check("#search-filters input[name='code'][value='has code']")
            page.wait_for_function(
                f"() => !/^{count} results?/.test(document.querySelector('#search-status')"
                "?.textContent || '')")
            count = _count(page)
        page.wait_for_selector(".search-result__link")
        while page.is_visible("#search-more"):
            shown = page.locator(".search-result").count()
            page.click("#search-more")
            page.wait_for_function(
                f"() => document.querySelectorAll('.search-result').length > {shown}")
        return count, _results(page)
    finally:
        page.close()


def _filter_counts(browser, server: str) -> dict[str, str]:
    page = browser.new_page()
    try:
        page.goto(server + "search/")
        page.wait_for_selector("#search-filters input")
        return dict(page.eval_on_selector_all(
            "#search-filters label", "labels => labels.map(l => ["
            "l.querySelector('input').name + ':' + l.querySelector('input').value, "
            "l.querySelector('.count').textContent])"))
    finally:
        page.close()


def test_the_sharded_build_writes_four_bundles_and_lists_them(sites):
    (single, _), (sharded, result) = sites
    assert json.loads((single / "pagefind" / "shards.json").read_text()) == {"shards": []}
    listed = json.loads((sharded / "pagefind" / "shards.json").read_text())["shards"]
    assert listed == ["shard-1/", "shard-2/", "shard-3/"]
    fragments = [len(list((sharded / "pagefind" / s / "fragment").iterdir()))
                 for s in ["", *listed]]
    assert sum(fragments) == len(result.papers) and max(fragments) <= 130


@pytest.mark.parametrize("query", QUERIES)
def test_shards_find_what_one_index_finds_and_rank_it_first(browser, servers, query):
    (found, links), (shard_found, shard_links) = (_searched(browser, s, query) for s in servers)
    assert len(links) == found > 0 and len(shard_links) == shard_found
    # every real match, ahead of any weak one that a shard without the word adds (a shard
    # that has no word starting with a query term matches the longest word it has that
    # starts the term, as one index would for a word the whole list lacks)
    assert set(shard_links[:found]) == set(links)
    print("SHARDS", query, found, shard_found,
          len(set(links[:10]) & set(shard_links[:10])))
    # the same papers lead: ranking differs only by each shard's own word statistics
    assert len(set(links[:10]) & set(shard_links[:10])) >= min(found, 10) // 2


def test_shards_filter_and_count_as_one_index(browser, servers, sites):
    counts = [_filter_counts(browser, server) for server in servers]
    assert counts[0] == counts[1]
    assert int(counts[1]["code:has code"]) == sum(p.has_code for p in sites[1][1].papers)
    one, shards = (_searched(browser, server, "learning", code=True) for server in servers)
    assert one[0] == shards[0] > 0
    coded = {p.url for p in sites[1][1].papers if p.has_code}
    assert all(link.removeprefix(PREFIX) in coded for link in shards[1])


def test_results_from_every_shard_link_to_their_pages(browser, servers, sites):
    folder, result = sites[1]
    _, links = _searched(browser, servers[1], "the")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_RECORDS", 100)
        groups = search.shards(search.search_records(result.papers, []))
    shard_of = {record.url: number for number, group in enumerate(groups) for record in group}
    assert len(links) == len(set(links)) > 100
    assert {shard_of["/" + link.removeprefix(PREFIX)] for link in links} == {0, 1, 2, 3}
    for link in links:
        assert (folder / link.removeprefix(PREFIX) / "index.html").is_file(), link


def test_a_list_with_nothing_to_index_has_no_bundle_and_its_search_page_says_so(
        browser, tmp_path):
    """Pagefind makes no index of nothing: an empty list is built without a bundle, and its
    search page, with JavaScript on, says there is no index rather than asking for it."""
    project = tmp_path / "empty"
    (project / "content" / "sources").mkdir(parents=True)
    (project / "content" / "sources" / "list.txt").write_text("", encoding="utf-8")
    (project / "site.toml").write_text(f'[site]\ntitle = "Empty"\nbase_url = "{BASE_URL}"\n',
                                       encoding="utf-8")
    result = build(load_config(project / "site.toml"), BuildOptions())
    site = (project / "site").resolve()
    assert result.papers == [] and (site / "search" / "index.html").is_file()
    assert not (site / "pagefind").exists()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}search/?q=graphs")
        page.wait_for_function("() => document.querySelector('#search-fallback')"
                               ".textContent.startsWith('There is no search index')")
        assert page.text_content("#search-fallback") == (
            "There is no search index to search here. Instead, browse the papers by tag or "
            "see the whole list.")
        assert page.is_visible("#search-fallback") and page.text_content("#search-results") == ""
    finally:
        page.close()
        httpd.shutdown()
        httpd.server_close()
