"""The owner's Markdown notes (content/notes) and pages (content/pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import write_project

from generator.errors import BuildError, Problems
from generator.models import Paper, Provenance, Record
from generator.site.linkcheck import broken_links
from generator.sources.notes import attach_notes
from generator.sources.pages import read_pages

GNN = "scaling-graph-neural-networks"
GAN = "talking-heads-with-a-depth-aware-gan"
TAXONOMY = ["gnn", "gan"]


def _note(project: Path, name: str, text: str) -> Path:
    folder = project / "content" / "notes"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _page(project: Path, name: str, text: str) -> Path:
    folder = project / "content" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def _html(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(site.rglob("*.html"))}


def _linked_papers(html: str) -> list[str]:
    return re.findall(r'class="paper-card__title"><a href="[./]*papers/([^"/]+)/"', html)


def _paper(slug: str, title: str, file: str = "list.txt", line: int = 1,
           id: str | None = None, tags: tuple[str, ...] = ()) -> Paper:  # noqa: A002
    record = Record(title=title, source=Provenance(file, line, id))
    return Paper(slug=slug, title=title, abstract="", records=(record,), titles=(title,),
                 tags=tags)


PAPERS = [
    _paper("attention-is-all-you-need", "Attention Is All You Need", "refs.csv", 2, "vaswani17"),
    _paper("graph-attention-networks", "Graph Attention Networks", "list.txt", 40,
           tags=("gan",)),
]


def _attach(folder: Path, problems: Problems | None = None) -> dict[str, Paper]:
    problems = Problems() if problems is None else problems
    papers = attach_notes(folder, PAPERS, TAXONOMY, problems, folder.parent)
    assert [p.slug for p in papers] == [p.slug for p in PAPERS]  # same papers, same order
    return {p.slug: p for p in papers}


# ---------------------------------------------------------------- attaching notes (unit tests)


def test_note_named_by_its_file_name(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "graph-attention-networks.md").write_text("Worth *reading*.\n")
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    assert papers["graph-attention-networks"].note_html == "<p>Worth <em>reading</em>.</p>"
    assert papers["attention-is-all-you-need"].note_html == ""
    assert not problems.items


@pytest.mark.parametrize("reference", [
    "Attention Is All You Need",      # exact title
    "attention  is all you NEED",     # case and spacing do not count
    "vaswani17",                      # source id
    "refs.csv:2",                     # file:line
    "attention-is-all-you-need",      # slug
])
def test_note_names_its_paper_in_front_matter(tmp_path, reference):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "my-note.md").write_text(
        f'+++\npaper = "{reference}"\nstatus = "reading"\n+++\nGood.\n')
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    assert papers["attention-is-all-you-need"].status == "reading"
    assert papers["attention-is-all-you-need"].note_html == "<p>Good.</p>"
    assert papers["graph-attention-networks"].status is None
    assert not problems.items


def test_front_matter_values_are_read(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "graph-attention-networks.md").write_text(
        '+++\nstatus = "read"\nrating = 4\ndate_read = 2024-03-01\ntags = ["gnn"]\n+++\n')
    (tmp_path / "notes" / "attention-is-all-you-need.md").write_text(
        '+++\ndate_read = "2023-12-24"\ntags = ["gan", "gnn"]\n+++\n')
    papers = _attach(tmp_path / "notes")
    gat = papers["graph-attention-networks"]
    assert (gat.status, gat.rating, gat.date_read) == ("read", 4, "2024-03-01")
    assert gat.tags == ("gnn", "gan")  # merged in taxonomy order
    assert gat.note_html == "" and gat.has_note
    assert papers["attention-is-all-you-need"].date_read == "2023-12-24"
    assert papers["attention-is-all-you-need"].tags == ("gnn", "gan")


def test_note_naming_no_paper_is_a_warning_with_the_file_and_line(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "unknown-paper.md").write_text("Lost note.\n")
    (tmp_path / "notes" / "named.md").write_text('+++\nstatus = "read"\npaper = "Nope"\n+++\n')
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    assert not any(p.has_note for p in papers.values())
    found = sorted((p.file, p.line) for p in problems)
    assert found == [("notes/named.md", 3), ("notes/unknown-paper.md", None)]
    assert all("names no paper" in p.message for p in problems)


@pytest.mark.parametrize(("front", "line", "words"), [
    ('status = "done"', 2, ['status \'done\'', '"to read", "reading", "read"']),
    ('status = "Read"', 2, ['"to read", "reading", "read"']),
    ("rating = 7", 2, ["rating 7", "1 to 5"]),
    ('rating = "5"', 2, ["1 to 5"]),
    ("rating = true", 2, ["1 to 5"]),
    ("rating = 4.5", 2, ["1 to 5"]),
    ('date_read = "March 2024"', 2, ["date_read", "2024-03-01"]),
    ('date_read = "2024-02-30"', 2, ["date_read"]),
    ('tags = ["gnn", "no-such-tag"]', 2, ["'no-such-tag'", "taxonomy"]),
    ('tags = "gnn"', 2, ["list of tag slugs"]),
])
def test_bad_values_are_warnings_and_the_note_is_kept(tmp_path, front, line, words):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "graph-attention-networks.md").write_text(f"+++\n{front}\n+++\nKept.\n")
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    gat = papers["graph-attention-networks"]
    assert gat.note_html == "<p>Kept.</p>"
    assert (gat.status, gat.rating, gat.date_read) == (None, None, None)
    assert len(problems) == 1, problems.items
    problem = problems.items[0]
    assert (problem.file, problem.line) == ("notes/graph-attention-networks.md", line)
    for word in words:
        assert word in problem.message
    if "no-such-tag" in front:
        assert gat.tags == ("gnn", "gan")  # the known tag is still applied


@pytest.mark.parametrize(("text", "line", "words"), [
    ('+++\nstatus = "read"\nstauts = "read"\n+++\nBody\n', 3,
     ["`stauts`", "did you mean `status`"]),
    ('+++\nstatus = "read"\nrating = \n+++\nBody\n', 3, ["not valid TOML"]),
    ('+++\nstatus = "read"\nBody\n', 1, ["never closed"]),
])
def test_bad_front_matter_skips_the_note(tmp_path, text, line, words):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "graph-attention-networks.md").write_text(text)
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    assert not papers["graph-attention-networks"].has_note
    [problem] = problems.items
    assert (problem.file, problem.line) == ("notes/graph-attention-networks.md", line)
    for word in words:
        assert word in problem.message


def test_a_second_note_on_one_paper_is_a_warning(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "attention-is-all-you-need.md").write_text("First.\n")
    (tmp_path / "notes" / "second.md").write_text('+++\npaper = "vaswani17"\n+++\nSecond.\n')
    problems = Problems()
    papers = _attach(tmp_path / "notes", problems)
    assert papers["attention-is-all-you-need"].note_html == "<p>First.</p>"
    assert [(p.file, p.line) for p in problems] == [("notes/second.md", 2)]


def test_missing_notes_folder_changes_nothing(tmp_path):
    problems = Problems()
    assert attach_notes(tmp_path / "absent", PAPERS, TAXONOMY, problems) == PAPERS
    assert not problems.items


# ---------------------------------------------------------------- notes in the built site


def test_note_shows_on_the_paper_page_and_status_pages(project, run_cli):
    _note(project, f"{GNN}.md", '+++\nstatus = "reading"\nrating = 4\ndate_read = 2024-05-06\n'
          '+++\nMy **own** take:\n\n- one\n- two\n\nSee [the code](https://example.org/x).\n')
    _note(project, "gan-note.md", '+++\npaper = "Talking Heads with a Depth-Aware GAN"\n'
          'status = "to read"\ntags = ["gnn"]\n+++\n')
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    site = project / "site"
    page = (site / "papers" / GNN / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="my-notes">My notes</h2>' in page
    assert '<a href="../../status/reading/">Reading</a>' in page
    assert '<span role="img" aria-label="Rated 4 out of 5">★★★★☆</span> 4/5' in page
    assert '<time datetime="2024-05-06">2024-05-06</time>' in page
    assert "<p>My <strong>own</strong> take:</p>" in page
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in page
    assert '<a href="https://example.org/x" rel="noopener noreferrer">the code</a>' in page
    # the note's extra tag puts the GAN paper on the gnn tag page too
    gnn = (site / "tags" / "gnn" / "index.html").read_text(encoding="utf-8")
    assert sorted(_linked_papers(gnn)) == sorted([GNN, GAN])
    # status pages list exactly the papers with that status
    status = {s: (site / "status" / s / "index.html").read_text(encoding="utf-8")
              for s in ("to-read", "reading", "read")}
    assert _linked_papers(status["reading"]) == [GNN]
    assert _linked_papers(status["to-read"]) == [GAN]
    assert _linked_papers(status["read"]) == []
    assert "No papers yet." in status["read"]
    overview = (site / "status" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../status/to-read/">To read</a> <span class="count">(1)</span>' in overview
    assert '<a href="../status/reading/">Reading</a> <span class="count">(1)</span>' in overview
    assert '<a href="../status/read/">Read</a> <span class="count">(0)</span>' in overview
    assert _linked_papers(overview) == [GNN]  # only rated papers are listed by rating
    assert 'id="rating-4"' in overview and 'id="rating-5"' not in overview
    # the paper cards show status and rating; the paper without a note shows neither
    index = (site / "index.html").read_text(encoding="utf-8")
    card = index[index.index(f"papers/{GNN}/"):]
    assert '<a class="status" href="status/reading/">Reading</a>' in card
    assert 'aria-label="Rated 4 out of 5"' in card
    # every page links to the reading overview, and every link resolves
    for name, html in _html(site).items():
        assert ">Reading</a></li>" in html, name
    assert broken_links(site, "/reading-list/") == []


def test_without_notes_there_is_no_reading_section(project, run_cli):
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert not (site / "status").exists()
    assert all("Reading</a>" not in html for html in _html(site).values())
    assert "My notes" not in (site / "papers" / GNN / "index.html").read_text(encoding="utf-8")


HOSTILE = """\
+++
status = "read"
+++
Safe words stay.

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[x](javascript:alert(1))

