"""The build cache: stage results kept beside the site, so that a rebuild skips what did not change.

The cache is the folder `.<output>-cache` beside the output folder (`.site-cache/` for `site/`).
It is disposable: deleting it only makes the next build a clean one. Every entry is keyed by a
hash of everything its stage read (file contents, settings, the generator's own code) and
stored with a digest of its bytes; an entry whose key does not match is stale, one whose digest
does not match is corrupt, and either is rebuilt, never trusted. The build only writes into a
folder that holds its marker file, and creates that folder only where nothing exists.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

from .locks import held
from .signature import Signature

MARKER = "CACHEDIR.TAG"  # the Cache Directory Tagging convention: backup tools skip the folder
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55\n"
PACKAGE = Path(__file__).resolve().parent


def cache_folder(output: Path) -> Path:
    output = output.resolve()
    return output.parent / f".{output.name}-cache"


class Kept(NamedTuple):
    """An entry as this process last read or stored it."""

    signature: Signature | None  # of the entry's file then
    key: str
    value: Any


class BuildCache:
    """Named entries of pickled stage results, each valid for one key.

    Given `kept` (the live preview's session keeps one for all its builds), the last value read
    or stored of each entry is also kept in memory with the entry file's signature: unpickling
    the papers, the render records and the manifest again would cost the preview half a second
    on every save. A file changed since (another build, a hand) is read again."""

    def __init__(self, folder: Path, kept: dict[Path, Kept] | None = None) -> None:
        self.folder = folder
        self.kept = kept if kept is not None else {}
        self.usable = self._claim()

    def exclusive(self, waiting: Callable[[], None]) -> AbstractContextManager[None]:
        """The cache, and with it the site it belongs to, held by this build for the block: a
        second build of the same site (by hand beside the live preview, say) calls `waiting()`
        and starts when the first is done, rather than writing the same files at once."""
        return held(self.folder, waiting) if self.usable else nullcontext()

    def _claim(self) -> bool:
        """Whether the folder is ours to use: made now, or made (and marked) by an earlier build."""
        marker = self.folder / MARKER
        try:
            if not self.folder.exists():
                self.folder.mkdir(parents=True)
                marker.write_text(SIGNATURE + "# build-site's cache: safe to delete\n",
                                  encoding="utf-8")
            return marker.is_file() and marker.read_text(encoding="utf-8").startswith(SIGNATURE)
        except OSError:
            return False

    def get(self, name: str, key: str) -> Any | None:
        """The value stored under `name` for `key`, or None if absent, stale or corrupt."""
        if not self.usable:
            return None
        file = self.folder / f"{name}.pickle"
        try:
            signature = Signature.read(file)
            kept = self.kept.get(file)
            if kept is not None and signature is not None and kept[:2] == (signature, key):
                return kept.value
            data = memoryview(file.read_bytes())
        except OSError:
            return None
        tail = bytes(data[-TRAILER:])  # the check line follows the body
        end = len(data) - len(tail) + tail.rfind(b"\n")
        body = data[:max(end, 0)]
        if bytes(data[end + 1:]) != f"{key} {hashlib.blake2b(body).hexdigest()}".encode():
            return None
        try:
            value = pickle.loads(body)
        except Exception:  # a damaged entry, whatever unpickling raises: rebuild it
            return None
        self.kept[file] = Kept(signature, key, value)
        return value

    def put(self, name: str, key: str, value: Any) -> None:
        """Store `value` under `name` for `key`, replacing the file at once (never half-written).
        The pickle streams to the file through its digest: at 100k papers an entry is hundreds
        of megabytes, which a pickled copy in memory would add to the build's peak."""
        if not self.usable:
            return
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}-")
            with os.fdopen(handle, "wb") as file:
                hashed = _Digesting(file)
                pickle.dump(value, hashed, protocol=pickle.HIGHEST_PROTOCOL)
                file.write(f"\n{key} {hashed.hasher.hexdigest()}".encode())
            stored = self.folder / f"{name}.pickle"
            os.replace(temporary, stored)
            self.kept[stored] = Kept(Signature.read(stored), key, value)
        except OSError:
            return


TRAILER = 512  # the check line's longest length: a key and a digest, with room to spare


class _Digesting:
    """A file that hashes what is written through it."""

    def __init__(self, file) -> None:
        self.file, self.hasher = file, hashlib.blake2b()

    def write(self, chunk: bytes) -> int:
        self.hasher.update(chunk)
        return self.file.write(chunk)


def digest(*parts: object) -> str:
    """A key from plain values (settings, paths, counts): their reprs hashed in order."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        hasher.update(repr(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def file_digest(file: Path) -> str:
    """A key for one file's bytes ("" when there is no such file)."""
    return hashlib.blake2b(file.read_bytes(), digest_size=20).hexdigest() if file.is_file() \
        else ""


def tree_digest(folders: Iterable[Path], pattern: str = "*") -> str:
    """A key for the contents of every file below `folders` matching `pattern` (names and
    bytes); a path that is a file stands for itself."""
    hasher = hashlib.blake2b(digest_size=20)
    for folder in folders:
        hasher.update(f"{folder}\0".encode("utf-8", "surrogatepass"))
        if folder.is_file():  # a source may be one file
            hasher.update(hashlib.blake2b(folder.read_bytes()).digest())
            continue
        if not folder.is_dir():
            continue
        for file in sorted(p for p in folder.rglob(pattern) if p.is_file()):
            hasher.update(f"{file.relative_to(folder).as_posix()}\0".encode("utf-8",
                                                                              "surrogatepass"))
            hasher.update(hashlib.blake2b(file.read_bytes()).digest())
    return hasher.hexdigest()


LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "rapidfuzz", "bibtexparser",
             "pylatexenc", "feedgen", "numpy", "scipy", "pyahocorasick", "pagefind")


def code_version() -> str:
    """The generator's own source and the versions of the libraries that shape its output:
    any change to them invalidates every cached stage. A session computes it once
    (session.py): the code a process runs does not change while it runs."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(sys.version, versions, tree_digest([PACKAGE], "*.py"))
