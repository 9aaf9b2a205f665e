"""Author lists as reference managers write them, and the surnames that evidence compares."""

from __future__ import annotations

import re

from ..text import fold

AND = re.compile(r"\s+and\s+|\s*;\s*|\s*&\s*", re.IGNORECASE)


def split_authors(text: str | None) -> tuple[str, ...]:
    """`A and B` (BibTeX), `A; B`, or `A, B, C` (comma-separated full names)."""
    if not text or not text.strip():
        return ()
    if AND.search(text):
        parts = AND.split(text)
    elif text.count(",") == 1 and len(text.split(",")[0].split()) == 1:
        parts = [text]  # a single "Surname, Given"
    else:
        parts = text.split(",")
    return tuple(p.strip() for p in parts if p.strip() and p.strip().lower() != "others")


def surname(name: str) -> str:
    """The folded family name: before the comma of `Last, First`, else the last word."""
    if "," in name:
        return fold(name.split(",", 1)[0])
    words = fold(name).split()
    return words[-1] if words else ""


def surnames(authors: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s for s in (surname(a) for a in authors) if s)
