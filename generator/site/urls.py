"""Absolute URLs from the configured base URL: only feeds, citations, the sitemap, canonical
and OpenGraph tags, and 404.html use them; links between pages stay relative."""

from __future__ import annotations

from urllib.parse import urlsplit


def absolute(base_url: str, path: str) -> str:
    """`path` (from the site root; a trailing index.html dropped) under `base_url`. Without a
    base URL it is root-relative: right only at a domain root, so set `[site] base_url`."""
    return base_url.rstrip("/") + "/" + path.lstrip("/").removesuffix("index.html")


def base_path(base_url: str) -> str:
    """The path the site is published at, e.g. `/reading-list/` (404.html's <base href>)."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
