"""What Pagefind costs, indexed in different ways, over one built project's search records.

The records are those the build gives Pagefind (`search_records` of the project's papers, with
notes); they are taken from one build of the project (`--project`, e.g. a folder kept by
`site_scale.py --keep`) and indexed again by each way, in a fresh process each, interleaved over
`--rounds` rounds. Per way it prints the CPU seconds of Pagefind's processes and of Python's side
(making HTML files, sending requests), the wall seconds, the peak memory of the process tree, and
the bundle's bytes and files.

    python benchmarks/pagefind_cost.py --project DIR [--ways service,cli-files,...] [--rounds N]
                                       [--binary PATH] [--hugo-site DIR]

Ways: `service` (the build's: AddRecord for each record, then GetFiles, the files written by
Python; one Pagefind process a shard, each on one CPU), `service-writefiles` (Pagefind writes
them: WriteFiles, as the build did before), `service-unpinned` (the same on every CPU),
`service-one-shard` (every record in one process), `service-build-first` (BuildIndex, then
WriteFiles), `service-html` (AddFile: each record as a small HTML page in the request, parsed
by Pagefind),
`cli-files` (each record written as a small HTML page into a temporary folder, then the CLI
`pagefind --site` over it), and `cli-hugo` (the CLI over `--hugo-site`, a site Hugo built).
"""

from __future__ import annotations

import argparse
import html
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_scale import output_size, run_measured  # noqa: E402

WAYS = ("service", "service-writefiles", "service-unpinned", "service-one-shard",
        "service-build-first",
        "service-html", "cli-files", "cli-hugo")


def dump_records(project: Path, target: Path) -> None:
    """One build of `project` whose search records are pickled into `target`."""
    from generator import build as pipeline
    from generator.config import load_config

    real = pipeline.index_site

    def capture(folder, records, *args, **kwargs):
        target.write_bytes(pickle.dumps(list(records), protocol=pickle.HIGHEST_PROTOCOL))
        return real(folder, records, *args, **kwargs)

    pipeline.index_site = capture
    output = Path(tempfile.mkdtemp()) / "site"
    try:
        pipeline.build(load_config(project / "site.toml"), pipeline.BuildOptions(output=output))
    finally:
        shutil.rmtree(output.parent, ignore_errors=True)


def page(record) -> str:
    """A record as the smallest HTML page that Pagefind's crawler reads the same fields from."""
    meta = "".join(f'<span data-pagefind-meta="{html.escape(name)}:{html.escape(value)}"></span>'
                   for name, value in {"title": record.title, **record.meta}.items())
    filters = "".join(f'<span data-pagefind-filter="{html.escape(name)}:{html.escape(value)}">'
                      '</span>' for name, values in record.filters.items() for value in values)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in record.content.split("\n"))
    return (f'<!doctype html><html lang="en"><head><title>{html.escape(record.title)}</title>'
            f'</head><body>{meta}{filters}<main data-pagefind-body>{body}</main></body></html>')


def child(way: str, records_file: Path, output: Path, binary: str, hugo_site: Path | None
          ) -> None:
    """In a fresh process: index the records one way; print Python's own CPU seconds."""
    from generator.site import pagefind_service, search

    records = pickle.loads(records_file.read_bytes())
    started = time.process_time()
    if way in ("service", "service-unpinned", "service-one-shard"):
        if way == "service-unpinned":
            pagefind_service.FEW_CPUS = 0
        if way == "service-one-shard":
            search.SHARD_RECORDS = search.SHARD_TEXT = 10**9
        search.index_site(output, records)
    elif way in ("service-build-first", "service-html", "service-writefiles"):
        for number, shard in enumerate(search.shards(records)):
            with pagefind_service.Service(Path(binary), number) as service:
                index = service.ask({"type": "NewIndex", "config": {"force_language": "en"}})
                if way == "service-html":
                    requests = ({"type": "AddFile", "index_id": index["index_id"],
                                 "url": r.url, "file_contents": page(r)} for r in shard)
                else:
                    requests = ({"type": "AddRecord", "index_id": index["index_id"],
                                 "url": r.url, "content": r.content, "language": "en",
                                 "meta": {"title": r.title, **r.meta}, "filters": r.filters,
                                 "sort": None} for r in shard)
                service.ask_all(requests, len(shard))
                if way == "service-build-first":
                    service.ask({"type": "BuildIndex", "index_id": index["index_id"]})
                service.ask({"type": "WriteFiles", "index_id": index["index_id"],
                             "output_path": str(output / search.shard_folder(number))})
    elif way == "cli-files":
        pages = output / "pages"  # deleted with the run's other outputs, at its end
        for record in records:
            folder = pages / record.url.strip("/")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text(page(record), encoding="utf-8")
        subprocess.run([binary, "--site", str(pages), "--output-path",
                        str(output / search.BUNDLE)], check=True, capture_output=True)
    elif way == "cli-hugo":
        subprocess.run([binary, "--site", str(hugo_site), "--output-path",
                        str(output / search.BUNDLE)], check=True, capture_output=True)
    print(json.dumps({"python_cpu": time.process_time() - started}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a project folder with site.toml")
    parser.add_argument("--ways", default="service,cli-files")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--binary", help="a Pagefind binary (default: the installed one)")
    parser.add_argument("--hugo-site", type=Path, help="Hugo's output, for cli-hugo")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, records, output, binary, hugo_site = args.child
        child(way, Path(records), Path(output), binary, Path(hugo_site) if hugo_site else None)
        return 0
    if args.binary is None:
        from pagefind.service import get_executable
        args.binary = str(get_executable())
    ways = [w for w in args.ways.split(",") if w]
    if unknown := set(ways) - set(WAYS):
        parser.error(f"unknown ways: {', '.join(sorted(unknown))}; known: {', '.join(WAYS)}")
    with tempfile.TemporaryDirectory() as scratch:
        records = Path(scratch) / "records.pickle"
        dump_records(args.project, records)
        count = len(pickle.loads(records.read_bytes()))
        print(f"{count} records, Pagefind {args.binary}")
        for round_number in range(args.rounds):
            for way in ways:
                # kept until the run ends: see site_scale.set_aside
                output = Path(scratch) / f"out-{way}-{round_number}"
                output.mkdir()
                run = run_measured([sys.executable, __file__, "--child", way, str(records),
                                    str(output), args.binary, str(args.hugo_site or "")])
                python_cpu = json.loads(run["stdout"].strip().splitlines()[-1])["python_cpu"]
                size, files = output_size(output / "pagefind")
                print(f"round {round_number + 1} {way:<20} {run['cpu']:6.2f} s CPU (Python "
                      f"{python_cpu:5.2f}, Pagefind {run['cpu'] - python_cpu:5.2f}) "
                      f"{run['wall']:6.2f} s wall, peak {run['tree_mb']:5.0f} MB, bundle "
                      f"{size / 1e6:.1f} MB in {files} files", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
