"""How long related-paper computation takes: tf-idf cosine top-5 over N synthetic papers.

    python benchmarks/related_scale.py [--sizes 10000 100000]

Each size runs in a fresh process; prints seconds and peak memory. Papers are drawn as in
`dedup_scale.py`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dedup_scale  # noqa: E402

from generator.models import Paper  # noqa: E402
from generator.site.related import related_papers  # noqa: E402


def measure(size: int) -> dict:
    import random

    rng = random.Random(1)
    sample = dedup_scale.zipf_sampler(rng, dedup_scale.vocabulary(dedup_scale.VOCABULARY))
    papers = [
        Paper(slug=f"p{i}", title=" ".join(sample(8)), abstract=" ".join(sample(170)),
              records=(), titles=())
        for i in range(size)
    ]
    started = time.perf_counter()
    related = related_papers(papers)
    seconds = time.perf_counter() - started
    return {"papers": size, "seconds": seconds,
            "with_related": sum(1 for r in related.values() if r),
            "peak_mb": dedup_scale.peak_mb()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    for size in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(size)], check=True,
                             capture_output=True, text=True)
        result = json.loads(out.stdout)
        print(f"{result['papers']:>7} papers: {result['seconds']:7.1f} s, peak "
              f"{result['peak_mb']:6.0f} MB, {result['with_related']} with related papers",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
