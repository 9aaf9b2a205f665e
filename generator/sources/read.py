"""Finding and reading source files, with their provenance and a fallback for bad encodings."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from ..errors import BuildError, Problems
from ..models import Record
from .bibtex import read_bibtex
from .csl import read_csl
from .listing import read_listing
from .ris import read_ris
from .tabular import read_csv

Reader = Callable[[str, str, Problems], list[Record]]
READERS: dict[str, Reader] = {".txt": read_listing, ".csv": read_csv, ".bib": read_bibtex,
                               ".ris": read_ris, ".json": read_csl}
IGNORED = {"README.md", "README.txt", ".gitkeep"}


def read_sources(folders: list[Path], problems: Problems,
                 encodings: dict[str, str] | None = None) -> list[Record]:
    """Every record in every supported file below `folders`, in a stable order.

    `encodings` names the encoding of files that are not UTF-8, by path relative to their folder.
    """
    encodings = encodings or {}
    records: list[Record] = []
    for folder in folders:
        if not folder.is_dir():
            raise BuildError("sources folder not found; create it or fix [build] sources in "
                             "site.toml (or --sources)", str(folder))
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if path.name in IGNORED or any(part.startswith(".") for part in path.parts[-1:]):
                continue
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                problems.warn(relative, None, f"not a known source type ({', '.join(READERS)}); "
                              "file skipped")
                continue
            text = decode(path, relative, problems, encodings.get(relative))
            records.extend(reader(text, relative, problems))
    return records


def decode(path: Path, name: str, problems: Problems, encoding: str | None = None) -> str:
    """The configured encoding, else UTF-8 (with or without BOM), else Windows-1252 with a
    warning naming the file. Line endings (LF, CRLF) are left to the readers."""
    data = path.read_bytes()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise BuildError(f"unknown encoding {encoding!r} set for this file in [build] "
                             "encodings", name) from None
        return data.decode(encoding, errors="replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.warn(name, line, "not valid UTF-8; read as Windows-1252. Save the file as "
                      "UTF-8 to silence this warning")
        return data.decode("cp1252", errors="replace")
