"""`build-site lookup` against a stand-in for both services on 127.0.0.1 (tests/standin.py).

The real clients run (huggingface_hub pointed at the stand-in by HF_ENDPOINT, our arXiv client
by ARXIV_API_URL); only the pace is quickened, so the tests do not wait out the rate limits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import write_project
from standin import Paper, StandIn

from generator.config import load_config
from generator.errors import Problems
from generator.lookup import command, run
from generator.lookup.arxiv_api import ArxivIndex
from generator.lookup.huggingface import HuggingFaceIndex
from generator.lookup.polite import Polite, Refused, Transient, Unreachable
from generator.lookup.run import Services, lookup, papers_of
from generator.sources.metadata import read_metadata

GNN = ("We study graph neural networks on large graphs and show that message passing with a "
       "careful normalisation scales to billions of edges while keeping accuracy.")
GAN = ("A generative adversarial network that produces talking heads from a single photo, with "
       "a depth-aware attention module that keeps the geometry of the face stable over time.")
MOE = ("Sparse mixtures of experts route each token of a long document to two of sixty-four "
       "experts, which halves the cost of training at the same perplexity on book-length text.")
ROUTE = ("We learn which attention heads to compute for each input, skipping up to half of them "
         "at inference time with a small loss in accuracy on translation and summarisation.")

LISTING = f"""\
Daily Papers
byAK and the research community
Mar 12

Scaling Graph Neural Networks
{GNN}
  • 3 authors
·
Mar 11 9

Talking Heads with a Depth-Aware GAN*
{GAN}
  • 4 authors
·
Mar 11 4

Sparse Mixtures of Experts for Long Documents
{MOE}
  • 5 authors
·
Mar 8 2

Learning to Route Attention Heads
{ROUTE}
  • 2 authors
