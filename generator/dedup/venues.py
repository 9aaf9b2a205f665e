"""What kind of venue a record names: a conference, a journal or a preprint server.

A conference paper and its journal extension are two papers, while a preprint may be either's
early version; so the kind is evidence, but only where the venue says so plainly. Citation
scrapers mangle venues ("in proc. thirteenth conf. machine learning", "unpublished manuscript"),
so a venue that names neither kind, or both, has none.

Two venues are compared by their names without the words every venue uses ("in proc. 13th
int. conf. on machine learning" is "machine learning"), and well-known conferences by their
names and acronyms ("SIGMOD Conference" and "International Conference on Management of Data").
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
# newsletters named after a conference's society, so "sigmod" does not make them conferences
SOCIETY_JOURNALS = tuple(fold(name) + " " for name in (
    "sigmod record", "acm sigmod record", "sigact news", "acm sigact news", "sigkdd explorations",
    "acm sigkdd explorations", "sigir forum", "acm sigir forum", "sigplan notices",
    "acm sigplan notices", "sigops operating systems review",
))
CONFERENCE_WORDS = frozenset(
    "proceedings proc conference conf symposium workshop congress colloquium neurips nips icml "
    "iclr cvpr iccv eccv aaai ijcai acl emnlp naacl coling kdd sigmod vldb icde sigir chi uai "
    "aistats colt stoc focs soda".split())


# words every kind of venue is written with, which tell one venue from another not at all
FILLER = frozenset(
    "in of the on and for to at a proc proceedings annual international intl conference conf "
    "symposium symp workshop congress meeting acm ieee siam th st nd rd pp vol volume no "
    "appear appeared appears ed eds editor editors first second third fourth fifth sixth "
    "seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
    "seventeenth eighteenth nineteenth twentieth twenty thirty forty fiftieth "
    # a report series or a manuscript names no venue that selected the paper
    "technical tech report rep tr university univ dept department thesis manuscript "
    "unpublished submitted draft".split())


# well-known conferences, by the names and acronyms citations give them; a paper is presented
# at one of them, so a record of one against a record of another is two items (a tutorial
# given twice, a workshop paper and its conference version)
CONFERENCES = {
    "vldb": ("vldb", "very large data bases", "very large databases"),
    "sigmod": ("sigmod", "management of data"),
    "pods": ("pods", "principles of database systems"),
    "icde": ("icde", "data engineering"),
    "kdd": ("kdd", "knowledge discovery and data mining"),
    "stoc": ("stoc", "theory of computing"),
    "focs": ("focs", "foundations of computer science"),
    "soda": ("soda", "discrete algorithms"),
    "colt": ("colt", "workshop on computational learning theory",
             "conference on computational learning theory"),
    "eurocolt": ("eurocolt", "euro colt", "european conference on computational learning"),
    "icml": ("icml", "international conference on machine learning"),
    "nips": ("nips", "neurips", "neural information processing systems"),
    "aaai": ("aaai", "national conference on artificial intelligence"),
    "ijcai": ("ijcai", "international joint conference on artificial intelligence"),
    "uai": ("uai", "uncertainty in artificial intelligence"),
    "cvpr": ("cvpr", "computer vision and pattern recognition"),
    "iccv": ("iccv", "international conference on computer vision"),
    "acl": ("acl", "association for computational linguistics"),
    "emnlp": ("emnlp", "empirical methods in natural language processing"),
    "sigir": ("sigir", "research and development in information retrieval"),
    "chi": ("chi", "human factors in computing systems"),
}
_CONFERENCE_NAMES = tuple((f" {fold(name)} ", key) for key, names in CONFERENCES.items()
                          for name in names)


def conference(venue: str | None) -> str | None:
    """Which well-known conference a conference venue names, if exactly one."""
    if not venue or venue_kind(venue) != "conference":
        return None
    found = _conferences(venue)
    return found.pop() if len(found) == 1 else None


def _conferences(venue: str) -> set[str]:
    text = f" {fold(venue)} "
    return {key for name, key in _CONFERENCE_NAMES if name in text}


def venue_name(venue: str | None) -> str:
    """The words that name a venue, without numbers, ordinals and the words every venue
    uses: "in proc. 13th international conference on machine learning" is "machine learning";
    "" when nothing is left."""
    if not venue:
        return ""
    return " ".join(w for w in fold(venue).split() if w not in FILLER and not w.isdigit()
                    and not w.rstrip("thsndr").isdigit())


def venue_kind(venue: str | None) -> str | None:
    """`journal`, `preprint` or `conference`, only where the venue says so plainly; None for a
    venue that names neither or both (a scraped "machine learning", "Proc. VLDB Endowment")."""
    if not venue:
        return None
    words = set(fold(venue).split())
    if words & PREPRINT_WORDS:
        return "preprint"
    if words & JOURNAL_NAMES or f"{fold(venue)} ".startswith(SOCIETY_JOURNALS):
        return "journal"
    journal = bool(words & JOURNAL_WORDS)
    conference = bool(words & CONFERENCE_WORDS) or _conferences(venue) != set()
    if not conference and f"{fold(venue).removeprefix('in ')} ".startswith(KNOWN_JOURNALS):
        return "journal"
    if journal == conference:
        return None
    return "journal" if journal else "conference"
