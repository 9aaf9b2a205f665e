"""Citations, feeds, sitemap and related papers: the files other tools read."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path

import bibtexparser
import feedparser

from generator.models import Paper, PaperDate
from generator.site.citations import bibtex, bundle, citations, for_citing
from generator.site.feeds import atom_feed, robots, sitemap
from generator.site.related import related_papers

ROOT = Path(__file__).resolve().parent.parent


def paper(slug: str, title: str, abstract: str = "", **fields) -> Paper:
    return Paper(slug=slug, title=title, abstract=abstract, records=(), titles=(title,), **fields)


HOSTILE = paper("a-b", "A & B: 100% {braces} #1 under_score, Schäfl's $x$", "Costs 5% & more.",
                authors=("Schäfl, Bernhard", "Hochreiter, Sepp"), date=PaperDate(year=2020),
                venue="ACM Transactions on Database Systems", doi="10.1145/1.2")


def test_bibtex_parses_back_with_a_standard_parser():
    text = bibtex([HOSTILE, paper("second", "Second Paper")], "https://x.org/list/")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == ["a-b", "second"]
    first = library.entries[0]
    assert first.entry_type == "article"
    assert first["journal"] == "ACM Transactions on Database Systems"
    assert first["doi"] == "10.1145/1.2"
    assert first["url"] == "https://x.org/list/papers/a-b/"
    assert r"100\%" in first["title"] and r"\&" in first["title"]


def test_entry_for_citing_leaves_out_only_the_abstract():
    tricky = paper("t", "Title, with abstract = {not a field}",
                   "An abstract = {x} with $a = {b}$,\n\tabstract = {and a line like a field}.",
                   authors=("Smith, Jo",), date=PaperDate(year=2021))
    texts = citations([tricky, HOSTILE], "https://x.org/")
    full = bibtexparser.parse_string(bundle(texts, list(texts)).decode()).entries
    cited = bibtexparser.parse_string(bundle(texts, list(texts), abstracts=False).decode())
    assert not cited.failed_blocks
    for whole, short in zip(full, cited.entries, strict=True):
        assert "abstract" in whole.fields_dict and "abstract" not in short.fields_dict
        assert {k: f.value for k, f in whole.fields_dict.items() if k != "abstract"} == {
            k: f.value for k, f in short.fields_dict.items()}
    assert for_citing(texts["t"]) == for_citing(for_citing(texts["t"]))
    no_abstract = citations([paper("n", "No Abstract")])["n"]
    assert for_citing(no_abstract) == no_abstract


def test_pages_and_tag_bundles_cite_without_the_abstract_full_records_keep_it(project, run_cli):
    assert run_cli(cwd=project).exit_code == 0
    site = project / "site"
    start = "abstract = {A generative adversarial network that produces talking heads"
    [page] = [p for p in (site / "papers").glob("*/index.html") if "Depth-Aware" in p.read_text()]
    slug = page.parent.name
    shown = page.read_text(encoding="utf-8").split('<pre class="bibtex"')[1].split("</pre>")[0]
    assert f"@misc{{{slug}," in shown and "title = {" in shown and "abstract" not in shown
    assert start in (page.parent / f"{slug}.bib").read_text(encoding="utf-8")
    assert start in (site / "papers.bib").read_text(encoding="utf-8")
    gan = (site / "tags" / "gan" / "papers.bib").read_text(encoding="utf-8")
    assert f"@misc{{{slug}," in gan and "abstract" not in gan


def test_bibtex_keys_are_unique_and_stable():
    papers = [paper(f"p{i}", f"Paper {i}") for i in range(5)]
    once, again = bibtex(papers), bibtex(list(reversed(papers)))
    assert once == again
    keys = [e.key for e in bibtexparser.parse_string(once).entries]
    assert len(set(keys)) == len(keys) == 5


def test_atom_feed_is_valid_and_absolute():
    papers = [paper("one", "One", "First.", date=PaperDate(month=3, day=2, year=2024),
                    tags=("gnn",)), paper("two", "Two", "Second.")]
    feed = feedparser.parse(atom_feed(papers, "List", "https://x.org/list/", "feed.xml", ""))
    assert not feed.bozo
    assert [e.link for e in feed.entries] == ["https://x.org/list/papers/one/",
                                             "https://x.org/list/papers/two/"]
    assert feed.entries[0].tags[0].term == "gnn"
    assert feed.feed.updated.startswith("2024-03-02")


def test_atom_feed_is_reproducible_without_dates(monkeypatch):
    papers = [paper("two", "Two", "Second.")]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert atom_feed(papers, "L", "https://x.org/", "f.xml", "") == atom_feed(
        papers, "L", "https://x.org/", "f.xml", "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert b"2023-11-14" in atom_feed(papers, "L", "https://x.org/", "f.xml", "")


def test_sitemap_lists_pages_as_directory_urls():
    xml = sitemap(["index.html", "papers/a/index.html", "404.html", "papers.json"],
                  "https://x.org/list/").decode()
    assert "<loc>https://x.org/list/</loc>" in xml
    assert "<loc>https://x.org/list/papers/a/</loc>" in xml
    assert "404" not in xml and "papers.json" not in xml
    assert robots("https://x.org/list/").endswith("Sitemap: https://x.org/list/sitemap.xml\n")


def test_related_papers_rank_by_shared_rare_words():
    papers = [
        paper("hopfield", "Hopfield networks", "Associative memory with modern Hopfield "
              "networks and energy functions."),
        paper("dense-memory", "Dense associative memory", "Energy functions for associative "
              "memory beyond Hopfield networks."),
        paper("detector", "Object detection", "A cascade of detectors for bounding boxes."),
        paper("boxes", "Bounding boxes", "Detectors that regress bounding boxes in cascade."),
    ]
    related = related_papers(papers, count=1)
    assert related["hopfield"] == ("dense-memory",)
    assert related["detector"] == ("boxes",)
    assert all(slug not in related[slug] for slug in related)


def test_related_papers_of_a_short_list_are_not_made_by_function_words():
    # Under 20 papers no word is common enough to drop by count, so "the", "of", "we" would
    # outweigh the one subject word two abstracts share.
    papers = [
        paper("coloring", "Graph coloring", "We show that the coloring of the graph is in the "
              "class of the problems that we can solve with the method of the paper."),
        paper("prose", "On the way", "We show that the way of the world is in the class of "
              "the things that we can see with the eye of the mind."),
        paper("heuristics", "Coloring heuristics", "Greedy coloring heuristics."),
    ]
    assert related_papers(papers, count=1)["coloring"] == ("heuristics",)


def test_related_papers_read_words_in_any_script_and_survive_a_lone_surrogate():
    # words are hashed from one encoding of each paper's words: words with letters outside
    # ASCII stay whole, and a lone surrogate from a broken source (not a letter) breaks nothing
    from generator.site.related import BUCKETS, _word_counts

    counts = _word_counts(["Übergang straße\ud800graph", "the Übergang"]).tocsr()
    bucket = {w: zlib.crc32(w.encode("utf-8", "surrogatepass")) & (BUCKETS - 1)
              for w in ("übergang", "straße", "graph")}
    assert sorted(counts[0].indices.tolist()) == sorted(bucket.values())
    assert counts[1].indices.tolist() == [bucket["übergang"]]  # "the" is a function word
    papers = [paper("a", "Übergänge", "Über die Übergänge der Straße."),
              paper("b", "Straße", "Die Straße und ihre Übergänge."),
              paper("c", "Graphs", "Coloring of graphs.")]
    assert related_papers(papers, count=1)["a"] == ("b",)


def test_related_papers_are_the_same_in_every_process():
    # Python's own string hash changes from run to run; the build's output may not.
    script = ("import json; from tests.test_publishing import paper; "
              "from generator.site.related import related_papers; "
              "print(json.dumps(related_papers([paper(f'p{n}', f'Paper {n}', "
              "f'topic{n % 8} area{n % 5} item{n}') for n in range(40)], 3)))")
    runs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed}
                           ).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and json.loads(runs.pop())["p1"]


def test_latex_escaping_agrees_with_bibtexparsers_encoder():
    # The fast table must write what bibtexparser's LatexEncodingMiddleware (pylatexenc) writes
    # for prose: specials, accents, typographic quotes and dashes, Greek, math kept, URLs wrapped;
    # but math symbols as `{$\alpha$}` where it writes `\ensuremath{\alpha}` (the same to LaTeX,
    # and what BibTeX readers that are not TeX decode: tests/test_scholarly_readers.py).
    from bibtexparser.middlewares import LatexEncodingMiddleware
    from bibtexparser.model import Entry, Field

    from generator.site.citations import latex_escape

    texts = ["A & B: 100% {braces} #1 under_score ~tilde ^caret back\\slash",
             "Schäfl, Gödel, Erdős, Łukasiewicz, Ångström, façade, naïve, ø, ß",
             "“Quoted” — dashes – and ‘single’ quotes… α-β ≤ ∑",
             "math $O(n \\log n)$ stays, code at https://github.com/a_b/c and www.x.org/y_z",
             # plain ASCII but for a link (the escaper's shortcut for plain text must not skip it)
             "Plain words and a link: https://example.org/paper.", "see www.example.org/code now",
             "Plain words, nothing to escape or keep."]
    encoder = LatexEncodingMiddleware()
    for text in texts:
        entry = encoder.transform_entry(Entry("misc", "k", [Field("title", text)]),
                                        bibtexparser.Library())
        expected = re.sub(r"\\ensuremath\{(\\[A-Za-z]+)\}", r"{$\1$}", entry.fields[0].value)
        assert latex_escape(text) == expected, text


def test_latex_escaping_writes_angle_brackets_and_quotes_in_text_mode():
    from generator.site.citations import latex_escape

    assert latex_escape('<b> "x"') == \
        "{\\textless}b{\\textgreater} {\\textquotedbl}x{\\textquotedbl}"
    assert latex_escape("μ-law, $a<b$") == "{$\\mu$}-law, $a<b$"  # math in `$` is kept


def test_feeds_hold_the_newest_entries_only(project, run_cli):
    config = project / "site.toml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "[build]\n", "[build]\nfeed_entries = 1\n"), encoding="utf-8")
    assert run_cli(cwd=project).exit_code == 0
    feed = feedparser.parse((project / "site" / "feed.xml").read_bytes())
    assert len(feed.entries) == 1
    papers = (project / "site" / "papers.json").read_text(encoding="utf-8")
    assert papers.count('"slug"') == 2  # the data export stays complete
