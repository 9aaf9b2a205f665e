"""Reading RIS (generator.sources.ris): Zotero's and JabRef's exports, provenance, bad records."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.models import PaperDate
from generator.sources.read import read_sources
from generator.sources.ris import read_ris

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def ris_records(text: str, file: str = "refs.ris"):
    problems = Problems()
    return read_ris(text, file, problems), problems


def where(problems: Problems) -> list[tuple[str, int | None]]:
    return [(p.file, p.line) for p in problems]


def test_zotero_ris_export_gives_twenty_records_each_at_its_ty_line():
    text = (EXPORTS / "zotero.ris").read_bytes().decode("utf-8")
    assert "\r\n" in text  # as Zotero writes it
    records, problems = ris_records(text, "zotero.ris")
    assert not problems
    starts = [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("TY  - ")]
    assert len(records) == 20
    assert [r.source.line for r in records] == starts
    assert all(r.abstract and r.authors and r.date for r in records)
    assert not any("\r" in r.title + r.abstract + "".join(r.authors) for r in records)


def test_zotero_ris_fields():
    text = (EXPORTS / "zotero.ris").read_bytes().decode("utf-8")
    records, _ = ris_records(text)
    go = next(r for r in records if r.title.startswith("Mastering the game of Go"))
    assert go.authors[5] == "van den Driessche, George"  # one AU line each, never split
    assert len(go.authors) == 20
    assert go.date == PaperDate(year=2016, month=1, day=28)  # DA 2016/01/28/ beats PY 2016
    assert go.doi == "10.1038/nature16961"
    assert go.venue == "Nature"
    assert go.url == "https://www.nature.com/articles/nature16961"
    assert go.keywords == ("Games", "Reinforcement learning")
    ppo = next(r for r in records if r.title == "Proximal Policy Optimization Algorithms")
    assert ppo.arxiv == "1707.06347"  # from the arXiv URL (and the arXiv DOI)
    attention = next(r for r in records if r.title == "Attention Is All You Need")
    assert attention.date == PaperDate(year=2017)  # DA 2017///
    assert attention.source.id is None and attention.citation_key is None


JABREF_RIS = """TY  - JOUR
AU  - Mnih, Volodymyr
AU  - Kavukcuoglu, Koray
T1  - Human-level control through deep reinforcement learning
JO  - Nature
Y1  - 2015/02
VL  - 518
M3  - http://dx.doi.org/10.1038/nature14236
KW  - reinforcement learning; deep q-network
N2  - The theory of reinforcement learning provides a normative account.
ID  - Mnih2015
ER  -
"""


def test_jabref_ris_t1_jo_y1_m3_n2_and_its_id_as_citation_key():
    (record,), problems = ris_records(JABREF_RIS)
    assert not problems
    assert record.title == "Human-level control through deep reinforcement learning"
    assert record.venue == "Nature"
    assert record.date == PaperDate(year=2015, month=2)
    assert record.doi == "10.1038/nature14236"
    assert record.abstract == "The theory of reinforcement learning provides a normative account."
    assert record.keywords == ("reinforcement learning", "deep q-network")
    assert (record.source.id, record.citation_key) == ("Mnih2015", "Mnih2015")


def test_endnote_record_number_is_an_id_but_not_a_citation_key():
    text = "TY  - JOUR\nTI  - Deep learning\nPY  - 2015\nID  - 17\nER  - \n"
    (record,), _ = ris_records(text)
    assert (record.source.id, record.citation_key) == ("17", None)


def test_arxiv_id_in_a_note_and_a_value_over_two_lines():
    text = ("TY  - GEN\nTI  - Proximal Policy Optimization\n  Algorithms\n"
            "N1  - arXiv:1707.06347 [cs]\nER  - \n")
    (record,), _ = ris_records(text)
    assert record.title == "Proximal Policy Optimization Algorithms"
    assert record.arxiv == "1707.06347"


def test_bad_records_are_reported_with_their_lines_and_the_rest_is_read():
    text = (
        "AU  - Stray, Author\n"          # 1: before any TY
        "TY  - JOUR\n"                   # 2
        "TI  - First Paper on Storage\n"
        "ER  - \n"
        "\n"
        "TY  - JOUR\n"                   # 6: no title
        "PY  - 2020\n"
        "ER  - \n"
        "TY  - JOUR\n"                   # 9: no ER before the next TY
        "TI  - Second Paper on Storage\n"
        "TY  - JOUR\n"                   # 11: no ER before the end
        "TI  - Third Paper on Storage\n"
    )
    records, problems = ris_records(text)
    assert [(r.title, r.source.line) for r in records] == [
        ("First Paper on Storage", 2), ("Second Paper on Storage", 9),
        ("Third Paper on Storage", 11)]
    assert sorted(where(problems)) == [("refs.ris", 1), ("refs.ris", 6), ("refs.ris", 9),
                                       ("refs.ris", 11)]


def test_ris_files_are_read_by_read_sources(tmp_path):
    (tmp_path / "library.RIS").write_bytes(JABREF_RIS.replace("\n", "\r\n").encode("utf-8-sig"))
    problems = Problems()
    (record,) = read_sources([tmp_path], problems)
    assert not problems
    assert (record.source.file, record.source.line) == ("library.RIS", 1)
    assert record.title == "Human-level control through deep reinforcement learning"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="abcdefgh XYZ", min_size=1, max_size=30)
                          .filter(lambda t: t.strip()), st.integers(0, 3)),
                min_size=1, max_size=8),
       st.sampled_from(["\n", "\r\n"]))
def test_every_record_is_read_once_at_its_ty_line(records, newline):
    lines: list[str] = []
    starts: list[int] = []
    for title, blanks in records:
        lines += [""] * blanks
        starts.append(len(lines) + 1)
        lines += ["TY  - JOUR", f"TI  - {title}", "ER  - "]
    read, problems = ris_records(newline.join(lines) + newline)
    assert not problems
    assert [r.source.line for r in read] == starts
    assert [r.title for r in read] == [" ".join(t.split()) for t, _ in records]
