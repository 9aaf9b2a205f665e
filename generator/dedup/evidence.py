"""How alike two records are, field by field, and what that proves.

Identifiers decide when both records have one (the same DOI or arXiv id is one paper, different
ones are different papers). Otherwise the fields' agreements are weighed by the match model
(`model.py`) into one match weight, in bits; a pair is the same paper when its weight reaches the
`match_weight` setting, at least half of it from the paper's own text (title and abstract), and
no strong contradiction stands against it. (Authors and year describe people and a time, not a
paper: the same authors write several papers a year, on related topics, with related titles.)
The strong contradictions, each a veto whatever the weight:

- with `[dedup] versions = "separate"`, a preprint against a published version (`versions.py`),
  whatever identifiers they share;
- different identifiers of the same kind;
- abstracts less alike than the `abstract_veto` setting, unless a third of the shorter one
  lies in runs of words the other holds word for word, in two passages at least (a revised
  abstract: `abstracts.py`);
- author lists with no person in common (compared as people: initials, "Last, First",
  swapped names; placeholders and empty lists are unknown, not a disagreement), unless they
  share a long family name under another initial (a slip: "Freund, V."), which only weighs;
- the titles mark different kinds of item (a demo against a tutorial), or one marks a demo,
  poster, tutorial or extended version and the other, from the same source, does not;
- one title marks a name as an extension ("DaGAN++") and the other does not;
- different part, volume or version numbers in the same place in the titles ("Part I", "Part
  II"; years, ordinals and page ranges are not such numbers: citation scrapers glue venue text
  into titles, and a number where the other title has none is a page number or footnote mark
  a PDF parser left there);
- a conference paper against a journal article of another year (its extension), where both
  venues are recognised with confidence;
- papers of two different well-known conferences (a tutorial given twice, a workshop paper and
  its conference version), both recognised by name or acronym;
- years further apart than `MAX_YEAR_GAP`.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from ..config import DedupSettings
from .abstracts import AbstractAgreement, compare_abstracts
from .authors import author_agreement, kin
from .fingerprint import MIN_ABSTRACT_WORDS, Fingerprint
from .model import (
    ABSTRACT,
    AUTHORS,
    SOME_SHARED,
    TITLE,
    VENUE,
    YEAR,
    MatchModel,
    abstract_level,
    author_level,
    title_level,
    venue_level,
    year_level,
)
from .titles import numbers_differ, unexplained_words
from .versions import versions_differ

VENUE_ALIKE = 85  # venue names this alike (token sort ratio) are one venue
MAX_YEAR_GAP = 3  # records more years apart than this are different papers
IDENTIFIER_BITS = 40.0  # a shared DOI or arXiv id
KIND_CONFLICT_BITS = -3.0  # a conference paper and a journal article of the same year
GENERIC_TITLE_CHANCE = 0.05  # a generic title ("Editorial") is shared this often by chance
RECURRING_YEARS = 3  # a short title found under this many years in one source is a column's
COLUMN_WORDS = 3  # ... if it has at most this many words (not stop words nor letters)
CONTAINED_WORDS = 4  # a title this long found whole inside another may be glued to venue text
SAME_ABSTRACT = AbstractAgreement(100.0, 1.0, 1)
ABSTRACTS_DIFFER = "abstracts differ"
SEPARATE_VERSIONS = 'a preprint and its published version ([dedup] versions = "separate")'


@dataclass(frozen=True)
class Evidence:
    """The scores of one pair, the match weight they add up to, and the verdict: `same`,
    `different` (a strong contradiction), or neither. `levels` is the weight's breakdown."""

    title: float
    abstract: float | None
    authors: float | None
    identifier: bool | None  # True: an id is shared; False: ids conflict; None: nothing to compare
    same: bool
    different: bool
    reason: str
    weight: float = 0.0
    levels: tuple[tuple[str, str, float], ...] = ()
    kept: float = 0.0  # the share of the shorter abstract the other keeps word for word

    @property
    def score(self) -> float:
        """One figure for ordering merges and near misses: the match weight in bits."""
        return self.weight


