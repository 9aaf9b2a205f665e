"""Highwire Press / Dublin Core tags, COinS and CSL-JSON (generator/site/scholarly.py and
csl_export.py): names in "Last, First" form, nothing made up, and hostile values that stay
inside their attributes."""

from __future__ import annotations

import json
import string
from html.parser import HTMLParser
from urllib.parse import parse_qsl

import pytest
from conftest import write_project

from generator.build import BuildOptions, build
from generator.config import load_config
from generator.models import Paper, PaperDate, Provenance, Record
from generator.site.csl_export import csl_item, papers_csl_json
from generator.site.render import make_environment
from generator.site.scholarly import citation_date, coins, highwire_tags, split_name


def _paper(**fields: object) -> Paper:
    record = Record(title=str(fields.get("title", "A paper")), source=Provenance("list.txt", 1))
    values = {"slug": "a-paper", "title": "A paper", "abstract": "", "records": (record,),
              "titles": ("A paper",)} | fields
    return Paper(**values)  # type: ignore[arg-type]


def _tags(paper: Paper) -> list[tuple[str, str]]:
    return [(t.name, t.content) for t in highwire_tags(paper, {})]


@pytest.mark.parametrize(("name", "inverted"), [
    ("Ashish Vaswani", "Vaswani, Ashish"), ("Vaswani, Ashish", "Vaswani, Ashish"),
    ("Guido van Rossum", "van Rossum, Guido"),
    ("Martin Luther King Jr.", "King Jr., Martin Luther"),
    ("Yoshua  Bengio", "Bengio, Yoshua"), ("OpenAI", "OpenAI"), ("Li, F.-F.", "Li, F.-F."),
    ("Juan Carlos de la Fuente", "de la Fuente, Juan Carlos"), ("J. R. R. Tolkien",
                                                                "Tolkien, J. R. R."),
    ("Yann LeCun", "LeCun, Yann"), ("Kaiming He", "He, Kaiming"), ("Malcolm X", "X, Malcolm"),
])
def test_authors_are_written_last_name_first(name, inverted):
    assert split_name(name).inverted == inverted


def test_a_paper_without_authors_or_year_gets_no_author_or_date_tag():
    paper = _paper(author_count=7, date=PaperDate(month=3, day=11))  # a listing's date, no year
    names = [name for name, _ in _tags(paper)]
    assert names == ["citation_title", "DC.title"]
    assert "rft.au" not in coins(paper) and "rft.date" not in coins(paper)


def test_dates_are_as_precise_as_the_source():
    assert citation_date(PaperDate(year=2017)) == "2017"
    assert citation_date(PaperDate(month=6, year=2017)) == "2017/06"
    assert citation_date(PaperDate(month=6, day=12, year=2017)) == "2017/06/12"
    tags = dict(_tags(_paper(date=PaperDate(month=6, day=12), published=PaperDate(year=2016))))
    assert tags["citation_publication_date"] == "2016"  # the date with a year wins


@pytest.mark.parametrize(("venue", "tag", "genre"), [
    ("Journal of Machine Learning Research", "citation_journal_title", "article"),
    ("Proceedings of NeurIPS 2020", "citation_conference_title", "proceeding"),
    ("Unpublished manuscript", None, "unknown"),  # names neither kind: none is claimed
    ("arXiv", None, "unknown"),
])
def test_the_venue_says_journal_or_conference_or_nothing(venue, tag, genre):
    paper = _paper(venue=venue)
    venue_tags = [n for n, _ in _tags(paper) if n.endswith(("journal_title", "conference_title"))]
    assert venue_tags == ([tag] if tag else [])
    assert dict(parse_qsl(coins(paper)))["rft.genre"] == genre


def test_identifiers_and_the_original_page():
    tags = _tags(_paper(doi="10.1/x", arxiv="2008.02217", tags=("memory",)))
    assert ("citation_doi", "10.1/x") in tags and ("citation_arxiv_id", "2008.02217") in tags
    assert ("citation_abstract_html_url", "https://arxiv.org/abs/2008.02217") in tags
    doi_only = dict(_tags(_paper(doi="10.1/x")))
    assert doi_only["citation_public_url"] == "https://doi.org/10.1/x"
    assert "citation_keywords" not in doi_only


HOSTILE_TITLE = 'A "quoted" <b>bold</b> & \'single\' title\n"><script>alert(1)</script>\x01'
HOSTILE_ABSTRACT = 'Line one "\n<meta name="citation_title" content="forged">\r\n& more\x7f'


