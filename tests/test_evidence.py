"""Each kind of evidence (generator.dedup.evidence), pair by pair and through the clustering: every
case that merges has a control that must not, and the other way round."""

from __future__ import annotations

from itertools import count, permutations

import pytest

from generator.config import DedupSettings
from generator.dedup.cluster import cluster
from generator.dedup.evidence import Evidence, compare
from generator.dedup.fingerprint import Fingerprint
from generator.dedup.model import MatchModel
from generator.errors import Problems
from generator.models import PaperDate, Provenance, Record
from generator.sources.bibtex import read_bibtex

SETTINGS = DedupSettings()
_numbers = count(1)

TITLE = "Query Processing over Compressed Column Stores"
TYPO = "Query Prcoessing over Compressed Column Stroes"  # close, but not close enough alone
OTHER_TITLE = "Adaptive Radix Trees for Main-Memory Databases"
ABSTRACT = ("We open the conference with a look back at twenty years of column stores, what they "
            "taught us about compression, and what main-memory hardware changes next.")


def rec(title: str, *, file: str | None = None, line: int | None = None, year: int | None = None,
        authors: tuple[str, ...] = (), venue: str | None = None, doi: str | None = None,
        arxiv: str | None = None, abstract: str = "") -> Record:
    """A record as a CSV or BibTeX reader gives it; each from a source file of its own unless
    told otherwise."""
    number = next(_numbers)
    return Record(title=title, source=Provenance(file or f"refs-{number}.bib", line or number),
                  abstract=abstract, date=PaperDate(year=year) if year else None,
                  authors=authors, venue=venue, doi=doi, arxiv=arxiv)


def evidence(a: Record, b: Record) -> Evidence:
    return compare(Fingerprint(a), Fingerprint(b), MatchModel.default(), SETTINGS)


def merged(*records: Record) -> bool:
    """Whether the clustering puts all of `records` in one paper."""
    wanted = {r.source for r in records}
    return any(wanted <= {r.source for r in group} for group in cluster(records, SETTINGS))


def verdict(found: Evidence) -> str:
    assert not (found.same and found.different)
    return "same" if found.same else "different" if found.different else "undecided"


LEE = ("Ann Lee", "Bo Chen")
LEE_REVERSED = ("Lee, Ann",)
DIAZ = ("Carl Diaz",)