def title_similarity(a: Fingerprint, b: Fingerprint) -> tuple[float, bool]:
    """Folded-title ratio, also allowing one title to have dropped the other's subtitle or to
    be spaced differently ("learn-ing", "com bining"), and whether one is the other's head or
    found whole inside it (venue or author text glued on)."""
    if a.title == b.title or a.packed == b.packed:
        return 100.0, False
    a_core, b_core = a.core_title or a.title, b.core_title or b.title
    if (a.main_title and a.main_title in (b.title, b_core)) or (
            b.main_title and b.main_title in (a.title, a_core)):
        return 100.0, True  # "DASS" and "DASS: Differentiable Architecture Search ..."
    best = fuzz.ratio(a.title, b.title)
    pairs = [(a_core, b_core)]
    if len(a.main_title.split()) >= 3:  # a long head: allow it to differ a little
        pairs.append((a.main_title, b.title))
    if len(b.main_title.split()) >= 3:
        pairs.append((a.title, b.main_title))
    best = max(best, fuzz.ratio(a.packed, b.packed),
               *(fuzz.ratio(left, right) for left, right in pairs))
    if best >= 100:
        return best, False
    # found whole inside the other (at any ratio: a glued prefix of initials costs little)
    short, long = sorted((a_core, b_core), key=len)
    head = (len(short.split()) >= CONTAINED_WORDS
            and fuzz.partial_ratio(short, long) >= 95)
    if head and not _unexplained(short, long, a, b):
        return 100.0, True  # only venue, author, page or year text glued on
    return best, head


def _unexplained(short: str, long: str, a: Fingerprint, b: Fingerprint) -> set[str]:
    """`unexplained_words`, with either record's venue and authors' names as citation text."""
    return unexplained_words(short, long, {*a.venue_name.split(), *b.venue_name.split(),
                                           *(p.family for p in (*a.people, *b.people))})


def abstract_agreement(first: Fingerprint, second: Fingerprint) -> AbstractAgreement | None:
    """How alike two abstracts are (`abstracts.py`); None when either is too short to tell."""
    if first.record.abstract == second.record.abstract:  # one listing copied: fold it once
        return SAME_ABSTRACT if len(first.abstract) >= MIN_ABSTRACT_WORDS else None
    a, b = first.abstract, second.abstract
    if len(a) < MIN_ABSTRACT_WORDS or len(b) < MIN_ABSTRACT_WORDS:
        return None
    return compare_abstracts(a, b)


def identifier_agreement(a: Fingerprint, b: Fingerprint) -> bool | None:
    shared = conflicting = False
    for left, right in ((a.doi, b.doi), (a.arxiv, b.arxiv)):
        if left and right:
            shared |= left == right
            conflicting |= left != right
    if shared:
        return True
    return False if conflicting else None


def venues_alike(a: Fingerprint, b: Fingerprint) -> bool | None:
    """Whether two records name one venue however differently written ("in proc. 13th
    int. conf. on machine learning", "machine learning: proceedings of the thirteenth
    international conference"); None when either names none, or they are of different kinds."""
    if a.conference and b.conference:
        return a.conference == b.conference
    if not a.venue_name or not b.venue_name:
        return None
    kinds = {a.venue_kind, b.venue_kind} - {None}
    if len(kinds) > 1 or "preprint" in kinds:  # a preprint server selects nothing
        return None
    return fuzz.token_sort_ratio(a.venue_name, b.venue_name) >= VENUE_ALIKE


def agreement_levels(a: Fingerprint, b: Fingerprint) -> dict[str, int]:
    """The levels of the authors and years both records have, and of their titles, for
    estimating the u-probabilities (an abstract's informative levels keep their defaults)."""
    found = {}
    if a.year is not None and b.year is not None:
        found["year"] = year_level(a.year, b.year)
    if a.record.authors and b.record.authors and a.people and b.people:
        found["authors"] = author_level(author_agreement(a.people, b.people),
                                        min(len(a.people), len(b.people)))
    venue = venues_alike(a, b)
    if venue is not None:
        found["venue"] = venue_level(venue)
    if found:
        found["title"] = title_level(*title_similarity(a, b))
    return found


