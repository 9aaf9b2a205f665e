"""Reading CSL-JSON (generator.sources.csl): Better CSL JSON, Zotero's CSL JSON, bad input."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.models import PaperDate
from generator.sources.csl import read_csl
from generator.sources.read import read_sources
from generator.text import clean_latex, clean_title

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def csl_records(text: str, file: str = "refs.json"):
    problems = Problems()
    return read_csl(text, file, problems), problems


def where(problems: Problems) -> list[tuple[str, int | None]]:
    return [(p.file, p.line) for p in problems]


def test_better_csl_json_gives_twenty_records_with_lines_ids_and_citation_keys():
    text = (EXPORTS / "better-csl.json").read_text(encoding="utf-8")
    records, problems = csl_records(text, "better-csl.json")
    assert not problems
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line == "  {"]
    assert len(records) == 20
    assert [r.source.line for r in records] == starts
    items = json.loads(text)
    assert [r.source.id for r in records] == [i["id"] for i in items]
    assert [r.citation_key for r in records] == [i["citation-key"] for i in items]
    assert all(r.abstract and r.authors and r.date for r in records)


def test_better_csl_json_fields():
    records, _ = csl_records((EXPORTS / "better-csl.json").read_text(encoding="utf-8"))
    go = next(r for r in records if r.title.startswith("Mastering the game of Go"))
    assert go.authors[5] == "van den Driessche, George"  # the particle stays with the family
    assert go.date == PaperDate(year=2016, month=1, day=28)
    assert (go.doi, go.venue) == ("10.1038/nature16961", "Nature")
    adam = next(r for r in records if r.title.startswith("Adam"))
    assert adam.arxiv == "1412.6980"  # `number`: arXiv:1412.6980
    bert = next(r for r in records if r.title.startswith("BERT"))
    assert bert.arxiv == "1810.04805"  # `note` (Zotero's Extra): arXiv: 1810.04805


ZOTERO_CSL = """[
\t{
\t\t"id": "http://zotero.org/users/local/kX3bQ9aZ/items/N3G8ZQ5T",
\t\t"type": "article-journal",
\t\t"container-title": ["Nature"],
\t\t"title": "Human-level control through deep reinforcement learning",
\t\t"author": [
\t\t\t{"family": "Mnih", "given": "Volodymyr"},
\t\t\t{"literal": "DeepMind Technologies"}
\t\t],
\t\t"issued": {"date-parts": [["2015", "2", "26"]]},
\t\t"keyword": "Reinforcement learning, Deep Q-network",
\t\t"note": "Citation Key: mnih2015human\\nPMID: 25719670"
\t},
\t{
\t\t"id": "http://zotero.org/users/local/kX3bQ9aZ/items/R8D3TJ6N",
\t\t"type": "article-journal",
\t\t"title": "Deep learning",
\t\t"DOI": "10.1038/nature14539",
\t\t"issued": {"raw": "2015-05-28"}
\t}
]
"""


def test_zotero_csl_json_uri_id_is_provenance_and_extra_citation_key_is_kept():
    (dqn, deep), problems = csl_records(ZOTERO_CSL)
    assert not problems
    assert dqn.source.id == "http://zotero.org/users/local/kX3bQ9aZ/items/N3G8ZQ5T"
    assert dqn.citation_key == "mnih2015human"
    assert deep.citation_key is None  # a URI is not a citation key
    assert (dqn.source.line, deep.source.line) == (2, 15)
    assert dqn.date == PaperDate(year=2015, month=2, day=26)  # date-parts given as strings
    assert deep.date == PaperDate(year=2015, month=5, day=28)
    assert dqn.authors == ("Mnih, Volodymyr", "DeepMind Technologies")
    assert dqn.venue == "Nature"
    assert dqn.keywords == ("Reinforcement learning", "Deep Q-network")
    assert deep.doi == "10.1038/nature14539"


def test_item_without_title_and_non_object_item_are_reported_with_their_lines():
    text = '[\n  {"id": "a", "title": "First Paper on Storage"},\n  {"id": "b"},\n  42\n]\n'
    records, problems = csl_records(text)
    assert [r.source.id for r in records] == ["a"]
    assert where(problems) == [("refs.json", 3), ("refs.json", 4)]


def test_syntax_error_keeps_the_items_before_it_and_names_its_line():
    text = ('[\n  {"id": "a", "title": "First Paper on Storage"},\n'
            '  {"id": "b", "title": "Second" "Paper"}\n]\n')
    records, problems = csl_records(text)
    assert [r.source.id for r in records] == ["a"]
    assert where(problems) == [("refs.json", 3)]
    assert "not valid JSON" in next(iter(problems)).message


def test_json_that_is_not_an_array_of_items_is_reported_not_read():
    records, problems = csl_records('{"items": []}\n')
    assert records == []
    assert where(problems) == [("refs.json", 1)]


def test_csl_json_files_are_read_by_read_sources(tmp_path):
    (tmp_path / "zotero.json").write_text(ZOTERO_CSL, encoding="utf-8")
    problems = Problems()
    records = read_sources([tmp_path], problems)
    assert not problems
    assert [(r.source.file, r.source.line) for r in records] == [("zotero.json", 2),
                                                               ("zotero.json", 15)]


# titles that keep some text once the reader cleans their LaTeX ("\\n" alone is a broken line
# and "{}" nothing: those items are reported as having no title, tested elsewhere)
TITLES = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                 max_size=40).filter(lambda t: clean_title(clean_latex(t).text))


@settings(max_examples=60, deadline=None)
@given(st.lists(TITLES, min_size=1, max_size=8), st.sampled_from([None, 1, 2, "\t"]))
def test_every_item_is_read_once_at_the_line_it_starts_on(titles, indent):
    items = [{"id": f"k{n}", "title": t} for n, t in enumerate(titles)]
    text = json.dumps(items, indent=indent, ensure_ascii=False)
    records, problems = csl_records(text)
    assert not problems
    assert [r.source.id for r in records] == [i["id"] for i in items]
    lines = text.split("\n")
    for record in records:  # the item's opening brace is on its line
        assert "{" in lines[record.source.line - 1]
    if indent is not None:
        assert len({r.source.line for r in records}) == len(records)


def test_control_characters_written_as_json_escapes_are_removed_and_reported():
    text = json.dumps([{"id": "k0", "title": "Graph\u0000 networks\u000b at scale",
                        "author": [{"family": "Smi\u0000th", "given": "Jo"}]}], indent=2)
    assert "\\u0000" in text  # as a JSON writer escapes it
    records, problems = csl_records(text)
    [record] = records
    assert record.title == "Graph networks at scale"
    assert "\x00" not in "".join(record.authors) and "Smith" in record.authors[0]
    [message] = [str(p) for p in problems]
    assert message.startswith("refs.json:2:") and "control or non-characters" in message
