"""Incremental rebuilds: the cache beside the site, unchanged files left alone, and a result
byte-identical to a clean build whatever state the cache is in."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from conftest import write_project

from generator.build import BuildOptions, build
from generator.cache import MARKER, BuildCache, cache_folder
from generator.config import load_config

NOTE = '+++\nstatus = "read"\nrating = 4\n+++\n\nThe normalisation trick is the point.\n'


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file the generator writes (Pagefind's bundle names its files by varying hashes)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] != "pagefind"}


def times(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def run(project: Path, output: Path | None = None):
    return build(load_config(project / "site.toml"), BuildOptions(output=output))


def clean_copy(project: Path, tmp_path: Path) -> dict[str, bytes]:
    """The same project built from scratch somewhere else, with no cache."""
    fresh = tmp_path / "fresh"
    shutil.copytree(project, fresh, ignore=shutil.ignore_patterns("site", ".site-cache"))
    run(fresh)
    return snapshot(fresh / "site")


def test_cache_lives_beside_the_site_and_is_marked(project):
    run(project)
    folder = cache_folder(project / "site")
    assert folder == project / ".site-cache"
    assert (folder / MARKER).read_text(encoding="utf-8").startswith("Signature: 8a477f597d28")


def test_no_change_rebuild_rewrites_nothing(project):
    first = run(project)
    site = project / "site"
    before, contents = times(site), snapshot(site)
    again = run(project)
    assert times(site) == before  # not one file rewritten, the search bundle included
    assert snapshot(site) == contents
    assert "write" not in again.timings and "merge" not in again.timings
    assert (again.records, len(again.papers), again.pages) == (
        first.records, len(first.papers), first.pages)


def test_a_new_note_rewrites_only_what_shows_it_and_matches_a_clean_build(project, tmp_path):
    run(project)
    site = project / "site"
    before = times(site)
    (project / "content" / "notes").mkdir(parents=True)
    (project / "content" / "notes" / "scaling-graph-neural-networks.md").write_text(
        NOTE, encoding="utf-8")
    run(project)
    after = times(site)
    changed = {path for path in after if before.get(path) != after[path]}
    assert "papers/scaling-graph-neural-networks/index.html" in changed
    gan = "talking-heads-with-a-depth-aware-gan"
    untouched = f"papers/{gan}/{gan}.bib"
    assert untouched not in changed and "static/style.css" not in changed
    assert "The normalisation trick" in (
        site / "papers/scaling-graph-neural-networks/index.html").read_text(encoding="utf-8")
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_a_changed_source_is_not_served_from_the_cache(project, tmp_path):
    run(project)
    listing = project / "content" / "sources" / "list.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "Scaling Graph Neural Networks", "Scaling Graph Neural Networks Further"),
        encoding="utf-8")
    run(project)
    assert (project / "site" / "papers" / "scaling-graph-neural-networks-further").is_dir()
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_deploy_with_the_cache_restored_and_no_site_skips_merging(project, tmp_path):
    """What the Pages workflow does: a fresh checkout (no site/) with .site-cache/ restored."""
    run(project)
    shutil.rmtree(project / "site")
    os.utime(project / "site.toml")  # a checkout's files are new, their bytes the same
    result = run(project)
    assert "merge" not in result.timings and "read" not in result.timings
    assert "write" in result.timings and "search" in result.timings
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_corrupt_cache_is_rebuilt_not_trusted(project, tmp_path):
    run(project)
    for entry in cache_folder(project / "site").glob("*.pickle"):
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2] + b"garbage")
    result = run(project)
    assert "merge" in result.timings and "write" in result.timings
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_site_edited_by_hand_is_rebuilt(project):
    run(project)
    page = project / "site" / "index.html"
    original = page.read_bytes()
    page.write_text("edited by hand", encoding="utf-8")
    run(project)
    assert page.read_bytes() == original


def test_a_folder_not_made_by_the_build_is_never_used_as_cache(project):
    foreign = project / ".site-cache"
    foreign.mkdir()
    (foreign / "papers.pickle").write_bytes(b"someone else's file")
    run(project)
    assert sorted(p.name for p in foreign.iterdir()) == ["papers.pickle"]
    assert (foreign / "papers.pickle").read_bytes() == b"someone else's file"
    assert (project / "site" / "index.html").is_file()


def test_a_link_planted_in_the_site_is_never_carried_over(project, tmp_path):
    run(project)
    style = project / "site" / "static" / "style.css"
    stat = style.stat()
    secret = tmp_path / "secret.txt"  # the size and time the manifest recorded for style.css
    secret.write_bytes(b"x" * stat.st_size)
    os.utime(secret, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    style.unlink()
    style.symlink_to(secret)
    run(project)
    assert not style.is_symlink()
    assert style.read_bytes() == (project / "static" / "style.css").read_bytes()


TOPICS = ["graph neural networks", "generative adversarial networks", "protein folding",
          "speech recognition", "weather forecasting", "robot grasping"]


def listing_of(count: int) -> str:
    """A listing page of `count` papers, each on a topic that two tags' terms pick out."""
    records = []
    for number in range(count):
        topic = TOPICS[number % len(TOPICS)]
        records.append(f"Study {number} of {topic}\n\nWe look at {topic} from a new angle, "
                       f"number {number}, with a GNN or a GAN where it helps.\n")
    return "new\n\nSubscribe\n\nMar 11\n\n" + "\n".join(records)


def note(text: str, rating: int = 4) -> str:
    return f'+++\nstatus = "read"\nrating = {rating}\n+++\n\n{text}\n'


