"""Deduplication on libraries as people keep them (generator.dedup): duplicates inside one
export, chains of variants, retitled papers, citation-scraped records, many copies, and the
look-alikes that must stay apart."""

from __future__ import annotations

import random
from itertools import count, permutations
from pathlib import Path

import pytest

from generator.config import DedupSettings
from generator.dedup.authors import author_agreement, people, split_authors
from generator.dedup.cluster import cluster, cluster_with_evidence
from generator.dedup.evidence import compare
from generator.dedup.fingerprint import Fingerprint
from generator.dedup.model import MatchModel
from generator.dedup.venues import venue_kind
from generator.errors import Problems
from generator.models import PaperDate, Provenance, Record
from generator.sources.bibtex import read_bibtex
from generator.sources.listing import read_listing

FIXTURES = Path(__file__).parent / "fixtures" / "library"
SETTINGS = DedupSettings()
_lines = count(1)

GROKKING_ABSTRACT = (
    "By regarding the lottery ticket hypothesis as a lens, we study grokking, the phenomenon "
    "that a network generalises long after it has fitted its training data. We find that "
    "subnetworks found by magnitude pruning, the lottery tickets, grok much faster than dense "
    "networks of the same size, and that the speed comes from good structure, not from the "
    "norm of the weights.")
MUGC_ABSTRACT = (
    "Large language models write text that is ever harder to tell from text people write. We "
    "collect a benchmark of machine generated content across eight domains and compare twelve "
    "detectors, finding that detectors trained on one domain fail on the others and that "
    "simple statistics of token probabilities are surprisingly strong baselines.")
OTHER_ABSTRACT = (
    "We introduce a dataset of aerial images of farmland annotated with field boundaries, crop "
    "types and irrigation, and train segmentation networks that transfer across continents; the "
    "best model halves the error of earlier approaches on held-out regions of three countries.")


def rec(title: str, abstract: str = "", *, file: str = "library.bib", year: int | None = None,
        authors: tuple[str, ...] = (), venue: str | None = None, doi: str | None = None) -> Record:
    line = next(_lines)
    return Record(title=title, source=Provenance(file, line), abstract=abstract,
                  date=PaperDate(year=year) if year else None, authors=authors, venue=venue,
                  doi=doi)


def groups_of(records: list[Record], settings: DedupSettings = SETTINGS) -> set[frozenset]:
    return {frozenset(r.source for r in g) for g in cluster(records, settings)}


def same_partition_in_every_order(records: list[Record]) -> set[frozenset]:
    orders = list(permutations(records)) if len(records) <= 5 else [
        random.Random(seed).sample(records, len(records)) for seed in range(24)]
    found = {frozenset(groups_of(list(order))) for order in orders}
    assert len(found) == 1, "the partition depends on the input order"
    return set(found.pop())


# --- 1. one source may hold duplicates -----------------------------------------------------


def test_a_zotero_library_holding_two_papers_twice_builds_two_papers():
    text = (FIXTURES / "zotero.bib").read_text(encoding="utf-8")
    records = read_bibtex(text, "library.bib", Problems())
    assert len(records) == 4
    groups = same_partition_in_every_order(records)
    keys = {frozenset(s.id for s in g) for g in groups}
    assert keys == {frozenset({"vaswani_attention_2017", "vaswani_attention_2017-1"}),
                    frozenset({"he_deep_2016", "he_deep_2015"})}


def test_a_source_declared_to_list_each_paper_once_keeps_its_records_apart():
    a = rec("Learned Index Structures for Main Memory", file="curated.csv", year=2018,
            authors=("Tim Kraska",))
    b = rec("Learned Index Structures for Main Memory", file="curated.csv", year=2018,
            authors=("Tim Kraska",))
    elsewhere = rec("Learned Index Structures for Main Memory", file="zotero.bib", year=2018,
                    authors=("T. Kraska",))
    assert groups_of([a, b, elsewhere]) == {frozenset({a.source, b.source, elsewhere.source})}
    declared = DedupSettings(unique_sources=("curated.*",))
    found = groups_of([a, b, elsewhere], declared)
    assert len(found) == 2 and not any({a.source, b.source} <= g for g in found)


# --- 2. clusters that follow the evidence ----------------------------------------------------


LISTING = """\
{title}
{abstract}
"""


def listing_records(*titles_and_abstracts: tuple[str, str]) -> list[Record]:
    """Each as a Hugging Face listing page of its own would give it."""
    records = []
    for n, (title, abstract) in enumerate(titles_and_abstracts):
        text = LISTING.format(title=title, abstract=abstract)
        records += read_listing(text, f"page-{n}.txt", Problems())
    return records


