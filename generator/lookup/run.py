"""The lookup: every paper without an arXiv id or DOI, asked of Hugging Face, then of arXiv.

Papers are the build's own (the same sources, overrides and deduplication), so one entry is
written per paper. Each paper's result is saved before the next is asked for, so a stopped
lookup loses nothing and the next run goes on where it stopped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ..config import Config
from ..dedup.merge import merge_clusters
from ..dedup.model import MatchModel
from ..dedup.overrides import cluster_with_overrides
from ..errors import Problems
from ..models import Paper
from ..sources.metadata import FOUND, NO_MATCH, NOT_FOUND, Entry, Metadata, record_keys
from ..sources.read import read_sources
from .arxiv_api import ArxivIndex
from .candidates import Candidate, Choice, choose
from .huggingface import HuggingFaceIndex, hf_page
from .polite import Polite, Refused, ServiceError, Transient
from .store import save

EVIDENCE = ("service", "title_score", "abstract_score", "weight", "reason")  # kept per entry
GIVE_UP_AFTER = 5  # papers failing in a row: the service is down, stop asking it


@dataclass
class Services:
    """The two indexes and their pace (see docs/lookup.md for the figures)."""

    huggingface: HuggingFaceIndex
    arxiv: ArxivIndex
    huggingface_pace: Polite = field(default_factory=lambda: Polite(interval=1.0))
    arxiv_pace: Polite = field(default_factory=lambda: Polite(interval=3.0))


@dataclass
class Tally:
    """Progress: papers to ask about this run, asked so far, and what came of them."""

    total: int = 0
    done: int = 0
    found: int = 0
    close: int = 0  # not found, but with a close candidate for the owner to judge
    failed: int = 0  # a service kept failing: asked again on the next run
    kept: int = 0  # already looked up, pinned or marked "no match": not asked

    @property
    def left(self) -> int:
        return self.total - self.done


class GaveUp(Exception):
    """A service failed for several papers in a row; what was found is saved."""


@dataclass(frozen=True)
class Listed:
    """The build's papers, before looked-up metadata is applied, and the list's match model."""

    papers: list[Paper]
    model: MatchModel


def papers_of(config: Config, problems: Problems) -> Listed:
    records = read_sources(config.source_paths(), problems, config.build.encodings)
    clustering = cluster_with_overrides(config, records, problems)
    return Listed(merge_clusters(clustering.groups), clustering.model or MatchModel.default())


def lookup(config: Config, listed: Listed, metadata: Metadata, services: Services,
           limit: int | None = None, refresh: bool = False, today: dt.date | None = None,
           progress: Callable[[Tally], None] = lambda tally: None) -> Tally:
    """Look up the papers that need it; write each result to the metadata file at once."""
    path = config.path(config.build.metadata)
    today = today or dt.date.today()
    entries = {e.id: e for e in metadata.entries}
    tally, todo = Tally(), []
    for paper in listed.papers:
        if paper.arxiv or paper.doi:
            continue
        entry = _entry_of(metadata, paper)
        if entry is not None and (entry.pinned or entry.status == NO_MATCH or not refresh):
            if not entry.pinned:  # a new listing of the paper adds its keys
                entries[entry.id] = replace(entry, keys=_keys(paper, entry))
            tally.kept += 1
            continue
        todo.append((paper, entry))
    todo = todo[:limit] if limit else todo
    tally.total = len(todo)
    if entries != {e.id: e for e in metadata.entries}:
        save(path, entries.values())
    progress(tally)
    failing = 0
    for paper, entry in todo:
        result = look_up(paper, services, listed.model, config)
        tally.done += 1
        if result is None:
            tally.failed += 1
            failing += 1
            if failing >= GIVE_UP_AFTER:
                progress(tally)
                raise GaveUp(f"the services failed for {failing} papers in a row")
        else:
            failing = 0
            new = _new_entry(paper, entry, result, today, set(entries))
            if entry is not None and entry.status == FOUND and new.status != FOUND:
                new = entry  # a refresh that finds nothing keeps what an earlier run found
            entries[new.id] = new
            tally.found += new.status == FOUND
            tally.close += new.status == NOT_FOUND and bool(new.candidates)
            save(path, entries.values())
        progress(tally)
    return tally


@dataclass(frozen=True)
class Result:
    accepted: Candidate | None
    choice: Choice | None
    close: tuple = ()


def look_up(paper: Paper, services: Services, model: MatchModel,
            config: Config) -> Result | None:
    """Hugging Face first (the listings come from it), arXiv when it has nothing acceptable.
    None when a service failed and nothing was accepted: the paper is asked again next run."""
    close: list = []
    failed = False
    for index, pace in ((services.huggingface, services.huggingface_pace),
                        (services.arxiv, services.arxiv_pace)):
        try:
            found = pace.call(lambda index=index: index.search(paper.title))
        except Transient:
            failed = True  # ask again in a later run
            continue
        except Refused:  # an answer no retry changes: this service has nothing for the title
            continue
        choice = choose(paper, found, model, config.dedup)
        if choice.accepted is not None:
            accepted = choice.accepted
            if index is services.huggingface:
                accepted = _completed(accepted, services)
            return Result(accepted, choice)
        close.extend(choice.close)
    if failed:
        return None
    close.sort(key=lambda pair: -pair[1].score)
    return Result(None, None, tuple(close[:3]))


def _completed(found: Candidate, services: Services) -> Candidate:
    """The search's candidate with the paper record's full author list and dates."""
    try:
        info = services.huggingface_pace.call(lambda: services.huggingface.paper(found.arxiv))
    except ServiceError:
        return found
    if info is None or info.arxiv != found.arxiv:
        return found
    return replace(found, authors=info.authors or found.authors,
                   published=info.published or found.published,
                   listed=found.listed or info.listed)


def _entry_of(metadata: Metadata, paper: Paper) -> Entry | None:
    for record in paper.records:
        entry = metadata.find(record.title, record.abstract)
        if entry is not None:
            return entry
    return None


def _keys(paper: Paper, entry: Entry | None = None) -> tuple[str, ...]:
    keys = [*(entry.keys if entry else ()),
            *(k for r in paper.records for k in record_keys(r.title, r.abstract))]
    return tuple(dict.fromkeys(sorted(keys, key=lambda k: (not k.startswith("title:"), k))))


def entry_id(paper: Paper, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """A short stable name for commands such as `--accept`: a hash of the paper's key, with a
    number after it when another paper's entry has it (two papers of one abstract opening)."""
    key = record_keys(paper.title, paper.abstract)[-1]
    name = "p-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    if name not in taken:
        return name
    number = 2
    while f"{name}-{number}" in taken:
        number += 1
    return f"{name}-{number}"


