"""How each build stage's time grows with the length of one field (an abstract on one line).

Builds a two-paper project whose second paper has an abstract of each size, with the build's
cut of long abstracts switched off (`--uncut`, to see the stages themselves) or on (the
default, what a user gets), and prints every stage's seconds. A stage whose time grows faster
than the size (x2 size, more than x2 time) is a hang waiting for a larger input.

    python benchmarks/long_field.py [--sizes 250000 500000 1000000] [--uncut]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import LISTING, write_project  # noqa: E402

import generator.sources.screening as screening  # noqa: E402
from generator.build import BuildOptions, build  # noqa: E402
from generator.config import load_config  # noqa: E402

WORDS = ("graph neural network attention naïve café 100% R&D x_1 {braces} — model data "
         "training learning https://example.org/a,").split()


def abstract(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words)[:size]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 500_000, 1_000_000])
    parser.add_argument("--uncut", action="store_true", help="switch off the abstract cut")
    args = parser.parse_args()
    if args.uncut:
        screening.MAX_ABSTRACT = sys.maxsize
    print(f"{'characters':>11} " + " ".join(f"{s:>8}" for s in
          ("read", "merge", "tag", "related", "render", "write", "total")))
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            listing = LISTING + f"\nOne Paper With A Very Long Abstract\n\n{abstract(size)}\n"
            root = write_project(Path(folder), listing)
            result = build(load_config(root / "site.toml"), BuildOptions(output=root / "site"))
            t = result.timings
            print(f"{size:>11,} " + " ".join(f"{t.get(s, 0):8.2f}" for s in
                  ("read", "merge", "tag", "related", "plan", "write")) +
                  f" {result.seconds:8.2f}")


if __name__ == "__main__":
    main()
