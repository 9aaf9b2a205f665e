"""What indexing the search beside the page writing would save: a clean build with Pagefind run
after the pages (as `build()` does now) against one where `search.start_index` starts it the
moment the papers are known, before any page is rendered.

The second way is wired in from outside for this measurement only: the index is written into a
folder beside the site while the build renders and writes, and moved into the staging folder
where the build would have indexed. Both ways run in fresh processes on the same project,
interleaved for `--rounds` rounds, each after the site and its cache were set aside (see
`site_scale.set_aside`). Per round it prints CPU and wall seconds of the process tree and its
peak memory (sampled every 50 ms), and checks that both ways wrote the same fragments and word
index.

    python benchmarks/concurrent_search.py --project DIR [--rounds N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_scale import run_measured, set_aside  # noqa: E402


def search_beside(project: Path) -> None:
    """From now on in this process, `build()` of `project` starts Pagefind (`start_index`) the
    moment the papers are known, into a folder beside the site, and takes its bundle into the
    staging folder where it would have indexed."""
    from generator import build as pipeline
    from generator.cache import code_version
    from generator.config import load_config
    from generator.site import search

    language = load_config(project / "site.toml").site.language
    early = project / ".early-search"
    running: list[search.RunningIndex] = []
    real_library = pipeline.make_library

    def make_library(papers, taxonomy, *args, **kwargs):
        early.mkdir()
        running.append(search.start_index(early, search.search_records(papers, taxonomy),
                                          language, code_version()))
        return real_library(papers, taxonomy, *args, **kwargs)

    def index_site(staging: Path, *args, **kwargs) -> dict[str, str]:
        keys = running.pop().wait()
        (early / search.BUNDLE).rename(staging / search.BUNDLE)
        early.rmdir()
        return keys

    pipeline.make_library = make_library
    pipeline.index_site = index_site


def child(project: Path, concurrent: bool) -> None:
    """One clean build of `project`; with `concurrent`, Pagefind starts before the pages."""
    from generator import build as pipeline
    from generator.config import load_config

    if concurrent:
        search_beside(project)
    started = time.perf_counter()
    result = pipeline.build(load_config(project / "site.toml"), pipeline.BuildOptions())
    print(json.dumps({"stages": result.cpu, "wall": time.perf_counter() - started}))


def contents(folder: Path) -> dict[str, str]:
    """The bundle's fragments and word index by content. Its filter and meta files are left
    out: Pagefind writes them in another order from one run to the next, whichever way it
    runs (two plain builds of the same site differ there too)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.suffix in (".pf_fragment",
                                                                        ".pf_index")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--child", choices=("after", "beside"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.project, args.child == "beside")
        return 0
    bundles = {}
    for number in range(args.rounds):
        for way in ("after", "beside"):
            for folder in ("site", ".site-cache"):
                set_aside(args.project / folder)
            run = run_measured([sys.executable, __file__, "--project", str(args.project),
                                "--child", way])
            stages = json.loads(run["stdout"].strip().splitlines()[-1])["stages"]
            print(f"round {number + 1} search {way:<6} {run['cpu']:6.2f} s CPU "
                  f"{run['wall']:6.2f} s wall, peak {run['tree_mb']:5.0f} MB process tree "
                  f"({run['largest_mb']:.0f} MB largest); stages (CPU s) "
                  + ", ".join(f"{k} {v:.2f}" for k, v in stages.items()), flush=True)
            bundles[way] = contents(args.project / "site" / "pagefind")
        print(f"  same fragments and word index: {bundles['after'] == bundles['beside']}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
