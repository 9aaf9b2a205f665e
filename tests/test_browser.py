"""The shipped site in a real browser: search, sorting, copy buttons, small screens, keyboard
and accessibility (axe-core), with Debian's Chromium driven by Playwright.

Served under /reading-list/ like GitHub Pages project pages. Skipped when /usr/bin/chromium,
Playwright for Python or node_modules/axe-core (``npm ci``) is missing. Run only the fast tests
with ``python3 -m pytest -m "not browser"``.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import threading
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import REPO, SHIPPED

from generator.build import BuildOptions, build
from generator.config import load_config

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PREFIX = "/reading-list/"
BASE_URL = "https://example.github.io/reading-list/"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

REQUIRED = bool(os.environ.get("REQUIRE_BROWSER_TESTS"))  # set by .ci/run: never skip there


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS is set)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.is_file():
    _missing(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
try:
    from playwright import sync_api
except ImportError:
    _missing("browser tests need Playwright for Python (pip install -e '.[test]'); its own "
             "browser download is not used")


def _handler(site: Path) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
            path = unquote(urlsplit(self.path).path)
            target = None
            if path.startswith(PREFIX):
                candidate = (site / path[len(PREFIX):]).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                if candidate.is_file() and site in candidate.parents:
                    target = candidate
            if target is None:
                self.send_error(404)
                return
            body = target.read_bytes()
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if target.suffix == ".wasm":
                kind = "application/wasm"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    config = load_config(SHIPPED / "site.toml")
    config = replace(config, site=replace(config.site, base_url=BASE_URL))
    output = tmp_path_factory.mktemp("browser") / "site"
    result = build(config, BuildOptions(output=output))
    return output.resolve(), result


@pytest.fixture(scope="module")
def server(site):
    folder, _ = site
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(folder))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(base_url=server)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/")
                              .removesuffix(PREFIX.rstrip("/")))
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _paper(result, *, code: bool | None = None):
    """A paper with tags (and with or without code), the same one every run."""
    papers = sorted(result.papers, key=lambda p: p.slug)
    return next(p for p in papers if p.tags and (code is None or p.has_code == code))


def _results(page) -> list[str]:
    return page.eval_on_selector_all(".search-result__link",
                                     "links => links.map(a => a.getAttribute('href'))")


def _count(page) -> int:
    """The number in the search page's "N results ..." status."""
    page.wait_for_function(
        "() => /^\\d+ results?/.test(document.querySelector('#search-status')"
        "?.textContent || '')")
    return int(page.text_content("#search-status").split()[0])


def test_search_finds_a_paper_and_links_to_its_page(page, server, site):
    _, result = site
    paper = next(p for p in result.papers if p.slug == "hopfield-networks-is-all-you-need")
    page.goto(server + "search/")
    page.fill("#site-search-q", "Hopfield")
    page.wait_for_selector(".search-result__link")
    links = _results(page)
    assert PREFIX + paper.url in links
    link = page.locator(f'.search-result__link[href="{PREFIX}{paper.url}"]')
    assert link.inner_text().strip() == paper.title
    link.click()
    page.wait_for_url(server + paper.url)
    assert page.text_content("h1") == paper.title


def test_header_search_box_fills_in_the_search_page(page, server):
    page.goto(server + "tags/")
    page.fill("#site-search-q", "Hopfield")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(server + "search/?q=Hopfield")
    page.wait_for_selector(".search-result__link")
    assert page.input_value("#site-search-q") == "Hopfield"  # the query stays in the header
    assert any("hopfield" in link for link in _results(page))


def test_code_filter_narrows_the_results(page, server, site):
    _, result = site
    with_code = sum(p.has_code for p in result.papers)
    assert 0 < with_code < len(result.papers)
    page.goto(server + "search/?q=learning")
    before = _count(page)
    page.check("#search-filters input[name='code'][value='has code']")
    page.wait_for_function(
        f"() => !/^{before} results?/.test(document.querySelector('#search-status')"
        "?.textContent || '')")
    after = _count(page)
    assert 0 < after < before
    assert after <= with_code
    for link in _results(page):
        slug = link.removeprefix(PREFIX + "papers/").strip("/")
        assert next(p for p in result.papers if p.slug == slug).has_code, slug