@pytest.mark.parametrize("titles", [
    ("Grokking Tickets: Lottery Tickets Accelerate Grokking", "Grokking Tickets",
     "Grokking Tickets - Lottery Tickets Accelerate Grokkking"),
    ("MUGC: Machine Generated versus User Generated Content Detection",
     "MUGC - Machine Generated versus User Generated Content Detection", "MUGC"),
    ("Grokking Tickets: Lottery Tickets Accelerate Grokking",
     "Grokking  Tickets :Lottery Tickets Accelerate  Grokking",
     "Grokking Tickets: Lottery Tickets Accelerate Grok-king"),
], ids=["subtitle-and-typo", "acronym-and-dash", "spacing"])
def test_a_chain_of_variants_is_one_paper(titles):
    abstract = MUGC_ABSTRACT if titles[0].startswith("MUGC") else GROKKING_ABSTRACT
    records = listing_records(*((t, abstract) for t in titles))
    assert len(records) == 3
    assert same_partition_in_every_order(records) == {frozenset(r.source for r in records)}


def test_a_short_member_does_not_veto_what_the_others_support():
    """Without abstracts: the short title is unlike the typo'd one, yet both match the full."""
    people_ = ("Gouki Minegishi", "Yusuke Iwasawa", "Yutaka Matsuo")
    full = rec("Grokking Tickets: Lottery Tickets Accelerate Grokking", year=2023,
               authors=people_, file="a.bib")
    short = rec("Grokking Tickets", year=2023, authors=people_, file="b.bib")
    typo = rec("Grokking Tickets - Lottery Tickets Accelerate Grokkking", year=2023,
               authors=people_, file="c.bib")
    model = MatchModel.default()
    assert not compare(Fingerprint(short), Fingerprint(typo), model, SETTINGS).different
    assert same_partition_in_every_order([full, short, typo]) == {
        frozenset({full.source, short.source, typo.source})}


def test_a_retitled_paper_with_an_identical_abstract_is_one_paper():
    first, second = listing_records(
        ("Grokking Tickets: Lottery Tickets Accelerate Grokking", GROKKING_ABSTRACT),
        ("Sparse Subnetworks Generalise Sooner: Lottery Tickets and Delayed Generalisation",
         GROKKING_ABSTRACT))
    found = compare(Fingerprint(first), Fingerprint(second), MatchModel.default(), SETTINGS)
    assert found.title < 60 and found.same
    assert groups_of([first, second]) == {frozenset({first.source, second.source})}


def test_a_bridge_cannot_glue_two_different_papers():
    """A~B and B~C on the title alone, but A and C have different abstracts."""
    title = "Learning Field Boundaries from Aerial Images at Scale"
    a = rec(title, GROKKING_ABSTRACT, file="a.txt")
    bridge = rec(title, file="b.txt")
    c = rec(title, OTHER_ABSTRACT, file="c.txt")
    groups = same_partition_in_every_order([a, bridge, c])
    assert not any({a.source, c.source} <= g for g in groups)


# --- 3. weights from the data -----------------------------------------------------------------


def test_title_words_common_in_the_list_are_worth_less():
    """"Deep learning" shared by two records proves less in a list full of deep learning."""
    def list_of(titles: list[str]) -> list[Record]:
        return [rec(t, file=f"{n}.bib") for n, t in enumerate(titles)]

    common = list_of(["Deep Learning", "Deep Learning"] +
                     [f"Deep Learning for Task {n}" for n in range(300)])
    rare = list_of(["Deep Learning", "Deep Learning"] +
                   [f"Sparse Coding of Signal {n}" for n in range(300)])
    weight = {}
    for name, records in (("common", common), ("rare", rare)):
        result = cluster_with_evidence(records, SETTINGS)
        found = result.between(records[0], records[1])
        weight[name] = found.weight
    assert weight["common"] < weight["rare"] - 3


def test_u_probabilities_come_from_the_list():
    """In a list where everyone shares the same year, a shared year proves little."""
    rng = random.Random(7)
    vocabulary = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "po", "ri", "su", "te")
                  for b in ("ban", "cor", "dil", "fen", "gul", "hos", "jex", "mur")]
    titles = [" ".join(rng.sample(vocabulary, 6)) for _ in range(300)]
    bits = {}
    for name, year in (("same", lambda n: 2024), ("spread", lambda n: 1970 + n % 50)):
        records = [rec(t, year=year(n), file=f"{n}.bib") for n, t in enumerate(titles)]
        bits[name] = cluster_with_evidence(records, SETTINGS).model.bits("year", 0)
    assert bits["same"] < 0.5 < 2 < bits["spread"]


# --- 4. authors compared as people ----------------------------------------------------------


@pytest.mark.parametrize(("left", "right"), [
    ("J. Smith, K. Jones", "Smith, John and Jones, Kate"),
    ("Smith John and Jones Kate", "John Smith and Kate Jones"),
    ("Kaiming He and Jian Sun", "He Kaiming and Sun Jian"),
    ("Jan van der Berg and José Núñez", "van der Berg, J. and Nunez, Jose"),
    ("Ashish Vaswani and Noam Shazeer and others", "A. Vaswani, N. Shazeer, N. Parmar, "
                                                   "J. Uszkoreit"),
    ("Vaswani, A. et al.", "Ashish Vaswani"),
    ("m. kearns and y. mansour", "Kearns M., Mansour Y."),
], ids=["initials", "swapped-order", "swapped-names", "particles-diacritics", "others",
        "et-al", "initial-after"])
