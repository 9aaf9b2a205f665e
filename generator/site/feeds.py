"""Atom feeds (with feedgen), the sitemap and robots.txt: the files that need absolute URLs."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from xml.etree import ElementTree

from feedgen.feed import FeedGenerator

from ..models import Paper
from .urls import absolute

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _updated(paper: Paper) -> dt.datetime:
    """A paper's date as a timestamp; a paper without a full date gets the build's fixed epoch."""
    date = paper.date
    if date and date.year:
        return dt.datetime(date.year, date.month or 1, date.day or 1, tzinfo=dt.UTC)
    return build_epoch()


def build_epoch() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else 1970: never the clock."""
    seconds = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC) if seconds else EPOCH


def atom_feed(papers: Sequence[Paper], title: str, base_url: str, feed_path: str,
              page_path: str, author: str = "") -> bytes:
    """An Atom feed of `papers` (newest first), with absolute URLs from `base_url`."""
    feed = FeedGenerator()
    feed.id(absolute(base_url, feed_path))
    feed.title(title)
    feed.link(href=absolute(base_url, feed_path), rel="self")
    feed.link(href=absolute(base_url, page_path), rel="alternate")
    feed.author({"name": author or title})
    feed.updated(max((_updated(p) for p in papers), default=build_epoch()))
    for paper in reversed(papers):  # feedgen prepends entries
        item = feed.add_entry()
        url = absolute(base_url, paper.url)
        item.id(url)
        item.title(paper.title)
        item.link(href=url)
        item.updated(_updated(paper))
        if paper.abstract:
            item.summary(paper.abstract)
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