# (a, b, verdict): the pairs come in positive / negative couples (ids *-yes / *-no).
CASES = {
    "same-doi-other-title-yes": (rec(TITLE, doi="10.1145/3448016"),
                                 rec(OTHER_TITLE, doi="10.1145/3448016"), "same"),
    "same-doi-other-title-no": (rec(TITLE), rec(OTHER_TITLE), "undecided"),
    "different-doi-same-title-no": (rec(TITLE, doi="10.1145/1111"),
                                    rec(TITLE, doi="10.1145/2222"), "different"),
    "different-doi-same-title-yes": (rec(TITLE, doi="10.1145/1111"), rec(TITLE), "same"),
    "arxiv-same-id-yes": (rec(TITLE, arxiv="2106.01234"),
                          rec(OTHER_TITLE, arxiv="2106.01234"), "same"),
    "arxiv-other-id-no": (rec(TITLE, arxiv="2106.01234"),
                          rec(TITLE, arxiv="2106.04321"), "different"),
    "typo-shared-author-yes": (rec(TITLE, authors=LEE), rec(TYPO, authors=LEE_REVERSED), "same"),
    "typo-no-authors-no": (rec(TITLE), rec(TYPO), "undecided"),
    "typo-other-author-no": (rec(TITLE, authors=LEE), rec(TYPO, authors=DIAZ), "different"),
    "same-title-shared-author-yes": (rec(TITLE, authors=LEE), rec(TITLE, authors=LEE_REVERSED),
                                     "same"),
    "same-title-no-shared-author-no": (rec(TITLE, authors=LEE), rec(TITLE, authors=DIAZ),
                                       "different"),
    "years-one-apart-yes": (rec(TITLE, year=2020), rec(TITLE, year=2021), "same"),
    "years-two-apart-no": (rec(TITLE, year=2019), rec(TITLE, year=2021), "undecided"),
    # a preprint published two years later: the authors outweigh the years
    "years-two-apart-shared-authors-yes": (rec(TITLE, year=2019, authors=LEE),
                                           rec(TITLE, year=2021, authors=LEE), "same"),
    "years-far-apart-shared-authors-no": (rec(TITLE, year=2015, authors=LEE),
                                          rec(TITLE, year=2021, authors=LEE), "different"),
    "conference-vs-journal-no": (rec(TITLE, venue="SIGMOD Conference"),
                                 rec(TITLE, venue="ACM Transactions on Database Systems"),
                                 "undecided"),
    "conference-then-journal-no": (rec(TITLE, venue="SIGMOD Conference", year=2019, authors=LEE),
                                   rec(TITLE, venue="ACM Transactions on Database Systems",
                                       year=2020, authors=LEE), "different"),
    "unrecognised-venue-then-journal-yes": (
        rec(TITLE, venue="in machine learning, 12", year=2019, authors=LEE),
        rec(TITLE, venue="ACM Transactions on Database Systems", year=2020, authors=LEE),
        "same"),
    "conference-vs-conference-yes": (rec(TITLE, venue="SIGMOD Conference"),
                                     rec(TITLE, venue="Proceedings of SIGMOD"), "same"),
    "preprint-vs-conference-yes": (rec(TITLE, venue="arXiv"),
                                   rec(TITLE, venue="SIGMOD Conference"), "same"),
    "preprint-vs-journal-yes": (rec(TITLE, venue="arXiv"),
                                rec(TITLE, venue="ACM Transactions on Database Systems"), "same"),
    "part-i-vs-part-ii-no": (rec(f"{TITLE}, Part I"), rec(f"{TITLE}, Part II"), "different"),
    "part-ii-vs-part-ii-yes": (rec(f"{TITLE}, Part II"), rec(f"{TITLE}, Part II"), "same"),
    "gpt-2-vs-gpt-3-no": (rec("Language Models are Few-Shot Learners: GPT-2"),
                          rec("Language Models are Few-Shot Learners: GPT-3"), "different"),
    "gpt-3-vs-gpt-3-yes": (rec("Language Models are Few-Shot Learners: GPT-3"),
                           rec("Language Models are Few-Shot Learners: GPT-3"), "same"),
    "three-words-no": (rec("Compressed Column Stores"), rec("Compressed Column Stores"),
                       "undecided"),
    "four-words-yes": (rec("Compressed Column Stores Revisited"),
                       rec("Compressed Column Stores Revisited"), "same"),
    "keynote-title-only-no": (rec("Keynote Address", year=2020),
                              rec("Keynote Address", year=2020), "undecided"),
    # a generic title needs an abstract or an identifier: authors and year are not the paper
    "keynote-authors-and-year-no": (rec("Keynote Address", year=2020, authors=LEE),
                                    rec("Keynote Address", year=2020, authors=LEE), "undecided"),
    "keynote-abstract-yes": (rec("Keynote Address", year=2020, abstract=ABSTRACT),
                             rec("Keynote Address", year=2020, abstract=ABSTRACT), "same"),
    "keynote-authors-other-year-no": (rec("Keynote Address", year=2020, authors=LEE),
                                      rec("Keynote Address", year=2021, authors=LEE),
                                      "undecided"),
    "generic-long-title-only-no": (rec("Letter from the Editor"), rec("Letter from the Editor"),
                                   "undecided"),
    "generic-long-authors-and-year-no": (rec("Letter from the Editor", year=2020, authors=LEE),
                                         rec("Letter from the Editor", year=2020, authors=LEE),
                                         "undecided"),
    "editorial-authors-no-year-no": (rec("Editorial", authors=LEE), rec("Editorial", authors=LEE),
                                     "undecided"),
}


@pytest.mark.parametrize(("a", "b", "expected"), CASES.values(), ids=CASES.keys())
def test_evidence_verdict(a, b, expected):
    assert verdict(evidence(a, b)) == expected
    assert verdict(evidence(b, a)) == expected  # symmetric