·
Mar 7
"""

REAL_GNN = Paper("2403.06101", "Scaling Graph Neural Networks", GNN,
                 ("Ada Lovelace", "Alan Turing", "Grace Hopper"), "2024-03-08", "2024-03-11")
LOOKALIKE_GNN = Paper(  # nearly the title, another paper
    "2401.00007", "Scaling Graph Neural Networks to Billions of Nodes",
    "We present a distributed system for training graph neural networks over billions of nodes "
    "on commodity clusters, partitioning the graph to keep communication low.",
    ("Edsger Dijkstra",), "2024-01-02")
SAME_TITLE_GAN = Paper(  # the very title, a different paper (a journal extension, say)
    "2311.09999", "Talking Heads with a Depth-Aware GAN",
    "We extend our earlier conference paper with a study of lighting: a relighting network "
    "estimates the scene's illumination and renders the talking head under new lights.",
    ("Someone Else",), "2023-11-20")
REAL_GAN = Paper("2403.02222", "Talking Heads with a Depth-Aware GAN", GAN,
                 ("Marie Curie", "Pierre Curie", "Lise Meitner", "Emmy Noether"), "2024-03-04")
CLOSE_MOE = Paper(  # alike title and topic, not the listed abstract: a close call
    "2402.05555", "Sparse Mixtures of Experts for Long Document Retrieval",
    "Sparse mixtures of experts route each query of a long document collection to two of many "
    "retrieval experts, which halves the cost of the index at the same recall on long legal "
    "text.",
    ("Ada Yonath",), "2024-02-10")


def standin(**faults: list[str]) -> StandIn:
    return StandIn(
        hf={"Scaling Graph Neural Networks": [LOOKALIKE_GNN, REAL_GNN],
            "Talking Heads with a Depth-Aware GAN": [SAME_TITLE_GAN],
            "Sparse Mixtures of Experts for Long Documents": [CLOSE_MOE]},
        arxiv={"talking heads with a depth aware gan": [SAME_TITLE_GAN, REAL_GAN]},
        faults={path: list(f) for path, f in faults.items()},
    )


def quick(service: StandIn | None = None, timeout: float = 0.5) -> Services:
    """The real clients at the stand-in (or at the environment's hosts), quickly paced."""
    return Services(
        HuggingFaceIndex(service.url if service else None, timeout=timeout),
        ArxivIndex(service.url + "/api/query" if service else None, timeout=timeout),
        Polite(interval=0, retries=3, backoff=0.01), Polite(interval=0, retries=3, backoff=0.01))


@pytest.fixture
def server():
    service = standin()
    yield service
    service.close()


@pytest.fixture
def listed(tmp_path: Path) -> Path:
    return write_project(tmp_path / "project", LISTING)


def run_lookup(project: Path, services: Services, **options):
    config = load_config(project / "site.toml")
    problems = Problems()
    return lookup(config, papers_of(config, problems), read_metadata(config, problems),
                  services, **options)


def entries(project: Path) -> dict[str, dict]:
    data = json.loads((project / "content" / "metadata.json").read_text(encoding="utf-8"))
    return {e["title"]: e for e in data["papers"]}


# The clients, one request at a time


def test_huggingface_client_reads_search_and_paper_info(server):
    index = HuggingFaceIndex(server.url, timeout=2)
    found = index.search("Scaling Graph Neural Networks")
    assert [c.arxiv for c in found] == ["2401.00007", "2403.06101"]
    real = found[1]
    assert real.authors == ("Ada Lovelace", "Alan Turing", "Grace Hopper")
    assert (real.published.isoformat(), real.listed.isoformat()) == ("2024-03-08", "2024-03-11")
    info = index.paper("2403.06101")
    assert info.title == "Scaling Graph Neural Networks" and info.listed == real.listed
    assert index.paper("2499.99999") is None  # 404: the index has no page for it
    assert index.search("A title nobody wrote") == []
    path, query = server.requests[0]
    assert path == "/api/papers/search"
    assert query == {"q": ["Scaling Graph Neural Networks"]}  # all it sends


def test_no_token_is_sent_even_when_one_is_set(server, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_owner_secret")
    index = HuggingFaceIndex(server.url, timeout=2)
    index.search("Scaling Graph Neural Networks")
    index.paper("2403.06101")
    ArxivIndex(server.url + "/api/query").search("Scaling Graph Neural Networks")
    assert len(server.headers) == 3
    for headers in server.headers:
        assert "authorization" not in headers and "cookie" not in headers
        assert "hf_owner_secret" not in json.dumps(headers)


@pytest.mark.parametrize(("fault", "message"), [
    ("429", "HTTP 429"), ("500", "HTTP 500"), ("timeout", "no answer"),
    ("bad json", "malformed answer"),
])
def test_huggingface_client_faults_are_transient(fault, message):
    service = standin(**{"/api/papers/search": [fault]})
    try:
        with pytest.raises(Transient, match=message):
            HuggingFaceIndex(service.url, timeout=0.5).search("Scaling Graph Neural Networks")
    finally:
        service.close()


def test_arxiv_client_reads_the_atom_feed(server):
    found = ArxivIndex(server.url + "/api/query", timeout=2).search(
        "Talking Heads with a Depth-Aware GAN")
    assert [c.arxiv for c in found] == ["2311.09999", "2403.02222"]  # the version is dropped
    assert found[1].authors == REAL_GAN.authors
    assert found[1].abstract == GAN  # arXiv's line wrapping undone
    assert server.requests[0][1]["search_query"] == ['ti:"talking heads with a depth aware gan"']
    assert ArxivIndex(server.url + "/api/query").search("Nothing Like It") == []


@pytest.mark.parametrize(("fault", "error", "message"), [
    ("429", Transient, "HTTP 429"), ("500", Transient, "HTTP 500"),
    ("timeout", Transient, "no answer"), ("bad atom", Transient, "malformed Atom"),
    ("html", Transient, "not an arXiv search result"),
])
def test_arxiv_client_faults(fault, error, message):
    service = standin(**{"/api/query": [fault]})
    try:
        with pytest.raises(error, match=message):
            ArxivIndex(service.url + "/api/query", timeout=0.5).search("Anything")
    finally:
        service.close()


def test_nobody_listening_is_unreachable(server):
    url = server.url
    server.close()
    with pytest.raises(Unreachable, match="cannot connect"):
        HuggingFaceIndex(url).search("x")
    with pytest.raises(Unreachable, match="cannot connect"):
        ArxivIndex(url + "/api/query").search("x")


def test_polite_keeps_its_interval_and_backs_off():
    waits, now = [], [0.0]
    pace = Polite(interval=3.0, retries=2, backoff=1.0, sleep=waits.append,
                  clock=lambda: now[0])
    attempts = iter([Transient("arxiv", "HTTP 500"), Transient("arxiv", "HTTP 429", 5.0), "ok"])

    def request():
        outcome = next(attempts)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert pace.call(request) == "ok"
    # back-off 1 s; then the server's Retry-After 5 s beats the back-off 2 s; before each retry
    # the clock has not moved, so the interval's 3 s is waited as well
    assert waits == [1.0, 3.0, 5.0, 3.0]
    with pytest.raises(Refused):
        pace.call(lambda: (_ for _ in ()).throw(Refused("arxiv", "HTTP 400", 400)))


# The lookup over a project


def test_lookup_fills_entries_and_rejects_lookalikes(listed, server):
    tally = run_lookup(listed, quick(server))
    assert (tally.total, tally.found, tally.close, tally.failed) == (4, 2, 1, 0)
    found = entries(listed)
    gnn = found["Scaling Graph Neural Networks"]
    assert gnn["status"] == "found" and gnn["arxiv"] == "2403.06101"  # not the look-alike
    assert gnn["authors"] == list(REAL_GNN.authors)
    assert (gnn["published"], gnn["listed"]) == ("2024-03-08", "2024-03-11")
    assert gnn["hf_url"] == "https://huggingface.co/papers/2403.06101"
    assert gnn["sources"]["authors"] == "huggingface"
    assert gnn["evidence"]["reason"].startswith("weight ")
    assert gnn["evidence"]["weight"] >= 14  # the build's match_weight
    gan = found["Talking Heads with a Depth-Aware GAN"]
    assert gan["arxiv"] == "2403.02222"  # Hugging Face's same-titled paper was rejected
    assert gan["sources"]["arxiv"] == "arxiv" and "hf_url" not in gan
    moe = found["Sparse Mixtures of Experts for Long Documents"]
    assert moe["status"] == "not found" and "arxiv" not in moe
    assert [c["arxiv"] for c in moe["candidates"]] == ["2402.05555"]
    route = found["Learning to Route Attention Heads"]
    assert route["status"] == "not found" and "candidates" not in route
    assert all(e["looked_up"] for e in found.values())


def test_retries_through_429_500_timeout_and_malformed_answers(listed):
    service = standin(**{"/api/papers/search": ["429", "500", "timeout"],
                         "/api/papers/2": ["bad json"], "/api/query": ["bad atom", "html"]})
    try:
        tally = run_lookup(listed, quick(service))
    finally:
        service.close()
    assert (tally.found, tally.failed) == (2, 0)
    assert not any(service.faults.values())  # every fault was met, and got past
    assert entries(listed)["Scaling Graph Neural Networks"]["arxiv"] == "2403.06101"


def test_a_failing_service_records_nothing_and_is_asked_again(listed):
    # arXiv fails the first paper it is asked about (papers go by title: "Learning ..." first)
    service = standin(**{"/api/query": ["500"] * 4})
    try:
        first = run_lookup(listed, quick(service))
        assert first.failed == 1
        assert "Learning to Route Attention Heads" not in entries(listed)
        second = run_lookup(listed, quick(service))
    finally:
        service.close()
    assert (second.total, second.kept) == (1, 3)
    assert entries(listed)["Learning to Route Attention Heads"]["status"] == "not found"


def test_interrupted_lookup_keeps_what_it_found_and_resumes(listed, server):
    def stop_after_first(tally):
        if tally.done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_lookup(listed, quick(server), progress=stop_after_first)
    assert list(entries(listed)) == ["Learning to Route Attention Heads"]  # looked up first
    asked = len(server.requests)
    tally = run_lookup(listed, quick(server))
    assert (tally.total, tally.kept) == (3, 1)
    assert len(entries(listed)) == 4
    titles = [q["q"][0] for path, q in server.requests[asked:] if path.endswith("/search")]
    assert "Learning to Route Attention Heads" not in titles


def test_limit_refresh_pinned_and_no_match(listed, server):
    assert run_lookup(listed, quick(server), limit=1).total == 1
    run_lookup(listed, quick(server))
    path = listed / "content" / "metadata.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for entry in data["papers"]:
        if entry["title"] == "Scaling Graph Neural Networks":
            entry.update(authors=["A. Lovelace"], pinned=True)  # the owner's correction
        if entry["title"] == "Learning to Route Attention Heads":
            entry["status"] = "no match"
    path.write_text(json.dumps(data), encoding="utf-8")
    tally = run_lookup(listed, quick(server), refresh=True)
    assert (tally.total, tally.kept) == (2, 2)
    after = entries(listed)
    assert after["Scaling Graph Neural Networks"]["authors"] == ["A. Lovelace"]
    assert after["Learning to Route Attention Heads"]["status"] == "no match"


# The command line


@pytest.fixture
def cli_services(monkeypatch, server):
    """The command's own services, at the hosts HF_ENDPOINT and ARXIV_API_URL name."""
    monkeypatch.setenv("HF_ENDPOINT", server.url)
    monkeypatch.setenv("ARXIV_API_URL", server.url + "/api/query")
    monkeypatch.setattr(command, "make_services", lambda: quick())
    return server


def test_cli_lookup_then_build_shows_authors_years_and_links(listed, cli_services, run_cli):
    result = run_cli("lookup", cwd=listed)
    assert result.exit_code == 0, result.output
    assert "4 of 4 papers done, 0 left; 2 found, 1 close calls, 0 failed" in result.output
    assert len(cli_services.requests) > 4
    result = run_cli("--report", "report.html", cwd=listed)
    assert result.exit_code == 0, result.output
    page = (listed / "site" / "papers" / "scaling-graph-neural-networks" / "index.html"
            ).read_text(encoding="utf-8")
    assert "Ada Lovelace, Alan Turing, Grace Hopper" in page
    assert '<time datetime="2024-03-11">Mar 11, 2024</time>' in page
    assert 'data-pagefind-filter="year:2024">2024<' in page
    assert 'href="https://arxiv.org/abs/2403.06101"' in page
    assert 'href="https://arxiv.org/pdf/2403.06101"' in page
    assert 'href="https://huggingface.co/papers/2403.06101"' in page
    index = (listed / "site" / "index.html").read_text(encoding="utf-8")
    assert '<p class="paper-card__meta"><span>Marie Curie, ' in index  # three names, et al.
    assert re.search(r'<span>Marie Curie, [^<]+ et al\.</span>', index)
    bib = (listed / "site" / "papers.bib").read_text(encoding="utf-8")
    assert "eprint = {2403.06101}" in bib and "year = {2024}" in bib
    report = (listed / "report.html").read_text(encoding="utf-8")
    accept = next(line for line in report.splitlines() if "build-site lookup --accept" in line)
    line = accept.split("<pre>")[1].split("</pre>")[0]
    assert line.endswith("=2402.05555")
    assert run_cli(*line.split()[1:], cwd=listed).exit_code == 0  # pasted as the report says
    moe = entries(listed)["Sparse Mixtures of Experts for Long Documents"]
    assert (moe["status"], moe["arxiv"], moe["pinned"]) == ("found", "2402.05555", True)


@pytest.mark.skipif(shutil.which("biber") is None, reason="biber is not installed")
def test_biber_finds_no_missing_year_in_looked_up_papers(listed, cli_services, run_cli,
                                                         tmp_path):
    assert run_cli("lookup", cwd=listed).exit_code == 0
    assert run_cli(cwd=listed).exit_code == 0
    bib = tmp_path / "papers.bib"
    shutil.copy(listed / "site" / "papers.bib", bib)
    checked = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file",
                              str(tmp_path / "out.bib"), str(bib)],
                             capture_output=True, text=True, cwd=tmp_path, timeout=120)
    log = checked.stdout + checked.stderr
    found = ["scaling-graph-neural-networks", "talking-heads-with-a-depth-aware-gan"]
    for key in found:
        assert not any(key in line and "year" in line for line in log.splitlines()), log
    # the papers not found still lack a year: the check can see the warning
    assert "learning-to-route-attention-heads" in log