def compare(a: Fingerprint, b: Fingerprint, model: MatchModel,
            settings: DedupSettings) -> Evidence:
    title, head = title_similarity(a, b)
    if settings.versions == "separate" and versions_differ({a.version} - {None},
                                                           {b.version} - {None}):
        return Evidence(title, None, None, None, False, True, SEPARATE_VERSIONS)
    identifier = identifier_agreement(a, b)
    if identifier is not None:
        verdict = "same identifier" if identifier else "different identifiers"
        bits = IDENTIFIER_BITS if identifier else -IDENTIFIER_BITS
        return Evidence(title, None, None, identifier, identifier, not identifier, verdict,
                        bits, (("identifier", verdict, bits),))
    agreement = abstract_agreement(a, b)
    abstract = agreement.ratio if agreement else None
    authors = author_agreement(a.people, b.people)
    levels = _weigh(a, b, model, title_level(title, head), agreement, authors)
    weight = sum(bits for _, _, bits in levels)
    contradiction = _contradiction(a, b, agreement, authors, settings)
    kept = agreement.shared if agreement else 0.0
    if contradiction:
        return Evidence(title, abstract, authors, None, False, True, contradiction, weight,
                        levels, kept)
    text = sum(bits for f, _, bits in levels if f in ("title", "abstract"))
    same = weight >= settings.match_weight and text >= settings.match_weight / 2
    relation = ">=" if same else "<"
    strongest = ", ".join(f"{f} {name} {bits:+.1f}" for f, name, bits in
                          sorted(levels, key=lambda x: -abs(x[2]))[:3])
    reason = f"weight {weight:.1f} {relation} {settings.match_weight:g} ({strongest})"
    return Evidence(title, abstract, authors, None, same, False, reason, weight, levels, kept)


def _weigh(a: Fingerprint, b: Fingerprint, model: MatchModel, title: int,
           abstract: AbstractAgreement | None,
           authors: float | None) -> tuple[tuple[str, str, float], ...]:
    """Each known field's level and its worth in bits."""
    shorter, longer = sorted((a.words, b.words), key=len)
    # near-identical titles are worth their whole words, typos included; a title found inside
    # another only the words they share
    shared = list(dict.fromkeys(shorter)) if title <= 2 else [
        w for w in dict.fromkeys(shorter) if w in longer]
    generic = a.generic or b.generic or a.recurring or b.recurring
    chance = GENERIC_TITLE_CHANCE if generic else 0.0
    levels = [("title", TITLE[title].name, model.title_bits(title, shared, chance))]
    if abstract is not None:
        level = abstract_level(abstract)
        levels.append(("abstract", ABSTRACT[level].name, model.bits("abstract", level)))
    if authors is not None:
        level = author_level(authors, min(len(a.people), len(b.people)))
        levels.append(("authors", AUTHORS[level].name, model.bits("authors", level)))
    if a.year is not None and b.year is not None:
        level = year_level(a.year, b.year)
        levels.append(("year", YEAR[level].name, model.bits("year", level)))
    if {a.venue_kind, b.venue_kind} == {"conference", "journal"}:
        levels.append(("venue", "conference and journal", KIND_CONFLICT_BITS))
    else:
        venue = venues_alike(a, b)
        if venue is not None:
            level = venue_level(venue)
            levels.append(("venue", VENUE[level].name, model.bits("venue", level)))
    return tuple(levels)


def _contradiction(a: Fingerprint, b: Fingerprint, abstract: AbstractAgreement | None,
                   authors: float | None, settings: DedupSettings) -> str:
    if abstract is not None and abstract.ratio < settings.abstract_veto and not abstract.kept(
            SOME_SHARED):
        return ABSTRACTS_DIFFER
    if authors == 0 and not kin(a.people, b.people):
        return "no author in common"
    if a.item_kind != b.item_kind and (a.item_kind and b.item_kind or a.file == b.file):
        # one list may drop another's "(Panel)"; but "(Demo)" beside its paper in one source,
        # or a demo against a tutorial, are two items
        return "a demo, poster, tutorial or extended version against another kind of item"
    if a.extensions != b.extensions:
        return "a paper and its extension (\"++\")"
    if numbers_differ(a.numbers, b.numbers):
        return "different numbers in the titles (part, volume or version)"
    if a.year is not None and b.year is not None:
        gap = abs(a.year - b.year)
        if gap > MAX_YEAR_GAP:
            return f"years {gap} apart"
        if gap and {a.venue_kind, b.venue_kind} == {"conference", "journal"}:
            return "a conference paper and a journal article of another year"
    if a.conference and b.conference and a.conference != b.conference:
        return "papers of two different conferences"
    return ""