@pytest.mark.parametrize(("a", "b", "expected"), CASES.values(), ids=CASES.keys())
def test_cluster_follows_the_evidence(a, b, expected):
    assert merged(a, b) is (expected == "same")
    assert merged(b, a) is (expected == "same")


def test_the_typo_case_is_a_title_that_is_only_close():
    found = evidence(rec(TITLE), rec(TYPO))
    assert 88 <= found.title < 100 and not found.same


def test_same_doi_is_reported_as_a_shared_identifier():
    found = evidence(rec(TITLE, doi="10.1145/3448016"), rec(OTHER_TITLE, doi="10.1145/3448016"))
    assert found.identifier is True and found.title < 60


def test_shared_arxiv_id_outweighs_conflicting_dois():
    """A preprint and its published version: different DOIs, one arXiv id."""
    preprint = rec(TITLE, doi="10.48550/arxiv.2106.01234", arxiv="2106.01234")
    published = rec(TITLE, doi="10.1145/3448016", arxiv="2106.01234")
    assert verdict(evidence(preprint, published)) == "same"
    assert merged(preprint, published)


def test_an_arxiv_doi_is_the_preprint_not_a_conflicting_doi():
    """arXiv mints a DOI for every preprint: it names the same paper as the arXiv id, and
    against the published version's DOI it decides nothing (the rest of the evidence does)."""
    preprint = rec(TITLE, doi="https://doi.org/10.48550/arXiv.2106.01234", authors=LEE, year=2021)
    by_id = rec(OTHER_TITLE, arxiv="2106.01234v2")
    published = rec(TITLE, doi="10.1145/3448016", authors=LEE, year=2021)
    unrelated = rec(TITLE, doi="10.48550/arXiv.2106.09999", authors=LEE, year=2021,
                    arxiv="2106.09999")
    assert evidence(preprint, by_id).identifier is True
    assert evidence(preprint, published).identifier is None
    assert verdict(evidence(preprint, published)) == "same"
    assert evidence(preprint, unrelated).identifier is False


BIB_VERSIONS = """\
@misc{v1, title = {%s}, eprint = {2106.01234v1}, archivePrefix = {arXiv}}
@misc{v3, title = {%s}, eprint = {2106.01234v3}, archivePrefix = {arXiv}}
@misc{other, title = {%s}, eprint = {2106.04321v1}, archivePrefix = {arXiv}}
"""


def test_arxiv_versions_of_one_id_merge_as_read_from_bibtex():
    records = read_bibtex(BIB_VERSIONS % (TITLE, OTHER_TITLE, TITLE), "refs.bib", Problems())
    v1, v3, other = records
    assert verdict(evidence(v1, v3)) == "same"
    assert merged(v1, v3)
    assert verdict(evidence(v1, other)) == "different"
    assert not merged(v1, other)


def test_arxiv_versions_of_one_id_merge():
    v1 = rec(TITLE, arxiv="2106.01234v1")
    v3 = rec(OTHER_TITLE, arxiv="2106.01234v3")
    assert verdict(evidence(v1, v3)) == "same"
    assert merged(v1, v3)


# --- a recurring column ------------------------------------------------------------------------


def notes(file: str, line: int) -> Record:
    return rec("Editor's Notes", file=file, line=line, year=2020, authors=LEE,
               venue="SIGMOD Record")


def test_recurring_title_stays_apart_in_one_source_and_across_sources():
    """A generic title with authors and year is a column's issues, not one paper: only an
    abstract or an identifier can say which issue a record is."""
    first, second, elsewhere = (notes("record.csv", 2), notes("record.csv", 9),
                                notes("other.csv", 4))
    assert verdict(evidence(first, second)) == "undecided"
    assert len(cluster([first, second, elsewhere], SETTINGS)) == 3


def test_exact_copies_of_a_recurring_title_stay_apart():
    """Copies merge only when a record would merge with its own copy."""
    copies = [notes("record.csv", line) for line in (2, 9, 14)]
    assert len(cluster(copies, SETTINGS)) == 3
    proper = [rec(TITLE, file="lib.bib", line=n, authors=LEE, year=2020) for n in (2, 9, 14)]
    assert len(cluster(proper, SETTINGS)) == 1


