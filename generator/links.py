"""The one place that decides what may become a link in the site.

Every URL that reaches an `href`, a `src`, a feed, the sitemap, JSON-LD or BibTeX is either
`http`/`https` with a host (`mailto` where the caller allows it) or a relative path that stays
inside the site. Anything else (`javascript:`, `data:`, `vbscript:`, a scheme hidden behind a
tab or a newline, `//host`, a path climbing out with `..`) is refused: the caller drops it and
warns with the file and line it came from. Browsers strip tabs and newlines inside URLs and
treat `\\` as `/`, so those characters are refused outright rather than cleaned.
"""

from __future__ import annotations

import re
from posixpath import normpath
from urllib.parse import urlsplit

WEB_SCHEMES = frozenset({"http", "https"})
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"'`]")


def link_problem(url: str, mailto: bool = False, relative: bool = True) -> str | None:
    """Why `url` may not be a link of the site, or None when it may.

    `relative`: whether a path inside the site is acceptable (nav links) or only an absolute
    web address is (a record's `url`, the base URL)."""
    if not url:
        return "the URL is empty"
    if UNSAFE_CHARS.search(url):
        return "the URL holds a space, a control character, a quote or a backslash"
    scheme = SCHEME.match(url)
    if scheme:
        name = scheme.group(1).lower()
        if name == "mailto" and mailto:
            return None if len(url) > len("mailto:") else "the mailto: link has no address"
        if name not in WEB_SCHEMES:
            allowed = "http, https" + (" or mailto" if mailto else "")
            return f"the scheme {name}: is not allowed (only {allowed})"
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        return None if host else "the URL has no host name"
    if not relative:
        return "the URL is not absolute (it must start with https:// or http://)"
    if url.startswith("/"):
        if url.startswith("//"):
            return "a URL starting with // points to another site; write https:// in full"
        url = url.lstrip("/")
    path = urlsplit(url).path
    if path and normpath(path).split("/", 1)[0] == "..":
        return "the relative path leads out of the site"
    return None


def safe_link(url: str | None, mailto: bool = False, relative: bool = True) -> str | None:
    """`url` when it may be a link (see `link_problem`), else None."""
    if url is None or link_problem(url, mailto, relative) is not None:
        return None
    return url
