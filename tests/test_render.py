"""Rendering: escaping, relative links, pagination, and the link checker the tests rely on."""

from __future__ import annotations

import re

from generator.models import Paper
from generator.site.linkcheck import broken_links
from generator.site.markup import abstract_html, excerpt, linkify


def paper(abstract: str, emphasis=()) -> Paper:
    return Paper(slug="p", title="T", abstract=abstract, records=(), titles=("T",),
                 emphasis=emphasis)


def test_abstract_is_escaped_and_emphasis_kept():
    html = abstract_html(paper("We use <b>bold</b> & replica symmetry", ((21, 37),)))
    assert str(html) == "We use &lt;b&gt;bold&lt;/b&gt; &amp; <em>replica symmetry</em>"


def test_links_leave_the_full_stop_outside():
    html = str(linkify("Code at https://github.com/a/b. Done"))
    assert html == ('Code at <a href="https://github.com/a/b" rel="noopener">'
                    'https://github.com/a/b</a>. Done')


def test_link_with_quote_cannot_break_out_of_the_attribute():
    html = str(linkify('see https://x.org/a"onmouseover="alert(1)'))
    assert 'href="https://x.org/a"' in html
    assert 'onmouseover="' not in html


def test_excerpt_cuts_at_a_word():
    assert excerpt("one two three four", 9) == "one two…"
    assert excerpt("short", 9) == "short"


