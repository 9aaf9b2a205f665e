"""Source text is cleaned where it enters: encodings with a byte-order mark, binary files,
control and non-characters, broken CSV quoting, huge fields and long abstracts."""

from __future__ import annotations

import codecs
import re

import pytest

from generator.errors import Problems
from generator.site.citations import latex_escape
from generator.sources.read import read_sources
from generator.sources.screening import MAX_ABSTRACT, MAX_TITLE
from generator.text import remove_unwanted_characters

ABSTRACT = ("We study graph neural networks on large graphs and show that message passing "
            "scales to billions of edges while keeping accuracy.")
LISTING = f"Daily Papers\n\nScaling Graph Neural Networks{{}}\n\n{ABSTRACT}\n"


def read(tmp_path, name: str, data: bytes):
    (tmp_path / name).write_bytes(data)
    problems = Problems()
    return read_sources([tmp_path], problems), [str(p) for p in problems]


@pytest.mark.parametrize("char", ["\x00", "\x0b", "\x1b", "\x7f", "\x85", "\u009b", "\ufffe",
                                  "\uffff", "\ufdd0", "\U0010ffff"])
def test_control_and_non_characters_in_a_listing_title_are_removed(tmp_path, char):
    (record,), warnings = read(tmp_path, "a.txt", LISTING.format(char).encode("utf-8"))
    assert record.title == "Scaling Graph Neural Networks"
    assert warnings == [f"a.txt:3: control or non-character U+{ord(char):04X} removed; check "
                        "the text around it"]


@pytest.mark.parametrize("text, kept", [
    ("plain \x00text \ufdd0é", "plain text é"),  # nothing beyond U+FFFF: the faster scan
    ("emoji \U0001f600\x00 and \U0002fffe\ufdd0", "emoji \U0001f600 and "),  # the full one
])
def test_non_characters_are_removed_whether_or_not_the_text_goes_beyond_the_bmp(text, kept):
    assert remove_unwanted_characters(text)[0] == kept


def test_control_characters_in_a_csv_are_removed_and_never_reach_the_page(project, run_cli):
    csv = ('title,abstract\n"Title With\x00 NUL And\x1b[31m Escape\ufffe",'
           f'"{ABSTRACT}\x0b"\n').encode()
    (project / "content" / "sources" / "x.csv").write_bytes(csv)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "x.csv:2: control or non-character U+0000 removed" in result.output
    for page in (project / "site").rglob("*"):
        if page.is_file() and "pagefind" not in page.parts and page.suffix != ".png":
            assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]",
                                 page.read_bytes().decode("utf-8")), page


def test_many_lines_with_control_characters_give_a_bounded_number_of_warnings(tmp_path):
    text = "title,abstract\n" + "".join(f"Paper {i} on graphs\x01,x\n" for i in range(100))
    records, warnings = read(tmp_path, "x.csv", text.encode())
    assert len(records) == 100
    assert len(warnings) == 6 and "also removed on 95 more line(s)" in warnings[-1]


def test_removing_characters_keeps_tabs_and_line_breaks():
    text, removed = remove_unwanted_characters("a\tb\r\nc\x0cd\n")
    assert text == "a\tb\r\nc d\n" and removed == [(2, "U+000C")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le",
                                   "utf-32-be"])
def test_text_with_a_byte_order_mark_is_decoded(tmp_path, codec):
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}.get(codec, b"")
    data = bom + "title,authors\nA na\u00efve Bayes Paper,Hans M\u00fcller\n".encode(codec)
    (record,), warnings = read(tmp_path, "x.csv", data)
    assert record.title == "A na\u00efve Bayes Paper" and record.authors == ("Hans M\u00fcller",)
    assert warnings == []


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "a PNG image"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (or .docx, .xlsx)"),
    (bytes(range(256)) * 4, "a binary file (it holds NUL bytes)"),
    ("title,abstract\nA paper,x\n".encode("utf-16-le"), "a binary file (it holds NUL bytes)"),
])
def test_a_binary_file_is_reported_and_skipped(tmp_path, data, kind):
    records, warnings = read(tmp_path, "x.txt", data)
    assert records == []
    assert len(warnings) == 1 and warnings[0].startswith(f"x.txt: this is {kind}, not text; "
                                                         "file skipped")