def test_open_a_paper_from_the_index_and_copy_its_bibtex(page, server, site):
    _, result = site
    page.goto(server)
    first = page.locator(".paper-card__title a").first
    slug = first.get_attribute("href").removeprefix("papers/").strip("/")
    paper = next(p for p in result.papers if p.slug == slug)
    first.click()
    page.wait_for_url(server + paper.url)
    assert page.text_content("h1") == paper.title
    assert not page.is_visible("button.copy-button")  # BibTeX starts folded away
    page.click(".actions a:has-text('BibTeX')")
    page.click("button.copy-button")
    page.wait_for_selector(".copy-status:has-text('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("@")
    assert slug in copied


def test_tag_link_leads_to_a_tag_page_listing_the_paper(page, server, site):
    _, result = site
    paper = _paper(result)
    tag = paper.tags[0]
    page.goto(server + paper.url)
    page.click(f".paper-meta a.tag[href$='tags/{tag}/']")
    page.wait_for_url(server + f"tags/{tag}/")
    hrefs = page.eval_on_selector_all(".paper-card__title a", "as => as.map(a => a.href)")
    assert server + paper.url in hrefs


def test_sort_links_reorder_the_index_without_javascript(browser, server, site):
    _, result = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server)
        page.click(".sort-links a:has-text('upvotes')")
        page.wait_for_url(server + "sort/upvotes/")
        assert page.text_content(".sort-links a[aria-current=page]") == "upvotes"
        top = max(result.papers, key=lambda p: p.upvotes or -1)
        assert page.text_content(".paper-card__title a >> nth=0") == top.title
        page.click(".pagination a[rel=next]")
        page.wait_for_url(server + "sort/upvotes/page/2/")
        page.click(".sort-links a:has-text('title')")
        page.wait_for_url(server + "sort/title/")
        titles = page.eval_on_selector_all(".paper-card__title a",
                                           "as => as.map(a => a.textContent)")
        assert titles == sorted(titles, key=str.casefold)
        page.goto(server + "search/")  # without JavaScript: a pointer to the tag pages
        page.click("#search-fallback a:has-text('browse the papers by tag')")
        page.wait_for_url(server + "tags/")
    finally:
        context.close()


