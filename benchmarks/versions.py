"""Deduplication of versions of one paper: pairwise precision and recall on a list of versions.

The papers are the example list's (tests/fixtures/shipped, each paper once, with its real
title and abstract). Each is listed again the ways arXiv revisions and reference managers
list a paper, written as CSV sources and read as the build reads a sources folder:

- the arXiv v1 record: an arXiv id in one of its forms ("2301.00123v1", "arXiv:2301.00123",
  arXiv's DOI in upper case, an abs or pdf URL with a version);
- the camera-ready record: one to three sentences rewritten (the claim, the method, the
  results sentence), a sentence of results added at the end, or the abstract cut short as a
  listing cuts it; the title in capitals, with its hyphens changed ("End-to-End" / "End to
  End", "Once-for-All" / "Once for All"), or unchanged; a publisher's DOI as a bare DOI, a
  doi.org URL, `doi:` or in upper case, and a venue;
- for some papers, a Zotero row with a DOI URL only.

Then the look-alikes, each a paper of its own that must not merge: a conflicting record (one
paper's title with another paper's abstract, a phrase changed), and an extension ("Name++:
...") whose abstract keeps two passages of its original's.

    python benchmarks/versions.py [--papers 392] [--errors 5] [--separate]

With `--separate`, `[dedup] versions = "separate"`: each paper's preprint and published records
are then two true papers.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.pairwise import pair_count, pairs_within, scores  # noqa: E402
from generator.config import DedupSettings  # noqa: E402
from generator.dedup.cluster import cluster_with_evidence  # noqa: E402
from generator.dedup.merge import merge_clusters  # noqa: E402
from generator.errors import Problems  # noqa: E402
from generator.sources.read import read_sources  # noqa: E402

SHIPPED = ROOT / "tests" / "fixtures" / "shipped" / "content" / "sources"
SENTENCE = re.compile(r"(?<=[a-z0-9)\]][.!?])\s+(?=[A-Z])")
COLUMNS = ["id", "title", "abstract", "arxiv", "doi", "url", "venue", "year"]
VENUES = ["Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition",
          "Advances in Neural Information Processing Systems",
          "International Conference on Learning Representations",
          "IEEE Transactions on Pattern Analysis and Machine Intelligence"]
ADDED = ("Extensive experiments show that the approach improves over the strongest baseline "
         "by {n}.{m} points while using {k} times less compute, and the code is released.")


def base_papers(limit: int) -> list[tuple[str, str]]:
    """(title, abstract) of each paper of the example list, as the build merges it."""
    records = read_sources([SHIPPED], Problems())
    papers = merge_clusters(cluster_with_evidence(records, DedupSettings()).groups)
    usable = [(p.title, p.abstract) for p in papers if len(SENTENCE.split(p.abstract)) >= 4]
    return usable[:limit]


def rewrite(sentence: str, n: int) -> str:
    """A sentence said again in other words: the words regrouped and a clause changed, as a
    camera-ready version restates a claim (no eight-word run of the original is left)."""
    words = sentence.rstrip(".").split()
    pieces = [words[i:i + 3] for i in range(0, len(words), 3)]
    regrouped = [w for piece in reversed(pieces) for w in piece[::-1]]
    opening = ["Concretely,", "In particular,", "As a result,", "Moreover,"][n % 4]
    return f"{opening} {' '.join(regrouped)}, as revised."


def camera_ready(abstract: str, n: int) -> str:
    """The camera-ready abstract of pattern `n`: 1-3 sentences rewritten, a results sentence
    added, or cut short as a listing cuts it."""
    sentences = SENTENCE.split(abstract)
    pattern = n % 5
    if pattern == 3:
        return " ".join(sentences) + " " + ADDED.format(n=n % 9 + 1, m=n % 7, k=n % 4 + 2)
    if pattern == 4:
        cut = abstract[: max(200, len(abstract) * 2 // 3)]
        return cut[: cut.rfind(" ")] + " ..."
    rewritten = set(range(1, len(sentences), max(1, len(sentences) // (pattern + 1)))[
        : pattern + 1])
    return " ".join(rewrite(s, i) if i in rewritten else s for i, s in enumerate(sentences))


def title_variant(title: str, n: int) -> str:
    pattern = n % 4
    if pattern == 1:
        return title.upper()
    if pattern == 2 and "-" in title:
        return title.replace("-", " ")
    if pattern == 2:
        return re.sub(r"\b(\w+) (\w+)\b", r"\1-\2", title, count=1)
    if pattern == 3:
        return title.lower().capitalize()
    return title


def arxiv_forms(arxiv: str, n: int) -> dict[str, str]:
    return [{"arxiv": f"{arxiv}v{n % 3 + 1}"}, {"arxiv": f"arXiv:{arxiv}"},
            {"doi": f"10.48550/ARXIV.{arxiv}"}, {"url": f"https://arxiv.org/abs/{arxiv}v2"},
            {"url": f"https://arxiv.org/pdf/{arxiv}v1.pdf"}][n % 5]


def doi_forms(doi: str, n: int) -> dict[str, str]:
    return [{"doi": doi}, {"doi": f"https://doi.org/{doi}"}, {"doi": f"doi:{doi}"},
            {"doi": doi.upper()}][n % 4]


def version_list(papers: list[tuple[str, str]], separate: bool) -> dict[str, list[dict]]:
    """Rows of each CSV source, each with the id of its true paper as its `id` prefix."""
    files: dict[str, list[dict]] = {"arxiv.csv": [], "camera-ready.csv": [], "zotero.csv": [],
                                    "lookalikes.csv": []}
    for n, (title, abstract) in enumerate(papers):
        arxiv, doi = f"23{n // 100:02d}.{n % 100 + 10000:05d}", f"10.1109/CVPR52729.2023.{n:05d}"
        preprint, published = f"p{n}", f"p{n}" + ("-published" if separate else "")
        files["arxiv.csv"].append({"id": f"{preprint}/arxiv", "title": title,
                                   "abstract": abstract, "year": "2023", **arxiv_forms(arxiv, n)})
        files["camera-ready.csv"].append({
            "id": f"{published}/camera", "title": title_variant(title, n),
            "abstract": camera_ready(abstract, n), "venue": VENUES[n % len(VENUES)],
            "year": "2023" if n % 2 else "2024", **doi_forms(doi, n)})
        if n % 3 == 0:
            files["zotero.csv"].append({"id": f"{published}/zotero", "title": title,
                                        "url": f"https://doi.org/{doi}", "year": "2024"})
        if n % 8 == 0 and n + 1 < len(papers):  # a conflicting record: its own paper
            other = papers[n + 1][1].replace(" we ", " in this work we ", 1)
            files["lookalikes.csv"].append({"id": f"conflict{n}/x", "title": title,
                                            "abstract": other})
        if n % 8 == 4 and ":" in title:  # an extension of the paper: its own paper
            name, rest = title.split(":", 1)
            kept = SENTENCE.split(abstract)
            files["lookalikes.csv"].append({
                "id": f"extension{n}/x", "title": f"{name}++:{rest}",
                "abstract": " ".join([kept[0], ADDED.format(n=3, m=1, k=2), kept[2],
                                      "We extend the conference version with a new module."])})
    return files


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=392, help="how many papers of the list")
    parser.add_argument("--errors", type=int, default=0, help="print this many errors of each kind")
    parser.add_argument("--separate", action="store_true",
                        help='[dedup] versions = "separate": preprint and published apart')
    args = parser.parse_args()
    papers = base_papers(args.papers)
    with tempfile.TemporaryDirectory() as folder:
        for name, rows in version_list(papers, args.separate).items():
            with (Path(folder) / name).open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
        problems = Problems()
        records = read_sources([Path(folder)], problems)
    settings = DedupSettings(versions="separate" if args.separate else "merge")
    started = time.perf_counter()
    result = cluster_with_evidence(records, settings)
    seconds = time.perf_counter() - started
    truth: dict[str, list[str]] = {}
    for record in records:
        truth.setdefault((record.source.id or "").split("/")[0], []).append(record.source.id)
    built = [[r.source.id for r in group] for group in result.groups]
    predicted, true_pairs = pairs_within(built), pairs_within(truth.values())
    precision, recall, f1 = scores(predicted, true_pairs)
    print(f"papers: {len(papers)}  records: {len(records)} ({len(problems)} warnings)")
    print(f"true papers: {len(truth)}  built: {len(result.groups)}  "
          f"conflicts reported: {len(result.conflicts)}")
    print(f"true pairs: {pair_count(truth.values())}  predicted pairs: {len(predicted)}")
    print(f"precision: {precision:.4f}  recall: {recall:.4f}  F1: {f1:.4f}")
    print(f"time: deduplicate {seconds:.2f} s")
    if args.errors:
        by_id = {r.source.id: r for r in records}
        for label, pairs in (("missed", true_pairs - predicted), ("wrong", predicted - true_pairs)):
            print(f"\n{label} pairs ({len(pairs)}):")
            for a, b in sorted(pairs)[: args.errors]:
                found = result.between(by_id[a], by_id[b])
                print(f"  {a} | {by_id[a].title[:60]}\n  {b} | {by_id[b].title[:60]}\n"
                      f"    {found.reason if found else 'never compared'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
