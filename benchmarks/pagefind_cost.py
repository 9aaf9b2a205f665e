"""What Pagefind costs, indexed in different ways, over one built project's search records.

The records are those the build gives Pagefind (`search_records` of the project's papers, with
notes); they are taken from one build of the project (`--project`, e.g. a folder kept by
`site_scale.py --keep`) and indexed again by each way, in a fresh process each, interleaved over
`--rounds` rounds. Per way it prints the CPU seconds of Pagefind's processes and of Python's side
(making HTML files, sending requests), the wall seconds, the peak memory of the process tree, and
the bundle's bytes and files.

    python benchmarks/pagefind_cost.py --project DIR [--ways service,cli-files,...] [--rounds N]
                                       [--binary PATH] [--hugo-site DIR]

Ways: `build` (the build's own: each shard's records written as small pages into a scratch
folder, then Pagefind's command line over them, one process a shard, each on one CPU where
there are two or fewer; site/pagefind_cli.py), `build-disk-scratch` (the same with the pages in
the system's temporary folder, as where there is no `/dev/shm`), `service` (the build's way
until the seventh round: Pagefind's indexing service, AddRecord for each record and then
GetFiles, whose answer Python writes; one process a shard on one CPU), `service-writefiles`
(the same, but Pagefind writes its files: WriteFiles), and `cli-hugo` (the command line over
`--hugo-site`, a site Hugo built, as Hugo users run it).
"""

from __future__ import annotations

import argparse
import base64
import json
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from site_scale import output_size, run_measured  # noqa: E402

WAYS = ("build", "build-disk-scratch", "service", "service-writefiles", "cli-hugo")


def dump_records(project: Path, target: Path) -> None:
    """The search records a build of `project` gives Pagefind, pickled into `target`: its
    gather stages, then `search_records` (no page is written)."""
    from generator import gather
    from generator.config import load_config
    from generator.context import BuildContext, BuildOptions
    from generator.session import BuildSession
    from generator.site.search import search_records

    config = load_config(project / "site.toml")
    output = Path(tempfile.mkdtemp()) / "site"
    try:
        context = BuildContext.open(config, BuildOptions(output=output), BuildSession())
        problems = context.problems
        read = gather.read(config, context.folders, problems)
        gathered = gather.tag(config, read, gather.merge(config, read, problems), problems, False)
        noted = gather.notes(config, gathered, problems)
        records = search_records(noted.papers, gathered.taxonomy)
        target.write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        shutil.rmtree(output.parent, ignore_errors=True)


class Service:
    """Pagefind's indexing service (`pagefind --service`: base64 JSON messages, each ended by
    a comma), its requests sent from a thread while its answers are read."""

    def __init__(self, binary: str) -> None:
        self.process = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.next_id, self.pending = 0, b""

    def send(self, payload: dict) -> None:
        self.next_id += 1
        message = json.dumps({"message_id": self.next_id, "payload": payload}).encode()
        self.process.stdin.write(base64.b64encode(message) + b",")

    def answer(self) -> dict:
        while b"," not in self.pending:
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise SystemExit(f"Pagefind's service stopped ({self.process.wait()})")
            self.pending += chunk
        message, self.pending = self.pending.split(b",", 1)
        return json.loads(base64.b64decode(message))["payload"]

    def send_all(self, payloads: list[dict]) -> None:
        for payload in payloads:
            self.send(payload)
        self.process.stdin.flush()

    def ask(self, payload: dict) -> dict:
        self.send(payload)
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def by_service(binary: str, output: Path, records, write_files: bool) -> None:
    """The records indexed shard by shard by the service, each process on one CPU."""
    from generator.site import search
    from generator.site.pagefind_cli import _one_cpu

    for number, shard in enumerate(search.shards(records)):
        with _one_cpu(number):
            service = Service(binary)
        index = service.ask({"type": "NewIndex", "config": {"force_language": "en"}})["index_id"]
        sender = threading.Thread(target=service.send_all, args=([
            {"type": "AddRecord", "index_id": index, "url": r.url, "content": r.content,
             "language": "en", "meta": {"title": r.title, **r.meta}, "filters": r.filters,
             "sort": None} for r in shard],))
        sender.start()
        for _ in shard:
            service.answer()
        sender.join()
        folder = output / search.shard_folder(number)
        if write_files:
            service.ask({"type": "WriteFiles", "index_id": index, "output_path": str(folder)})
            time.sleep(1)  # its writes may still be in flight when its input closes
        else:
            for file in service.ask({"type": "GetFiles", "index_id": index})["files"]:
                target = folder / file["path"]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(base64.b64decode(file["content"]))
        service.close()


def child(way: str, records_file: Path, output: Path, binary: str, hugo_site: Path | None
          ) -> None:
    """In a fresh process: index the records one way; print Python's own CPU seconds."""
    from generator.site import search

    records = pickle.loads(records_file.read_bytes())
    started = time.process_time()
    if way in ("build", "build-disk-scratch"):
        if way == "build-disk-scratch":  # as where there is no /dev/shm
            from generator.site import pagefind_cli
            pagefind_cli.MEMORY = Path("/no memory folder")
        search.index_site(output, records)
    elif way in ("service", "service-writefiles"):
        by_service(binary, output, records, way == "service-writefiles")
    elif way == "cli-hugo":
        subprocess.run([binary, "--site", str(hugo_site), "--output-path",
                        str(output / search.BUNDLE)], check=True, capture_output=True)
    print(json.dumps({"python_cpu": time.process_time() - started}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, help="a project folder with site.toml")
    parser.add_argument("--ways", default="build,service")
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