def test_index_fits_a_320px_screen(browser, server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        for path in ("", "search/", "papers/hopfield-networks-is-all-you-need/"):
            page.goto(server + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{path or 'index'} is {width}px wide"
    finally:
        context.close()


def test_keyboard_focus_is_visible(page, server):
    page.goto(server)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName, style: style.outlineStyle, width: style.outlineWidth};
    }""")
    assert focused["tag"] == "A"
    assert focused["style"] != "none" and focused["width"] != "0px", focused


AXE_PAGES = ["", "papers/hopfield-networks-is-all-you-need/", "tags/associative-memory/",
             "tags/", "search/?q=memory", "sort/title/", "#papers"]  # the last: list view


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violations(page, server, path, scheme):
    if not AXE.is_file():
        _missing("axe-core is missing: run `npm ci` at the repository root")
    page.emulate_media(color_scheme=scheme)
    page.goto(server + path)
    if path.startswith("search/"):
        page.wait_for_selector(".search-result__link")
        assert not page.is_visible("#search-fallback")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations.map(v => ({id: v.id, "
                          "impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map("
                          "n => ({target: n.target, summary: n.failureSummary}))}))")
    if found:
        print(json.dumps(found, indent=1))
    assert found == [], f"{len(found)} axe violation(s) on /{path} ({scheme}): " + ", ".join(
        v["id"] for v in found)


# --- The look of the site: density, layout, themes, screenshots -------------------------------

SCREENSHOTS = REPO / "tests" / "screenshots"  # not committed (.gitignore): look at them
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SHOTS = {"index": "", "paper": "papers/hopfield-networks-is-all-you-need/",
         "tag": "tags/associative-memory/", "tags": "tags/", "search": "search/?q=memory"}

# Cards whose whole box is inside the first screen.
ABOVE_THE_FOLD = ("() => [...document.querySelectorAll('.paper-card')].filter(card => {"
                  " const box = card.getBoundingClientRect();"
                  " return box.height > 0 && box.top >= 0 && box.bottom <= innerHeight; }).length")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screenshots_and_density(browser, server, size, scheme):
    viewport = DESKTOP if size == "desktop" else PHONE
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        for name, path in SHOTS.items():
            page.goto(server + path)
            if name == "search":
                page.wait_for_selector(".search-result__link")
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}-{scheme}.png"))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} is {width}px wide at {size}"
        page.goto(server)
        shown = page.evaluate(ABOVE_THE_FOLD)
        assert shown >= (6 if size == "desktop" else 2), f"{shown} papers above the fold"
        # the site's title is not repeated as the page heading; papers come before the tags
        assert page.text_content("h1") != page.text_content(".site-title")
        order = page.evaluate("() => document.querySelector('.paper-list')"
                              ".compareDocumentPosition(document.querySelector('.tag-counts'))")
        assert order & 4, "the tag list comes after the papers"
        if size == "desktop":  # and beside them, on the right
            papers = page.locator(".paper-list").bounding_box()
            tags = page.locator(".tag-counts").bounding_box()
            assert tags["x"] >= papers["x"] + papers["width"] and tags["y"] < 400
    finally:
        context.close()


def test_cards_show_title_then_facts_then_badges(page, server, site):
    _, result = site
    page.goto(server + "sort/upvotes/")
    card = page.locator(".paper-card").first
    top = max(result.papers, key=lambda p: p.upvotes or -1)
    assert card.locator(".paper-card__title").inner_text() == top.title
    votes = card.locator(".badge--votes")
    assert votes.inner_text().split()[:2] == ["▲", str(top.upvotes)]
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    title_size = card.locator(".paper-card__title").evaluate(size)
    meta_size = card.locator(".paper-card__meta").evaluate(size)
    assert title_size > meta_size
    # a listed date always says something about its year
    dates = page.eval_on_selector_all(".paper-card__meta time",
                                      "ts => ts.map(t => t.parentElement.textContent)")
    assert dates and all(re.search(r"\b(1[89]|20)\d\d\b", d) or "year not given" in d
                         for d in dates), dates


def test_list_view_is_one_line_a_paper_and_is_remembered(browser, server):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(server)
        card_height = page.locator(".paper-card").first.bounding_box()["height"]
        page.click(".view-links a:has-text('list')")
        line = page.locator(".paper-card").first.bounding_box()["height"]
        assert line < 40 < card_height, (line, card_height)
        assert page.evaluate(ABOVE_THE_FOLD) >= 20
        page.reload()
        assert page.locator(".paper-card").first.bounding_box()["height"] < 40
        page.click(".view-links a:has-text('cards')")
        assert page.locator(".paper-card").first.bounding_box()["height"] == card_height
    finally:
        context.close()
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    try:  # without JavaScript the list view is the #papers target
        page.goto(server)
        page.click(".view-links a:has-text('list')")
        assert page.locator(".paper-card").first.bounding_box()["height"] < 40
    finally:
        context.close()


def _background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def _becomes(page, colour: str) -> None:
    """Wait (a moment at most) until the page's background is `colour`."""
    page.wait_for_function("c => getComputedStyle(document.body).backgroundColor === c", arg=colour,
                           timeout=5_000)


def test_theme_follows_the_system_until_the_reader_picks_one(browser, server):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(server)
        dark = _background(page)
        page.emulate_media(color_scheme="light")
        page.wait_for_function("c => getComputedStyle(document.body).backgroundColor !== c",
                               arg=dark, timeout=5_000)
        light = _background(page)
        assert page.get_attribute(".theme-toggle", "aria-pressed") == "false"
        page.click(".theme-toggle")
        _becomes(page, dark)
        assert page.get_attribute(".theme-toggle", "aria-pressed") == "true"
        page.goto(server + "tags/")  # remembered on the next page, before the first paint
        assert _background(page) == dark
        page.click(".theme-toggle")
        _becomes(page, light)
    finally:
        context.close()


def test_search_results_use_the_site_template_with_a_clean_excerpt(page, server, site):
    _, result = site
    page.goto(server + "search/?q=memory")
    page.wait_for_selector(".search-result")
    first = page.locator(".search-result").first
    assert first.locator("h2 a").inner_text()
    excerpt = first.locator(".excerpt").inner_text()
    assert "memory" in excerpt.lower()
    assert first.locator(".excerpt mark").count() >= 1
    abstracts = " ".join(p.abstract for p in result.papers).lower()
    for chrome in ("Listed", "Tags", "Upvotes", "BibTeX", "Where it came from", "Related"):
        assert chrome not in excerpt, chrome
    assert " ".join(excerpt.lower().split()[:4]) in " ".join(abstracts.split())
    # dated results show their date under the title
    dated = page.locator(".search-result .meta")
    assert dated.count() >= 1