def test_a_binary_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_bytes(LISTING.format("").encode())
    records, warnings = read(tmp_path, "b.csv", b"\x89PNG\r\n\x1a\n\x00\x00")
    assert [r.title for r in records] == ["Scaling Graph Neural Networks"]
    assert warnings == ["b.csv: this is a PNG image, not text; file skipped (remove it from the "
                        "sources folder, or if it is text in UTF-16 without a byte-order mark, "
                        "set its encoding in [build] encodings)"]


def test_a_single_stray_nul_in_a_text_file_is_cleaned_not_skipped(tmp_path):
    (record,), warnings = read(tmp_path, "a.txt", LISTING.format("\x00").encode())
    assert record.title == "Scaling Graph Neural Networks" and len(warnings) == 1


def test_a_csv_field_over_the_default_csv_limit_is_read(tmp_path):
    long_abstract = "graph " * 30_000  # 180,000 characters, over csv's default 131,072
    (record,), warnings = read(tmp_path, "x.csv",
                               f'title,abstract\nA Long One,"{long_abstract}"\n'.encode())
    assert record.title == "A Long One"
    assert len(record.abstract) <= MAX_ABSTRACT and record.abstract.endswith("…")
    assert warnings == [f"x.csv:2: abstract of {len(long_abstract.strip()):,} characters cut to "
                        f"{MAX_ABSTRACT:,} (the longest the site keeps)"]


def test_an_unbalanced_quote_in_a_csv_is_reported_not_swallowed(tmp_path):
    text = ('title,abstract\nFirst Paper,one\n"Unbalanced Quote Paper,two\nSwallowed Paper,three\n'
            '"Closing",four\nLast Paper,five\n')
    records, warnings = read(tmp_path, "x.csv", text.encode())
    assert [r.title for r in records] == ["First Paper", "Last Paper"]
    assert warnings == ["x.csv:3: lines 3-5 cannot be read as CSV (',' expected after '\"'): a "
                        "quote is probably unbalanced; check the quotes from line 3; these "
                        "lines are skipped"]


def test_a_quote_never_closed_is_reported(tmp_path):
    records, warnings = read(tmp_path, "x.csv", b'title,abstract\nOk Paper,x\n"Open,y\nMore,z\n')
    assert [r.title for r in records] == ["Ok Paper"]
    assert warnings[0].startswith("x.csv:3: lines 3-4 cannot be read as CSV (unexpected end")


def test_a_huge_title_is_cut_with_a_warning(tmp_path):
    (record,), warnings = read(tmp_path, "x.csv",
                               f"title\n{'Word ' * 1000}\n".encode())
    assert len(record.title) <= MAX_TITLE
    assert warnings[0].startswith("x.csv:2: title of 4,999 characters cut to 1,000")


def test_duplicate_bibtex_keys_are_both_read_with_a_warning(tmp_path):
    bib = ("@article{smith2020,\n  title = {Graph Networks for Chemistry},\n  year = {2020}\n}"
           "\n\n@article{smith2020,\n  title = {Tree Search in Games},\n  year = {2021}\n}\n")
    records, warnings = read(tmp_path, "refs.bib", bib.encode())
    assert [(r.title, r.source.line, r.source.id) for r in records] == [
        ("Graph Networks for Chemistry", 1, "smith2020"), ("Tree Search in Games", 6, "smith2020")]
    assert warnings == ["refs.bib:6: BibTeX key 'smith2020' is used twice; both entries are "
                        "read, but give this one a key of its own"]


def test_duplicate_bibtex_keys_build(project, run_cli):
    bib = ("@article{k,\n  title = {Graph Networks for Chemistry}\n}\n\n"
           "@article{k,\n  title = {Tree Search in Games}\n}\n")
    (project / "content" / "sources" / "refs.bib").write_text(bib)
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output


def test_latex_escaping_of_a_long_field_is_the_same_as_of_its_words():
    """One pass over the whole field (linear in its length) changes nothing word by word."""
    text = " ".join(["naïve", "R&D", "100%", "x_1", "{b}", "café—tea", "Ångström"] * 2000)
    whole = latex_escape(text)
    assert whole.startswith('na{\\"\\i}ve R\\&D 100\\% x\\_1 \\{b\\}')
    assert whole == " ".join(latex_escape(word) for word in text.split(" "))
    assert whole.count("\\&") == text.count("&")
