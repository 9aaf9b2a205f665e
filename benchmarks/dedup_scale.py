"""How deduplication scales: a synthetic corpus of N listing records with duplicates.

For each size (default 10,000 and 100,000 records) the script writes listing files, then fresh
child processes read them as the build does and deduplicate them as the build does
(`cluster_with_evidence`); it prints the deduplication time (the fastest of `--runs`, the sizes
taking turns), the children's peak memory (reading plus deduplication) and how many
papers were found against how many were planted. Compare the ratio of the two times in one run,
since machines are shared and noisy.

    python benchmarks/dedup_scale.py [--sizes 10000 100000] [--identical 1000 10000]
                                     [--seed 1] [--runs 3]

`--identical` also times lists made of one record copied N times (one paper listed again and
again), which must cost about as much per record as distinct papers do.

Every record is drawn the same way whatever the corpus size: its words follow one Zipf law over
a vocabulary of a million words, as in real abstracts, so the vocabulary a corpus actually uses
grows with its size as Heaps' law says (280k distinct words at 10k records, 940k at 100k), and a
record is no longer or shorter in a large corpus than in a small one. `--vocabulary 60000` draws
from a small vocabulary instead, the harsher case in which common word pairs are common.
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
from generator.dedup.cluster import cluster_with_evidence  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources.read import read_sources  # noqa: E402

DUPLICATE_SHARE = 0.25
PER_FILE = 5000
VOCABULARY = 1_000_000


SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "te", "vi", "zo", "pra", "gen", "tor", "lin",
             "dex", "mor", "qua", "bel", "cis", "dun", "fex")


def spelling(rank: int) -> str:
    """The word of a rank: its number in base 20, one syllable a digit, at least two syllables.
    Frequent words come out short, as in real text (Zipf's law of abbreviation)."""
    syllables = []
    rank += len(SYLLABLES)  # two syllables at least
    while rank:
        rank, digit = divmod(rank, len(SYLLABLES))
        syllables.append(SYLLABLES[digit])
    return "".join(reversed(syllables))


def vocabulary(size: int) -> list[str]:
    """Words in order of frequency, most frequent first."""
    return [spelling(rank) for rank in range(size)]


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


def write_corpus(folder: Path, size: int, seed: int, words: int = VOCABULARY) -> int:
    rng = random.Random(seed)
    sample = zipf_sampler(rng, vocabulary(words))
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


def write_identical(folder: Path, copies: int, seed: int) -> int:
    """One listing record, `copies` times over, in files of `PER_FILE` records."""
    rng = random.Random(seed)
    sample = zipf_sampler(rng, vocabulary(VOCABULARY))
    title = " ".join(sample(8)).capitalize()
    abstract = " ".join(sample(180)).capitalize() + "."
    for start in range(0, copies, PER_FILE):
        count = min(PER_FILE, copies - start)
        text = "\n".join(f"{title}\n\n{abstract}\n" for _ in range(count))
        (folder / f"copies-{start // PER_FILE:04d}.txt").write_text(text, encoding="utf-8")
    return 1


def measure(folder: Path) -> dict:
    """In a fresh process: read the corpus as the build does, then deduplicate it."""
    records = read_sources([folder], Problems())
    started = time.perf_counter()
    groups = cluster_with_evidence(records, DedupSettings()).groups
    seconds = time.perf_counter() - started
    return {"records": len(records), "papers": len(groups), "seconds": seconds,
            "peak_mb": peak_mb()}


def peak_mb() -> float:
    """This process's peak memory. Linux's VmHWM starts afresh at exec, while `ru_maxrss` keeps
    the high-water mark of the parent the child was forked from."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--identical", type=int, nargs="*", default=[1_000, 10_000],
                        help="also time lists of one record copied this many times")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vocabulary", type=int, default=VOCABULARY,
                        help="how many distinct words records are drawn from")
    parser.add_argument("--runs", type=int, default=3,
                        help="fresh processes per size; the fastest counts (the least disturbed)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child)))
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        folders, planted = [], []
        for size in args.sizes:
            folder = Path(scratch) / str(size)
            folder.mkdir()
            folders.append(folder)
            planted.append(write_corpus(folder, size, args.seed, args.vocabulary))
        for copies in args.identical:
            folder = Path(scratch) / f"identical-{copies}"
            folder.mkdir()
            folders.append(folder)
            planted.append(write_identical(folder, copies, args.seed))
        # sizes take turns, so that a busy spell of a shared machine slows all of them alike
        runs: list[list[dict]] = [[] for _ in folders]
        for _ in range(max(1, args.runs)):
            for folder, found in zip(folders, runs, strict=True):
                found.append(json.loads(subprocess.run(
                    [sys.executable, __file__, "--child", str(folder)], check=True,
                    capture_output=True, text=True).stdout))
    results = []
    for folder, found, count in zip(folders, runs, planted, strict=True):
        result = min(found, key=lambda run: run["seconds"]) | {"planted": count}
        result["peak_mb"] = max(run["peak_mb"] for run in found)
        results.append(result)
        every = ", ".join(f"{run['seconds']:.2f}" for run in found)
        kind = "identical" if folder.name.startswith("identical") else "records"
        per = 1e6 * result["seconds"] / max(1, result["records"])
        print(f"{result['records']:>7} {kind}: {result['seconds']:7.2f} s dedup (runs: {every}; "
              f"{per:.0f} us a record), peak {result['peak_mb']:5.0f} MB, {result['papers']} "
              f"papers ({result['planted']} planted)", flush=True)
    distinct = results[:len(args.sizes)]
    if len(distinct) > 1:
        first, last = distinct[0], distinct[-1]
        print(f"time ratio {last['records']}/{first['records']} records: "
              f"{last['seconds'] / first['seconds']:.1f}x for "
              f"{last['records'] / first['records']:.0f}x the records")
    return 0


if __name__ == "__main__":
    sys.exit(main())