<iframe src="https://evil.example/">alert(1)</iframe>

<a href="#" onclick="alert(1)">click</a> <div onmouseover="alert(1)">hover</div>
<style>body { display: none }</style>
"""


def test_notes_and_pages_cannot_inject_script(project, run_cli):
    _note(project, f"{GNN}.md", HOSTILE)
    _page(project, "evil.md", HOSTILE.replace('status = "read"', 'title = "Evil"'))
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    pages = _html(project / "site")
    assert "Safe words stay." in pages[f"papers/{GNN}/index.html"]
    assert "Safe words stay." in pages["evil/index.html"]
    assert '<img src="x">' in pages["evil/index.html"]
    ours = re.compile(r'<script src="[./]*static/site\.js" defer></script>'
                      r'|<script type="application/ld\+json">[^<]*</script>'
                      r'|<script src="[./]*(?:pagefind/pagefind-ui|static/search)\.js"( defer)?>'
                      r'</script>'
                      r'|<script id="theme-boot">try\{var t=localStorage\.getItem'
                      r'\("theme"\);[^<]*</script>')
    for name, html in pages.items():
        lowered = ours.sub("", html).lower()
        for bad in ("<script", "alert(1)", "onerror", "onclick", "onmouseover", "javascript:",
                    "<iframe", "<style", "display: none"):
            assert bad not in lowered, f"{bad} in {name}"


def test_note_naming_no_paper_warns_and_fails_under_strict(project, run_cli):
    _note(project, "not-a-paper.md", "Where does this go?\n")
    _note(project, "named.md", '+++\npaper = "Some Paper I Never Listed"\n+++\n')
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "warning: content/notes/not-a-paper.md: the file name names no paper" in result.stderr
    assert "warning: content/notes/named.md:2: paper = 'Some Paper I Never Listed' names no " \
           "paper" in result.stderr
    assert "(2 warnings)" in result.stdout
    assert not (project / "site" / "status").exists()

    strict = run_cli("--strict", cwd=project)
    assert strict.exit_code == 1
    assert "2 warning(s) and --strict is on" in strict.output


def test_bad_status_and_rating_are_warnings_in_the_build(project, run_cli):
    _note(project, f"{GNN}.md", '+++\nstatus = "finished"\nrating = 6\n+++\nText.\n')
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert (f'warning: content/notes/{GNN}.md:2: status \'finished\' is not one of "to read", '
            '"reading", "read"; ignored') in result.stderr
    assert (f"warning: content/notes/{GNN}.md:3: rating 6 must be a whole number from 1 to 5"
            in result.stderr)
    page = (project / "site" / "papers" / GNN / "index.html").read_text(encoding="utf-8")
    assert "<p>Text.</p>" in page and "Rated" not in page
    assert run_cli("--strict", cwd=project).exit_code == 1


def test_notes_folder_is_configurable(tmp_path, run_cli):
    from conftest import MINIMAL_CONFIG

    config = MINIMAL_CONFIG.replace("[build]\n", '[build]\nnotes = "my-notes"\n')
    project = write_project(tmp_path / "p", config=config)
    _note(project, f"{GNN}.md", "In the default folder: ignored.\n")
    (project / "my-notes").mkdir()
    (project / "my-notes" / f"{GAN}.md").write_text('+++\nrating = 2\n+++\n', encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert "My notes" not in (site / "papers" / GNN / "index.html").read_text(encoding="utf-8")
    assert "2/5" in (site / "papers" / GAN / "index.html").read_text(encoding="utf-8")


# ---------------------------------------------------------------- pages


ABOUT = '+++\ntitle = "About this list"\nnav_order = 2\n+++\nWhy I keep it. ' \
        "Data: [papers.json](../papers.json).\n"


def test_about_page_is_rendered_and_linked_from_every_page(project, run_cli):
    _page(project, "about.md", ABOUT)
    _page(project, "colophon.md", "Made with build-site.\n")  # no front matter
    _page(project, "zeta.md", '+++\nnav_order = 1\n+++\nFirst in the navigation.\n')
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    site = project / "site"
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "<title>About this list · Test list</title>" in about
    assert "<h1>About this list</h1>" in about
    assert '<p>Why I keep it. Data: <a href="../papers.json"' in about
    assert '<a href="../about/" aria-current="page">About this list</a>' in about
    colophon = (site / "colophon" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Colophon</h1>" in colophon and "<p>Made with build-site.</p>" in colophon
    pages = _html(site)
    for name, html in pages.items():
        nav = html[html.index("<nav"):html.index("</nav>")]
        titles = re.findall(r">([^<>]+)</a></li>", nav)
        assert titles == ["Papers", "Tags", "Search", "Colophon", "Zeta", "About this list"], name
        depth = name.count("/")
        assert f'href="{"../" * depth}about/"' in nav or name == "404.html", name
    assert broken_links(site, "/reading-list/") == []


@pytest.mark.parametrize("names", [
    ["papers.md"], ["tags.md"], ["status.md"], ["static.md"], ["index.md"], ["404.md"],
    ["page.md"],
])
def test_page_colliding_with_the_site_is_an_error(project, run_cli, names):
    for name in names:
        _page(project, name, "Clash.\n")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert f"content/pages/{names[0]}: the page" in result.output
    assert "collides with the generated site" in result.output
    assert not (project / "site").exists()


def test_two_pages_with_one_slug_is_an_error(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "about.md").write_text("One.\n")
    (folder / "about_.md").write_text("Two.\n")
    with pytest.raises(BuildError) as error:
        read_pages(folder, tmp_path)
    message = error.value.message
    assert message.startswith("pages/about_.md: ")
    assert "pages/about.md would both be written to about/index.html" in message


def test_page_slug_is_made_safe(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "Reading Group (2024).md").write_text("Hi.\n")
    [page] = read_pages(folder, tmp_path)
    assert (page.slug, page.path, page.title) == (
        "reading-group-2024", "reading-group-2024/index.html", "Reading Group (2024)")


@pytest.mark.parametrize(("text", "line", "words"), [
    ('+++\ntitel = "x"\n+++\n', 2, ["did you mean `title`"]),
    ('+++\nnav_order = "first"\n+++\n', 2, ["`nav_order` must be a whole number"]),
    ('+++\ntitle = 3\n+++\n', 2, ["`title` must be a non-empty string"]),
])
def test_bad_page_front_matter_is_an_error(tmp_path, text, line, words):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "about.md").write_text(text)
    with pytest.raises(BuildError) as error:
        read_pages(folder, tmp_path)
    assert error.value.message.startswith(f"pages/about.md:{line}: ")
    for word in words:
        assert word in error.value.message
