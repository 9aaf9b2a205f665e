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
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BuildError("search index: Pagefind failed (exit code "
                         f"{done.returncode}): {detail[-1] if detail else 'no output'}")
    if not (folder / BUNDLE / "pagefind-ui.js").is_file():
        raise BuildError(f"search index: Pagefind wrote no {BUNDLE}/pagefind-ui.js")
