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
    return page.eval_on_selector_all(".pagefind-ui__result-link",
                                     "links => links.map(a => a.getAttribute('href'))")


def _count(page) -> int:
    """The number in Pagefind's "N results for ..." message."""
    page.wait_for_function(
        "() => /^\\d+ results? for/.test(document.querySelector('.pagefind-ui__message')"
        "?.textContent || '')")
    return int(page.text_content(".pagefind-ui__message").split()[0])


def test_search_finds_a_paper_and_links_to_its_page(page, server, site):
    _, result = site
    paper = next(p for p in result.papers if p.slug == "hopfield-networks-is-all-you-need")
    page.goto(server + "search/")
    page.fill(".pagefind-ui__search-input", "Hopfield")
    page.wait_for_selector(".pagefind-ui__result-link")
    links = _results(page)
    assert PREFIX + paper.url in links
    link = page.locator(f'.pagefind-ui__result-link[href="{PREFIX}{paper.url}"]')
    assert link.inner_text().strip() == paper.title
    link.click()
    page.wait_for_url(server + paper.url)
    assert page.text_content("h1") == paper.title


def test_header_search_box_fills_in_the_search_page(page, server):
    page.goto(server + "tags/")
    page.fill("#site-search-q", "Hopfield")
    page.press("#site-search-q", "Enter")
    page.wait_for_url(server + "search/?q=Hopfield")
    page.wait_for_selector(".pagefind-ui__result-link")
    assert page.input_value(".pagefind-ui__search-input") == "Hopfield"
    assert any("hopfield" in link for link in _results(page))


def test_code_filter_narrows_the_results(page, server, site):
    _, result = site
    with_code = sum(p.has_code for p in result.papers)
    assert 0 < with_code < len(result.papers)
    page.goto(server + "search/?q=learning")
    before = _count(page)
    page.click(".pagefind-ui__filter-name:has-text('code')")
    page.check("input.pagefind-ui__filter-checkbox[name='code'][value='has code']")
    page.wait_for_function(
        f"() => !/^{before} results?/.test(document.querySelector('.pagefind-ui__message')"
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
             "tags/", "search/?q=memory", "sort/title/"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violations(page, server, path, scheme):
    if not AXE.is_file():
        _missing("axe-core is missing: run `npm ci` at the repository root")
    page.emulate_media(color_scheme=scheme)
    page.goto(server + path)
    if path.startswith("search/"):
        page.wait_for_selector(".pagefind-ui__result-link")
        assert not page.is_visible("#search-fallback")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run()).violations.map(v => ({id: v.id, "
                          "impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map("
                          "n => ({target: n.target, summary: n.failureSummary}))}))")
    if found:
        print(json.dumps(found, indent=1))
    assert found == [], f"{len(found)} axe violation(s) on /{path} ({scheme}): " + ", ".join(
        v["id"] for v in found)
