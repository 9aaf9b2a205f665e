"""Real clients read the built sites back: html-metadata (npm; the scraper behind Wikipedia's
Citoid) finds each paper page's Highwire Press and Dublin Core tags and one COinS item per
paper card on every listing page; citation-js (npm) reads papers.bib, every paper's and tag's
.bib and papers.csl.json; biber validates papers.bib. Checked on the small fixture and on the
shipped list, against the site's own papers.json.

Skipped when node, node_modules (`npm ci`) or biber is missing, except under
REQUIRE_BROWSER_TESTS (set by .ci/run), where a missing tool fails. Run with `-s` to see the
figures (pages read, fields found per page, COinS items per listing page).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from dataclasses import replace
from html.parser import HTMLParser

import pytest
from conftest import FIXTURES, REPO, SHIPPED

from generator.build import BuildOptions, build
from generator.config import load_config

pytestmark = pytest.mark.readers

READER = REPO / "tests" / "readers" / "read_site.cjs"
NPM_PACKAGES = ("html-metadata", "@citation-js/core", "@citation-js/plugin-bibtex",
                "@citation-js/plugin-csl")
REQUIRED = bool(os.environ.get("REQUIRE_BROWSER_TESTS"))  # set by .ci/run: never skip there
BASE_URL = "https://example.github.io/reading-list/"
SITES = {"small": FIXTURES / "small" / "site.toml", "shipped": SHIPPED / "site.toml"}


def _missing(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason} (REQUIRE_BROWSER_TESTS is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module", params=sorted(SITES))
def built(request, tmp_path_factory):
    """(site folder, papers.json by slug, what the node clients read) for one fixture list."""
    if shutil.which("node") is None:
        _missing("the metadata readers need node (apt-get install nodejs npm)")
    for package in NPM_PACKAGES:
        if not (REPO / "node_modules" / package / "package.json").is_file():
            _missing(f"{package} is missing: run `npm ci` at the repository root")
    config = load_config(SITES[request.param])
    config = replace(config, site=replace(config.site, base_url=BASE_URL))
    output = tmp_path_factory.mktemp(request.param) / "site"
    build(config, BuildOptions(output=output))
    read = subprocess.run(["node", str(READER), str(output)], capture_output=True, text=True,
                          cwd=REPO, timeout=600, check=False)
    assert read.returncode == 0, read.stderr
    papers = {p["slug"]: p for p in json.loads((output / "papers.json").read_text("utf-8"))}
    return request.param, output, papers, json.loads(read.stdout)


def _words(name: str) -> list[str]:
    return sorted(name.replace(",", " ").casefold().split())


def _year(paper: dict) -> str | None:
    """The year the paper is dated by: its listing date's, else its first publication's."""
    return next((d[:4] for d in (paper["date"], paper["published"]) if d and d[:1].isdigit()),
                None)


def _as_tex_reads(title: str) -> str:
    """A title as a BibTeX reader gives it back: TeX's ligatures make `--` and `---` dashes."""
    return title.replace("---", "\u2014").replace("--", "\u2013")


def _listed(value: object) -> list:
    return [] if value is None else value if isinstance(value, list) else [value]


def test_each_paper_page_gives_html_metadata_its_citation(built):
    name, _, papers, read = built
    fields: Counter[str] = Counter()
    for slug, paper in papers.items():
        tags = read["pages"][f"papers/{slug}/index.html"]["highwire"]
        dublin = read["pages"][f"papers/{slug}/index.html"]["dublinCore"]
        assert tags["title"] == dublin["title"] == paper["title"], slug
        authors = _listed(tags.get("author"))
        assert [_words(a) for a in authors] == [_words(a) for a in paper["authors"]], slug
        assert _listed(dublin.get("creator")) == authors, slug
        year = _year(paper)
        assert (tags.get("publication_date") or "")[:4] == (year or ""), slug
        assert tags.get("doi") == paper["doi"] and tags.get("arxiv_id") == paper["arxiv"], slug
        assert tags.get("abstract") == (paper["abstract"] or None), slug
        original = (f"https://arxiv.org/abs/{paper['arxiv']}" if paper["arxiv"] else
                    f"https://doi.org/{paper['doi']}" if paper["doi"] else None)
        assert tags.get("abstract_html_url") == tags.get("public_url") == original, slug
        assert len(_listed(tags.get("keywords"))) == len(paper["tags"]), slug
        fields.update(tags.keys())
    figures = ", ".join(f"{field} {count}" for field, count in sorted(fields.items()))
    print(f"\n{name}: {len(papers)} paper pages read, {sum(fields.values())} Highwire Press "
          f"fields found ({sum(fields.values()) / len(papers):.1f} a page); pages with each "
          f"field: {figures}")


