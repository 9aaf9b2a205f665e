"""How merging one paper listed N times grows with N (a listing pasted into itself, or a
hostile export of one record repeated). Reads the records as the build does, then times the
deduplication (`cluster_with_evidence`) and the merge (`merge_clusters`) separately.

    python benchmarks/identical_records.py [--sizes 1000 10000 40000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import ABSTRACT_GNN  # noqa: E402

from generator.config import Config  # noqa: E402
from generator.dedup.cluster import Constraints, cluster_with_evidence  # noqa: E402
from generator.dedup.merge import merge_clusters  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources.listing import read_listing  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 40000])
    args = parser.parse_args()
    print(f"{'records':>8} {'dedup s':>8} {'merge s':>8} papers")
    for size in args.sizes:
        text = f"Scaling Graph Neural Networks\n\n{ABSTRACT_GNN}\n\n" * size
        records = read_listing(text, "repeated.txt", Problems())
        started = time.perf_counter()
        groups = cluster_with_evidence(records, Config().dedup, Constraints()).groups
        clustered = time.perf_counter()
        papers = merge_clusters(groups)
        merged = time.perf_counter()
        print(f"{size:>8,} {clustered - started:8.2f} {merged - clustered:8.2f} {len(papers)}")


if __name__ == "__main__":
    main()
