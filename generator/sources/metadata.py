"""The looked-up metadata (content/metadata.json), read by every build and applied to records.

`build-site lookup` writes the file; a build only reads it, so it stays offline and deterministic.
An entry names its paper by keys that survive re-titling: the folded title and a hash of the
folded abstract's opening (see `record_keys`). A record takes an entry's arXiv id, authors,
publication date and links when one of its keys matches; its listing date gains a year when the
looked-up dates agree with it (see `dated`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..config import Config
from ..dedup.fingerprint import MIN_ABSTRACT_WORDS
from ..dedup.identifiers import normalise_arxiv
from ..errors import BuildError, Problems
from ..links import link_problem
from ..models import PaperDate, Record
from ..text import fold, without_unwanted_characters

FORMAT = 1
FOUND, NOT_FOUND, NO_MATCH = "found", "not found", "no match"
STATUSES = (FOUND, NOT_FOUND, NO_MATCH)
OPENING_WORDS = 40  # enough to tell abstracts apart, few enough to survive a truncated listing
LISTING_DELAY = dt.timedelta(days=14)  # Hugging Face lists a paper up to 14 days after arXiv
CLOCK_SLACK = dt.timedelta(days=1)  # time zones: a listing may carry the day before


@dataclass(frozen=True)
class Entry:
    """One paper's looked-up metadata. `pinned`: the owner's; the lookup never changes it."""

    id: str
    title: str
    keys: tuple[str, ...]
    status: str = NOT_FOUND
    pinned: bool = False
    looked_up: str | None = None  # ISO date of the lookup
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date of the first arXiv version
    listed: str | None = None  # ISO date Hugging Face listed it (its daily papers)
    hf_url: str | None = None
    arxiv_url: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field name -> service or "owner"
    evidence: dict[str, Any] = field(default_factory=dict)
    candidates: tuple[dict[str, Any], ...] = ()  # close but not accepted, best first


def record_keys(title: str, abstract: str) -> tuple[str, ...]:
    """`title:<folded title>` and, for a real abstract, `abstract:<hash of its opening>`.

    Two keys so that either may change: a re-titled listing keeps its abstract, and an
    abstract's wording changes more often than its title. Only the opening is hashed, so a
    listing that truncates the abstract still matches."""
    keys = [f"title:{fold(title)}"]
    words = fold(abstract).split()
    if len(words) >= MIN_ABSTRACT_WORDS:
        opening = " ".join(words[:OPENING_WORDS]).encode("utf-8")
        keys.append("abstract:" + hashlib.sha256(opening).hexdigest()[:16])
    return tuple(keys)


@dataclass
class Metadata:
    """The entries and the indexes that find a record's entry."""

    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_key: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for key in entry.keys:
                self.by_key.setdefault(key, []).append(entry)

    def find(self, title: str, abstract: str) -> Entry | None:
        """The entry of a paper: by its abstract's key first, by its title only when there is
        no abstract to tell two papers of one title apart, and never when two entries claim it."""
        keys = record_keys(title, abstract)
        for key in keys[1:]:
            found = self.by_key.get(key, [])
            if len(found) == 1:
                return found[0]
        candidates = [e for e in self.by_key.get(keys[0], [])
                      if len(keys) == 1 or not any(k.startswith("abstract:") for k in e.keys)]
        return candidates[0] if len(candidates) == 1 else None


def load_metadata(path: Path, problems: Problems, name: str | None = None) -> Metadata:
    """The file's entries; no file is no entries. Bad JSON stops the build (the owner's data
    must not be silently ignored); a bad entry is reported with its line and skipped."""
    name = name or path.name
    if not path.is_file():
        return Metadata()
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BuildError(f"not valid JSON ({error.msg}); fix it, or restore it with git and run "
                         "`build-site lookup` again", name, error.lineno) from None
    if not isinstance(data, dict) or not isinstance(data.get("papers"), list) or \
            data.get("format", FORMAT) != FORMAT:
        raise BuildError(f'expected an object with "format": {FORMAT} and a "papers" list, as '
                         "`build-site lookup` writes it", name, 1)
    for key in sorted(set(data) - {"about", "format", "papers"}):
        problems.warn(name, _line_of(text, {"id": key}), f"unknown top-level key {key!r}, "
                      'ignored (known: "about", "format", "papers")')
    entries = []
    for number, item in enumerate(data["papers"], 1):
        cleaned = without_unwanted_characters(item)
        if cleaned != item:  # JSON escapes can carry them past the reader's own check
            problems.warn(name, _line_of(text, item), f"entry {number}: control or "
                          "non-characters removed; check the entry's text")
        try:
            entries.append(parse_entry(cleaned))
        except ValueError as error:
            problems.warn(name, _line_of(text, item), f"entry {number}: {error}; entry skipped")
    return Metadata(entries)