def test_cli_offline_exits_3_with_a_message_and_keeps_the_file(listed, monkeypatch, run_cli,
                                                               server):
    run_lookup(listed, quick(server), limit=1)
    before = (listed / "content" / "metadata.json").read_bytes()
    url = server.url
    server.close()
    monkeypatch.setenv("HF_ENDPOINT", url)
    monkeypatch.setenv("ARXIV_API_URL", url + "/api/query")
    monkeypatch.setattr(command, "make_services", lambda: quick())
    result = run_cli("lookup", cwd=listed)
    assert result.exit_code == 3
    assert "cannot connect to" in result.output and "Is this machine offline?" in result.output
    assert "Traceback" not in result.output
    assert (listed / "content" / "metadata.json").read_bytes() == before


def test_cli_gives_up_when_a_service_keeps_failing(listed, monkeypatch, run_cli):
    service = standin(**{"/api/papers/search": ["500"] * 40})
    monkeypatch.setenv("HF_ENDPOINT", service.url)
    monkeypatch.setenv("ARXIV_API_URL", service.url + "/api/query")
    monkeypatch.setattr(command, "make_services", lambda: quick())
    try:
        result = run_cli("lookup", "--limit", "1", cwd=listed)  # one paper fails: asked later
        assert result.exit_code == 3, result.output
        assert "1 paper(s) could not be looked up" in result.output
        monkeypatch.setattr(run, "GIVE_UP_AFTER", 2)
        result = run_cli("lookup", cwd=listed)
    finally:
        service.close()
    assert result.exit_code == 3, result.output
    assert "the services failed for 2 papers in a row; stopped asking" in result.output
    assert not (listed / "content" / "metadata.json").exists()  # nothing was found


