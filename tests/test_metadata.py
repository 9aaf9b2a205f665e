"""content/metadata.json in the build: matched to records by keys, applied early, offline."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest
from conftest import ABSTRACT_GAN, ABSTRACT_GNN, write_project

from generator.errors import BuildError, Problems
from generator.models import PaperDate, Provenance, Record
from generator.sources.metadata import (
    Entry,
    Metadata,
    apply_metadata,
    dated,
    load_metadata,
    record_keys,
)

GNN_ENTRY = {
    "id": "p-0123456789ab", "title": "Scaling Graph Neural Networks",
    "keys": list(record_keys("Scaling Graph Neural Networks", ABSTRACT_GNN)),
    "status": "found", "looked_up": "2026-11-30", "arxiv": "2403.06101",
    "authors": ["Ada Lovelace", "Alan Turing"], "published": "2024-03-08",
    "listed": "2024-03-11", "hf_url": "https://huggingface.co/papers/2403.06101",
    "arxiv_url": "https://arxiv.org/abs/2403.06101",
    "sources": {"arxiv": "huggingface", "authors": "huggingface"},
}


def record(title: str, abstract: str = "", **fields) -> Record:
    return Record(title, Provenance("list.txt", 1), abstract=abstract, **fields)


def metadata(*items: dict) -> Metadata:
    path_entries = [Entry(**{**i, "keys": tuple(i["keys"]), "authors": tuple(i["authors"])})
                    for i in items]
    return Metadata(path_entries)


def write_metadata(project: Path, *items: dict) -> Path:
    path = project / "content" / "metadata.json"
    path.write_text(json.dumps({"format": 1, "papers": list(items)}, indent=2), encoding="utf-8")
    return path


def test_a_retitled_listing_keeps_its_entry_by_the_abstract():
    retitled = record("GNNs at Scale", ABSTRACT_GNN + " ...")  # a new title, a longer abstract
    applied, = apply_metadata([retitled], metadata(GNN_ENTRY))
    assert applied.arxiv == "2403.06101" and applied.authors == ("Ada Lovelace", "Alan Turing")
    assert applied.published == PaperDate(month=3, day=8, year=2024)
    assert applied.hf_url == "https://huggingface.co/papers/2403.06101"


def test_the_title_alone_matches_only_where_no_abstract_can_disagree():
    found = metadata(GNN_ENTRY)
    no_abstract, = apply_metadata([record("Scaling graph neural networks")], found)
    assert no_abstract.arxiv == "2403.06101"
    other, = apply_metadata([record("Scaling Graph Neural Networks", ABSTRACT_GAN)], found)
    assert other.arxiv is None  # same title, another abstract: perhaps another paper
    twice = metadata(GNN_ENTRY, {**GNN_ENTRY, "id": "p-other", "keys": [GNN_ENTRY["keys"][0]]})
    assert apply_metadata([record("Scaling Graph Neural Networks")], twice)[0].arxiv is None


def test_records_with_their_own_id_and_entries_not_found_are_left_alone():
    own = record("Scaling Graph Neural Networks", ABSTRACT_GNN, arxiv="2101.00001")
    assert apply_metadata([own], metadata(GNN_ENTRY)) == [own]
    unfound = {**GNN_ENTRY, "status": "no match"}
    plain = record("Scaling Graph Neural Networks", ABSTRACT_GNN)
    assert apply_metadata([plain], metadata(unfound)) == [plain]


@pytest.mark.parametrize(("month", "day", "known", "year"), [
    (3, 11, ["2024-03-11"], 2024),  # the day Hugging Face listed it
    (3, 11, ["2024-03-04"], 2024),  # a week after the first arXiv version
    (1, 3, ["2023-12-28"], 2024),  # across the new year
    (3, 10, ["2024-03-11"], 2024),  # a day early: time zones
    (10, 24, ["2019-03-01"], None),  # disagrees: the year is not guessed
    (3, 1, ["2024-03-20"], None),  # before the paper existed
    (2, 29, ["2023-02-20"], None),  # no 29 February in 2023, and 2024 is a year too late
    (3, 11, ["2019-03-11"], None),  # the listing's file shows the page is 2020 or later
])
def test_a_yearless_listing_date_gets_the_year_of_an_agreeing_date(month, day, known, year):
    listing = PaperDate(month=month, day=day, earliest_year=2020)
    result = dated(listing, [dt.date.fromisoformat(d) for d in known])
    assert result.year == year and (result.month, result.day) == (month, day)


def test_a_dated_listing_keeps_its_own_year():
    assert dated(PaperDate(3, 11, 2022), [dt.date(2024, 3, 11)]) == PaperDate(3, 11, 2022)


def test_bad_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "metadata.json"
    path.write_text('{"format": 1, "papers": [\n  {"id": "p-1",}\n]}', encoding="utf-8")
    with pytest.raises(BuildError, match=r"^metadata.json:2: not valid JSON"):
        load_metadata(path, Problems())


def test_a_bad_entry_is_reported_with_its_line_and_skipped(tmp_path):
    path = tmp_path / "metadata.json"
    bad = {**GNN_ENTRY, "id": "p-bad", "published": "March 2024"}
    unsafe = {**GNN_ENTRY, "id": "p-unsafe", "hf_url": "javascript:alert(1)"}
    path.write_text(json.dumps({"format": 1, "papers": [GNN_ENTRY, bad, unsafe]}, indent=2),
                    encoding="utf-8")
    problems = Problems()
    loaded = load_metadata(path, problems)
    assert [e.id for e in loaded.entries] == ["p-0123456789ab"]
    messages = [str(p) for p in problems]
    assert messages[0].startswith("metadata.json:")
    assert "entry 2: 'published' must be a date YYYY-MM-DD, not 'March 2024'; entry skipped" \
        in messages[0]
    line = int(messages[0].split(":")[1])
    assert '"p-bad"' in path.read_text(encoding="utf-8").splitlines()[line - 1]
    assert "'hf_url' must be an https:// address" in messages[1]


def test_the_arxiv_id_makes_two_listings_of_one_paper_one(tmp_path, run_cli):
    """A short title with no abstract never merges on its title alone; the shared id does."""
    listing = ("Segment Anything\n\nWe introduce the Segment Anything project: a new task, "
               "model, and dataset for image segmentation, with over one billion masks on "
               "eleven million licensed and privacy respecting images.\n")
    project = write_project(tmp_path / "project", listing)
    (project / "content" / "sources" / "export.csv").write_text(
        "title,year\nSegment Anything,2023\n", encoding="utf-8")
    assert run_cli(cwd=project).stdout.strip().splitlines()[-1].startswith(
        "2 records read, 2 papers")
    keys = record_keys("Segment Anything", listing.split("\n\n")[1])
    write_metadata(project, {**GNN_ENTRY, "title": "Segment Anything", "keys": list(keys),
                             "arxiv": "2304.02643", "published": "2023-04-05"})
    result = run_cli(cwd=project)
    assert result.stdout.strip().splitlines()[-1].startswith("2 records read, 1 papers"), \
        result.output
    exported = json.loads((project / "site" / "papers.json").read_text(encoding="utf-8"))
    assert [p["arxiv"] for p in exported] == ["2304.02643"]


def test_a_plain_build_makes_no_network_connection(tmp_path, run_cli, monkeypatch):
    """Not even to loopback: every way Python opens a connection or looks a name up is
    watched while a build with looked-up metadata runs."""
    listing = f"Scaling Graph Neural Networks\n{ABSTRACT_GNN}\n  • 2 authors\n·\nMar 11 9\n"
    project = write_project(tmp_path / "project", listing)
    write_metadata(project, GNN_ENTRY)
    attempts = []

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append((name, args[1:] if name.startswith("socket.") else args))
            raise ConnectionRefusedError(f"a build may not use the network ({name})")
        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    result = run_cli("--report", str(project / "report.html"), cwd=project)
    assert result.exit_code == 0, result.output
    assert attempts == []
    page = (project / "site" / "papers" / "scaling-graph-neural-networks" / "index.html"
            ).read_text(encoding="utf-8")
    assert "Ada Lovelace, Alan Turing" in page
    assert '<a href="https://arxiv.org/abs/2403.06101" rel="noopener">arXiv</a>' in page
    assert "Mar 11, 2024" in page  # the listing's "Mar 11" took the year of the listed date
    assert '"datePublished": "2024-03-11"' in page


def test_the_build_fails_cleanly_on_a_broken_metadata_file(project, run_cli):
    (project / "content" / "metadata.json").write_text("{not json", encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "content/metadata.json:1: not valid JSON" in result.output
    assert "Traceback" not in result.output


def test_control_characters_escaped_in_the_json_are_removed_and_reported(tmp_path):
    path = tmp_path / "metadata.json"
    hostile = {**GNN_ENTRY, "authors": ["Ada\u0000 Lovelace", "Alan\u0007Turing"],
               "title": "Scaling Graph\ufffe Neural Networks"}
    path.write_text(json.dumps({"format": 1, "papers": [hostile]}, indent=2), encoding="utf-8")
    assert "\\u0000" in path.read_text(encoding="utf-8")  # as a JSON writer escapes it
    problems = Problems()
    [entry] = load_metadata(path, problems).entries
    assert entry.authors == ("Ada Lovelace", "AlanTuring")
    assert entry.title == "Scaling Graph Neural Networks"
    [message] = [str(p) for p in problems]
    assert message.startswith("metadata.json:") and "control or non-characters removed" in message
