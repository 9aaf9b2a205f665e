"""The owner's notes on papers (content/notes/*.md), attached to the papers they are about.

A note `<paper-slug>.md` (in the folder or any folder below it) is about that paper; front
matter `paper = "..."` may name it instead by exact title, slug, source id or `file:line`.
Optional TOML front matter between `+++` lines gives `tags`, `status`, `rating` and
`date_read`. A problem in a note is a warning naming the note's file and line: a value that is
wrong is ignored, a note whose front matter cannot be read or that names no paper is skipped,
and the build goes on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Problems
from ..models import Paper
from .prose import (
    Document,
    FrontMatterError,
    display_path,
    hidden,
    markdown_html,
    read_document,
    read_text,
)

KEYS = ("paper", "tags", "status", "rating", "date_read")
STATUSES = ("to read", "reading", "read")


def attach_notes(folder: Path, papers: Sequence[Paper], tag_slugs: Sequence[str],
                 problems: Problems, root: Path | None = None,
                 index: Callable[[], dict[str, list[Paper]]] | None = None) -> list[Paper]:
    """`papers` with every note in `folder` attached; warnings name files relative to `root`.
    `index()` gives `note_index(papers)` when the caller keeps it between builds; it is asked
    for only if there is a note (at 8,000 papers it costs 60 ms)."""
    notes = sorted(p for p in folder.rglob("*.md") if not hidden(p, folder)) \
        if folder.is_dir() else []
    if not notes:
        return list(papers)
    names = note_index(papers) if index is None else index()
    by_slug = {p.slug: p for p in papers}
    noted: dict[str, str] = {}  # paper slug -> the note file attached to it
    for path in notes:
        name = display_path(path, root)
        try:
            document = read_document(read_text(path, name, problems), KEYS)
        except FrontMatterError as error:
            problems.warn(name, error.line, f"{error}; the note is skipped")
            continue
        except UnicodeDecodeError:
            problems.warn(name, None, "not valid UTF-8; the note is skipped")
            continue
        paper = _paper_of(document, path, names, by_slug, name, problems)
        if paper is None:
            continue
        if paper.slug in noted:
            problems.warn(name, document.line_of("paper"),
                          f"{paper.slug!r} already has a note ({noted[paper.slug]}); "
                          "this one is skipped")
            continue
        noted[paper.slug] = name
        by_slug[paper.slug] = _with_note(by_slug[paper.slug], document, tag_slugs, name,
                                         problems)
    return [by_slug[p.slug] for p in papers]


def note_index(papers: Sequence[Paper]) -> dict[str, list[Paper]]:
    """Each paper under its slug, titles (folded), source ids and file:line positions."""
    by_name: dict[str, list[Paper]] = defaultdict(list)
    for paper in papers:
        names = {paper.slug, *(_fold(t) for t in paper.titles)}
        for record in paper.records:
            names.add(_fold(record.title))
            names.add(str(record.source))
            if record.source.id:
                names.add(record.source.id)
        for name in names:
            by_name[name].append(paper)
    return by_name


def _fold(title: str) -> str:
    return " ".join(title.split()).casefold()


def _paper_of(document: Document, path: Path, index: dict[str, list[Paper]],
              by_slug: dict[str, Paper], name: str, problems: Problems) -> Paper | None:
    reference = document.meta.get("paper")
    if reference is None:
        if path.stem in by_slug:
            return by_slug[path.stem]
        problems.warn(name, None, f"the file name names no paper: no paper has the slug "
                      f"{path.stem!r}; name the file <paper-slug>.md or set paper = \"<exact "
                      "title>\" in the front matter; the note is skipped")
        return None
    line = document.line_of("paper")
    if not isinstance(reference, str):
        problems.warn(name, line, "`paper` must be a string; the note is skipped")
        return None
    found = index.get(reference) or index.get(_fold(reference)) or []
    if not found:
        problems.warn(name, line, f"paper = {reference!r} names no paper (by slug, exact title, "
                      "source id or file:line); the note is skipped")
        return None
    if len(found) > 1:
        slugs = ", ".join(sorted(p.slug for p in found))
        problems.warn(name, line, f"paper = {reference!r} names several papers ({slugs}); use "
                      "a slug or file:line; the note is skipped")
        return None
    return found[0]


def _with_note(paper: Paper, document: Document, tag_slugs: Sequence[str], name: str,
               problems: Problems) -> Paper:
    meta = document.meta
    extra = _tags(meta.get("tags"), document, tag_slugs, name, problems)
    tags = tuple(t for t in tag_slugs if t in paper.tags or t in extra)
    tags += tuple(t for t in paper.tags if t not in tags)
    return replace(
        paper,
        tags=tags,
        note_html=str(markdown_html(document.body)) if document.body.strip() else "",
        status=_status(meta.get("status"), document, name, problems),
        rating=_rating(meta.get("rating"), document, name, problems),
        date_read=_date(meta.get("date_read"), document, name, problems),
    )


def _tags(value: Any, document: Document, tag_slugs: Sequence[str], name: str,
          problems: Problems) -> set[str]:
    if value is None:
        return set()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.warn(name, document.line_of("tags"), "`tags` must be a list of tag slugs; "
                      "ignored")
        return set()
    known = set(tag_slugs)
    for slug in value:
        if slug not in known:
            problems.warn(name, document.line_of_value(slug) or document.line_of("tags"),
                          f"tag {slug!r} is not in the taxonomy in site.toml; ignored")
    return {slug for slug in value if slug in known}


def _status(value: Any, document: Document, name: str, problems: Problems) -> str | None:
    if value is None:
        return None
    if value not in STATUSES:
        allowed = ", ".join(f'"{s}"' for s in STATUSES)
        problems.warn(name, document.line_of("status"),
                      f"status {value!r} is not one of {allowed}; ignored")
        return None
    return value


def _rating(value: Any, document: Document, name: str, problems: Problems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        problems.warn(name, document.line_of("rating"),
                      f"rating {value!r} must be a whole number from 1 to 5; ignored")
        return None
    return value


def _date(value: Any, document: Document, name: str, problems: Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    problems.warn(name, document.line_of("date_read"),
                  f"date_read {value!r} must be a date such as 2024-03-01; ignored")
    return None