def test_cli_ctrl_c_exits_130_and_says_what_was_kept(listed, cli_services, monkeypatch,
                                                     run_cli):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "lookup", interrupted)
    result = run_cli("lookup", cwd=listed)
    assert result.exit_code == 130
    assert "interrupted; what was found so far is saved in content/metadata.json" in \
        result.output


def test_cli_accept_names_a_missing_entry(listed, run_cli):
    result = run_cli("lookup", "--accept", "p-000000000000=2402.05555", cwd=listed)
    assert result.exit_code == 2
    assert "has no entry 'p-000000000000'" in result.output


def test_every_lookup_option_has_help_text():
    from generator.cli import lookup_command

    for param in lookup_command.params:
        assert param.help, f"option {param.opts} has no help text"


def test_progress_rewrites_one_line_on_a_terminal():
    import io

    from generator.lookup.progress import ProgressLine
    from generator.lookup.run import Tally

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    line = ProgressLine(screen)
    line(Tally(total=3, done=1, found=1))
    line(Tally(total=3, done=3, found=2, close=1))
    line.finish()
    assert screen.getvalue().startswith("\rlookup: 1 of 3 papers done, 2 left; 1 found")
    assert "\rlookup: 3 of 3 papers done, 0 left; 2 found, 1 close calls, 0 failed" in \
        screen.getvalue() and screen.getvalue().endswith("\n")
    log = io.StringIO()  # not a terminal: only the last line of a short run
    ProgressLine(log)(Tally(total=3, done=3, found=2))
    assert log.getvalue() == "lookup: 3 of 3 papers done, 0 left; 2 found, 0 close calls, " \
        "0 failed\n"


