"""URL-safe, unique, stable names for papers.

A slug is made only of `a-z`, `0-9` and `-`, so no title can steer a path outside the output
folder, and it depends only on the paper's title, so it stays put from build to build.
"""

from __future__ import annotations

from collections.abc import Sequence

from .text import fold

MAX_LENGTH = 80


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    words = fold(text).split()
    ascii_words = ["".join(c for c in w if c.isascii() and c.isalnum()) for w in words]
    slug = ""
    for word in filter(None, ascii_words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and ascii_words and any(ascii_words):
        slug = next(w for w in ascii_words if w)[:max_length]
    return slug or "paper"


def assign_slugs(titles: Sequence[str]) -> list[str]:
    """Slugs for titles in the given (stable) order; a repeated slug gets -2, -3, ..."""
    used: set[str] = set()
    slugs: list[str] = []
    for title in titles:
        base = slugify(title)
        slug = base
        counter = 2
        while slug in used:
            slug = f"{base}-{counter}"
            counter += 1
        used.add(slug)
        slugs.append(slug)
    return slugs

