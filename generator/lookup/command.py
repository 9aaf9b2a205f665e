"""What `build-site lookup` does around the lookup: accept lines, messages and exit codes.

Exit codes: 0 done (also when some papers were not found), 1 bad input or an internal error,
3 a service cannot be reached or keeps failing, 130 interrupted (Ctrl-C). Whatever stops it,
what was found is already in the metadata file.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from dataclasses import replace
from typing import TextIO

import click

from ..config import Config
from ..dedup.identifiers import normalise_arxiv
from ..errors import Problems
from ..sources.metadata import Entry, Metadata, read_metadata
from .arxiv_api import ArxivIndex
from .candidates import Candidate
from .huggingface import HuggingFaceIndex
from .polite import Unreachable
from .progress import ProgressLine, describe
from .run import GaveUp, Services, found_entry, lookup, papers_of
from .store import save

OFFLINE, INTERRUPTED = 3, 130


class Stopped(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def make_services() -> Services:
    return Services(HuggingFaceIndex(), ArxivIndex())


def run(config: Config, limit: int | None, refresh: bool, accepted: Sequence[str],
        quiet: bool, verbose: bool = False, stream: TextIO = sys.stderr) -> None:
    problems = Problems()
    metadata = read_metadata(config, problems)
    name = config.build.metadata
    if len(problems):  # rewriting the file would drop what could not be read: the owner's
        _warn(problems)
        raise click.ClickException(f"{name} has entries that cannot be read (above); fix them "
                                   "first, or the lookup would drop them when it saves")
    if accepted:
        _warn(problems)
        save(config.path(name), accept(metadata, accepted, name))
        click.echo(f"accepted {len(accepted)} candidate(s) in {name}; the entries are pinned")
        return
    papers = papers_of(config, problems)
    _warn(problems)
    progress = ProgressLine(stream, quiet)
    saved = f"what was found so far is saved in {name}; run `build-site lookup` again to go on"
    try:
        tally = lookup(config, papers, metadata, make_services(), limit, refresh,
                       progress=progress)
    except KeyboardInterrupt:
        progress.finish()
        raise Stopped(f"interrupted; {saved}", INTERRUPTED) from None
    except Unreachable as error:
        progress.finish()
        raise Stopped(f"{error}. Is this machine offline? Nothing was lost: {saved} once it "
                      "is online", OFFLINE) from None
    except GaveUp as error:
        progress.finish()
        raise Stopped(f"{error}; stopped asking. {saved} later", OFFLINE) from None
    except OSError as error:
        progress.finish()
        raise click.ClickException(f"{name}: cannot write it ({error.strerror or error})"
                                   ) from None
    except Exception as error:  # a bug, not the network: say so plainly
        progress.finish()
        if verbose:
            traceback.print_exc()
        raise click.ClickException(f"internal error: {type(error).__name__}: {error}. This is "
                                   "a bug in build-site; run with --verbose for the traceback "
                                   f"and report it. {saved}") from None
    progress.finish()
    summary = (describe(tally).removeprefix("lookup: ") +
               f"; {tally.kept} already looked up, kept. Results in {name}")
    if tally.failed:
        raise Stopped(f"{summary}. {tally.failed} paper(s) could not be looked up (the services "
                      "failed); run `build-site lookup` again later to ask about them", OFFLINE)
    if not quiet:
        click.echo(summary)


def accept(metadata: Metadata, accepted: Sequence[str], name: str) -> list[Entry]:
    """The entries with each `ID=ARXIV` candidate accepted and pinned (no network needed: the
    candidate's fields were kept when it was found)."""
    entries = {e.id: e for e in metadata.entries}
    for line in accepted:
        entry_id, _, arxiv = line.partition("=")
        entry = entries.get(entry_id.strip())
        if entry is None:
            raise click.UsageError(f"{name} has no entry {entry_id!r}; the ids are in the "
                                   "review report (build-site --report)")
        arxiv = normalise_arxiv(arxiv) or ""
        offered = [c for c in entry.candidates if c.get("arxiv") == arxiv]
        if not offered:
            known = ", ".join(str(c.get("arxiv")) for c in entry.candidates) or "none"
            raise click.UsageError(f"entry {entry.id} has no candidate {arxiv!r} (candidates: "
                                   f"{known})")
        entries[entry.id] = replace(found_entry(entry, _candidate(offered[0]), {
            "service": offered[0].get("service"), "title_score": offered[0].get("title_score"),
            "abstract_score": offered[0].get("abstract_score"), "weight": offered[0].get("weight"),
            "reason": "accepted by the owner"}), pinned=True)
    return list(entries.values())


def _candidate(data: dict) -> Candidate:
    return Candidate(service=str(data.get("service") or "arxiv"), arxiv=str(data["arxiv"]),
                     title=str(data.get("title") or ""),
                     authors=tuple(str(a) for a in data.get("authors") or ()),
                     published=_day(data.get("published")), listed=_day(data.get("listed")))


def _day(text: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _warn(problems: Problems) -> None:
    for problem in problems:
        click.echo(f"warning: {problem}", err=True)
