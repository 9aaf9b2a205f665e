"""The search index as the build writes it (generator/publish.py): beside the pages for lists up
to BESIDE_PAPERS papers, after them for larger ones; either way the same index, its cost counted
as search, and a failure on either side leaves the previous site and no process behind."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from generator import publish
from generator.build import BuildOptions, build
from generator.config import load_config
from generator.errors import BuildError


def run(project: Path):
    return build(load_config(project / "site.toml"), BuildOptions())


def indexed_text(site: Path) -> str:
    """Every fragment of the search index, as text."""
    return "\n".join(gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
                     for p in sorted((site / "pagefind").rglob("*.pf_fragment")))


def pagefind_processes() -> list[int]:
    """The Pagefind processes this test process started that are still running."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"pagefind" in command and int(stat.rsplit(")", 1)[1].split()[1]) == os.getpid():
            found.append(int(pid))
    return found


@pytest.mark.parametrize("beside", [True, False])
def test_the_index_is_the_same_written_beside_or_after_the_pages(project, monkeypatch, beside):
    monkeypatch.setattr(publish, "BESIDE_PAPERS", 10_000 if beside else 0)
    result = run(project)
    text = indexed_text(project / "site")
    assert "Scaling Graph Neural Networks" in text and "depth-aware attention" in text
    assert (project / "site" / "pagefind" / "pagefind-ui.js").stat().st_size > 0
    assert result.cpu["search"] > 0  # Pagefind's own work, counted as search wherever it ran
    assert result.timings["write"] > 0


@pytest.mark.parametrize("beside", [True, False])
def test_a_page_that_fails_while_pagefind_runs_leaves_the_previous_site(project, monkeypatch,
                                                                        beside):
    monkeypatch.setattr(publish, "BESIDE_PAPERS", 10_000 if beside else 0)
    run(project)
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    paper = project / "templates" / "paper.html"
    paper.write_text(paper.read_text(encoding="utf-8").replace(
        "{% block content %}", "{% block content %}{{ 1 // 0 }}", 1), encoding="utf-8")
    with pytest.raises(BuildError, match="ZeroDivisionError"):
        run(project)
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before
    assert not list(project.glob(".site-new-*"))  # the staging folder went with the build
    assert pagefind_processes() == []  # and so did the indexer
