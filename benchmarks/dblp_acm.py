"""Deduplication quality on the public DBLP-ACM entity-resolution benchmark.

Reads both tables as CSV sources, exactly as the build reads a sources folder, clusters them
with the build's deduplication and default settings, and prints pairwise precision, recall and
F1 over all record pairs against the perfect mapping, with time and peak memory. A merge of two
records of the same table counts as a false pair (the mapping is strictly one-to-one). A second
run declares what an owner may declare of such curated tables: that each lists a paper once
(`unique_sources`).

    python benchmarks/dblp_acm.py [--data ../shared/benchmarks/dblp-acm] [--errors 10] [--causes]

Published pairwise F1: Ditto 98.99, DeepMatcher 98.4, Magellan 98.4 (all trained on labelled
pairs); a title word-overlap threshold about 91.5.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pairwise import causes, print_causes  # noqa: E402
from generator.config import DedupSettings  # noqa: E402
from generator.dedup.cluster import cluster_with_evidence  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources.read import read_sources  # noqa: E402

TABLES = {"DBLP2.csv": "latin-1", "ACM.csv": "utf-8"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" /
                        "dblp-acm", help="folder with DBLP2.csv, ACM.csv and the mapping")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--causes", action="store_true",
                        help="count the missed and wrong pairs by what decided them")
    args = parser.parse_args()
    if not all((args.data / name).is_file() for name in [*TABLES, "DBLP-ACM_perfectMapping.csv"]):
        print(f"DBLP-ACM data not found in {args.data}; this benchmark needs ../shared beside "
              "the checkout (or --data DIR).")
        return 1
    for settings in (DedupSettings(), DedupSettings(unique_sources=tuple(TABLES))):
        label = "declared unique" if settings.unique_sources else "default settings"
        print(f"--- {label}")
        _run(args, settings)
    return 0


def _run(args, settings: DedupSettings) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name in TABLES:
            (Path(folder) / name).symlink_to((args.data / name).resolve())
        problems = Problems()
        started = time.perf_counter()
        records = read_sources([Path(folder)], problems, {"DBLP2.csv": "latin-1"})
        read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = cluster_with_evidence(records, settings)
    dedup_seconds = time.perf_counter() - started

    truth = set()
    with (args.data / "DBLP-ACM_perfectMapping.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            truth.add((row["idDBLP"].strip(), row["idACM"].strip()))
    predicted: set[tuple[str, str]] = set()
    same_table = 0
    same_table_pairs = []
    for group in result.groups:
        for a, b in combinations(group, 2):
            if a.source.file == b.source.file:
                same_table += 1
                same_table_pairs.append((a, b))
                continue
            dblp, acm = (a, b) if a.source.file == "DBLP2.csv" else (b, a)
            predicted.add((dblp.source.id or "", acm.source.id or ""))
    true_positives = len(predicted & truth)
    false_positives = len(predicted - truth) + same_table
    precision = true_positives / max(1, true_positives + false_positives)
    recall = true_positives / len(truth)
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    print(f"records: {len(records)} ({len(problems)} warnings while reading)")
    print(f"papers after merging: {len(result.groups)}")
    print(f"true matches: {len(truth)}  predicted pairs: {len(predicted) + same_table} "
          f"(same-table merges: {same_table})")
    print(f"precision: {precision:.4f}  recall: {recall:.4f}  F1: {f1:.4f}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"time: read {read_seconds:.2f} s, deduplicate {dedup_seconds:.2f} s; "
          f"peak memory {peak:.0f} MB")
    if args.errors:
        _print_errors(records, predicted, truth, args.errors)
    if args.causes:
        by_id = {(r.source.file, r.source.id): r for r in records}

        def pair(ids):
            return by_id[("DBLP2.csv", ids[0])], by_id[("ACM.csv", ids[1])]

        missed = [pair(ids) for ids in sorted(truth - predicted)]
        wrong = [pair(ids) for ids in sorted(predicted - truth)] + same_table_pairs
        print_causes(*causes(result, settings, missed, wrong))


def _print_errors(records, predicted, truth, count) -> None:
    by_id = {(r.source.file, r.source.id): r for r in records}

    def show(pair):
        a, b = by_id[("DBLP2.csv", pair[0])], by_id[("ACM.csv", pair[1])]
        return (f"  {a.title} | {', '.join(a.authors)} | {a.date and a.date.year} | {a.venue}\n"
                f"  {b.title} | {', '.join(b.authors)} | {b.date and b.date.year} | {b.venue}")

    print("\nmissed matches:")
    for pair in sorted(truth - predicted)[:count]:
        print(show(pair))
    print("\nwrong merges:")
    for pair in sorted(predicted - truth)[:count]:
        print(show(pair))


if __name__ == "__main__":
    sys.exit(main())
