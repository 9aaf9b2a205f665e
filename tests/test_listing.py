"""The reader of listing dumps: layouts, page chrome, LaTeX traces, metadata and problems."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Problems
from generator.sources.listing import read_listing

SOURCES = Path(__file__).resolve().parent / "fixtures" / "shipped" / "content" / "sources"

ABSTRACT_1 = (
    "Understanding the glassy nature of neural networks is pivotal both for theoretical and "
    "computational advances in Machine Learning and Theoretical Artificial Intelligence."
)
ABSTRACT_2 = (
    "The deployment of Deep Neural Networks on edge devices is hindered by the substantial gap "
    "between performance requirements and available processing power."
)
ABSTRACT_3 = (
    "Training deep neural networks is a challenging non-convex optimization problem. Recent "
    "work has proven that the strong duality holds for deep linear networks."
)
CHROME_BLANK = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\n"
    "byAK and the research community\n\nMar 11\n\n"
)


def read(text: str, file: str = "list.txt") -> tuple[list, Problems]:
    problems = Problems()
    return read_listing(text, file, problems), problems


def lines_of(problems: Problems) -> list[tuple[str, int | None]]:
    return [(p.file, p.line) for p in problems]


# --- layouts -----------------------------------------------------------------------------------


def test_blank_line_separated_records():
    text = f"Title One\n\n{ABSTRACT_1}\n\nTitle Two\n\n{ABSTRACT_2}\n"
    records, problems = read(text)
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("Title One", ABSTRACT_1, 1), ("Title Two", ABSTRACT_2, 5)
    ]
    assert not problems


def test_consecutive_records_without_blank_lines():
    text = f"Title One\n{ABSTRACT_1}\nTitle Two\n{ABSTRACT_2}\nTitle Three\n{ABSTRACT_3}\n"
    records, problems = read(text)
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("Title One", ABSTRACT_1, 1), ("Title Two", ABSTRACT_2, 3),
        ("Title Three", ABSTRACT_3, 5),
    ]
    assert not problems


def test_short_abstract_ending_a_sentence_is_still_an_abstract():
    text = "Title One\nA short abstract of one sentence.\nTitle Two\n" + ABSTRACT_2
    records, problems = read(text)
    assert [(r.title, r.abstract) for r in records] == [
        ("Title One", "A short abstract of one sentence."), ("Title Two", ABSTRACT_2)
    ]
    assert not problems


def test_metadata_block_with_author_count_and_yearless_date_with_upvotes():
    text = (f"Title One\n\n{ABSTRACT_1}\n\n  • 61 authors\n·\nAug 25 9\n\n"
            f"Title Two\n\n{ABSTRACT_2}\n")
    records, problems = read(text)
    first, second = records
    assert (first.author_count, first.organisation, first.upvotes) == (61, None, 9)
    assert (first.date.month, first.date.day, first.date.year) == (8, 25, None)
    assert (second.author_count, second.date, second.upvotes) == (None, None, None)
    assert second.source.line == 9
    assert not problems


def test_metadata_date_with_year_and_no_upvotes():
    records, problems = read(f"Cascade R-CNN\n\n{ABSTRACT_1}\n\n  • 2 authors\n·\nDec 3, 2017\n")
    (record,) = records
    assert (record.date.month, record.date.day, record.date.year) == (12, 3, 2017)
    assert record.upvotes is None
    assert record.author_count == 2
    assert not problems


def test_metadata_date_with_year_and_upvotes():
    records, problems = read(f"Some Paper\n\n{ABSTRACT_1}\n\n  • 7 authors\n·\nAug 13, 2024 2\n")
    (record,) = records
    assert (record.date.month, record.date.day, record.date.year) == (8, 13, 2024)
    assert record.upvotes == 2
    assert record.author_count == 7
    assert not problems


def test_single_author_is_read():
    records, problems = read(f"Solo Paper\n{ABSTRACT_1}\n  • 1 author\n·\nJan 2, 2020\n")
    assert records[0].author_count == 1
    assert not problems


def test_organisation_instead_of_author_count():
    text = f"Pathway Paper\n\n{ABSTRACT_1}\n\npathwaycom Pathway\n·\nSep 30 21\n"
    records, problems = read(text)
    (record,) = records
    assert record.organisation == "pathwaycom Pathway"
    assert record.author_count is None
    assert (record.date.month, record.date.day, record.upvotes) == (9, 30, 21)
    assert not problems


def test_metadata_belongs_to_the_record_before_it_not_the_next():
    text = (f"First\n{ABSTRACT_1}\n  • 3 authors\n·\nMar 31\n"
            f"Second\n{ABSTRACT_2}\n  • 4 authors\n·\nJul 21, 2017\n")
    records, problems = read(text)
    assert [(r.title, r.author_count, r.date.month) for r in records] == [
        ("First", 3, 3), ("Second", 4, 7)
    ]
    assert not problems


# --- page chrome -------------------------------------------------------------------------------


def test_page_chrome_and_the_pages_own_date_are_not_papers():
    text = CHROME_BLANK.replace("Subscribe\n\n", "Subscribe\n\nDaily Papers\n\n") + (
        f"Real Title\n\n{ABSTRACT_1}\n"
    )
    records, problems = read(text)
    assert [r.title for r in records] == ["Real Title"]
    assert records[0].source.line == 13
    assert records[0].date is None
    assert not problems


def test_chrome_without_blank_lines_including_the_once_a_day_variant():
    text = ("Get trending papers in your email inbox once a day!\n"
            "Get trending papers in your email inbox!\nSubscribe\n"
            f"Real Title\n{ABSTRACT_1}\n")
    records, problems = read(text)
    assert [(r.title, r.source.line) for r in records] == [("Real Title", 4)]
    assert not problems


def test_subscribe_glued_to_the_first_title_is_removed():
    text = ("Get trending papers in your email inbox!\n"
            f"SubscribeInput Convex Gradient Networks\n{ABSTRACT_1}\n")
    records, problems = read(text)
    assert [(r.title, r.source.line) for r in records] == [("Input Convex Gradient Networks", 2)]
    assert not problems


def test_oct_page_date_is_chrome_too():
    records, problems = read(f"new\n\nOct 30\n\nA Title\n\n{ABSTRACT_2}\n")
    assert [(r.title, r.date) for r in records] == [("A Title", None)]
    assert not problems


# --- LaTeX, titles and links -------------------------------------------------------------------


def test_em_group_becomes_emphasis_pointing_into_the_abstract():
    abstract = (r"We give a picture of the phenomenon of {\em replica symmetry breaking} in dense "
                r"networks, and we aim to inspect the {\em glassiness} that they display.")
    records, _ = read(f"Replica symmetry breaking in dense neural networks\n{abstract}\n")
    (record,) = records
    assert "{" not in record.abstract and "\\" not in record.abstract
    assert [record.abstract[a:b] for a, b in record.emphasis] == [
        "replica symmetry breaking", "glassiness"
    ]


def test_literal_backslash_n_disappears_from_the_abstract():
    abstract = ("This biologically inspired network of \\n locally-interacting neuron particles "
                "is a model that scales to large graphs and reasons over long horizons.")
    records, _ = read(f"The Dragon Hatchling\n{abstract}\n")
    assert "\\n" not in records[0].abstract
    assert "network of locally-interacting neuron" in records[0].abstract


def test_braced_rho_becomes_the_greek_letter():
    abstract = ("MPI is evaluated by Spearman's {\\rho} and Kendall's Tau on a benchmark of many "
                "tasks, with strong correlations across all of the evaluated models.")
    records, _ = read(f"Measuring Intelligence\n{abstract}\n")
    assert "Spearman's ρ and Kendall's Tau" in records[0].abstract


@pytest.mark.parametrize("suffix", ["*", " *", "**"])
def test_stray_trailing_star_is_removed_from_the_title(suffix):
    records, _ = read(f"From Cities to Series{suffix}\n{ABSTRACT_1}\n")
    assert records[0].title == "From Cities to Series"


def test_code_urls_are_extracted_without_the_trailing_full_stop():
    abstract = ("Extensive experiments show strong results. The codes and trained models are "
                "publicly available at https://github.com/harlanhong/CVPR2022-DaGAN.")
    records, _ = read(f"DaGAN++\n{abstract}\n")
    assert records[0].code_urls == ("https://github.com/harlanhong/CVPR2022-DaGAN",)
    assert records[0].abstract.endswith("https://github.com/harlanhong/CVPR2022-DaGAN.")


def test_record_without_links_has_no_code_urls():
    records, _ = read(f"Plain\n{ABSTRACT_1}\n")
    assert records[0].code_urls == ()


# --- provenance and years ----------------------------------------------------------------------


def test_provenance_is_the_file_and_one_based_line_of_the_title():
    text = CHROME_BLANK + f"Title One\n\n{ABSTRACT_1}\n\n\n\nTitle Two\n{ABSTRACT_2}\n"
    records, _ = read(text, file="sub/003.txt")
    assert [(r.source.file, r.source.line) for r in records] == [
        ("sub/003.txt", 11), ("sub/003.txt", 17)
    ]
    assert str(records[0].source) == "sub/003.txt:11"


def test_yearless_date_gets_earliest_year_after_the_latest_dated_record_in_the_file():
    text = (f"A\n{ABSTRACT_1}\n  • 2 authors\n·\nDec 3, 2017\n"
            f"B\n{ABSTRACT_2}\n  • 2 authors\n·\nMar 14, 2023\n"
            f"C\n{ABSTRACT_3}\n  • 2 authors\n·\nAug 25 9\n")
    records, _ = read(text)
    dated = {r.title: r.date for r in records}
    assert dated["C"].year is None
    assert dated["C"].earliest_year == 2024
    assert dated["A"].earliest_year is None and dated["B"].earliest_year is None


def test_yearless_date_has_no_year_evidence_when_the_file_has_no_dated_record():
    records, _ = read(f"A\n{ABSTRACT_1}\n  • 2 authors\n·\nAug 25 9\n")
    assert records[0].date.year is None
    assert records[0].date.earliest_year is None


def test_year_evidence_does_not_leak_between_files():
    read(f"A\n{ABSTRACT_1}\n  • 2 authors\n·\nDec 3, 2017\n", file="one.txt")
    records, _ = read(f"B\n{ABSTRACT_2}\n  • 2 authors\n·\nAug 25\n", file="two.txt")
    assert records[0].date.earliest_year is None


# --- encodings and line endings ----------------------------------------------------------------


def test_crlf_line_endings_and_a_bom():
    text = "\ufeff" + (CHROME_BLANK + f"Title One\n\n{ABSTRACT_1}\n\n  • 2 authors\n·\n"
                       f"Dec 3, 2017\n\nTitle Two\n{ABSTRACT_2}\n").replace("\n", "\r\n")
    records, problems = read(text)
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("Title One", ABSTRACT_1, 11), ("Title Two", ABSTRACT_2, 19)
    ]
    assert records[0].date.year == 2017
    assert not any("\r" in r.title or "\r" in r.abstract for r in records)
    assert not problems


def test_bom_before_a_title_is_not_part_of_the_title():
    records, _ = read(f"\ufeffTitle One\n{ABSTRACT_1}\n")
    assert records[0].title == "Title One"


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x0c", "\x85"])
def test_unicode_line_separator_inside_an_abstract_does_not_split_the_record(separator):
    text = f"Title One\n{ABSTRACT_1}{separator}More words.\nTitle Two\n{ABSTRACT_2}\n"
    records, problems = read(text)
    assert [(r.title, r.source.line) for r in records] == [("Title One", 1), ("Title Two", 3)]
    assert records[0].abstract.startswith(ABSTRACT_1)
    assert not problems


# --- problems ----------------------------------------------------------------------------------


def test_orphan_abstract_is_reported_and_skipped_and_the_rest_is_read():
    orphan = ABSTRACT_3 + " " + ABSTRACT_2 + " " + ABSTRACT_1
    text = f"Title One\n{ABSTRACT_1}\n{orphan}\nTitle Two\n{ABSTRACT_2}\n"
    records, problems = read(text, file="x.txt")
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("Title One", ABSTRACT_1, 1), ("Title Two", ABSTRACT_2, 4)
    ]
    assert lines_of(problems) == [("x.txt", 3)]


def test_unreadable_bullet_line_is_reported_and_skipped():
    text = f"Title One\n{ABSTRACT_1}\n  • many authors\nTitle Two\n{ABSTRACT_2}\n"
    records, problems = read(text, file="x.txt")
    assert [r.title for r in records] == ["Title One", "Title Two"]
    assert records[0].organisation is None and records[0].author_count is None
    assert lines_of(problems) == [("x.txt", 3)]


def test_unreadable_bullet_line_in_a_metadata_block_is_reported_not_taken_as_organisation():
    text = f"Title One\n{ABSTRACT_1}\n  • many authors\n·\nMar 1\nTitle Two\n{ABSTRACT_2}\n"
    records, problems = read(text, file="x.txt")
    assert [r.title for r in records] == ["Title One", "Title Two"]
    assert records[0].organisation is None
    assert ("x.txt", 3) in lines_of(problems)


def test_invalid_date_is_reported_and_left_out_and_the_rest_is_read():
    text = (f"Title One\n{ABSTRACT_1}\n  • 2 authors\n·\nFeb 31\n"
            f"Title Two\n{ABSTRACT_2}\n  • 3 authors\n·\nMar 1, 2020\n")
    records, problems = read(text, file="x.txt")
    assert [r.title for r in records] == ["Title One", "Title Two"]
    assert records[0].date is None
    assert records[0].author_count == 2
    assert records[1].date.year == 2020
    assert lines_of(problems) == [("x.txt", 5)]


def test_february_29_in_a_leap_year_is_valid():
    records, problems = read(f"T\n{ABSTRACT_1}\n  • 2 authors\n·\nFeb 29, 2024\n")
    assert (records[0].date.month, records[0].date.day) == (2, 29)
    assert not problems


def test_february_29_in_a_common_year_is_reported():
    records, problems = read(f"T\n{ABSTRACT_1}\n  • 2 authors\n·\nFeb 29, 2023\n", file="x.txt")
    assert records[0].date is None
    assert lines_of(problems) == [("x.txt", 5)]


def test_title_without_abstract_is_kept_with_a_warning():
    text = f"Title One\n{ABSTRACT_1}\nLonely Title\nTitle Three\n{ABSTRACT_3}\n"
    records, problems = read(text, file="x.txt")
    assert [(r.title, r.abstract, r.source.line) for r in records] == [
        ("Title One", ABSTRACT_1, 1), ("Lonely Title", "", 3), ("Title Three", ABSTRACT_3, 4)
    ]
    assert lines_of(problems) == [("x.txt", 3)]


def test_title_without_abstract_before_its_metadata_keeps_the_metadata():
    text = f"Title One\n{ABSTRACT_1}\nLonely Title\n  • 3 authors\n·\nMar 1\n"
    records, problems = read(text, file="x.txt")
    assert [(r.title, r.abstract) for r in records] == [
        ("Title One", ABSTRACT_1), ("Lonely Title", "")
    ]
    assert records[1].author_count == 3
    assert lines_of(problems) == [("x.txt", 3)]


def test_title_at_the_end_of_the_file_is_kept_with_a_warning():
    records, problems = read(f"Title One\n{ABSTRACT_1}\n\nLast Title\n\n", file="x.txt")
    assert [(r.title, r.abstract) for r in records] == [
        ("Title One", ABSTRACT_1), ("Last Title", "")
    ]
    assert lines_of(problems) == [("x.txt", 4)]


def test_date_without_separator_after_a_paper_is_reported():
    text = f"Title One\n{ABSTRACT_1}\nAug 25\nTitle Two\n{ABSTRACT_2}\n"
    records, problems = read(text, file="x.txt")
    assert [r.title for r in records] == ["Title One", "Title Two"]
    assert records[0].date is None
    assert lines_of(problems) == [("x.txt", 3)]


@pytest.mark.parametrize("title", ["Janus 2", "Octopus 3", "Decoder 7"])
def test_title_that_starts_like_a_month_is_a_title_not_a_date(title):
    records, problems = read(f"Title One\n{ABSTRACT_1}\n{title}\n{ABSTRACT_2}\n")
    assert [r.title for r in records] == ["Title One", title]
    assert not problems


def test_empty_file_gives_no_records_and_no_problems():
    assert read("") == ([], Problems())
    records, problems = read("\ufeff\n\n" + CHROME_BLANK)
    assert records == [] and not problems


# --- the shipped listings ----------------------------------------------------------------------


def test_shipped_listings_read_cleanly():
    problems = Problems()
    records = []
    files = sorted(SOURCES.glob("*.txt"))
    assert len(files) == 5
    for path in files:
        records += read_listing(path.read_text(encoding="utf-8"), path.name, problems)
    assert len(records) == 493
    assert [str(p) for p in problems] == []
    assert all(r.title.strip() and r.abstract.strip() for r in records)
    assert all(r.source.file in {p.name for p in files} and r.source.line >= 1 for r in records)


# --- property: any record list survives a round trip through any layout ------------------------

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHROME_WORDS = {"new", "Subscribe", "Daily Papers"}
FULL_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December", "Sept")
# Lines no reader can tell from chrome or a date: a line that is a date ("Mar 11", "March 5,
# 2020 3"), or starts with "Subscribe"/"Daily Papers" glued to a capital. A title that merely
# starts like a month ("Janus 2") is NOT excluded.
AMBIGUOUS = re.compile(
    r"^(?:(?:Subscribe|Daily Papers)[A-Z0-9]|(?:" + "|".join(MONTHS + FULL_MONTHS) + r")\.? "
    r"\d{1,2}(?:, \d{4})?(?: \d+)?$)"
)
# Words that look like chrome, months or counts, mixed into otherwise random words.
TRICKY = ["new", "Subscribe", "Daily", "Papers", "Mar", "March", "Janus", "Decoder", "Sept",
          "May", "2", "11", "2024", "authors", "Pathway"]
WORD = st.one_of(
    st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=12),
    st.sampled_from(TRICKY),
)
PUNCTUATED = st.tuples(WORD, st.sampled_from(["", "", "", ",", ".", ":", "?", "-x", "'s"])).map(
    "".join
)
TITLE = (
    st.lists(PUNCTUATED, min_size=1, max_size=14)
    .map(" ".join)
    .filter(lambda t: t not in CHROME_WORDS and not AMBIGUOUS.match(t))
)
ABSTRACT = (
    st.lists(PUNCTUATED, min_size=25, max_size=120)
    .map(" ".join)
    .filter(lambda a: len(a) >= 120 and not AMBIGUOUS.match(a))
)
META = st.one_of(
    st.none(),
    st.tuples(
        st.one_of(st.integers(1, 3000).map(lambda n: ("authors", n)),
                  TITLE.map(lambda o: ("organisation", o))),
        st.integers(1, 12),
        st.integers(1, 28),
        st.one_of(st.none(), st.integers(1990, 2030)),
        st.one_of(st.none(), st.integers(0, 5000)),
    ),
)
RECORD = st.tuples(TITLE, ABSTRACT, META)


def render(records, layout: str, chrome: bool, crlf: bool, bom: bool):
    """The listing text, and the line each title lands on."""
    lines: list[str] = []
    if chrome:
        lines += ["new", "", "Get trending papers in your email inbox!", "", "Subscribe", "",
                  "byAK and the research community", "", "Mar 11", ""]
    title_lines = []
    for title, abstract, meta in records:
        title_lines.append(len(lines) + 1)
        if layout == "consecutive":
            lines += [title, abstract]
        else:
            lines += [title, "", abstract, ""]
        if meta is not None and layout == "metadata":
            (kind, value), month, day, year, upvotes = meta
            date = f"{MONTHS[month - 1]} {day}" + (f", {year}" if year else "")
            date += f" {upvotes}" if upvotes is not None else ""
            first = f"  • {value} authors" if kind == "authors" else value
            lines += [first, "·", date, ""]
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    return ("\ufeff" if bom else "") + text, title_lines


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(RECORD, max_size=8),
    layout=st.sampled_from(["blank", "consecutive", "metadata"]),
    chrome=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_any_records_round_trip_through_any_layout(records, layout, chrome, crlf, bom):
    text, title_lines = render(records, layout, chrome, crlf, bom)
    problems = Problems()
    read_back = read_listing(text, "gen.txt", problems)
    assert [str(p) for p in problems] == []
    assert [r.title for r in read_back] == [title for title, _, _ in records]
    assert [r.abstract for r in read_back] == [abstract for _, abstract, _ in records]
    assert [r.source.line for r in read_back] == title_lines
    assert all(r.source.file == "gen.txt" for r in read_back)
    if layout != "metadata":
        return
    years = [m[3] for _, _, m in records if m is not None and m[3]]
    for record, (_, _, meta) in zip(read_back, records, strict=True):
        if meta is None:
            assert (record.date, record.author_count, record.organisation) == (None, None, None)
            continue
        (kind, value), month, day, year, upvotes = meta
        assert (record.date.month, record.date.day, record.date.year) == (month, day, year)
        assert record.upvotes == upvotes
        assert record.author_count == (value if kind == "authors" else None)
        assert record.organisation == (value if kind == "organisation" else None)
        expected_floor = max(years) + 1 if years and year is None else None
        assert record.date.earliest_year == expected_floor