def test_pagination_and_relative_links(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    site = project / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="static/style.css"' in index
    assert re.search(r'<p class="count">2 papers', index)
    paper_page = (site / "papers" / "scaling-graph-neural-networks" / "index.html")
    assert 'href="../../static/style.css"' in paper_page.read_text(encoding="utf-8")
    assert broken_links(site) == []


def test_link_checker_finds_a_broken_link_and_anchor(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    site = project / "site"
    page = site / "tags" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</main>", '<a href="../nowhere/">x</a><a href="../#missing">y</a></main>'),
        encoding="utf-8")
    assert broken_links(site) == ["tags/index.html -> ../nowhere/",
                                  "tags/index.html -> ../#missing (no #missing)"]


def test_hostile_title_is_escaped_everywhere(tmp_path, run_cli):
    from conftest import write_project
    hostile = '<img src=x onerror=alert(1)> ../../../tmp/pwned'
    listing = f"{hostile}\n" + "An abstract that is long enough to be read as one. " * 4 + "\n"
    root = write_project(tmp_path / "p", listing=listing)
    assert run_cli(cwd=root).exit_code == 0
    site = root / "site"
    for page in site.rglob("*.html"):
        assert "<img src=x" not in page.read_text(encoding="utf-8")
    names = sorted(p.name for p in (site / "papers").iterdir())
    assert names == ["img-src-x-onerror-alert-1-tmp-pwned"]
    assert not (tmp_path / "tmp").exists()


def _dated(slug: str, year: int | None, tags: tuple[str, ...]) -> Paper:
    from generator.models import PaperDate
    date = PaperDate(month=5, day=1, year=year) if year else None
    return Paper(slug=slug, title=slug, abstract="", records=(), titles=(slug,), date=date,
                 tags=tags)


def test_year_chart_stacks_by_the_largest_tags_and_counts_undated_apart():
    from generator.site.charts import year_chart
    from generator.tags import Tag
    tags = [Tag("a", "Alpha", "", ()), Tag("b", "Beta <b>", "", ()), Tag("c", "Gamma", "", ())]
    papers = [_dated("1", 2020, ("a",)), _dated("2", 2020, ("a", "b")), _dated("3", 2022, ("b",)),
              _dated("4", None, ("b",)), _dated("5", None, ()), _dated("6", 2022, ("a",))]
    chart = year_chart(papers, tags, "c1", "Per year")
    assert chart.columns == ("2020", "2021", "2022")  # no gap left out, no "no year" bar
    assert [(s.name, s.counts) for s in chart.series] == [
        ("Alpha", (2, 0, 1)), ("Beta <b>", (0, 0, 1)), ("Other tags or none", (0, 0, 0))]
    assert chart.undated == (0, 1, 1) and chart.dated == 4
    svg = str(chart.svg)
    assert svg.count("<rect") == 3 and 'aria-labelledby="c1-title c1-desc"' in svg
    assert "Beta &lt;b&gt;" in svg and "<b>" not in svg
    assert "2020: 2, 2021: 0, 2022: 2" in svg


def test_year_chart_of_undated_papers_has_no_drawing():
    from generator.site.charts import year_chart
    from generator.tags import Tag
    chart = year_chart([_dated("1", None, ("a",))], [Tag("a", "A", "", ())], "c", "t")
    assert chart.columns == () and chart.undated == (1,) and str(chart.svg) == ""
    assert year_chart([], [], "c", "t") is None


def test_display_name_turns_last_first_around():
    from generator.site.render import display_name
    assert display_name("Ramsauer, Hubert") == "Hubert Ramsauer"
    assert display_name("Sepp Hochreiter") == "Sepp Hochreiter"
    assert display_name("Doe, Jr., John") == "Doe, Jr., John"  # ambiguous: left as written


def test_pagination_links_a_window_of_pages():
    from generator.site.pages import Pagination

    def numbers(number: int, total: int) -> list[int | None]:
        return [n for n, _ in Pagination(number, total).links]

    assert numbers(1, 1) == [1]
    assert numbers(1, 4) == [1, 2, 3, 4]
    assert numbers(80, 160) == [1, None, 78, 79, 80, 81, 82, None, 160]
    assert numbers(4, 160) == [1, 2, 3, 4, 5, 6, None, 160]  # no gap for one missing page
    assert len(Pagination(5000, 10_000).links) == 9  # the links do not grow with the list
    assert dict(Pagination(3, 9, "sort/title/").links)[9] == "sort/title/page/9/"


def test_tag_pages_paginate_like_the_index(tmp_path, run_cli):
    from conftest import write_project

    listing = "\n".join(f"Graph neural network study number {n}\n\nWe train a GNN on graph "
                        f"{n} and another GNN on its dual, with results on benchmark {n}.\n"
                        for n in range(5))
    project = write_project(tmp_path / "project", listing=listing)
    assert run_cli(cwd=project).exit_code == 0
    tag = project / "site" / "tags" / "gnn"
    first = (tag / "index.html").read_text(encoding="utf-8")
    assert "5 papers · page 1 of 3" in first
    assert first.count('class="paper-card"') == 2
    last = (tag / "page" / "3" / "index.html").read_text(encoding="utf-8")
    assert last.count('class="paper-card"') == 1 and 'rel="prev"' in last
    assert broken_links(project / "site") == []


def test_a_card_is_made_once_and_links_right_at_every_page_depth(tmp_path):
    from conftest import write_project

    from generator.build import BuildOptions, build
    from generator.config import load_config
    from generator.site import render

    subjects = ["lighthouses", "glaciers", "beetles", "violins", "comets"]
    listing = "new\nSubscribe\nMar 11\n" + "".join(
        f"A GAN for {s}\nWe train a generative adversarial network on {s} and report how "
        f"well it draws {s} compared with earlier {s} models.\n" for s in subjects)
    project = write_project(tmp_path / "p", listing)
    made = []
    original = render.Renderer.fragment

    def counted(self, template, root, paper, **options):
        html = original(self, template, root, paper, **options)
        made.append((template, paper.slug, *options.values(), len(self._fragments)))
        return html

    render.Renderer.fragment = counted
    try:
        build(load_config(project / "site.toml"), BuildOptions(output=project / "site"))
    finally:
        render.Renderer.fragment = original
    cards = {m[:-1] for m in made if m[0] == render.CARD}
    assert max(m[-1] for m in made) == len({m[:-1] for m in made})  # one copy per card
    assert len(cards) == len(subjects)
    site = project / "site"
    pages = {"index.html": "", "page/2/index.html": "../../", "sort/title/index.html": "../../",
             "sort/title/page/2/index.html": "../../../../", "tags/gan/index.html": "../../",
             "tags/gan/page/3/index.html": "../../../../"}
    for page, root in pages.items():
        html = (site / page).read_text(encoding="utf-8")
        assert "\x00" not in html
        links = re.findall(r'class="paper-card__title"><a href="([^"]+)"', html)
        assert links and all(link.startswith(root + "papers/") for link in links), page
    assert broken_links(site) == []