def test_a_recurring_title_with_an_identifier_merges():
    first = rec("Editor's Notes", doi="10.1145/1", file="a.csv", line=2)
    second = rec("Editor's Notes", doi="10.1145/1", file="b.csv", line=2)
    assert merged(first, second)


def test_same_title_in_one_source_with_other_venues_is_not_recurring():
    first = rec(TITLE, file="list.csv", line=2, venue="ACM Transactions on Database Systems",
                authors=LEE, year=2021)
    second = rec(TITLE, file="list.csv", line=3, venue="VLDB", authors=LEE, year=2019)
    elsewhere = rec(TITLE, file="other.csv", line=2, venue="VLDB", authors=LEE, year=2019)
    groups = {frozenset(r.source for r in g) for g in cluster([first, second, elsewhere],
                                                                 SETTINGS)}
    assert groups == {frozenset({first.source}), frozenset({second.source, elsewhere.source})}


# --- coherent clusters -------------------------------------------------------------------------


def chain_groups(records: list[Record]) -> set[frozenset[Provenance]]:
    results = {frozenset(frozenset(r.source for r in g) for g in cluster(list(order), SETTINGS))
               for order in permutations(records)}
    assert len(results) == 1, "the partition depends on the input order"
    return set(results.pop())


@pytest.mark.parametrize(
    ("left", "right"),
    [({"venue": "SIGMOD Conference", "year": 2019},
      {"venue": "ACM Transactions on Database Systems", "year": 2021}),
     ({"year": 2017, "authors": LEE}, {"year": 2022, "authors": LEE}),
     ({"authors": LEE}, {"authors": DIAZ})],
    ids=["conference-journal", "years", "authors"],
)
def test_a_bridge_cannot_join_two_records_that_contradict(left, right):
    a = rec(TITLE, file="a.bib", **left)
    bridge = rec(TITLE, file="b.bib", venue="arXiv", year=2020 if "authors" not in left else 2019,
                 authors=LEE if left.get("authors") == right.get("authors") else ())
    c = rec(TITLE, file="c.bib", **right)
    assert evidence(a, bridge).same and evidence(bridge, c).same
    assert evidence(a, c).different
    groups = chain_groups([a, bridge, c])
    assert len(groups) == 2
    assert not any({a.source, c.source} <= g for g in groups)


def test_a_bridge_joins_everything_when_nothing_contradicts():
    a = rec(TITLE, file="a.bib", venue="SIGMOD Conference", year=2020)
    bridge = rec(TITLE, file="b.bib", venue="arXiv", year=2020)
    c = rec(TITLE, file="c.bib", venue="Proceedings of SIGMOD", year=2021)
    assert chain_groups([a, bridge, c]) == {frozenset({a.source, bridge.source, c.source})}


DEVISE_AUTHORS = ("Miron Livny", "Raghu Ramakrishnan", "Kevin S. Beyer")


@pytest.mark.parametrize("order", list(permutations(range(4))))
def test_a_paper_and_its_demo_pair_with_their_own_listings(order):
    """Set aside the "(demo abstract)" note and all four titles score alike; the tie goes to the
    pairs whose full titles hold the same words (from DBLP-ACM, where it once went wrong)."""
    paper = rec("DEVise: Integrated Querying and Visualization of Large Datasets", file="dblp.csv",
                line=1, year=1997, authors=DEVISE_AUTHORS)
    demo = rec("DEVise: Integrated Querying and Visual Exploration of Large Datasets "
               "(Demo Abstract)", file="dblp.csv", line=2, year=1997, authors=DEVISE_AUTHORS)
    paper_acm = rec("DEVise: integrated querying and visual exploration of large datasets",
                    file="acm.csv", line=1, year=1997, authors=DEVISE_AUTHORS)
    demo_acm = rec("DEVise (demo abstract): integrated querying and visual exploration of large "
                   "datasets", file="acm.csv", line=2, year=1997, authors=DEVISE_AUTHORS)
    records = [paper, demo, paper_acm, demo_acm]
    groups = cluster([records[i] for i in order], SETTINGS)
    assert {frozenset(r.source for r in g) for g in groups} == {
        frozenset({paper.source, paper_acm.source}), frozenset({demo.source, demo_acm.source})}