def test_a_refresh_that_finds_nothing_keeps_what_was_found(listed, server):
    run_lookup(listed, quick(server))
    before = entries(listed)["Scaling Graph Neural Networks"]
    server.hf.clear()  # the index no longer answers for it
    run_lookup(listed, quick(server), refresh=True)
    assert entries(listed)["Scaling Graph Neural Networks"] == before


def test_two_papers_of_one_abstract_opening_get_two_entries():
    from generator.lookup.run import entry_id
    from generator.models import Paper as Listed

    first = Listed("a", "A Paper", GNN, (), ("A Paper",))
    taken = {entry_id(first)}
    second = entry_id(first, taken)
    assert second == entry_id(first) + "-2"
    assert entry_id(first, taken | {second}) == entry_id(first) + "-3"


def test_a_file_with_unreadable_entries_is_not_rewritten(listed, cli_services, run_cli):
    path = listed / "content" / "metadata.json"
    text = json.dumps({"format": 1, "papers": [
        {"id": "p-mine", "title": "Learning to Route Attention Heads", "status": "no match",
         "my_note": "checked by hand"}]}, indent=2)
    path.write_text(text, encoding="utf-8")
    result = run_cli("lookup", cwd=listed)
    assert result.exit_code == 1
    assert "unknown field 'my_note'" in result.output
    assert "fix them first, or the lookup would drop them" in result.output
    assert path.read_text(encoding="utf-8") == text and cli_services.requests == []


def test_help_names_the_lookup_command(run_cli):
    result = run_cli("--help")
    assert result.exit_code == 0 and "lookup" in result.output.split("Commands:")[1]
