"""Deduplication quality on Cora: 1,295 citation records of 112 papers, all in one file.

Reads `cora.csv` as one CSV source, exactly as the build reads a sources folder, clusters it
with the build's deduplication and the default settings, and prints pairwise precision, recall
and F1 over all record pairs against `cora_clusters.csv`, with time and peak memory.

    python benchmarks/cora.py [--data ../shared/benchmarks/cora] [--errors 10] [--causes]
                              [--ceiling]

Cora's records are citations scraped from papers' reference lists: initials against full names,
authors or venues glued into titles, mangled venues, years missing or off by one.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pairwise import (  # noqa: E402
    causes,
    ceiling,
    pair_count,
    pairs_within,
    print_causes,
    print_ceiling,
    scores,
)
from generator.config import DedupSettings  # noqa: E402
from generator.dedup.cluster import cluster_with_evidence  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources.read import read_sources  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "benchmarks" /
                        "cora", help="folder with cora.csv and cora_clusters.csv")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--causes", action="store_true",
                        help="count the missed and wrong pairs by what decided them")
    parser.add_argument("--ceiling", action="store_true",
                        help="bound what the labels allow under the model's rules (all pairs)")
    args = parser.parse_args()
    if not all((args.data / n).is_file() for n in ("cora.csv", "cora_clusters.csv")):
        print(f"Cora data not found in {args.data}; this benchmark needs ../shared beside the "
              "checkout (or --data DIR).")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "cora.csv").symlink_to((args.data / "cora.csv").resolve())
        problems = Problems()
        started = time.perf_counter()
        records = read_sources([Path(folder)], problems)
        read_seconds = time.perf_counter() - started
    started = time.perf_counter()
    result = cluster_with_evidence(records, DedupSettings())
    dedup_seconds = time.perf_counter() - started

    with (args.data / "cora_clusters.csv").open(encoding="utf-8") as handle:
        truth_of = {row["id"]: row["cluster"] for row in csv.DictReader(handle)}
    true_groups: dict[str, list[str]] = {}
    for record_id, cluster in truth_of.items():
        true_groups.setdefault(cluster, []).append(record_id)
    built = [[r.source.id or "" for r in group] for group in result.groups]
    predicted, truth = pairs_within(built), pairs_within(true_groups.values())
    precision, recall, f1 = scores(predicted, truth)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records: {len(records)} ({len(problems)} warnings while reading)")
    print(f"papers built: {len(result.groups)}  true papers: {len(true_groups)}")
    print(f"true pairs: {pair_count(true_groups.values())}  predicted pairs: {len(predicted)}")
    print(f"precision: {precision:.4f}  recall: {recall:.4f}  F1: {f1:.4f}")
    print(f"time: read {read_seconds:.2f} s, deduplicate {dedup_seconds:.2f} s; "
          f"peak memory {peak:.0f} MB")
    if args.errors:
        _print_errors(records, result.groups, truth_of, args.errors)
    if args.causes:
        print_causes(*causes(result, DedupSettings(), *_error_pairs(result.groups, truth_of)))
    if args.ceiling:
        print_ceiling(ceiling(result, DedupSettings(), truth_of))
    return 0


def _error_pairs(groups, truth_of) -> tuple[list, list]:
    """(missed, wrong): record pairs of one true paper in two built ones, and the other way."""
    built_of = {r.source.id: n for n, group in enumerate(groups) for r in group}
    by_truth: dict[str, list] = {}
    for group in groups:
        for r in group:
            by_truth.setdefault(truth_of[r.source.id], []).append(r)
    missed = [(a, b) for members in by_truth.values() for n, a in enumerate(members)
              for b in members[n + 1:] if built_of[a.source.id] != built_of[b.source.id]]
    wrong = [(a, b) for group in groups for n, a in enumerate(group) for b in group[n + 1:]
             if truth_of[a.source.id] != truth_of[b.source.id]]
    return missed, wrong


def _print_errors(records, groups, truth_of, count) -> None:
    """The largest wrong merges and the largest true papers split apart."""
    print("\nbuilt papers mixing true papers:")
    shown = 0
    for group in sorted(groups, key=len, reverse=True):
        clusters = {truth_of[r.source.id] for r in group}
        if len(clusters) > 1 and shown < count:
            shown += 1
            print(f"  {len(group)} records from true papers {sorted(clusters)[:6]}")
            seen = set()
            for r in group:
                if truth_of[r.source.id] not in seen:
                    seen.add(truth_of[r.source.id])
                    print(f"    [{truth_of[r.source.id]}] {r.title} | {'; '.join(r.authors)} | "
                          f"{r.date and r.date.year} | {r.venue}")
    print("\ntrue papers split apart:")
    by_cluster: dict[str, list[int]] = {}
    for n, group in enumerate(groups):
        for r in group:
            by_cluster.setdefault(truth_of[r.source.id], []).append(n)
    shown = 0
    for cluster, built in sorted(by_cluster.items(), key=lambda kv: -len(set(kv[1]))):
        parts = sorted(set(built), key=lambda n: -len(groups[n]))
        if len(parts) > 1 and shown < count:
            shown += 1
            print(f"  true paper {cluster}: split into {len(parts)} papers")
            for n in parts[:4]:
                r = groups[n][0]
                print(f"    ({len(groups[n])}) {r.title} | {'; '.join(r.authors)} | "
                      f"{r.date and r.date.year} | {r.venue}")


if __name__ == "__main__":
    sys.exit(main())