def test_no_year_filter_reaches_the_papers_without_a_year(page, server, site):
    _, result = site
    undated = sum(1 for p in result.papers if p.year is None)
    assert 0 < undated < len(result.papers)
    page.goto(server + "search/")
    label = page.locator("#search-filters label:has(input[name='year'][value='no year'])")
    assert label.locator(".count").inner_text() == str(undated)
    label.locator("input").check()
    assert _count(page) == undated
    assert page.input_value("#site-search-q") == ""


def test_charts_are_svg_with_a_text_alternative_without_javascript(browser, server, site):
    _, result = site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "tags/")
        chart = page.locator("figure.chart svg[role=img]")
        assert chart.count() == 1
        labelled = chart.get_attribute("aria-labelledby").split()
        assert all(page.locator(f"#{i}").count() == 1 for i in labelled)
        assert chart.locator("rect").count() >= 3
        rows = page.locator(".chart-table tbody tr")
        dated = {p.year for p in result.papers if p.year}
        assert rows.count() >= len(dated) + 1  # every year, and the papers without one
        page.goto(server + "tags/associative-memory/")
        assert page.locator("figure.chart--small svg[role=img]").count() == 1
    finally:
        context.close()


BIBTEX = """@article{ramsauer2020hopfield,
  title = {Hopfield Networks is All You Need},
  author = {Ramsauer, Hubert and Sch{\\"a}fl, Bernhard and Lehner, Johannes and Hochreiter, Sepp},
  journal = {International Conference on Learning Representations},
  year = {2021},
  doi = {10.48550/arXiv.2008.02217},
  eprint = {2008.02217},
  archiveprefix = {arXiv},
  abstract = {We introduce a modern Hopfield network with continuous states and a corresponding
    update rule. The code is at https://github.com/ml-jku/hopfield-layers.}
}
"""


def test_paper_page_with_full_metadata_shows_every_action_link(browser, tmp_path):
    from conftest import write_project
    root = write_project(tmp_path / "p")
    (root / "content" / "sources" / "export.bib").write_text(BIBTEX, encoding="utf-8")
    config = load_config(root / "site.toml")
    build(config, BuildOptions(output=root / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler((root / "site").resolve()))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"
        page.goto(base + "papers/hopfield-networks-is-all-you-need/")
        actions = page.eval_on_selector_all(".actions a", "as => as.map(a => [a.textContent,"
                                            " a.getAttribute('href')])")
        assert actions == [["arXiv", "https://arxiv.org/abs/2008.02217"],
                           ["PDF", "https://arxiv.org/pdf/2008.02217"],
                           ["DOI", "https://doi.org/10.48550/arxiv.2008.02217"],
                           ["Hugging Face", "https://huggingface.co/papers/2008.02217"],
                           ["Code", "https://github.com/ml-jku/hopfield-layers"],
                           ["BibTeX", "#cite"]]
        assert page.inner_text(".byline").startswith("Hubert Ramsauer")
        assert "International Conference on Learning Representations" in page.inner_text(".eyebrow")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "paper-full-desktop-light.png"), full_page=True)
        # the abstract reads at a comfortable measure
        width = page.locator(".abstract").bounding_box()["width"]
        size = page.locator(".abstract").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert width / size < 45, "abstract lines are too long"  # about 75 characters or fewer
        page.goto(base + "papers/scaling-graph-neural-networks/")  # a listing gives no links
        shown = page.eval_on_selector_all(".actions a", "as => as.map(a => a.textContent)")
        assert shown[-1] == "BibTeX"
        assert not {"arXiv", "PDF", "DOI", "Hugging Face"} & set(shown)
        assert page.locator("a:has-text('Search arXiv by title')").count() == 1
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_no_violations_in_the_chosen_theme_against_the_system(page, server, theme):
    """The toggle's theme (stored in localStorage) wins over the opposite system setting."""
    if not AXE.is_file():
        _missing("axe-core is missing: run `npm ci` at the repository root")
    page.emulate_media(color_scheme="dark" if theme == "light" else "light")
    page.add_init_script(f"localStorage.setItem('theme', '{theme}')")
    for path in ("", "papers/hopfield-networks-is-all-you-need/", "tags/"):
        page.goto(server + path)
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        page.add_script_tag(path=str(AXE))
        found = page.evaluate("async () => (await axe.run()).violations.map(v => v.id)")
        assert found == [], f"/{path} in the {theme} theme: {found}"
