"""URL-safe, unique, stable names for papers.

A slug is made only of `a-z`, `0-9` and `-`, so no title can steer a path outside the output
folder, and it depends only on the paper's title, so it stays put from build to build.
"""

from __future__ import annotations

import hashlib
import re
import string
import unicodedata
from collections.abc import Sequence

from anyascii import anyascii

from .text import fold

MAX_LENGTH = 80
NON_ASCII = re.compile(r"[^\x00-\x7f]+")
SYLLABLE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # anyascii writes CJK as "ShenDuXueXi"
GLOTTAL = str.maketrans("", "", "`'")
IGNORED_BY_KEY = frozenset(string.whitespace + string.punctuation)


def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A slug for any script: accents folded, other letters transliterated by anyascii (Chinese
    to pinyin, Arabic, Cyrillic, emoji to their names); a title with nothing to transliterate
    gets `paper-` and a hash of the title, so it too is the same whatever the other papers."""
    words = fold(_transliterated(text)).split()
    ascii_words = [w if w.isascii() and w.isalnum() else "".join(
        c for c in w if c.isascii() and c.isalnum()) for w in words]
    slug = ""
    for word in filter(None, ascii_words):
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    if not slug and ascii_words and any(ascii_words):
        slug = next(w for w in ascii_words if w)[:max_length]
    return slug or _hashed(text, max_length)


def _transliterated(text: str) -> str:
    """Accents folded away first (é -> e), then what is still not ASCII transliterated."""
    if text.isascii():  # nothing to fold or transliterate (most titles)
        return text
    text = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))

    def ascii_of(match: re.Match[str]) -> str:
        ascii_text = anyascii(match.group()).translate(GLOTTAL)  # Arabic ` and ' in words
        ascii_text = SYLLABLE.sub(" ", ascii_text)
        return f" {ascii_text}" if ascii_text[:1].isupper() else ascii_text

    return NON_ASCII.sub(ascii_of, text)


def _hashed(text: str, max_length: int) -> str:
    key = "".join(c for c in text.casefold() if c not in IGNORED_BY_KEY)
    if not key:
        return "paper"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"paper-{digest}"[:max_length].rstrip("-")


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

