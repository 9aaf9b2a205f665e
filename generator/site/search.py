"""The search index: Pagefind (https://pagefind.app) fed one small record per paper.

Pagefind comes from the `pagefind[extended]` Python package, so nothing is downloaded at build
time. Each paper is given to it as one small record (title, authors, venue, abstract and the
owner's note, with the tag, year and code filters), written as the smallest page its command
line reads them from (site/pagefind_cli.py), rather than letting it crawl every finished page:
a crawl parses all the HTML of the site and held the whole site in memory (7 GB at 75k
papers). The index and Pagefind's UI land in `pagefind/` inside the site; result URLs are paths
from the site root, as a crawl gives them.

Pagefind holds about 125 KB per record while it builds an index, so a large list is indexed in
shards of at most SHARD_RECORDS records, one Pagefind process after another, and the search page
merges them in the browser with Pagefind's `mergeIndex` (its multisite search). The first shard
is the bundle in `pagefind/`, the others are `pagefind/shard-N/`, listed in
`pagefind/shards.json`. A paper's shard follows from a hash of its URL, so a rebuild re-indexes
only the shards whose records changed (see docs/performance.md).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from markupsafe import Markup

from ..cache import digest
from ..errors import BuildError
from ..memo import PaperMemo
from ..models import Paper
from ..tags import Tag
from .pagefind_cli import Cancel, run_pagefind
from .render import display_name

BUNDLE = "pagefind"  # the folder Pagefind writes inside the site
SHARDS_FILE = "shards.json"  # in BUNDLE: the other shards' folders, for the search page
SHARD_RECORDS = 5000  # records per Pagefind process: about 600 MB of its memory at most
SHARD_TEXT = 8_000_000  # characters of content per shard, for lists with long notes
WORD = re.compile(r"\w")  # a record with none has nothing Pagefind indexes


@dataclass(frozen=True)
class SearchRecord:
    url: str  # from the site root, "/papers/<slug>/"
    title: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # authors, date: shown under the title


def search_records(papers: Sequence[Paper], tags: Sequence[Tag],
                   memo: PaperMemo | None = None) -> list[SearchRecord]:
    """What search knows of each paper: the text a reader would search for, and its filters."""
    names = {t.slug: t.name for t in tags}
    settings = tuple(names.items())
    memo = memo if memo is not None else PaperMemo()
    return [memo.get(paper, "search", settings, partial(_record, paper, names))
            for paper in papers]


def _record(paper: Paper, names: dict[str, str]) -> SearchRecord:
    note = Markup(paper.note_html).striptags() if paper.note_html else ""
    # the abstract first, so a result's excerpt comes from it; title and names stay searchable
    text = [paper.abstract, note, paper.title, ", ".join(paper.authors), paper.venue or ""]
    tag_names = [names.get(slug, slug) for slug in paper.tags]
    filters = {"tag": tag_names, "year": [str(paper.year) if paper.year else "no year"]}
    if paper.has_code:
        filters["code"] = ["has code"]
    meta = _meta(paper)
    if tag_names:  # Pagefind indexes meta words too: a tag's name finds its papers
        meta["tags"] = ", ".join(tag_names)
    return SearchRecord("/" + paper.url, paper.title, "\n".join(t for t in text if t),
                        {k: v for k, v in filters.items() if v}, meta)


def _meta(paper: Paper) -> dict[str, str]:
    """The byline and date a search result shows under its title."""
    meta = {}
    if paper.authors:
        names = ", ".join(display_name(a) for a in paper.authors[:3])
        meta["authors"] = names + (" et al." if len(paper.authors) > 3 else "")
    elif paper.author_count:
        meta["authors"] = f"{paper.author_count} author{'' if paper.author_count == 1 else 's'}"
    date = paper.dated or paper.published or paper.date
    if date:
        meta["date"] = date.display()
    return meta


def shards(records: Sequence[SearchRecord]) -> list[list[SearchRecord]]:
    """The records split into as few shards as keep each under SHARD_RECORDS and SHARD_TEXT;
    a record's shard is chosen by a hash of its URL, so it stays put while the count does.
    Pagefind makes no index of no words, so a record without one is left out, and shards left
    empty are dropped (a list with nothing to search has no bundle)."""
    records = [r for r in records if WORD.search(r.content)]
    text = sum(len(r.content) for r in records)
    count = max(1, math.ceil(len(records) / SHARD_RECORDS), math.ceil(text / SHARD_TEXT))
    groups: list[list[SearchRecord]] = [[] for _ in range(count)]
    for record in records:
        hashed = hashlib.blake2b(record.url.encode("utf-8", "surrogatepass"), digest_size=8)
        groups[int.from_bytes(hashed.digest(), "big") % count].append(record)
    return [group for group in groups if group]


def shard_folder(number: int) -> str:
    """Where shard `number`'s bundle goes, relative to the site."""
    return BUNDLE if number == 0 else f"{BUNDLE}/shard-{number}"


def shard_paths(paths: Iterable[str], folder: str) -> list[str]:
    """The paths among `paths` (relative to the site) that belong to the shard in `folder`."""
    if folder != BUNDLE:
        return [p for p in paths if p.startswith(folder + "/")]
    return [p for p in paths if p.startswith(BUNDLE + "/") and not p.startswith(
        f"{BUNDLE}/shard-")]


