"""Atom feeds (with feedgen), the sitemap and robots.txt: the files that need absolute URLs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Sequence
from pathlib import Path
from xml.etree import ElementTree

from feedgen.feed import FeedGenerator

from ..models import Paper
from .markup import excerpt
from .urls import absolute

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SUMMARY_LENGTH = 280  # characters of the abstract in a feed entry


def source_times(folders: Sequence[Path]) -> dict[str, dt.datetime]:
    """When each source file (by its path relative to its folder) last changed: its last commit
    when the folder is in a git checkout with history, else its modification time. Times later
    than SOURCE_DATE_EPOCH are clamped to it, so a reproducible build stays reproducible."""
    times: dict[str, dt.datetime] = {}
    for folder in folders:
        single = folder.is_file()  # a source given as one file: records name it alone
        if single:
            folder, only = folder.parent, folder
        committed = _commit_times(folder)
        for path in [only] if single else sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                name = path.name if single else path.relative_to(folder).as_posix()
                seconds = committed.get(name)
                if seconds is None:
                    seconds = int(path.stat().st_mtime)
                times.setdefault(name, dt.datetime.fromtimestamp(seconds, dt.UTC))
    limit = _source_date_epoch()
    return {k: min(v, limit) for k, v in times.items()} if limit else times


def _commit_times(folder: Path) -> dict[str, int]:
    """The last commit time of each file under `folder`, from one `git log`; empty when the
    folder is not in a git checkout, git is missing, or the clone is shallow (its one commit
    says nothing about when a file entered the list)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                                  text=True, timeout=60, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout if done.returncode == 0 else None

    if not folder.is_dir() or (git("rev-parse", "--is-shallow-repository") or "").strip() != \
            "false":
        return {}
    log = git("log", "--format=%x00%ct", "--name-only", "--relative", "--no-renames", "--", ".")
    times: dict[str, int] = {}
    seconds = 0
    for line in (log or "").splitlines():
        if line.startswith("\0"):
            seconds = int(line[1:])
        elif line:
            times.setdefault(line, seconds)  # git log runs newest first
    return times


def entry_time(paper: Paper, times: dict[str, dt.datetime] | None = None) -> dt.datetime:
    """When a paper is dated in the feeds: its own date when the source gives a year (the
    listing's, else its first publication's); else
    when it entered the list (the earliest time of a source file that lists it); else the
    build's fixed epoch."""
    date = paper.dated
    if date:
        return dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)
    known = [times[r.source.file] for r in paper.records if times and r.source.file in times]
    return min(known) if known else build_epoch()


def _source_date_epoch() -> dt.datetime | None:
    seconds = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC) if seconds.isdigit() else None


def build_epoch() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else 1970: never the clock."""
    return _source_date_epoch() or EPOCH


def atom_feed(papers: Sequence[Paper], title: str, base_url: str, feed_path: str,
              page_path: str, author: str = "",
              times: dict[str, dt.datetime] | None = None) -> bytes:
    """An Atom feed of `papers` (newest first), with absolute URLs from `base_url`, each entry
    dated by `entry_time` (with `times` from `source_times`) and summarised in a few lines."""
    feed = FeedGenerator()
    feed.id(absolute(base_url, feed_path))
    feed.title(title)
    feed.link(href=absolute(base_url, feed_path), rel="self")
    feed.link(href=absolute(base_url, page_path), rel="alternate")
    feed.author({"name": author or title})
    dates = {p.slug: entry_time(p, times) for p in papers}
    feed.updated(max(dates.values(), default=build_epoch()))
    for paper in reversed(papers):  # feedgen prepends entries
        item = feed.add_entry()
        url = absolute(base_url, paper.url)
        item.id(url)
        item.title(paper.title)
        item.link(href=url)
        item.updated(dates[paper.slug])
        if paper.abstract:
            item.summary(excerpt(paper.abstract, SUMMARY_LENGTH))
        for tag in paper.tags:
            item.category(term=tag)
    return feed.atom_str(pretty=True)


def sitemap(paths: Sequence[str], base_url: str) -> bytes:
    """sitemaps.org XML listing every HTML page (as its directory URL)."""
    root = ElementTree.Element("urlset", xmlns="http://www.sitemaps.org/schemas/sitemap/0.9")
    for path in sorted(paths):
        if path.endswith(".html") and path != "404.html":
            location = ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc")
            location.text = absolute(base_url, path)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {absolute(base_url, 'sitemap.xml')}\n"
