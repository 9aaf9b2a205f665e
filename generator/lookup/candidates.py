"""What a service offers for a paper, and whether it is the paper: the dedup's match model decides.

`evidence` is the single call into generator/dedup/evidence.py, so a rewrite of that model
changes one line here. A candidate is accepted only when the model calls the pair the same
paper: the match weight of title, abstract and year reaching the build's `match_weight`, with
no strong contradiction (abstracts that differ, years far apart, different numbers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..config import DedupSettings
from ..dedup.evidence import Evidence, compare
from ..dedup.fingerprint import Fingerprint
from ..dedup.model import MatchModel
from ..models import Paper, PaperDate, Provenance, Record
from ..text import clean_latex, clean_title

CLOSE = 80.0  # a title or abstract this alike but not accepted goes to the review report
MOST_CANDIDATES = 3  # close candidates kept per paper


def service_text(title: str, abstract: str) -> tuple[str, str]:
    """A service's title and abstract read as the build reads a source's: line breaks and runs
    of spaces (arXiv wraps its fields) as single spaces, LaTeX markup as text."""
    return (clean_title(clean_latex(" ".join(title.split())).text),
            clean_latex(" ".join(abstract.split())).text)


@dataclass(frozen=True)
class Candidate:
    """One paper in a service's answer."""

    service: str  # "huggingface" or "arxiv"
    arxiv: str
    title: str
    abstract: str = ""
    authors: tuple[str, ...] = ()
    published: dt.date | None = None  # first arXiv version
    listed: dt.date | None = None  # Hugging Face's daily-papers date

    def as_json(self, found: Evidence) -> dict[str, Any]:
        return {"service": self.service, "arxiv": self.arxiv, "title": self.title,
                "authors": list(self.authors),
                "published": self.published.isoformat() if self.published else None,
                "listed": self.listed.isoformat() if self.listed else None,
                "title_score": round(found.title, 1),
                "abstract_score": None if found.abstract is None else round(found.abstract, 1),
                "weight": round(found.weight, 1), "reason": found.reason}


def evidence(left: Record, right: Record, model: MatchModel,
             settings: DedupSettings) -> Evidence:
    """The dedup evidence between two records: the one integration point with the model."""
    return compare(Fingerprint(left), Fingerprint(right), model, settings)


@dataclass(frozen=True)
class Choice:
    accepted: Candidate | None
    evidence: Evidence | None
    close: tuple[tuple[Candidate, Evidence], ...]


def choose(paper: Paper, candidates: Sequence[Candidate], model: MatchModel,
           settings: DedupSettings) -> Choice:
    """The best candidate the model accepts, and the close ones it does not, best first.
    `model` is the list's own (its title words' rarity): the build's clustering gives it."""
    listed = Record(paper.title, Provenance("listing", 0), abstract=paper.abstract,
                    date=paper.date)
    judged = []
    for candidate in candidates:
        found = evidence(listed, _record(candidate), model, settings)
        judged.append((candidate, found))
    judged.sort(key=lambda pair: -pair[1].score)
    accepted = next(((c, e) for c, e in judged if e.same), None)
    close = tuple((c, e) for c, e in judged if not e.same and c.arxiv and
                  max(e.title, e.abstract or 0.0) >= CLOSE)
    if accepted:
        return Choice(accepted[0], accepted[1], ())
    return Choice(None, None, close[:MOST_CANDIDATES])


def _record(candidate: Candidate) -> Record:
    year = candidate.published.year if candidate.published else None
    return Record(candidate.title, Provenance(candidate.service, 0), abstract=candidate.abstract,
                  authors=(), date=PaperDate(year=year) if year else None)
