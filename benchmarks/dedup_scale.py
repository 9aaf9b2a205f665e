"""How deduplication scales: a synthetic corpus of N listing records with duplicates.

For each size (default 10,000 and 100,000 records) the script writes listing files, then a
fresh child process reads them as the build does and clusters them; it prints the deduplication
time, the child's peak memory (max RSS: reading plus deduplication) and how many papers it found
against how many it planted. Compare the
ratio of the two times in one run, since machines are shared and noisy.

    python benchmarks/dedup_scale.py [--sizes 10000 100000] [--seed 1]

Words follow a Zipf law, as in real abstracts, over a vocabulary that grows with the corpus by
Heaps' law (V = 60,000 * (N / 10,000) ** 0.6: 60k words at 10k records, 240k at 100k), as real
vocabularies do; `--fixed-vocabulary` keeps 60k words at every size, the harsher case in which
every word grows ten times more common.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import DedupSettings  # noqa: E402
from generator.dedupe import cluster  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources import read_sources  # noqa: E402

DUPLICATE_SHARE = 0.25
PER_FILE = 5000
BASE_VOCABULARY = 60_000


def vocabulary(rng: random.Random, size: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "zo", "pra", "gen", "tor",
                 "lin", "dex", "mor", "qua", "bel", "cis", "dun", "fex"]
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 5))))
    return sorted(words)


def zipf_sampler(rng: random.Random, words: list[str]):
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))

    def sample(k: int) -> list[str]:
        return rng.choices(words, cum_weights=cumulative, k=k)

    return sample


def variant(rng: random.Random, title: str, abstract: str) -> tuple[str, str]:
    """A second listing of the same paper: the kinds of noise real listings show."""
    kind = rng.randrange(5)
    if kind == 0:
        title = title.lower()
    elif kind == 1:
        title = title + "*"
    elif kind == 2:
        i = rng.randrange(len(title) - 1)
        title = title[:i] + title[i + 1] + title[i] + title[i + 2:]
    elif kind == 3:
        abstract = abstract[: int(len(abstract) * 0.6)] + "..."
    else:
        abstract = abstract.replace(" the ", " a ", 3)
    return title, abstract


def write_corpus(folder: Path, size: int, seed: int, fixed_vocabulary: bool = False) -> int:
    rng = random.Random(seed)
    words = BASE_VOCABULARY if fixed_vocabulary else int(BASE_VOCABULARY * (size / 10_000) ** 0.6)
    sample = zipf_sampler(rng, vocabulary(rng, words))
    originals = int(size / (1 + DUPLICATE_SHARE))
    papers = []
    for _ in range(originals):
        title = " ".join(sample(rng.randint(5, 10))).capitalize()
        abstract = " ".join(sample(rng.randint(120, 220))).capitalize() + "."
        papers.append((title, abstract))
    listing = list(papers)
    while len(listing) < size:
        listing.append(variant(rng, *rng.choice(papers)))
    rng.shuffle(listing)
    for start in range(0, size, PER_FILE):
        chunk = listing[start:start + PER_FILE]
        text = "\n".join(f"{t}\n\n{a}\n" for t, a in chunk)
        (folder / f"list-{start // PER_FILE:04d}.txt").write_text(text, encoding="utf-8")
    return originals


def measure(folder: Path) -> dict:
    """In a fresh process: read the corpus as the build does, then deduplicate it."""
    records = read_sources([folder], Problems())
    started = time.perf_counter()
    groups = cluster(records, DedupSettings())
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"records": len(records), "papers": len(groups), "seconds": seconds, "peak_mb": peak}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fixed-vocabulary", action="store_true",
                        help="60,000 words at every size instead of Heaps' law")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            planted = write_corpus(Path(folder), size, args.seed, args.fixed_vocabulary)
            out = subprocess.run([sys.executable, __file__, "--child", folder], check=True,
                                 capture_output=True, text=True)
        result = json.loads(out.stdout) | {"planted": planted}
        results.append(result)
        print(f"{result['records']:>7} records: {result['seconds']:7.2f} s dedup, peak "
              f"{result['peak_mb']:7.0f} MB, {result['papers']} papers "
              f"({result['planted']} planted)", flush=True)
    if len(results) > 1:
        first, last = results[0], results[-1]
        print(f"time ratio {last['records']}/{first['records']} records: "
              f"{last['seconds'] / first['seconds']:.1f}x for "
              f"{last['records'] / first['records']:.0f}x the records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
