"""The search index alone: N synthetic paper records indexed by Pagefind as the build does.

Each size runs in a fresh process, which writes records like the build's (a 5-10 word title, a
120-220 word abstract from `dedup_scale.py`'s Zipf vocabulary, five author names, two of 40 tags
as filters and meta, a year) and calls `generator.site.search.index_site` into a scratch folder.
Per size it prints the wall and CPU seconds of indexing (Pagefind's processes included; making
the records is left out), the peak memory of the whole process tree (sampled every 50 ms, as
`site_scale.py` does), the number of shards, and the bundle's bytes and files.

    python benchmarks/search_scale.py [--sizes 8000,40000,75000] [--shard-records N]

`--shard-records` overrides SHARD_RECORDS, and SHARD_TEXT in proportion (e.g. 100000 to index
everything in one process, to see what sharding saves in memory and what it costs in CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_scale import VOCABULARY, vocabulary, zipf_sampler  # noqa: E402
from site_scale import output_size, run_measured  # noqa: E402

TAGS = 40


def records(count: int, seed: int) -> list:
    from generator.site.search import SearchRecord

    rng = random.Random(seed)
    sample = zipf_sampler(rng, vocabulary(VOCABULARY))
    made = []
    for number in range(count):
        title = " ".join(sample(rng.randint(5, 10))).capitalize()
        abstract = " ".join(sample(rng.randint(120, 220))).capitalize() + "."
        authors = ", ".join(" ".join(sample(2)).title() for _ in range(5))
        tags = [f"Topic {t}" for t in sorted(rng.sample(range(TAGS), 2))]
        made.append(SearchRecord(
            f"/papers/p{number}/", title, "\n".join([abstract, title, authors]),
            {"tag": tags, "year": [str(rng.randint(1990, 2025))]},
            {"authors": authors, "tags": ", ".join(tags)}))
    return made


def child(count: int, shard_records: int | None) -> None:
    from generator.site import search

    if shard_records:  # the text budget grows with it, in proportion
        search.SHARD_TEXT = search.SHARD_TEXT * shard_records // search.SHARD_RECORDS
        search.SHARD_RECORDS = shard_records
    made = records(count, seed=count)
    with tempfile.TemporaryDirectory(prefix="search-scale-") as folder:
        started, cpu = time.perf_counter(), cpu_seconds()
        keys = search.index_site(Path(folder), made)
        wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        size, files = output_size(Path(folder))
    print(json.dumps({"shards": len(keys), "bytes": size, "files": files, "wall": wall,
                      "cpu": cpu}))


def cpu_seconds() -> float:
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="8000,40000,75000")
    parser.add_argument("--shard-records", type=int, default=None)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.shard_records)
        return 0
    print(f"{'records':>8} {'shards':>6} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} "
          f"{'MB out':>7} {'files':>7}")
    for size in (int(s) for s in args.sizes.split(",")):
        command = [sys.executable, __file__, "--child", str(size)]
        if args.shard_records:
            command += ["--shard-records", str(args.shard_records)]
        run = run_measured(command)
        found = json.loads(run["stdout"].strip().splitlines()[-1])
        print(f"{size:>8} {found['shards']:>6} {found['wall']:>7.2f} {found['cpu']:>7.2f} "
              f"{run['tree_mb']:>8.0f} {found['bytes'] / 1e6:>7.1f} {found['files']:>7}",
              flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
