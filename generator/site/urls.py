"""Absolute URLs from the configured base URL: only feeds, citations, the sitemap, canonical
and OpenGraph tags, and 404.html use them; links between pages stay relative."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from ..errors import BuildError
from ..links import link_problem


def absolute(base_url: str, path: str) -> str:
    """`path` (from the site root; a trailing index.html dropped) under `base_url`. Without a
    base URL it is root-relative: right only at a domain root, so set `[site] base_url`.
    A base URL the link policy refuses is an error (load_config reports it with its line)."""
    if base_url and (problem := _base_problem(base_url)):
        raise BuildError(f"[site] base_url {base_url!r} cannot start a link: {problem}")
    return base_url.rstrip("/") + "/" + path.lstrip("/").removesuffix("index.html")


@lru_cache(maxsize=8)
def _base_problem(base_url: str) -> str | None:
    return link_problem(base_url, relative=False)


def base_path(base_url: str) -> str:
    """The path the site is published at, e.g. `/reading-list/` (404.html's <base href>)."""
    path = urlsplit(base_url).path or "/"
    return path if path.endswith("/") else path + "/"