def test_author_lists_that_name_the_same_people_agree(left, right):
    assert author_agreement(people(split_authors(left)), people(split_authors(right))) == 1.0


@pytest.mark.parametrize("placeholder", ["Anonymous", "et al.", "[No author]", "Unknown", "?"])
def test_placeholder_authors_are_unknown_not_different(placeholder):
    assert people(split_authors(placeholder)) == ()
    a = rec("Sparse Attention Kernels for Long Document Retrieval", authors=(placeholder,),
            file="a.bib", year=2022)
    b = rec("Sparse Attention Kernels for Long Document Retrieval", authors=("Mei Lin",),
            file="b.bib", year=2022)
    assert groups_of([a, b]) == {frozenset({a.source, b.source})}


def test_different_people_are_not_matched():
    assert author_agreement(people(split_authors("J. Smith")),
                            people(split_authors("K. Smith"))) == 0.0


# --- 5. noisy titles ---------------------------------------------------------------------------

PEOPLE = ("Y. Freund", "R. E. Schapire")
TITLE = "Experiments with a New Boosting Algorithm"


@pytest.mark.parametrize("noisy", [
    f"(1996) {TITLE}",
    f"{TITLE}, June 1996",
    f"{TITLE}. In Machine Learning: Proceedings of the Thirteenth International Conference, "
    "pp. 148-156",
    "Experiments with a New Boost-ing Algorithm",
    f"{TITLE}, 13th International Conference",
], ids=["year", "month-and-year", "glued-venue-and-pages", "hyphenation", "ordinal"])
def test_noisy_citation_titles_match_their_paper(noisy):
    clean = rec(TITLE, year=1996, authors=PEOPLE, file="a.bib")
    scraped = rec(noisy, year=1996, authors=("Freund, Yoav", "Schapire, Robert E."),
                  file="b.bib")
    assert Fingerprint(scraped).numbers == {}
    assert groups_of([clean, scraped]) == {frozenset({clean.source, scraped.source})}


@pytest.mark.parametrize(("venue", "kind"), [
    ("in proc. thirteenth conf. machine learning", "conference"),
    ("Machine Learning 17", "journal"),
    ("The VLDB Journal", "journal"),
    ("unpublished manuscript", None),
    ("Technical Report CS-96-12", None),
    ("arXiv preprint arXiv:1412.6980", "preprint"),
])
def test_venue_kinds_only_where_the_venue_says_so(venue, kind):
    assert venue_kind(venue) == kind


# --- look-alikes that must stay apart --------------------------------------------------------


def test_part_one_and_part_two_stay_apart():
    a = rec("Neural Network Pruning, Part I: Foundations", year=2021, authors=PEOPLE)
    b = rec("Neural Network Pruning, Part II: Foundations", year=2021, authors=PEOPLE)
    assert len(groups_of([a, b])) == 2


def test_the_same_generic_title_by_different_authors_stays_apart():
    a = rec("Deep Learning", year=2015, authors=("Yann LeCun", "Yoshua Bengio"), file="a.bib")
    b = rec("Deep Learning", year=2016, authors=("Ian Goodfellow", "Aaron Courville"),
            file="b.bib")
    assert len(groups_of([a, b])) == 2


def test_a_conference_paper_and_its_journal_version_years_later_stay_apart():
    conference = rec(TITLE, year=1996, authors=PEOPLE,
                     venue="Proceedings of the International Conference on Machine Learning")
    journal = rec(TITLE, year=1999, authors=PEOPLE, venue="Machine Learning")
    preprint = rec(TITLE, year=1996, authors=PEOPLE, venue="arXiv")
    groups = same_partition_in_every_order([conference, journal, preprint])
    assert not any({conference.source, journal.source} <= g for g in groups)


# --- 6. linear in duplicates -------------------------------------------------------------------


def test_many_copies_of_one_record_cost_what_one_does():
    """Ten thousand copies make one paper, with one comparison per copy at most."""
    template = listing_records(("Grokking Tickets: Lottery Tickets Accelerate Grokking",
                                GROKKING_ABSTRACT))[0]
    copies = [Record(title=template.title, abstract=template.abstract,
                     source=Provenance("big.txt", n)) for n in range(1, 10_001)]
    result = cluster_with_evidence(copies, SETTINGS)
    assert len(result.groups) == 1 and len(result.groups[0]) == 10_000
    assert len(result.by_index) <= 10_000


def test_many_near_copies_stay_linear():
    """Copies that differ in spacing are compared, but only with a few of their cluster."""
    template = listing_records(("Grokking Tickets: Lottery Tickets Accelerate Grokking",
                                GROKKING_ABSTRACT))[0]
    copies = [Record(title=template.title + " " * (n % 7), abstract=template.abstract
                     + " " * n, source=Provenance("big.txt", n)) for n in range(1, 3001)]
    result = cluster_with_evidence(copies, SETTINGS)
    assert len({r.abstract for r in copies}) == 3000  # no two are exact copies
    assert len(result.groups) == 1
    assert len(result.by_index) <= 40 * len(copies)
