"""The machine-readable files of the site: feeds, BibTeX bundles, CSL-JSON, sitemap and
robots.txt."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from operator import getitem
from pathlib import Path

from ..config import Config
from ..output.files import Keyed
from .citations import bundle
from .csl_export import papers_csl_json
from .feeds import atom_feed, build_epoch, robots, sitemap, source_times
from .library import Library

Key = Callable[..., "str | None"]  # a digest of plain values and papers, or None


def publish_files(library: Library, config: Config, page_paths: Iterable[str],
                  source_folders: Sequence[Path] | None = None, key: Key | None = None
                  ) -> dict[str, str | Callable[[], str | bytes]]:
    """Every non-HTML file that points into the site, with absolute URLs from the base URL.
    Feed entries without a full date are dated by their source files (`source_folders`,
    by default the configured ones). The BibTeX files are functions that make them, called
    as the writer writes them: at 100k papers the bundles alone are hundreds of megabytes.
    With `key`, the feeds and the sitemap are `Keyed` by what they are made from, so a rebuild
    makes only those whose papers (or pages) changed."""
    site = config.site
    base = site.base_url
    newest = config.build.feed_entries or None  # papers are newest first
    folders = source_folders if source_folders is not None else [
        *config.source_paths()]
    times = source_times(folders)

    def keyed(make: Callable[..., str | bytes], *arguments: object) -> Callable[[], str | bytes]:
        made = partial(make, *arguments)
        digest = key(make.__name__, build_epoch(), arguments) if key is not None else None
        return made if digest is None else Keyed(digest, made)

    feed = partial(keyed, atom_feed)

    files: dict[str, str | Callable[[], str | bytes]] = {
        "feed.xml": feed(library.papers[:newest], site.title, base, "feed.xml", "",
                         site.author, times),
        "papers.bib": partial(bundle, library.citations, list(library.citations)),
        "papers.csl.json": keyed(papers_csl_json, library.papers, base),
        "sitemap.xml": keyed(sitemap, sorted(page_paths), base),
        "robots.txt": robots(base),
    }
    for paper in library.papers:
        files[f"papers/{paper.slug}/{paper.slug}.bib"] = partial(getitem, library.citations,
                                                                 paper.slug)
    for tag in library.tags:
        papers = library.papers_by_tag[tag.slug]
        files[f"tags/{tag.slug}/feed.xml"] = feed(
            papers[:newest], f"{site.title}: {tag.name}", base, f"tags/{tag.slug}/feed.xml",
            f"tags/{tag.slug}/", site.author, times)
        files[f"tags/{tag.slug}/papers.bib"] = partial(bundle, library.citations,
                                                       [p.slug for p in papers], abstracts=False)
    return files
