"""Reading reference-manager exports: CSV (generator.sources.tabular), BibTeX
(generator.sources.bibtex), and finding, decoding and dispatching source files
(generator.sources.read)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import BuildError, Problems
from generator.models import PaperDate
from generator.sources.bibtex import read_bibtex
from generator.sources.read import decode, read_sources
from generator.sources.tabular import read_csv


def csv_records(text: str, file: str = "refs.csv"):
    problems = Problems()
    return read_csv(text, file, problems), problems


def bib_records(text: str, file: str = "refs.bib"):
    problems = Problems()
    return read_bibtex(text, file, problems), problems


def where(problems: Problems) -> list[tuple[str, int | None]]:
    return [(p.file, p.line) for p in problems]


# --- CSV: columns ------------------------------------------------------------------------------


def test_csv_columns_are_found_by_header_name_in_any_case_and_order():
    text = (
        "Notes,ID,vEnUe,YEAR,authors,DOI,ABSTRACT,Title,Tags,Pages\n"
        "ignore me,lee2021,SIGMOD,2021,Ann Lee; Bo Chen,10.1145/3448016.3457000,"
        "We compress columns.,Compressed Column Stores,storage; compression,12-24\n"
    )
    (record,), problems = csv_records(text)
    assert not problems
    assert record.title == "Compressed Column Stores"
    assert record.abstract == "We compress columns."
    assert record.authors == ("Ann Lee", "Bo Chen")
    assert record.date == PaperDate(year=2021)
    assert record.venue == "SIGMOD"
    assert record.doi == "10.1145/3448016.3457000"
    assert record.keywords == ("storage", "compression")
    assert record.source.id == "lee2021"


def test_csv_accepts_date_journal_and_url_column_names():
    text = (
        "Title,Date,Journal,URL\n"
        "Compressed Column Stores,2020-05-03,ACM Transactions on Database Systems,"
        "https://arxiv.org/abs/2106.01234v2\n"
    )
    (record,), problems = csv_records(text)
    assert not problems
    assert record.date == PaperDate(month=5, day=3, year=2020)
    assert record.venue == "ACM Transactions on Database Systems"
    assert record.url == "https://arxiv.org/abs/2106.01234v2"


def test_csv_columns_that_are_not_known_are_ignored():
    text = "Pages,Title,Publisher\n12-24,Compressed Column Stores,ACM\n"
    (record,), problems = csv_records(text)
    assert not problems
    assert record.title == "Compressed Column Stores"
    assert record.venue is None and record.abstract == "" and record.authors == ()
    assert "12-24" not in repr(record) and "ACM" not in repr(record)


def test_csv_arxiv_column_is_read():
    text = "Title,arXiv\nCompressed Column Stores,arXiv:2106.01234v3\n"
    (record,), _ = csv_records(text)
    assert record.arxiv == "2106.01234"


def test_csv_id_comes_from_the_id_column_and_is_kept_in_the_provenance():
    text = "Title,ID\nFirst Paper on Storage,lee2020\nSecond Paper on Storage,\n"
    records, _ = csv_records(text)
    assert [(r.source.file, r.source.line, r.source.id) for r in records] == [
        ("refs.csv", 2, "lee2020"), ("refs.csv", 3, None)
    ]


# --- CSV: provenance ---------------------------------------------------------------------------


def test_csv_provenance_is_the_line_where_each_row_starts():
    text = "Title,Year\nFirst Paper on Storage,2020\n\nSecond Paper on Storage,2021\n"
    records, _ = csv_records(text)
    assert [(r.title, r.source.line) for r in records] == [
        ("First Paper on Storage", 2), ("Second Paper on Storage", 4)
    ]


def test_csv_row_after_a_multiline_abstract_has_its_own_line():
    text = (
        "Title,Abstract\n"
        'First Paper on Storage,"An abstract\nthat spans\nthree lines."\n'
        "Second Paper on Storage,Short.\n"
        'Third Paper on Storage,"Two\nlines."\n'
        "Fourth Paper on Storage,End.\n"
    )
    records, problems = csv_records(text)
    assert not problems
    assert [r.source.line for r in records] == [2, 5, 6, 8]
    assert records[0].abstract.split() == ["An", "abstract", "that", "spans", "three", "lines."]


@pytest.mark.parametrize("separator", ["\u2028", "\x0c"], ids=["line-separator", "form-feed"])
def test_csv_unicode_line_separator_inside_a_cell_does_not_shift_later_lines(separator):
    text = (
        "Title,Abstract\n"
        f'First Paper on Storage,"Copied from a PDF{separator}with a page break."\n'
        "Second Paper on Storage,Short.\n"
    )
    records, _ = csv_records(text)
    assert [r.source.line for r in records] == [2, 3]


def test_csv_row_without_title_is_reported_with_its_line_and_skipped():
    text = (
        "Title,Abstract\n"
        "First Paper on Storage,One.\n"
        ",An abstract whose title is missing.\n"
        "Third Paper on Storage,Three.\n"
    )
    records, problems = csv_records(text)
    assert [r.title for r in records] == ["First Paper on Storage", "Third Paper on Storage"]
    assert where(problems) == [("refs.csv", 3)]
    assert "title" in next(iter(problems)).message


def test_csv_without_title_column_is_reported_not_read():
    records, problems = csv_records("Name,Abstract\nSomething,Else\n")
    assert records == []
    assert where(problems) == [("refs.csv", 1)]


# --- CSV: values -------------------------------------------------------------------------------


def test_csv_html_entities_are_decoded_in_every_field():
    text = (
        "Title,Authors,Abstract,Venue\n"
        "Trees &amp; Graphs &#8211; a &quot;Survey&quot;,Hans M&uuml;ller,"
        "Bounds for n &lt; m.,Data &amp; Knowledge Engineering\n"
    )
    (record,), _ = csv_records(text)
    assert record.title == 'Trees & Graphs \u2013 a "Survey"'
    assert record.authors == ("Hans Müller",)
    assert record.abstract == "Bounds for n < m."
    assert record.venue == "Data & Knowledge Engineering"


@pytest.mark.parametrize(
    "doi", ["https://doi.org/10.1145/ABC", "doi:10.1145/abc", "10.1145/Abc",
            "http://dx.doi.org/10.1145/abc"],
)
def test_csv_doi_is_normalised(doi):
    (record,), _ = csv_records(f"Title,DOI\nCompressed Column Stores,{doi}\n")
    assert record.doi == "10.1145/abc"


def test_csv_doi_is_taken_from_a_doi_url_when_there_is_no_doi_column():
    (record,), _ = csv_records("Title,URL\nCompressed Column Stores,https://doi.org/10.1145/ABC\n")
    assert record.doi == "10.1145/abc"


@pytest.mark.parametrize(
    ("url", "arxiv"),
    [("https://arxiv.org/abs/2106.01234v3", "2106.01234"),
     ("https://arxiv.org/pdf/2106.01234v1", "2106.01234"),
     ("https://arxiv.org/pdf/2106.01234v1.pdf", "2106.01234"),
     ("http://arxiv.org/abs/cs/0112017v2", "cs/0112017"),
     ("https://example.org/2106.01234v3", None)],
    ids=["abs", "pdf-no-suffix", "pdf", "old-style", "not-arxiv"],
)
def test_csv_arxiv_id_is_taken_from_an_arxiv_url_without_its_version(url, arxiv):
    (record,), _ = csv_records(f"Title,URL\nCompressed Column Stores,{url}\n")
    assert record.arxiv == arxiv


LF_CSV = (
    "Title,Authors,Year,Abstract\n"
    "First Paper on Storage,Ann Lee; Bo Chen,2020,One line.\n"
    '"Second Paper, With a Comma",Carl Diaz,2021,"Two lines,\nquoted."\n'
    "Third Paper on Storage,Dana Ek,2022,Last.\n"
)


def test_csv_with_crlf_line_endings_reads_titles_fields_and_lines():
    records, problems = csv_records(LF_CSV.replace("\n", "\r\n"))
    assert not problems
    assert [(r.title, r.source.line) for r in records] == [
        ("First Paper on Storage", 2), ("Second Paper, With a Comma", 3),
        ("Third Paper on Storage", 5),
    ]
    assert records[0].authors == ("Ann Lee", "Bo Chen")
    assert records[2].date == PaperDate(year=2022)
    assert all("\r" not in r.title + "".join(r.authors) for r in records)


def test_csv_with_crlf_line_endings_reads_the_same_records_as_lf():
    lf, _ = csv_records(LF_CSV)
    crlf, _ = csv_records(LF_CSV.replace("\n", "\r\n"))
    assert crlf == lf


def test_csv_with_utf8_bom_reads_the_first_column_header():
    path_text = "\ufeffTitle,Year\nFirst Paper on Storage,2020\n"
    records, problems = csv_records(path_text)
    assert not problems
    assert [(r.title, r.source.line, r.date) for r in records] == [
        ("First Paper on Storage", 2, PaperDate(year=2020))
    ]


def test_csv_file_with_utf8_bom_is_read_through_read_sources(tmp_path):
    (tmp_path / "refs.csv").write_bytes(
        "Title,Authors\nCaf\u00e9 Paper on Storage,Hans M\u00fcller\n".encode("utf-8-sig"))
    problems = Problems()
    (record,) = read_sources([tmp_path], problems)
    assert not problems
    assert record.title == "Caf\u00e9 Paper on Storage"
    assert record.authors == ("Hans M\u00fcller",)


# --- BibTeX ------------------------------------------------------------------------------------

BIB = r"""% exported from a reference manager

