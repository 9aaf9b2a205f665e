"""The small fixture project must build to exactly the files in tests/fixtures/small/expected/.

After an intended change to templates, CSS or output, refresh the expected site with:

    UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff (`git diff tests/fixtures/small/expected`) before committing it.

The build runs with SOURCE_DATE_EPOCH pinned before the fixture's files existed. A feed dates a
paper without a full date by its source file's last commit, else the file's modification time,
clamped to SOURCE_DATE_EPOCH: those times differ between a clone, an unpacked `git archive`
(every file at the commit's time) and a copied folder (the copy's time), and the pinned epoch
makes them all one, so the test passes wherever the repository is.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import FIXTURES

from generator.build import BuildOptions, build
from generator.config import load_config

SMALL = FIXTURES / "small"
EXPECTED = SMALL / "expected"


SEARCH_BUNDLE = "pagefind"  # written by Pagefind, not by us, and not byte-reproducible
# 2026-01-01T00:00:00Z, before the repository's first commit: every source time is clamped to it
PINNED_EPOCH = "1767225600"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != SEARCH_BUNDLE}


def test_small_site_matches_golden_output(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", PINNED_EPOCH)
    output = tmp_path / "site"
    result = build(load_config(SMALL / "site.toml"), BuildOptions(output=output))
    assert not result.problems.items
    assert (output / SEARCH_BUNDLE / "pagefind-ui.js").is_file()
    assert (output / SEARCH_BUNDLE / "pagefind-entry.json").is_file()
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.rmtree(EXPECTED, ignore_errors=True)
        shutil.copytree(output, EXPECTED, ignore=lambda folder, names: (
            [SEARCH_BUNDLE] if Path(folder) == output else []))
    actual, expected = _files(output), _files(EXPECTED)
    assert sorted(actual) == sorted(expected)
    for name, content in expected.items():
        assert actual[name] == content, f"{name} differs from the golden copy"


def test_golden_site_escapes_untrusted_titles():
    papers = EXPECTED / "papers"
    hostile = [p for p in papers.iterdir() if "script" in p.name]
    assert [p.name for p in hostile] == ["script-alert-x-script-etc-passwd-friends"]
    html = (hostile[0] / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; ../../etc/passwd &amp; Friends" in html
    assert not (EXPECTED.parent / "etc").exists()