class Cards(HTMLParser):
    """The titles of a listing page's paper cards, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.titles: list[str] = []
        self.depth = 0  # inside a card's title heading

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth:
            self.depth += 1
        elif "paper-card__title" in (dict(attrs).get("class") or "").split():
            self.depth = 1
            self.titles.append("")

    def handle_endtag(self, tag: str) -> None:
        self.depth = max(self.depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.titles[-1] += data


def test_each_listing_page_gives_one_coins_item_per_card(built):
    name, site, papers, read = built
    counts: list[int] = []
    for path, found in read["pages"].items():
        cards = Cards()
        cards.feed((site / path).read_text("utf-8"))
        assert [c["rft"]["atitle"] for c in found["coins"]] == cards.titles, path
        if path.startswith("papers/"):
            continue
        if cards.titles:
            counts.append(len(cards.titles))
        for item in found["coins"]:
            assert item["ctx_ver"] == "Z39.88-2004", path
    assert len(counts) >= 4  # the index, its sorted listings and the tag pages at least
    print(f"\n{name}: {len(counts)} listing pages read, {sum(counts)} COinS items, one per "
          f"card: {min(counts)} to {max(counts)} a page")


def test_citation_js_reads_every_bib_file(built):
    _, _, papers, read = built
    bibs = read["bib"]
    assert all(not found["problems"] for found in bibs.values()), {
        path: found["problems"] for path, found in bibs.items() if found["problems"]}
    keys = {}
    for slug, paper in papers.items():
        (entry,) = bibs[f"papers/{slug}/{slug}.bib"]["entries"]
        assert entry["title"] == _as_tex_reads(paper["title"]), slug
        assert entry["author"] == len(paper["authors"]), slug
        keys[entry["key"]] = entry["title"]
    whole = bibs["papers.bib"]["entries"]
    assert {e["key"]: e["title"] for e in whole} == keys and len(whole) == len(papers)


def test_papers_csl_json_is_csl_that_citation_js_reads(built):
    _, site, papers, read = built
    assert read["csl"] is not None and not read["csl"]["problems"]
    items = json.loads((site / "papers.csl.json").read_text("utf-8"))
    by_title = Counter(p["title"] for p in papers.values())
    assert Counter(e["title"] for e in read["csl"]["entries"]) == by_title
    assert Counter(i["title"] for i in items) == by_title
    bib_keys = {e["key"] for e in read["bib"]["papers.bib"]["entries"]}
    assert {i["id"] for i in items} == bib_keys  # cited under the same keys as in papers.bib
    for item in items:
        assert item["type"] in ("article", "article-journal", "paper-conference")
        assert all(part > 0 for part in item.get("issued", {"date-parts": [[1]]})
                   ["date-parts"][0])


def test_biber_validates_papers_bib(built, tmp_path):
    if shutil.which("biber") is None:
        _missing("biber is not installed (apt-get install biber)")
    _, site, papers, _ = built
    shutil.copy(site / "papers.bib", tmp_path / "papers.bib")
    checked = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file",
                              str(tmp_path / "out.bib"), "papers.bib"], capture_output=True,
                             text=True, cwd=tmp_path, timeout=300, check=False)
    log = (checked.stdout + checked.stderr).splitlines()
    assert checked.returncode == 0 and not [line for line in log if "ERROR" in line], log
    warned = [line for line in log if line.startswith("WARN")]
    # the one thing biber may miss is a year no source gave: nothing is made up
    assert all("one of 'date, year' must be defined" in line for line in warned), warned
    assert len(warned) == sum(_year(p) is None for p in papers.values())
