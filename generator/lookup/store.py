"""Writing content/metadata.json: whole, sorted, and atomically, after every paper looked up.

A lookup stopped by Ctrl-C, a crash or a lost network leaves the file as it was after the last
paper: the new text goes to a temporary file beside it, which then replaces it in one step.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from ..sources.metadata import FORMAT, Entry, entry_json
from ..text import fold

ABOUT = ("Written by `build-site lookup` (see docs/lookup.md). Edit an entry and set "
         '"pinned": true to keep your edits; set "status": "no match" when no paper fits.')


def save(path: Path, entries: Iterable[Entry]) -> None:
    ordered = sorted(entries, key=lambda e: (fold(e.title), e.id))
    data = {"about": ABOUT, "format": FORMAT, "papers": [entry_json(e) for e in ordered]}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