class Head(HTMLParser):
    """Every meta tag's name and content, and every element, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: list[tuple[str, str]] = []
        self.elements: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        found = dict(attrs)
        if tag == "meta" and "name" in found:
            self.meta.append((found["name"] or "", found.get("content") or ""))


def test_a_doi_with_angle_brackets_is_percent_encoded_in_links():
    sici = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0"
    assert _paper(doi=sici).doi_url == ("https://doi.org/10.1002/(SICI)1097-4571(199806)49:8"
                                        "%3C693::AID-ASI4%3E3.0.CO;2-0")
    assert _paper().doi_url is None


def test_hostile_values_stay_inside_their_attributes(tmp_path):
    project = write_project(tmp_path / "project")
    env = make_environment(load_config(project / "site.toml"))
    paper = _paper(title=HOSTILE_TITLE, abstract=HOSTILE_ABSTRACT, authors=('Tables, "Bobby"<',),
                   venue='Journal of "X" & <Y>', doi='10.1/"><x')
    html = env.get_template("partials/citation_meta.html").render(paper=paper, tag_by_slug={})
    head = Head()
    head.feed(html)
    assert head.elements == ["meta"] * len(head.meta)  # no element was smuggled in
    assert head.meta == _tags(paper)
    assert ("citation_title", HOSTILE_TITLE) in head.meta
    assert ("citation_abstract", HOSTILE_ABSTRACT) in head.meta
    assert ("citation_journal_title", 'Journal of "X" & <Y>') in head.meta
    kev = coins(paper)
    assert set(kev) <= set(string.ascii_letters + string.digits + "%-._~:/=&")
    assert dict(parse_qsl(kev))["rft.atitle"] == HOSTILE_TITLE


def test_a_built_site_with_hostile_csl_items_keeps_every_tag_whole(tmp_path):
    project = write_project(tmp_path / "project")
    title = 'Attention "is" <all> & \'everything\' you need"><script>x</script>'
    items = [{"id": "hostile", "type": "article-journal", "title": title,
              "author": [{"family": 'O"Brien <b>', "given": "Ann & Bo"}],
              "container-title": "Journal of <Evil> & \"Quotes\"", "DOI": "10.1234/ab\"c",
              "abstract": "An abstract with <tags>, \"quotes\" & ampersands\nand a new line.",
              "issued": {"date-parts": [[2021, 5]]}}]
    (project / "content" / "sources" / "items.json").write_text(json.dumps(items), "utf-8")
    build(load_config(project / "site.toml"), BuildOptions(output=project / "site"))
    site = project / "site"
    slug = next(p["slug"] for p in json.loads((site / "papers.json").read_text("utf-8"))
                if p["title"] == title)
    head = Head()
    head.feed((site / "papers" / slug / "index.html").read_text("utf-8"))
    meta = dict(head.meta)
    assert meta["citation_title"] == meta["DC.title"] == title
    assert meta["citation_author"] == 'O"Brien <b>, Ann & Bo'
    assert meta["citation_journal_title"] == 'Journal of <Evil> & "Quotes"'
    assert meta["citation_publication_date"] == "2021/05"
    assert head.elements.count("script") == 3  # the theme boot, site.js and the JSON-LD
    page = (site / "papers" / slug / "index.html").read_text("utf-8")
    assert 'href="https://doi.org/10.1234/ab%22c"' in page  # a link, percent-encoded
    assert meta["citation_public_url"] == "https://doi.org/10.1234/ab%22c"
    index = (site / "index.html").read_text("utf-8")
    spans = [dict(parse_qsl(span.split('"')[0].replace("&amp;", "&")))
             for span in index.split('<span class="Z3988" title="')[1:]]
    assert title in [span["rft.atitle"] for span in spans]
    assert len(spans) == index.count('<li class="paper-card">')


def test_csl_items_carry_only_what_is_known():
    item = csl_item(_paper(authors=("Ashish Vaswani", "OpenAI"), arxiv="1706.03762",
                           date=PaperDate(month=6, day=12, year=2017)), "vaswani2017")
    assert item["author"] == [{"family": "Vaswani", "given": "Ashish"}, {"literal": "OpenAI"}]
    assert item["issued"] == {"date-parts": [[2017, 6, 12]]}
    assert (item["type"], item["publisher"], item["number"]) == ("article", "arXiv",
                                                               "arXiv:1706.03762")
    bare = csl_item(_paper(date=PaperDate(month=3, day=11)), "k")
    assert set(bare) == {"id", "type", "title"}
    conference = csl_item(_paper(venue="Proceedings of ICML"), "k")
    assert (conference["type"], conference["container-title"]) == ("paper-conference",
                                                                   "Proceedings of ICML")


def test_papers_csl_json_is_one_item_a_line_in_key_order():
    papers = [_paper(slug=s, title=t) for s, t in (("b-paper", "B"), ("a-paper", "A"))]
    text = papers_csl_json(papers).decode("utf-8")
    assert [item["id"] for item in json.loads(text)] == ["a-paper", "b-paper"]
    assert text.count("\n") == 4
