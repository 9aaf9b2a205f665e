"""The lookup over the shipped list, against the tests' stand-in for both services (127.0.0.1).

No real service is asked: this machine has no network. The stand-in plants, for each paper the
lookup asks about, its own entry with an invented arXiv id in one index (Hugging Face for two
papers in three, arXiv for the third, neither for one in ten), and a look-alike in the first
place of Hugging Face's answer: the same title with another paper's abstract, or a longer title
with half the abstract rewritten. It prints how many papers were found with their planted id,
how many look-alikes were accepted (should be none), and, when biber is installed, biber's
"one of date, year must be defined" warnings in the built papers.bib before and after.

    python benchmarks/lookup_standin.py [--project .]

Works on a copy of the project in a temporary folder; the project itself is not touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from standin import Paper, StandIn  # noqa: E402

from generator.build import BuildOptions, build  # noqa: E402
from generator.config import load_config  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.lookup.arxiv_api import ArxivIndex  # noqa: E402
from generator.lookup.huggingface import HuggingFaceIndex  # noqa: E402
from generator.lookup.polite import Polite  # noqa: E402
from generator.lookup.run import Services, lookup, papers_of  # noqa: E402
from generator.sources.metadata import read_metadata  # noqa: E402
from generator.text import fold  # noqa: E402

YEAR_WARNING = "one of 'date, year' must be defined"


def plant(papers: list) -> tuple[StandIn, dict[str, str]]:
    """The stand-in's indexes, and the planted id of each paper (by title) that has one."""
    hf: dict[str, list[Paper]] = {}
    arxiv: dict[str, list[Paper]] = {}
    planted = {}
    for n, paper in enumerate(papers):
        other = papers[(n + 7) % len(papers)].abstract.split() or ["other"]
        words = paper.abstract.split()
        listed, published = _dates(paper)
        if n % 2:  # the very title, another paper's abstract
            lookalike = Paper(f"2412.{n:05d}", paper.title, " ".join(other), ("Someone Else",),
                              published)
        else:  # a longer title, the second half of the abstract another paper's words
            half = len(words) // 2
            filler = (other * (len(words) // len(other) + 2))[: len(words) - half]
            lookalike = Paper(f"2412.{n:05d}", paper.title + " for Video",
                              " ".join(words[:half] + filler), ("Someone Else",), published)
        real = Paper(f"2501.{n:05d}", paper.title, paper.abstract,
                     (f"Author {n}", f"Coauthor {n}"), published, listed)
        hf[paper.title] = [lookalike]
        if n % 10 == 7:
            continue  # known to neither index
        planted[paper.title] = real.arxiv
        if n % 3:
            hf[paper.title].append(real)
        else:
            arxiv[fold(paper.title)] = [real]
    return StandIn(hf=hf, arxiv=arxiv), planted


def _dates(paper) -> tuple[str, str]:
    """The day Hugging Face listed the paper (the listing's date, in its year or the earliest
    year the listing allows), and a first arXiv version three days before."""
    date = paper.date
    year = (date.year or date.earliest_year or 2024) if date else 2024
    try:
        listed = dt.date(year, date.month or 6, date.day or 15) if date and date.month else \
            dt.date(year, 6, 15)
    except ValueError:  # 29 February in the earliest year allowed, not a leap year
        listed = dt.date(year, 2, 28)
    return listed.isoformat(), (listed - dt.timedelta(days=3)).isoformat()


def year_warnings(bib: Path) -> set[str] | None:
    """The keys of the entries biber finds without a year or date (None: no biber)."""
    if shutil.which("biber") is None:
        return None
    done = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file",
                           str(bib.with_suffix(".out.bib")), str(bib)],
                          capture_output=True, text=True, cwd=bib.parent, timeout=600)
    return {line.split("Entry '", 1)[1].split("'", 1)[0]
            for line in (done.stdout + done.stderr).splitlines() if YEAR_WARNING in line}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(args.project, project, ignore=shutil.ignore_patterns(
            ".git", ".venv", "node_modules", "site", "metadata.json"))
        config = load_config(project / "site.toml")
        build(config, BuildOptions())
        before = year_warnings(shutil.copy(project / "site" / "papers.bib",
                                           Path(folder) / "before.bib"))
        every = papers_of(config, Problems()).papers
        papers = [p for p in every if not p.arxiv and not p.doi]
        service, planted = plant(papers)
        quick = Polite(interval=0, retries=1, backoff=0.01)
        services = Services(HuggingFaceIndex(service.url, timeout=5),
                            ArxivIndex(service.url + "/api/query", timeout=5), quick, quick)
        started = time.perf_counter()
        tally = lookup(config, papers_of(config, Problems()),
                       read_metadata(config, Problems()), services)
        seconds = time.perf_counter() - started
        service.close()
        entries = read_metadata(config, Problems()).entries
        found = {e.title: e.arxiv for e in entries if e.status == "found"}
        right = sum(found.get(title) == arxiv for title, arxiv in planted.items())
        lookalikes = sum(arxiv.startswith("2412.") for arxiv in found.values())
        result = build(config, BuildOptions())
        looked_up = {p.slug for p in result.papers if p.arxiv}
        after = year_warnings(shutil.copy(project / "site" / "papers.bib",
                                          Path(folder) / "after.bib"))
    print(f"papers asked about: {tally.total} of {len(every)}")
    print(f"planted in an index: {len(planted)}; found with the planted id: {right}; "
          f"found at all: {len(found)}")
    print(f"look-alikes accepted: {lookalikes}; papers left not found: "
          f"{tally.total - len(found)} (of which close calls: {tally.close})")
    print(f"requests: {len(service.requests)} in {seconds:.1f} s against the stand-in "
          "(the real pace, 1/s and 1 per 3 s, would take longer)")
    if before is None:
        print("biber not installed: papers.bib not validated")
    else:
        print(f"biber year warnings in papers.bib: {len(before)} before, {len(after)} after; "
              f"{len(after & looked_up)} of them for the {len(looked_up)} papers found")


if __name__ == "__main__":
    main()
