"""The search index: Pagefind (https://pagefind.app) run over the written site.

Pagefind's binary comes from the `pagefind[extended]` Python package, so nothing is downloaded
at build time. Only paper pages are indexed (their article carries `data-pagefind-body`); the
index and Pagefind's UI land in `pagefind/` inside the site.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from ..errors import BuildError

BUNDLE = "pagefind"  # the folder Pagefind writes inside the site
TIMEOUT = 300  # seconds


def index_site(folder: Path) -> None:
    """Run the Pagefind indexer over the site in `folder`; raise BuildError if it fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("search index: Pagefind is not installed; run "
                         "pip install 'pagefind[extended]' (or pip install -e .)")
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--silent"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError(f"search index: could not run Pagefind: {error}") from None
    if done.returncode != 0:
        raise BuildError(f"search index: Pagefind failed (exit code {done.returncode}): "
                         f"{failure_cause(done.stderr + done.stdout)}; the previous site was "
                         f"left as it was. If the cause names no input of yours, report it "
                         "with this message")
    if not (folder / BUNDLE / "pagefind-ui.js").is_file():
        raise BuildError(f"search index: Pagefind wrote no {BUNDLE}/pagefind-ui.js")


def failure_cause(output: str) -> str:
    """The line of Pagefind's output that says what went wrong: after a Rust panic, the line
    that follows "panicked at"; otherwise its last line that is not a note or a backtrace."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if "panicked at" in line:
            place = line.split("panicked at", 1)[1].strip().rstrip(":")
            cause = lines[number + 1] if number + 1 < len(lines) else "a crash"
            return f"{cause} (at {place})"
    useful = [line for line in lines if not line.startswith(("note:", "stack backtrace"))]
    return useful[-1] if useful else "no output"