def parse_entry(item: object) -> Entry:
    """An entry from its JSON object; ValueError says what is wrong with it."""
    if not isinstance(item, dict):
        raise ValueError("not an object")
    known = {f.name for f in fields(Entry)}
    unknown = sorted(set(item) - known)
    if unknown:
        raise ValueError(f"unknown field {unknown[0]!r} (known: {', '.join(sorted(known))})")
    for name in ("id", "title"):
        if not isinstance(item.get(name), str) or not item[name]:
            raise ValueError(f"{name!r} must be a non-empty string")
    if item.get("status", NOT_FOUND) not in STATUSES:
        raise ValueError(f"'status' must be one of {', '.join(map(repr, STATUSES))}")
    keys, authors = item.get("keys", []), item.get("authors", [])
    for name, value in (("keys", keys), ("authors", authors)):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{name!r} must be a list of strings")
    for name in ("published", "listed"):
        if item.get(name) is not None:
            _iso_date(item[name], name)
    for name in ("hf_url", "arxiv_url"):  # shown as links: the site's link policy decides
        if item.get(name) is not None and (problem := link_problem(str(item[name]),
                                                                   relative=False)):
            raise ValueError(f"{name!r} must be an https:// address ({problem})")
    arxiv = item.get("arxiv")
    if arxiv is not None and normalise_arxiv(str(arxiv)) is None:
        raise ValueError(f"'arxiv' is not an arXiv id: {arxiv!r}")
    return Entry(**{**item, "keys": tuple(keys) or record_keys(item["title"], ""),
                    "arxiv": normalise_arxiv(str(arxiv)) if arxiv else None,
                    "authors": tuple(authors),
                    "candidates": tuple(item.get("candidates", ()))})


def entry_json(entry: Entry) -> dict[str, Any]:
    """The entry as the file holds it, empty fields left out so it reads easily."""
    data: dict[str, Any] = {}
    for f in fields(Entry):
        value = getattr(entry, f.name)
        if value in (None, (), {}, False) and f.name not in ("id", "title", "status"):
            continue
        data[f.name] = list(value) if isinstance(value, tuple) else value
    return data


def apply_metadata(records: Sequence[Record], metadata: Metadata) -> list[Record]:
    """Records with their found entry's fields; records with an id of their own keep theirs."""
    if not metadata.entries:
        return list(records)
    out = []
    for record in records:
        entry = None if record.arxiv or record.doi else metadata.find(record.title,
                                                                         record.abstract)
        out.append(with_entry(record, entry) if entry and entry.status == FOUND else record)
    return out


def with_entry(record: Record, entry: Entry) -> Record:
    published = _iso_date(entry.published, "published") if entry.published else None
    listed = _iso_date(entry.listed, "listed") if entry.listed else None
    return replace(
        record,
        arxiv=entry.arxiv or record.arxiv,
        authors=record.authors or entry.authors,
        published=_paper_date(published) if published else record.published,
        hf_url=entry.hf_url or record.hf_url,
        date=dated(record.date, [d for d in (listed, published) if d]),
    )


def dated(date: PaperDate | None, known: Sequence[dt.date]) -> PaperDate | None:
    """A listing's year-less date with the year of the looked-up date it agrees with: the day
    Hugging Face listed it, or up to 14 days after the first arXiv version; never a year that
    the listing's own evidence (`earliest_year`) rules out."""
    if date is None or date.year is not None or date.month is None or date.day is None:
        return date
    for reference in known:
        for year in (reference.year, reference.year + 1):
            if date.earliest_year and year < date.earliest_year:
                continue  # the listing's own file says the page is later than that
            try:
                day = dt.date(year, date.month, date.day)
            except ValueError:  # 29 February in a year without one
                continue
            if -CLOCK_SLACK <= day - reference <= LISTING_DELAY + CLOCK_SLACK:
                return replace(date, year=year)
    return date


def _paper_date(day: dt.date) -> PaperDate:
    return PaperDate(month=day.month, day=day.day, year=day.year)


def _iso_date(text: object, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        raise ValueError(f"{name!r} must be a date YYYY-MM-DD, not {text!r}") from None


def _line_of(text: str, item: object) -> int | None:
    """The line of an entry in the file, found by its id, for the warning."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        at = text.find(json.dumps(item["id"]))
        return text.count("\n", 0, at) + 1 if at >= 0 else None
    return None


def read_metadata(config: Config, problems: Problems) -> Metadata:
    """The project's metadata file ([build] metadata), named relative to the project."""
    return load_metadata(config.path(config.build.metadata), problems, config.build.metadata)


@dataclass(frozen=True)
class Uncertain:
    """A close candidate the lookup did not accept, with the command that accepts it."""

    entry: Entry
    candidate: dict[str, Any]

    @property
    def accept(self) -> str:
        return f"build-site lookup --accept {self.entry.id}={self.candidate.get('arxiv')}"


def uncertain(metadata: Metadata) -> list[Uncertain]:
    """Every unaccepted candidate of a paper not yet found, the owner's to decide."""
    return [Uncertain(e, c) for e in sorted(metadata.entries, key=lambda e: (fold(e.title), e.id))
            if e.status == NOT_FOUND and not e.pinned for c in e.candidates if c.get("arxiv")]