def give_back_memory() -> None:
    """Return the heap the writer freed to the system before an indexer starts beside this
    process: glibc keeps freed memory for reuse, so the process tree's peak would count it
    twice (at 10k papers 379 MB fell to 277 MB). A no-op where the C library is not glibc."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


@dataclass(frozen=True)
class Shard:
    """One Pagefind index of the site: where it goes, and the key of what it is made from."""

    number: int
    count: int  # shards in the site
    folder: str  # relative to the site
    key: str  # the code version, the language, the number of shards and the shard's records
    records: list[SearchRecord] = field(repr=False)


def plan_shards(records: Sequence[SearchRecord], language: str = "en",
                version: str = "", memo: PaperMemo | None = None) -> list[Shard]:
    groups = shards(records)
    count = len(groups)
    memo = memo if memo is not None else PaperMemo()
    return [Shard(number, count, shard_folder(number), digest(version, language, count, [
        memo.get(r, "digest", None, partial(digest, r)) for r in group]), group)
        for number, group in enumerate(groups)]


def index_site(folder: Path, records: Sequence[SearchRecord], language: str = "en",
               version: str = "", reuse: Callable[[Shard], bool] | None = None,
               memo: PaperMemo | None = None) -> dict[str, str]:
    """Write Pagefind's index of `records` and its UI into `folder`/pagefind, shard by shard;
    raise BuildError if Pagefind is missing or fails. `reuse(shard)` may keep a previous
    build's bundle made from the same records (and `version` of the code) instead.
    Returns each shard's folder and key."""
    keys, missing = _plan(records, language, version, reuse, memo)
    if missing:
        give_back_memory()
    for shard in missing:
        write_shard(folder, shard, language)
    return keys


def _plan(records: Sequence[SearchRecord], language: str, version: str,
          reuse: Callable[[Shard], bool] | None, memo: PaperMemo | None = None
          ) -> tuple[dict[str, str], list[Shard]]:
    """Every shard's folder and key, and the shards that `reuse` does not keep."""
    planned = plan_shards(records, language, version, memo)
    missing = [shard for shard in planned if reuse is None or not reuse(shard)]
    return {shard.folder: shard.key for shard in planned}, missing


class RunningIndex:
    """Pagefind indexing a site's shards in a background thread, one process after another,
    while this process renders and writes the pages: on two cores the build then takes about
    the longer of the two instead of their sum. `wait()` returns what `index_site` returns, or
    raises its BuildError; `cancel()` kills the Pagefind process running and stops the rest.
    `cpu` is what the indexing cost, its thread and its Pagefind processes together, so the
    build can count it as search rather than as the stage that ran meanwhile."""

    def __init__(self, folder: Path, keys: dict[str, str], shards: Sequence[Shard],
                 language: str) -> None:
        self.stopped = Cancel()
        self.keys = keys
        self.error: BaseException | None = None
        self.cpu = 0.0
        self.thread = threading.Thread(target=self._run, args=(folder, shards, language),
                                       name="pagefind", daemon=True)
        self.thread.start()

    def _run(self, folder: Path, shards: Sequence[Shard], language: str) -> None:
        started, children = time.thread_time(), _children_cpu()  # only Pagefind ends meanwhile
        try:
            for shard in shards:
                if self.stopped.cancelled:
                    raise BuildError("search index: cancelled")
                write_shard(folder, shard, language, self.stopped)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.error = error
        finally:
            self.cpu = time.thread_time() - started + _children_cpu() - children

    def wait(self) -> dict[str, str]:
        """Each shard's folder and key, once every shard is written; the indexer's error
        if it failed or was cancelled."""
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.keys

    def cancel(self) -> None:
        """Stop indexing (the build failed elsewhere): the thread ends soon after."""
        self.stopped.cancel()
        self.thread.join()


def _children_cpu() -> float:
    """CPU seconds of the child processes that have ended so far."""
    used = os.times()
    return used.children_user + used.children_system


def start_index(folder: Path, records: Sequence[SearchRecord], language: str = "en",
                version: str = "", reuse: Callable[[Shard], bool] | None = None,
                memo: PaperMemo | None = None) -> RunningIndex:
    """`index_site` in the background: the shards that `reuse` does not keep are indexed into
    `folder` (which must exist) by a thread while the caller goes on; `folder`/pagefind is
    Pagefind's alone meanwhile. Unlike `index_site` it does not give the heap back to the
    system first: the pages are not written yet (see docs/performance.md for the memory this
    costs)."""
    return RunningIndex(folder, *_plan(records, language, version, reuse, memo), language)


def write_shard(folder: Path, shard: Shard, language: str = "en",
                cancel: Cancel | None = None) -> None:
    """One shard's bundle in `folder`/`shard.folder`; the first also lists the other shards for
    the search page."""
    _index(folder / shard.folder, shard.records, language, shard.number, cancel)
    if shard.number == 0:  # the list of the others goes with the first, whose key counts them
        others = [f"shard-{n}/" for n in range(1, shard.count)]
        (folder / BUNDLE / SHARDS_FILE).write_text(json.dumps({"shards": others}) + "\n",
                                                   encoding="utf-8")
        if not (folder / BUNDLE / "pagefind-ui.js").is_file():
            raise BuildError(f"search index: Pagefind wrote no {BUNDLE}/pagefind-ui.js")


def _index(output: Path, records: Sequence[SearchRecord], language: str, number: int,
           cancel: Cancel | None = None) -> None:
    """One shard: one Pagefind process, gone (and its memory with it) before the next starts."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("search index: Pagefind is not installed; run "
                         "pip install 'pagefind[extended]' (or pip install -e .)")
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise BuildError("search index: Pagefind's binary was not found; run "
                         "pip install 'pagefind[extended]'")
    run_pagefind(Path(binary), output, records, language, number, cancel)
