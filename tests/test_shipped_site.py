"""The example reading list (a frozen copy in tests/fixtures/shipped), built end to end."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED

from generator.build import BuildOptions, build
from generator.config import load_config
from generator.errors import Problems
from generator.site.linkcheck import broken_links
from generator.sources.read import read_sources


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    config = load_config(SHIPPED / "site.toml")
    output = tmp_path_factory.mktemp("shipped") / "site"
    result = build(config, BuildOptions(output=output))
    return config, result, output


def test_shipped_list_merges_493_records_into_392_papers(shipped):
    _, result, _ = shipped
    assert result.records == 493
    assert len(result.papers) == 392
    assert not result.problems.items


def test_every_record_is_placed_exactly_once(shipped):
    config, _, output = shipped
    records = read_sources(config.source_paths(), Problems())
    expected = Counter((r.source.file, r.source.line) for r in records)
    papers = json.loads((output / "papers.json").read_text(encoding="utf-8"))
    placed = Counter((s["file"], s["line"]) for p in papers for s in p["sources"])
    assert placed == expected
    assert max(placed.values()) == 1


def test_papers_json_contract(shipped):
    _, _, output = shipped
    papers = json.loads((output / "papers.json").read_text(encoding="utf-8"))
    assert isinstance(papers, list) and len(papers) == 392
    slugs = [p["slug"] for p in papers]
    assert len(set(slugs)) == len(slugs)
    tag_slugs = {p.name for p in (output / "tags").iterdir() if p.is_dir()}
    for paper in papers:
        assert {"slug", "title", "abstract", "tags", "url", "sources"} <= paper.keys()
        assert paper["url"] == f"papers/{paper['slug']}/"
        assert (output / paper["url"] / "index.html").is_file()
        assert set(paper["tags"]) <= tag_slugs
        for source in paper["sources"]:
            assert set(source) == {"file", "line"}
            assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", source["file"])


def test_site_layout(shipped):
    _, _, output = shipped
    for name in ("index.html", "404.html", ".nojekyll", "papers.json", "tags/index.html",
                 "static/style.css", "about/index.html", "status/index.html"):
        assert (output / name).is_file(), name
    assert len(list((output / "papers").glob("*/index.html"))) == 392
    assert len(list((output / "tags").glob("*/index.html"))) == 28
    assert sorted(p.parent.name for p in (output / "status").glob("*/index.html")) == [
        "read", "reading", "to-read"]
    top = sorted(p.name for p in output.iterdir())
    assert top == [".build-site", ".nojekyll", "404.html", "about", "feed.xml", "index.html",
                   "page", "pagefind", "papers", "papers.bib", "papers.csl.json", "papers.json",
                   "robots.txt", "search", "sitemap.xml", "sort", "static", "status", "tags"]


def test_feeds_citations_and_sitemap_of_the_shipped_list(shipped):
    import bibtexparser
    import feedparser

    config, _, output = shipped
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == config.build.feed_entries == 50
    assert all(e.link.startswith(config.site.base_url + "papers/") for e in feed.entries)
    library = bibtexparser.parse_string((output / "papers.bib").read_text(encoding="utf-8"))
    assert not library.failed_blocks and len({e.key for e in library.entries}) == 392
    for tag in (output / "tags").iterdir():
        if tag.is_dir():
            assert not feedparser.parse((tag / "feed.xml").read_bytes()).bozo
            assert (tag / "papers.bib").is_file()
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("<loc>") == len(list(output.rglob("*.html"))) - 1  # all but 404.html
    page = (output / "papers" / "hopfield-networks-is-all-you-need" / "index.html").read_text(
        encoding="utf-8")
    assert '"@type": "ScholarlyArticle"' in page
    assert f'<link rel="canonical" href="{config.site.base_url}papers/' in page
    assert '<meta property="og:type" content="article">' in page
    assert 'href="hopfield-networks-is-all-you-need.bib"' in page
    assert page.count('<ul class="related">') == 1


def test_shipped_note_and_about_page(shipped):
    _, result, output = shipped
    noted = [p for p in result.papers if p.has_note]
    assert [(p.slug, p.status, p.rating) for p in noted] == [
        ("hopfield-networks-is-all-you-need", "read", 5)]
    html = (output / "papers" / "hopfield-networks-is-all-you-need" / "index.html").read_text(
        encoding="utf-8")
    assert "<h2 id=\"my-notes\">My notes</h2>" in html
    read = (output / "status" / "read" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../papers/hopfield-networks-is-all-you-need/"' in read
    about = (output / "about" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../papers.json"' in about


def test_no_broken_internal_link_under_a_subpath(shipped):
    _, _, output = shipped
    assert broken_links(output, "/reading-list/") == []


def test_no_broken_internal_link_at_the_domain_root(shipped):
    config, _, output = shipped
    assert [b for b in broken_links(output, "/") if not b.startswith("404.html")] == []


def test_every_paper_is_on_an_index_page(shipped):
    _, _, output = shipped
    index_pages = [output / "index.html", *sorted((output / "page").glob("*/index.html"))]
    linked = set()
    for page in index_pages:
        linked |= set(re.findall(r'href="(?:\.\./\.\./)?(papers/[^"/]+/)"',
                                 page.read_text(encoding="utf-8")))
    assert len(linked) == 392


def test_tags_cover_nearly_every_paper_and_none_swallows_the_list(shipped):
    _, result, _ = shipped
    papers = result.papers
    untagged = [p for p in papers if not p.tags]
    assert len(untagged) <= 0.05 * len(papers)
    sizes = Counter(t for p in papers for t in p.tags)
    assert max(sizes.values()) < 0.4 * len(papers)


def test_the_two_dagan_papers_stay_apart(shipped):
    _, result, _ = shipped
    titles = {p.title for p in result.papers}
    assert "Depth-Aware Generative Adversarial Network for Talking Head Video Generation" in titles
    assert ("DaGAN++: Depth-Aware Generative Adversarial Network for Talking Head Video "
            "Generation") in titles


def test_index_is_newest_first(shipped):
    _, result, output = shipped
    html = (output / "index.html").read_text(encoding="utf-8")
    dates = re.findall(r'<time datetime="([^"]+)"', html)
    assert dates, "the first index page shows dated papers"
    # year-less dates (HTML writes them MM-DD) are in the listing page's year, later than any
    # dated paper of that file
    years = [int(d[:4]) if len(d.split("-")[0]) == 4 else 9999 for d in dates]
    assert years == sorted(years, reverse=True)


def test_paper_page_shows_what_the_issue_asks(shipped):
    _, _, output = shipped
    page = output / "papers" / "replica-symmetry-breaking-in-dense-neural-networks" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "<em>replica symmetry breaking</em>" in html
    assert "Listed in 2 source lists" in html
    assert "<li>Hugging Face papers, Mar 11 (A), line " in html
    assert "<li>Hugging Face papers, Mar 11 (B), line " in html
    assert "arxiv.org/search/?query=Replica%20symmetry%20breaking" in html
    assert "huggingface.co/papers?q=" in html
    assert 'href="../../tags/associative-memory/"' in html


def test_code_link_without_sentence_full_stop(shipped):
    _, result, _ = shipped
    urls = {u for p in result.papers for u in p.code_urls}
    assert "https://github.com/VITA-Group/Random_Pruning" in urls
    assert not any(u.endswith(".") for u in urls)


def test_site_folder_is_ignored_by_git():
    ignore = (REPO / ".gitignore").read_text(encoding="utf-8")
    assert "/site/" in ignore.splitlines()


def test_sources_are_the_shared_seeds_unchanged():
    seeds = REPO.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for seed in sorted(seeds.glob("*.txt")):
        assert (SHIPPED / "content" / "sources" / seed.name).read_bytes() == seed.read_bytes()


def test_fixture_holds_the_five_listings():
    names = sorted(p.name for p in (SHIPPED / "content" / "sources").iterdir())
    assert len(names) == 5 and all(Path(n).suffix == ".txt" for n in names)


PAGE_WEIGHT_LIMIT = 100 * 1024  # bytes of HTML + CSS + JS per page; Pagefind's index is exempt


def test_every_page_is_under_100_kb_with_its_css_and_js(shipped):
    _, _, output = shipped
    heavy = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output)
        if relative.parts[0] == "pagefind":
            continue
        html = page.read_text(encoding="utf-8")
        assets = re.findall(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html)
        weight = page.stat().st_size
        for asset in assets:
            target = (page.parent / asset).resolve()
            assert target.is_file(), f"{relative} -> {asset}"
            if "pagefind" not in target.relative_to(output.resolve()).parts:
                weight += target.stat().st_size
        if weight > PAGE_WEIGHT_LIMIT:
            heavy.append(f"{relative}: {weight} bytes")
    assert heavy == []


def test_search_page_sort_listings_and_pagefind_markup(shipped):
    _, result, output = shipped
    search = (output / "search" / "index.html").read_text(encoding="utf-8")
    assert "pagefind-ui" not in search  # the site's own result markup, on Pagefind's JS API
    assert '<script src="../static/search.js" defer></script>' in search
    assert 'href="../tags/">browse the papers by tag</a>' in search
    assert (output / "pagefind" / "pagefind.js").is_file()
    index = (output / "index.html").read_text(encoding="utf-8")
    assert '<form class="site-search" role="search" action="search/" method="get">' in index
    assert ('<span class="segmented"><a href="./" aria-current="page">date</a>'
            '<a href="sort/upvotes/">upvotes</a><a href="sort/title/">title</a></span>') in index
    assert index.count("data-pagefind") == 0  # only paper pages are search results
    pages = len(list((output / "page").glob("*/index.html"))) + 1
    for order in ("upvotes", "title"):
        listing = output / "sort" / order
        assert len(list((listing / "page").glob("*/index.html"))) + 1 == pages
        html = (listing / "page" / "2" / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../../../sort/{order}/" rel="prev">Previous</a>' in html
        assert f'<a href="../../../../sort/{order}/page/3/" rel="next">Next</a>' in html
    titles = []
    for number in range(1, pages + 1):
        page = output / "sort" / "title" / ("" if number == 1 else f"page/{number}/") / "index.html"
        titles += re.findall(r'class="paper-card__title"><a href="[^"]+">([^<]+)</a>',
                             page.read_text(encoding="utf-8"))
    assert len(titles) == len(result.papers)
    coded = next(p for p in result.papers if p.has_code and p.tags and p.date and p.date.year)
    html = (output / coded.url / "index.html").read_text(encoding="utf-8")
    assert html.count("data-pagefind-body") == 1
    assert 'data-pagefind-filter="code:has code"' in html
    assert f'data-pagefind-filter="year:{coded.date.year}"' in html
    assert html.count('data-pagefind-filter="tag"') == len(coded.tags)