def settled(project: Path):
    """Built, then rebuilt after a change no page reads (the stylesheet's bytes): from its
    first rebuild on, a site's pages are noted for reuse."""
    run(project)
    style = project / "static" / "style.css"
    style.write_text(style.read_text(encoding="utf-8") + "\n/* settled */\n", encoding="utf-8")
    return run(project)


def html_pages(site: Path) -> dict[str, str]:
    return {path: content.decode("utf-8") for path, content in snapshot(site).items()
            if path.endswith(".html")}


def test_a_new_site_notes_no_page_inputs_and_the_first_rebuild_does(project):
    """A clean build (a deploy) has no pages to reuse and notes nothing; the first rebuild of
    the site renders every page, rewrites none whose bytes are the same, and notes them."""
    first = run(project)
    records = cache_folder(project / "site").glob("pages-*.pickle")
    assert first.reused == 0 and list(records) == []
    before = times(project / "site")
    (project / "static" / "style.css").write_text("body { color: red }\n", encoding="utf-8")
    second = run(project)  # pages do not read the stylesheet's bytes
    assert second.reused == 0 and len(list(cache_folder(project / "site").glob("pages-*")))
    after = times(project / "site")
    assert {p for p in before if after[p] != before[p]} == {"static/style.css"}
    (project / "static" / "style.css").write_text("body { color: blue }\n", encoding="utf-8")
    assert run(project).reused == second.pages


def test_an_edited_note_renders_only_the_pages_that_show_its_paper(tmp_path):
    project = write_project(tmp_path / "project", listing=listing_of(14))
    notes = project / "content" / "notes"
    notes.mkdir(parents=True)
    (notes / "study-2-of-protein-folding.md").write_text(note("First thoughts."),
                                                          encoding="utf-8")
    assert settled(project).reused == 0
    (notes / "study-2-of-protein-folding.md").write_text(note("Second thoughts."),
                                                          encoding="utf-8")
    again = run(project)
    site = project / "site"
    showing = {path for path, html in html_pages(site).items()
               if "papers/study-2-of-protein-folding/" in html}
    assert "papers/study-2-of-protein-folding/index.html" in showing
    assert again.pages - again.reused == len(showing) < again.pages / 2
    assert "Second thoughts." in (site / "papers/study-2-of-protein-folding/index.html"
                                  ).read_text(encoding="utf-8")
    assert snapshot(site) == clean_copy(project, tmp_path)


def test_an_edited_template_renders_only_the_pages_made_with_it(project, tmp_path):
    settled(project)
    tag_template = project / "templates" / "tag.html"
    tag_template.write_text(tag_template.read_text(encoding="utf-8").replace(
        "<h1>{{ tag.name }}</h1>", "<h1>Tag: {{ tag.name }}</h1>"), encoding="utf-8")
    again = run(project)
    tag_pages = [path for path in html_pages(project / "site") if path.startswith("tags/")
                 and path != "tags/index.html"]
    assert tag_pages and again.pages - again.reused == len(tag_pages)
    assert "<h1>Tag: GANs</h1>" in (project / "site/tags/gan/index.html").read_text(
        encoding="utf-8")
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_page_edited_by_hand_is_rendered_again_not_reused(tmp_path):
    project = write_project(tmp_path / "project", listing=listing_of(14))
    notes = project / "content" / "notes"
    notes.mkdir(parents=True)
    (notes / "study-2-of-protein-folding.md").write_text(note("First."), encoding="utf-8")
    run(project)
    other = project / "site" / "papers" / "study-10-of-weather-forecasting" / "index.html"
    original = other.read_bytes()
    other.write_bytes(original.replace(b"Study 10", b"Study 100"))
    (notes / "study-2-of-protein-folding.md").write_text(note("Second."), encoding="utf-8")
    run(project)
    assert other.read_bytes() == original


def test_a_template_reading_every_note_is_rendered_again_when_one_changes(tmp_path):
    """The cache follows what a template reads of `library`, whatever template it is."""
    project = write_project(tmp_path / "project", listing=listing_of(8))
    (project / "templates" / "paper.html").write_text(
        '{% extends "default/paper.html" %}\n{% block footer %}{{ super() }}<p>Ratings: '
        '{{ library.noted | map(attribute="rating") | join(", ") }}</p>{% endblock %}\n',
        encoding="utf-8")
    notes = project / "content" / "notes"
    notes.mkdir(parents=True)
    (notes / "study-2-of-protein-folding.md").write_text(note("Good.", 4), encoding="utf-8")
    run(project)
    (notes / "study-2-of-protein-folding.md").write_text(note("Good.", 2), encoding="utf-8")
    again = run(project)
    papers = [path for path in html_pages(project / "site") if path.startswith("papers/")]
    assert again.pages - again.reused >= len(papers) == 8
    assert "<p>Ratings: 2</p>" in (project / "site/papers/study-0-of-graph-neural-networks/"
                                   "index.html").read_text(encoding="utf-8")
    assert snapshot(project / "site") == clean_copy(project, tmp_path)


def test_a_cache_entry_is_read_back_only_whole_and_for_its_key(tmp_path):
    store = BuildCache(tmp_path / ".site-cache")
    value = {"papers": ["a\nb" * 1000, b"\n" * 600], "count": 3}
    store.put("papers", "key-1", value)
    assert store.get("papers", "key-1") == value
    assert store.get("papers", "key-2") is None  # stale
    entry = tmp_path / ".site-cache" / "papers.pickle"
    data = entry.read_bytes()
    for damaged in (data[:100] + bytes([data[100] ^ 1]) + data[101:],  # one bit of the body
                    data[:-1], data[:len(data) // 2], b"", b"\n"):
        entry.write_bytes(damaged)
        assert store.get("papers", "key-1") is None
