"""Finding and reading source files, with their provenance and a fallback for bad encodings.

All source text is untrusted, so it is cleaned here, where it enters, for every reader: a binary
file is reported and skipped, UTF-16 and UTF-32 with a byte-order mark are decoded, control
and non-characters are removed, and each record's URL must pass the site's link policy.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from ..errors import BuildError, Problems
from ..models import Record
from ..text import remove_unwanted_characters, warn_removed
from .bibtex import read_bibtex
from .csl import read_csl
from .listing import read_listing
from .ris import read_ris
from .screening import screened
from .tabular import read_csv

Reader = Callable[[str, str, Problems], list[Record]]
READERS: dict[str, Reader] = {".txt": read_listing, ".csv": read_csv, ".bib": read_bibtex,
                               ".ris": read_ris, ".json": read_csl}
IGNORED = {"README.md", "README.txt", ".gitkeep"}


def read_sources(folders: list[Path], problems: Problems,
                 encodings: dict[str, str] | None = None) -> list[Record]:
    """Every record in every supported file below `folders` (or a file given itself), in a
    stable order.

    `encodings` names the encoding of files that are not UTF-8, by path relative to their folder.
    """
    encodings = encodings or {}
    records: list[Record] = []
    for folder in folders:
        if folder.is_file():  # a [[sources]] entry naming one file: provenance is its name
            paths, folder = [folder], folder.parent
        elif folder.is_dir():
            paths = sorted(p for p in folder.rglob("*") if p.is_file())
        else:
            raise BuildError("sources folder not found; create it or fix [[sources]] / [build] "
                             "sources in site.toml (or --sources)", str(folder))
        for path in paths:
            relative = path.relative_to(folder).as_posix()
            if path.name in IGNORED or any(part.startswith(".") for part in path.parts[-1:]):
                continue
            reader = READERS.get(path.suffix.lower())
            if reader is None:
                problems.warn(relative, None, f"not a known source type ({', '.join(READERS)}); "
                              "file skipped")
                continue
            text = decode(path, relative, problems, encodings.get(relative))
            if text is not None:
                records.extend(screened(r, problems) for r in reader(text, relative, problems))
    return records


BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"))
SIGNATURES = {b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
              b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx, .xlsx)",
              b"\x1f\x8b": "a gzip archive", b"\x7fELF": "a program"}
LATIN_1 = {"iso8859-1", "latin-1", "ascii"}  # codec names that WHATWG reads as Windows-1252
WHITESPACE_BYTES = frozenset(b"\t\n\r\x0b\x0c")
SAMPLE = 8192  # bytes looked at to tell a binary file from text


def decode(path: Path, name: str, problems: Problems, encoding: str | None = None) -> str | None:
    """The file's text, cleaned of control and non-characters (with a warning naming the lines);
    None, with a warning, for a binary file."""
    data = path.read_bytes()
    kind = binary_kind(data) if encoding is None else None
    if kind is not None:
        problems.warn(name, None, f"this is {kind}, not text; file skipped (remove it from the "
                      "sources folder, or if it is text in UTF-16 without a byte-order mark, "
                      "set its encoding in [build] encodings)")
        return None
    text, removed = remove_unwanted_characters(_decode(data, name, problems, encoding))
    warn_removed(problems, name, removed)
    return text


def binary_kind(data: bytes) -> str | None:
    """What a binary file is ("a PNG image"), or None for text. In the first 8 KiB, NUL bytes
    in more than 1% of them (two at least), or NUL bytes among more than 5% other control
    bytes, mean binary; a stray NUL in a text file, however short, is cleaned instead."""
    if any(data.startswith(bom) for bom, _ in BOMS):
        return None
    for signature, kind in SIGNATURES.items():
        if data.startswith(signature):
            return kind
    sample = data[:SAMPLE]
    nuls = sample.count(0)
    controls = sum(1 for byte in sample if 0 < byte < 32 and byte not in WHITESPACE_BYTES)
    if nuls > max(1, len(sample) // 100) or nuls and controls > len(sample) // 20:
        return "a binary file (it holds NUL bytes)"
    return None


def _decode(data: bytes, name: str, problems: Problems, encoding: str | None) -> str:
    """The configured encoding, else the one a byte-order mark names, else UTF-8, else
    Windows-1252 with a warning naming the file. Line endings are left to the readers."""
    if encoding:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise BuildError(f"unknown encoding {encoding!r} set for this file in [build] "
                             "encodings", name) from None
        # as browsers do (WHATWG Encoding Standard): text labelled Latin-1 is Windows-1252,
        # whose curly quotes and dashes would otherwise become invisible control characters
        codec = "cp1252" if codec in LATIN_1 else codec
        return data.decode(codec, errors="replace").lstrip("\ufeff")
    for bom, codec in BOMS:
        if data.startswith(bom) and codec != "utf-8-sig":
            try:
                return data.decode(codec)
            except UnicodeDecodeError as error:
                problems.warn(name, None, f"not valid {codec.upper()} at byte {error.start}; "
                              "the bad bytes were replaced. Save the file as UTF-8")
                return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.warn(name, line, "not valid UTF-8; read as Windows-1252. Save the file as "
                      "UTF-8 to silence this warning")
        return data.decode("cp1252", errors="replace")