def _new_entry(paper: Paper, old: Entry | None, result: Result, today: dt.date,
               taken: set[str]) -> Entry:
    base = Entry(id=old.id if old else entry_id(paper, taken), title=paper.title,
                 keys=_keys(paper, old), looked_up=today.isoformat())
    found = result.accepted
    if found is None:
        return replace(base, status=NOT_FOUND,
                       candidates=tuple(c.as_json(e) for c, e in result.close))
    assert result.choice is not None and result.choice.evidence is not None
    return found_entry(base, found, {"service": found.service,
                                     **found.as_json(result.choice.evidence)})


def found_entry(base: Entry, found: Candidate, evidence: dict) -> Entry:
    """An entry filled from an accepted candidate, each field's source recorded."""
    hf_url = hf_page(found.arxiv) if found.service == "huggingface" else None
    fields = {"arxiv": found.arxiv, "authors": found.authors, "published": found.published,
              "listed": found.listed, "hf_url": hf_url}
    return replace(
        base, status=FOUND, arxiv=found.arxiv, authors=found.authors,
        published=found.published.isoformat() if found.published else None,
        listed=found.listed.isoformat() if found.listed else None, hf_url=hf_url,
        arxiv_url=f"https://arxiv.org/abs/{found.arxiv}",
        sources={name: found.service for name, value in fields.items() if value},
        evidence={k: v for k, v in evidence.items() if k in EVIDENCE},
        candidates=(),
    )
