"""What kind of venue a record names: a conference, a journal or a preprint server.

A conference paper and its journal extension are two papers, while a preprint may be either's
early version; so the kind is evidence, but only where the venue says so plainly. Citation
scrapers mangle venues ("in proc. thirteenth conf. machine learning", "unpublished manuscript"),
so a venue that names neither kind, or both, has none.
"""

from __future__ import annotations

from ..text import fold

PREPRINT_WORDS = frozenset("arxiv corr preprint biorxiv medrxiv ssrn".split())
JOURNAL_NAMES = frozenset("journal transactions".split())  # decisive, even beside "VLDB"
JOURNAL_WORDS = frozenset("trans letters magazine record j".split())
# journals whose names say nothing of being one, recognised at the start of a venue
KNOWN_JOURNALS = tuple(fold(name) + " " for name in (
    "machine learning", "mach learn", "artificial intelligence", "artif intell",
    "information and computation", "inform comput", "neural computation", "neural comput",
    "neural networks", "annals of statistics", "ann statist", "pattern recognition",
    "communications of the acm", "comm acm", "nature", "science", "pnas",
    "data mining and knowledge discovery", "the vldb journal", "information systems",
))
CONFERENCE_WORDS = frozenset(
    "proceedings proc conference conf symposium workshop congress colloquium neurips nips icml "
    "iclr cvpr iccv eccv aaai ijcai acl emnlp naacl coling kdd sigmod vldb icde sigir chi uai "
    "aistats colt stoc focs soda".split())


def venue_kind(venue: str | None) -> str | None:
    """`journal`, `preprint` or `conference`, only where the venue says so plainly; None for a
    venue that names neither or both (a scraped "machine learning", "Proc. VLDB Endowment")."""
    if not venue:
        return None
    words = set(fold(venue).split())
    if words & PREPRINT_WORDS:
        return "preprint"
    if words & JOURNAL_NAMES:
        return "journal"
    journal, conference = bool(words & JOURNAL_WORDS), bool(words & CONFERENCE_WORDS)
    if not conference and f"{fold(venue).removeprefix('in ')} ".startswith(KNOWN_JOURNALS):
        return "journal"
    if journal == conference:
        return None
    return "journal" if journal else "conference"
