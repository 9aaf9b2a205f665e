"""Readable provenance: the owner's labels for source files ("My Zotero library") in place of
file names such as `004_4afc36cd0190f700.txt` on the pages."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path


def source_labels(labels: dict[Path, str], roots: Sequence[Path],
                  files: Iterable[str]) -> dict[str, str]:
    """Each labelled source file, named as its records name it (relative to the folder it was
    read from), with the label of its own [[sources]] entry, else of the nearest folder entry
    above it. Unlabelled files are left out: pages show their file name."""
    found: dict[str, str] = {}
    for file in sorted(set(files)):
        path = _locate(roots, file)
        if path is None:
            continue
        label = next((labels[p] for p in (path, *path.parents) if p in labels), None)
        if label:
            found[file] = label
    return found


def _locate(roots: Sequence[Path], file: str) -> Path | None:
    """The file a record's provenance names: below the first root that holds it, or the root
    itself when the root is that file."""
    for root in roots:
        root = root.resolve()
        if root.is_file():
            if root.name == file:
                return root
        elif (root / file).is_file():
            return root / file
    return None
