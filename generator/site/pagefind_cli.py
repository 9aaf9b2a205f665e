"""Pagefind's command line (`pagefind --site`) run over one shard's search records, each written
as the smallest HTML page it reads the same fields from, in a scratch folder.

Why not its indexing service, which takes records without pages: the service builds the whole
index twice for every bundle it writes or returns (`build_indexes()` in the service, then again
in the API it calls), and returns the bundle base64-encoded inside base64-encoded JSON. On the
10k scale corpus the command line costs 1.6-1.8 s less CPU for the same fragments, byte for
byte (docs/performance.md). The command line also waits for its writes before it exits, where
the service exits the moment its input closes, with writes still in flight.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BuildError
from ..output.files import safe_path

if TYPE_CHECKING:
    from .search import SearchRecord as Record

FEW_CPUS = 2  # with this many CPUs or fewer Pagefind runs on one of them
TIMEOUT = 600  # seconds one shard may take
MEMORY = Path("/dev/shm")  # a folder in memory, where there is one (Linux)
PAGE_BYTES = 4096 + 1024  # what a page takes in memory beyond twice its text: the last block
# of its file, its folder, and the markup around the text
LEFT = ("the previous site was left as it was. If the cause names no input of yours, report it "
        "with this message")


class Cancel:
    """Lets another thread stop an index being written (the live preview, when a newer save
    comes in): the Pagefind process running then is killed, and the build fails."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cancelled = False
        self.process: subprocess.Popen | None = None

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.process is not None:
                self.process.kill()

    def started(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.process = process
            if self.cancelled:
                process.kill()


def run_pagefind(binary: Path, output: Path, records: Sequence[Record], language: str,
                 number: int = 0, cancel: Cancel | None = None) -> None:
    """Pagefind's bundle of `records` written into `output` by one Pagefind process (the
    `number`th shard's, on its own CPU where there are few); BuildError if it fails."""
    with tempfile.TemporaryDirectory(prefix="build-site-search-",
                                     dir=scratch_place(records)) as pages, \
            tempfile.TemporaryFile() as log:
        write_pages(Path(pages), records, language)
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as error:  # e.g. a file where the bundle's folder goes
            raise BuildError(f"search index: could not write {error.filename or output}: "
                             f"{error.strerror or error}; {LEFT}") from None
        try:
            with _one_cpu(number):
                process = subprocess.Popen(
                    [str(binary), "--site", pages, "--output-path", str(output),
                     "--force-language", language, "--quiet"],
                    stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        except OSError as error:
            raise BuildError(f"search index: could not run Pagefind: {error}") from None
        if cancel is not None:
            cancel.started(process)
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise BuildError(f"search index: Pagefind took more than {TIMEOUT} s over "
                             f"{len(records)} records and was stopped; {LEFT}") from None
        if code != 0:
            log.seek(0)
            cause = failure_cause(log.read().decode("utf-8", "replace"))
            raise BuildError(f"search index: Pagefind failed (exit code {code}): {cause}; {LEFT}")
    _check_entry(output)


def scratch_place(records: Sequence[Record]) -> str | None:
    """Where the pages go: in memory if there is room (they are written, read once and
    deleted; on a disk, creating and deleting thousands of small files and folders can cost
    more than the command line saves), else the system's temporary folder."""
    needed = sum(2 * len(r.content) + PAGE_BYTES for r in records) * 3 // 2  # with room
    with contextlib.suppress(OSError):
        if MEMORY.is_dir() and os.access(MEMORY, os.W_OK | os.X_OK) \
                and shutil.disk_usage(MEMORY).free > needed:
            return str(MEMORY)
    return None


def write_pages(folder: Path, records: Sequence[Record], language: str) -> None:
    """Each record as `<url>/index.html` below `folder`, so Pagefind gives it that URL."""
    for record in records:
        relative = record.url.removeprefix("/").removesuffix("/")
        try:  # the one check of output paths; a clean path only, so the URL stays as given
            clean = record.url.endswith("/") and safe_path(relative) == relative
        except BuildError:
            clean = False
        if not clean:
            raise BuildError(f"search index: a record's URL is not a folder of the site: "
                             f"{record.url!r}; {LEFT}")
        place = os.path.join(folder, relative)
        os.makedirs(place, exist_ok=True)
        with open(os.path.join(place, "index.html"), "w", encoding="utf-8",
                  errors="replace") as page:
            page.write(record_page(record, language))


def record_page(record: Record, language: str) -> str:
    """The page Pagefind reads `record` from: the content, as one run of text, is the body it
    indexes (its excerpts come from it, as from a record given to the service); the title,
    meta and filters are elements outside the body, read for their text only. Every value is
    escaped: it is a source's text."""
    meta = "".join(f'<span data-pagefind-meta="{html.escape(name)}">{html.escape(value)}</span>'
                   for name, value in {"title": record.title, **record.meta}.items())
    filters = "".join(f'<span data-pagefind-filter="{html.escape(name)}">{html.escape(value)}'
                      '</span>' for name, values in record.filters.items() for value in values)
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'</head><body><main data-pagefind-body>{html.escape(record.content)}</main>'
            f'{meta}{filters}</body></html>\n')


def _check_entry(output: Path) -> None:
    """The bundle's entry file, which the search page reads first, is whole: the service left
    it empty now and then (docs/performance.md), and a search page without it finds nothing."""
    entry = output / "pagefind-entry.json"
    try:
        json.loads(entry.read_text(encoding="utf-8"))["languages"].values()
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise BuildError(f"search index: Pagefind left no readable {entry}: {error}; "
                         f"{LEFT}") from None


@contextlib.contextmanager
def _one_cpu(number: int) -> Iterator[None]:
    """Start Pagefind on one CPU (the `number`th allowed one) when the build may use only two
    or fewer: there its many threads writing files at once spin on the kernel's locks, which
    cost a quarter more CPU time for no gain in wall time (docs/performance.md). With more
    CPUs Pagefind keeps them all: its index build is parallel, and there it finishes sooner.
    A child inherits the calling thread's CPUs."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not hasattr(os, "sched_setaffinity") or not 0 < len(allowed) <= FEW_CPUS:
        yield
        return
    os.sched_setaffinity(0, {allowed[number % len(allowed)]})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


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