@article{devlin2019,
  title = {{B}ERT: Pre-training of Deep Bidirectional Transformers},
  author = {Devlin, Jacob and Chang, Ming-Wei and Lee, Kenton and Toutanova, Kristina},
  journal = {Transactions of the ACL},
  year = {2019},
  doi = {https://doi.org/10.18653/V1/N19-1423}
}

@inproceedings{garcia2020,
  title = "Caf{\'e} Society and M{\"u}nchen Networks",
  author = "Jos{\'e} Garc{\'i}a and Anna Smith",
  booktitle = {SIGMOD Conference},
  year = 2020,
  eprint = {2106.01234v3},
  archivePrefix = {arXiv}
}
"""


def test_bibtex_entries_have_their_key_as_id_and_their_start_line():
    records, problems = bib_records(BIB)
    assert not problems
    assert [(r.source.file, r.source.line, r.source.id) for r in records] == [
        ("refs.bib", BIB.splitlines().index("@article{devlin2019,") + 1, "devlin2019"),
        ("refs.bib", BIB.splitlines().index("@inproceedings{garcia2020,") + 1, "garcia2020"),
    ]
    assert [r.source.line for r in records] == [3, 11]


def test_bibtex_latex_accents_and_braces_are_decoded_in_titles():
    bert, cafe = bib_records(BIB)[0]
    assert bert.title == "BERT: Pre-training of Deep Bidirectional Transformers"
    assert cafe.title == "Café Society and München Networks"
    assert not any(c in bert.title + cafe.title for c in "{}\\")


def test_bibtex_authors_are_split_on_and():
    bert, cafe = bib_records(BIB)[0]
    assert bert.authors == ("Devlin, Jacob", "Chang, Ming-Wei", "Lee, Kenton",
                            "Toutanova, Kristina")
    assert cafe.authors == ("José García", "Anna Smith")


def test_bibtex_venue_year_and_doi_are_read():
    bert, cafe = bib_records(BIB)[0]
    assert (bert.venue, bert.date, bert.doi) == (
        "Transactions of the ACL", PaperDate(year=2019), "10.18653/v1/n19-1423")
    assert (cafe.venue, cafe.date) == ("SIGMOD Conference", PaperDate(year=2020))


def test_bibtex_eprint_with_arxiv_prefix_is_the_arxiv_id():
    _, cafe = bib_records(BIB)[0]
    assert cafe.arxiv == "2106.01234"


def test_bibtex_eprint_of_another_archive_is_not_an_arxiv_id():
    text = "@misc{x, title = {Some Paper on Storage}, eprint = {2106.01234}, " \
           "archivePrefix = {PubMed}}\n"
    (record,), _ = bib_records(text)
    assert record.arxiv is None


def test_bibtex_broken_entry_is_reported_with_its_line_and_the_rest_is_read():
    text = (
        "@article{first, title = {First Paper on Storage}, year = 2020}\n"
        "\n"
        "@article{broken,\n"
        "  title = {An Unclosed Brace,\n"
        "  year = 2021\n"
        "\n"
        "@article{last,\n"
        "  title = {Last Paper on Storage}\n"
        "}\n"
    )
    records, problems = bib_records(text)
    assert [(r.source.id, r.source.line) for r in records] == [("first", 1), ("last", 7)]
    assert where(problems) == [("refs.bib", 3)]


def test_bibtex_with_crlf_and_bom_gives_the_same_records():
    lf, _ = bib_records(BIB)
    crlf, problems = bib_records("\ufeff" + BIB.replace("\n", "\r\n"))
    assert not problems
    assert crlf == lf


# --- finding and decoding files ----------------------------------------------------------------

CP1252_CSV = "Title,Authors\nA na\u00efve \u201cBayes\u201d Classifier Revisited,Hans M\u00fcller\n"


def test_csv_that_is_not_utf8_is_read_as_windows_1252_with_a_warning(tmp_path):
    (tmp_path / "x.csv").write_bytes(CP1252_CSV.encode("cp1252"))
    problems = Problems()
    (record,) = read_sources([tmp_path], problems)
    assert record.title == "A na\u00efve \u201cBayes\u201d Classifier Revisited"
    assert record.authors == ("Hans M\u00fcller",)
    assert [p.file for p in problems] == ["x.csv"]
    assert "UTF-8" in next(iter(problems)).message


def test_configured_encoding_is_used_without_a_warning(tmp_path):
    (tmp_path / "x.csv").write_bytes(CP1252_CSV.encode("cp1252"))
    problems = Problems()
    (record,) = read_sources([tmp_path], problems, encodings={"x.csv": "latin-1"})
    assert not problems
    assert record.authors == ("Hans M\u00fcller",)
    assert record.title.startswith("A na\u00efve ")


def test_encoding_is_looked_up_by_path_relative_to_the_sources_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x.csv").write_bytes(CP1252_CSV.encode("cp1252"))
    problems = Problems()
    (record,) = read_sources([tmp_path], problems, encodings={"old/x.csv": "cp1252"})
    assert not problems
    assert record.source.file == "old/x.csv"
    assert record.title == "A na\u00efve \u201cBayes\u201d Classifier Revisited"


def test_unknown_encoding_name_is_a_build_error_naming_the_file(tmp_path):
    (tmp_path / "x.csv").write_bytes(CP1252_CSV.encode("cp1252"))
    with pytest.raises(BuildError) as caught:
        read_sources([tmp_path], Problems(), encodings={"x.csv": "no-such-encoding"})
    assert caught.value.message.startswith("x.csv: ")
    assert "no-such-encoding" in caught.value.message


def test_decode_utf8_strips_the_bom_and_warns_about_nothing(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Title\nM\u00fcller\n".encode("utf-8-sig"))
    problems = Problems()
    assert decode(path, "x.csv", problems) == "Title\nM\u00fcller\n"
    assert not problems


def test_decode_warning_names_the_line_of_the_first_bad_byte(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("Title\nFine\nM\u00fcller\n".encode("cp1252"))
    problems = Problems()
    assert decode(path, "x.csv", problems) == "Title\nFine\nM\u00fcller\n"
    assert where(problems) == [("x.csv", 3)]


def test_file_with_unknown_extension_is_a_warning_and_others_are_read(tmp_path):
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04\x00\xff")
    (tmp_path / "refs.csv").write_text("Title\nFirst Paper on Storage\n", encoding="utf-8")
    problems = Problems()
    records = read_sources([tmp_path], problems)
    assert [r.title for r in records] == ["First Paper on Storage"]
    assert where(problems) == [("notes.docx", None)]


def test_read_sources_dispatches_on_the_extension_and_keeps_relative_paths(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "refs.CSV").write_text("Title\nFirst Paper on Storage\n", encoding="utf-8")
    problems = Problems()
    records = read_sources([tmp_path], problems)
    assert not problems
    assert sorted((r.source.file, r.source.line) for r in records) == [
        ("refs.CSV", 2), ("sub/refs.bib", 3), ("sub/refs.bib", 11)
    ]


def test_missing_sources_folder_is_a_build_error(tmp_path: Path):
    with pytest.raises(BuildError):
        read_sources([tmp_path / "nowhere"], Problems())


# --- CSV as reference managers write it --------------------------------------------------------

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def test_zotero_csv_export_is_read_with_its_own_column_names():
    text = (EXPORTS / "zotero.csv").read_text(encoding="utf-8-sig")
    records, problems = csv_records(text, "zotero.csv")
    assert not problems
    assert len(records) == 20
    assert [r.source.line for r in records] == list(range(2, 22))  # one row per line, no \n end
    assert all(r.abstract and r.authors and r.date for r in records)  # "Abstract Note", "Date"
    resnet = next(r for r in records if r.title.startswith("Deep Residual Learning"))
    assert resnet.source.id == "8ZS6LDEH"  # Zotero's item key: provenance, not a citation key
    assert resnet.citation_key is None
    assert resnet.arxiv == "1512.03385"  # from Extra's `arXiv: 1512.03385`
    assert resnet.doi == "10.1109/cvpr.2016.90"
    assert resnet.date == PaperDate(year=2016, month=6)
    assert resnet.venue == "2016 IEEE Conference on Computer Vision and Pattern Recognition (CVPR)"
    assert resnet.keywords == ("CNN", "Computer Vision", "Image recognition", "Neural networks",
                               "Training")  # Manual Tags, then Automatic Tags
    adam = next(r for r in records if r.title.startswith("Adam"))
    assert adam.arxiv == "1412.6980" and adam.venue is None
    assert adam.authors == ("Kingma, Diederik P.", "Ba, Jimmy")


ZOTERO_HEADER = ('"Key","Item Type","Publication Year","Author","Title","Publication Title",'
                 '"DOI","Url","Abstract Note","Date","Extra","Manual Tags","Automatic Tags"\n')


def test_zotero_extra_gives_doi_arxiv_and_citation_key():
    text = ZOTERO_HEADER + (
        '"AB12CD34","conferencePaper","2021","Lee, Ann","Compressed Column Stores",'
        '"SIGMOD","","","We compress.","2021-06-20",'
        '"DOI: 10.1145/3448016.3457000\nCitation Key: lee2021columns\narXiv: 2106.01234","",""\n')
    (record,), problems = csv_records(text)
    assert not problems
    assert record.doi == "10.1145/3448016.3457000"
    assert record.arxiv == "2106.01234"
    assert record.citation_key == "lee2021columns"
    assert record.source.id == "AB12CD34"


def test_zotero_publication_year_is_used_when_the_date_is_not_iso():
    text = ZOTERO_HEADER + ('"AB12CD34","journalArticle","2019","Lee, Ann","Compressed Column '
                            'Stores","","","","","Spring 2019","","",""\n')
    (record,), _ = csv_records(text)
    assert record.date == PaperDate(year=2019)


def test_zotero_tags_are_split_on_semicolons_only_and_merged_across_columns():
    text = ZOTERO_HEADER + ('"AB12CD34","journalArticle","2019","Lee, Ann","Compressed Column '
                            'Stores","","","","","2019","","Learning, deep; GAN",'
                            '"gan; Computer Science - Machine Learning"\n')
    (record,), _ = csv_records(text)
    assert record.keywords == ("Learning, deep", "GAN", "Computer Science - Machine Learning")


def test_jabref_csv_reads_abstract_keywords_and_key_from_its_custom_columns():
    header = ("BibliographyType,ISBN,Identifier,Author,Title,Journal,Volume,Number,Month,Pages,"
              "Year,Address,Note,URL,Booktitle,Chapter,Edition,Series,Editor,Publisher,"
              "ReportType,Howpublished,Institution,Organizations,School,Annote,Custom1,Custom2,"
              "Custom3,Custom4,Custom5\n")
    row = ('7,"","Kingma2014","Kingma, Diederik P.; Ba, Jimmy","Adam: A Method for Stochastic '
           'Optimization","arXiv preprint arXiv:1412.6980",,,"","",2014,"","","","","","","","",'
           '"","","","","","","","We introduce Adam, an algorithm.","","optimization, adam","",'
           '""\n')
    (record,), problems = csv_records(header + row)
    assert not problems
    assert record.citation_key == "Kingma2014" and record.source.id == "Kingma2014"
    assert record.abstract == "We introduce Adam, an algorithm."
    assert record.keywords == ("optimization", "adam")
    assert record.arxiv == "1412.6980"
    assert record.venue is None  # "arXiv preprint arXiv:..." names an identifier, not a venue
    assert record.authors == ("Kingma, Diederik P.", "Ba, Jimmy")


# --- BibTeX and biblatex as tools write them ---------------------------------------------------


def test_biblatex_fields_journaltitle_date_eprinttype_keywords_and_url():
    text = (
        "@article{mnihHumanlevelControlDeep2015,\n"
        "  title = {Human-Level Control through Deep Reinforcement Learning},\n"
        "  author = {Mnih, Volodymyr and Kavukcuoglu, Koray},\n"
        "  date = {2015-02-26},\n"
        "  journaltitle = {Nature},\n"
        "  eprint = {1312.5602},\n"
        "  eprinttype = {arxiv},\n"
        "  url = {https://www.nature.com/articles/nature14236},\n"
        "  keywords = {Deep Q-network,Reinforcement learning}\n"
        "}\n"
    )
    (record,), problems = bib_records(text)
    assert not problems
    assert record.venue == "Nature"
    assert record.date == PaperDate(year=2015, month=2, day=26)
    assert record.arxiv == "1312.5602"
    assert record.url == "https://www.nature.com/articles/nature14236"
    assert record.keywords == ("Deep Q-network", "Reinforcement learning")
    assert record.citation_key == "mnihHumanlevelControlDeep2015"


def test_google_scholar_arxiv_journal_gives_the_id_and_no_venue():
    text = ("@article{kingma2014adam,\n  title={Adam: A method for stochastic optimization},\n"
            "  author={Kingma, Diederik P and Ba, Jimmy},\n"
            "  journal={arXiv preprint arXiv:1412.6980},\n  year={2014}\n}\n")
    (record,), _ = bib_records(text)
    assert record.arxiv == "1412.6980"
    assert record.venue is None
    assert record.citation_key == "kingma2014adam"


@pytest.mark.parametrize("field", [
    "note = {arXiv:2106.01234 [cs.DB]}",
    "howpublished = {\\url{https://arxiv.org/abs/2106.01234v2}}",
    "journal = {CoRR}, volume = {abs/2106.01234}, eprinttype = {arXiv}, eprint = {2106.01234}",
    "eprint = {2106.01234}",
], ids=["note", "howpublished", "dblp", "bare-eprint"])
def test_bibtex_arxiv_id_is_found_where_tools_put_it(field):
    (record,), _ = bib_records(f"@misc{{x, title = {{Compressed Column Stores}}, {field}}}\n")
    assert record.arxiv == "2106.01234"


def test_bibtex_number_in_a_note_without_the_word_arxiv_is_not_an_arxiv_id():
    (record,), _ = bib_records("@misc{x, title = {Compressed Column Stores}, "
                               "note = {Technical report 2106.01234}}\n")
    assert record.arxiv is None


HREF_BIB = r"""@inproceedings{Ho2020,
  author   = {Jonathan Ho and Ajay Jain and Pieter Abbeel},
  title    = {Denoising Diffusion Probabilistic Models},
  abstract = {We present high quality image synthesis results. Our implementation is available at \href{https://github.com/hojonathanho/diffusion}{GitHub}.},
  year     = {2020},
}

@article{next, title = {Caf{\'e} Society}, year = {2021}}
"""


def test_bibtex_latex_decoding_failure_keeps_the_entry_and_warns_with_the_line():
    records, problems = bib_records(HREF_BIB)
    assert [r.source.id for r in records] == ["Ho2020", "next"]
    ho, cafe = records
    assert ho.title == "Denoising Diffusion Probabilistic Models"
    assert ho.authors == ("Jonathan Ho", "Ajay Jain", "Pieter Abbeel")
    assert "\\href{https://github.com/hojonathanho/diffusion}{GitHub}" in ho.abstract
    assert ho.code_urls == ("https://github.com/hojonathanho/diffusion",)
    assert cafe.title == "Café Society"
    assert where(problems) == [("refs.bib", 4)]  # the line of the abstract
    message = next(iter(problems)).message
    assert "Ho2020" in message and "abstract" in message and "braces" not in message


def test_bibtex_two_entries_with_one_key_are_both_read_with_a_warning():
    text = ("@article{Kingma2014, title = {Adam: A Method for Stochastic Optimization}}\n"
            "\n"
            "@article{Kingma2014,\n  title = {Auto-Encoding Variational Bayes},\n"
            "  year = {2014}\n}\n")
    records, problems = bib_records(text)
    assert [(r.title, r.source.line, r.source.id) for r in records] == [
        ("Adam: A Method for Stochastic Optimization", 1, "Kingma2014"),
        ("Auto-Encoding Variational Bayes", 3, "Kingma2014"),
    ]
    assert records[1].date == PaperDate(year=2014)
    assert where(problems) == [("refs.bib", 3)]
    assert "Kingma2014" in next(iter(problems)).message


@pytest.mark.parametrize("name", ["better-biblatex.bib", "google-scholar.bib", "jabref.bib"])
def test_bibtex_exports_of_the_twenty_papers_are_all_read(name):
    text = (EXPORTS / name).read_text(encoding="utf-8")
    records, _ = bib_records(text, name)
    assert len(records) == 20
    starts = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("@")
              and not line.startswith("@Comment")]
    assert [r.source.line for r in records] == starts
    assert all(r.citation_key == r.source.id for r in records)
    assert all(r.authors and r.date for r in records)
    with_arxiv = {r.title.casefold(): r.arxiv for r in records if r.arxiv}
    assert with_arxiv["proximal policy optimization algorithms"] == "1707.06347"
    assert not any("{" in r.title or "\\" in r.title for r in records)


MENDELEY_BIB = r"""@article{Vaswani2017,
abstract = {The dominant sequence transduction models are based on complex recurrent networks.},
archivePrefix = {arXiv},
arxivId = {1706.03762},
author = {Vaswani, Ashish and Shazeer, Noam},
journal = {Advances in Neural Information Processing Systems},
keywords = {attention},
mendeley-groups = {Thesis},
mendeley-tags = {to read,transformers},
month = {dec},
title = {{Attention is all you need}},
year = {2017}
}
"""


def test_mendeley_bibtex_arxiv_id_tags_and_month():
    (record,), problems = bib_records(MENDELEY_BIB)
    assert not problems
    assert record.title == "Attention is all you need"
    assert record.arxiv == "1706.03762"
    assert record.keywords == ("attention", "to read", "transformers")
    assert record.date == PaperDate(year=2017, month=12)


@pytest.mark.parametrize(("month", "expected"), [("feb", 2), ("February", 2), ("2", 2),
                                                 ("13", None), ("spring", None)])
def test_bibtex_month_as_jabref_macro_name_or_number(month, expected):
    (record,), _ = bib_records(f"@article{{x, title = {{Compressed Column Stores}}, "
                               f"year = 2015, month = {month}}}\n")
    assert record.date == PaperDate(year=2015, month=expected)


def test_bibtex_bare_percent_in_prose_is_text_and_urls_are_not_decoded():
    (record,), problems = bib_records(
        r"@article{x, title = {Compressed {Column} Stores}, "
        r"abstract = {It improves by 5% on {ImageNet} and 3\% on COCO -- at no cost.}, "
        r"url = {https://example.org/~lee/paper_v2.pdf}}" "\n")
    assert not problems
    assert record.abstract == "It improves by 5% on ImageNet and 3% on COCO – at no cost."
    assert record.url == "https://example.org/~lee/paper_v2.pdf"
