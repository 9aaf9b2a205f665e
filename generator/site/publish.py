"""The machine-readable files of the site: feeds, BibTeX bundles, sitemap and robots.txt."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import getitem
from pathlib import Path

from ..config import Config
from .citations import bundle
from .feeds import atom_feed, robots, sitemap, source_times
from .render import Library


def publish_files(library: Library, config: Config, page_paths: Iterable[str],
                  source_folders: Sequence[Path] | None = None
                  ) -> dict[str, str | Callable[[], str]]:
    """Every non-HTML file that points into the site, with absolute URLs from the base URL.
    Feed entries without a full date are dated by their source files (`source_folders`,
    by default the configured ones). The BibTeX files are functions that make them, called
    as the writer writes them: at 100k papers the bundles alone are hundreds of megabytes."""
    site = config.site
    base = site.base_url
    newest = config.build.feed_entries or None  # papers are newest first
    folders = source_folders if source_folders is not None else [
        *config.source_paths()]
    times = source_times(folders)
    files: dict[str, str | Callable[[], str]] = {
        "feed.xml": atom_feed(library.papers[:newest], site.title, base, "feed.xml", "",
                              site.author, times),
        "papers.bib": partial(bundle, library.citations, list(library.citations)),
        "sitemap.xml": sitemap(list(page_paths), base),
        "robots.txt": robots(base),
    }
    for paper in library.papers:
        files[f"papers/{paper.slug}/{paper.slug}.bib"] = partial(getitem, library.citations,
                                                                 paper.slug)
    for tag in library.tags:
        papers = library.papers_by_tag[tag.slug]
        files[f"tags/{tag.slug}/feed.xml"] = atom_feed(
            papers[:newest], f"{site.title}: {tag.name}", base, f"tags/{tag.slug}/feed.xml",
            f"tags/{tag.slug}/", site.author, times)
        files[f"tags/{tag.slug}/papers.bib"] = partial(bundle, library.citations,
                                                       [p.slug for p in papers], abstracts=False)
    return files
