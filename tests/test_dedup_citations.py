"""Citation-scraped records (generator.dedup) as CiteSeer, Google Scholar or a PDF reference
parser give them: author lists cut short or written Chicago-style, the end of an author-year
reference glued before the title, the venue run on after it, venues written many ways; and the
look-alikes that venues tell apart (two conferences, a society newsletter, a standing column)."""

from __future__ import annotations

import random
from itertools import count

import pytest

from generator.config import DedupSettings
from generator.dedup.authors import author_agreement, people, split_authors
from generator.dedup.blocking import SMALL_BLOCK
from generator.dedup.cluster import cluster, cluster_with_evidence
from generator.dedup.evidence import compare, venues_alike
from generator.dedup.fingerprint import Fingerprint
from generator.dedup.model import MatchModel
from generator.dedup.venues import conference, venue_kind, venue_name
from generator.models import PaperDate, Provenance, Record
from generator.text import fold

SETTINGS = DedupSettings()
_lines = count(1)


def rec(title: str, *, file: str = "refs.csv", year: int | None = None,
        authors: tuple[str, ...] = (), venue: str | None = None) -> Record:
    """A row of a scraped reference list, read as the CSV reader reads it."""
    return Record(title=title, source=Provenance(file, next(_lines)), abstract="",
                  date=PaperDate(year=year) if year else None, authors=authors, venue=venue)


def levels(a: Record, b: Record) -> dict[str, str]:
    found = compare(Fingerprint(a), Fingerprint(b), MatchModel.default(), SETTINGS)
    return {name: level for name, level, _ in found.levels}


def together(records: list[Record], *wanted: Record) -> bool:
    sources = {r.source for r in wanted}
    return any(sources <= {r.source for r in g} for g in cluster(records, SETTINGS))


# --- author fields ------------------------------------------------------------------------------


@pytest.mark.parametrize(("field", "families"), [
    ("Breiman, L., J. Friedman, R. Olshen, and C. Stone",
     ["breiman", "friedman", "olshen", "stone"]),  # Chicago: the first name inverted
    ("Hinton, G. E., S. Osindero, Y. W. Teh", ["hinton", "osindero", "teh"]),
    ("G. Hinton, S. Osindero, Y", ["hinton", "osindero"]),  # cut short: a lone initial left
    ("Cortes, Corinna; and Vapnik, Vladimir", ["cortes", "vapnik"]),  # "; and" before the last
    ("van der Maaten, L. and Hinton, G.", ["vandermaaten", "hinton"]),
], ids=["chicago", "chicago-initials", "cut-short", "semicolon-and", "particle"])
def test_citation_author_fields_name_their_people(field, families):
    assert [p.family for p in people(split_authors(field))] == families


@pytest.mark.parametrize(("left", "right"), [
    ("Rivest R.L. and Schapire R.E.", "Ronald L. Rivest and Robert E. Schapire"),
    ("Ronald. L. Rivest", "R. L. Rivest"),  # a stray full stop after a first name
    ("M. Kearns, W. Teh", "Michael J. Kearns and Yee Whye Teh"),  # a middle initial kept only
    ("Bill Rosneblatt", "Bill Rosenblatt"),  # two letters swapped
], ids=["glued-initials-after", "stray-full-stop", "middle-initial", "transposed"])
def test_scraped_names_are_the_same_people(left, right):
    assert author_agreement(people(split_authors(left)), people(split_authors(right))) == 1.0


def test_a_different_first_initial_is_still_another_person():
    assert author_agreement(people(split_authors("W. Teh")),
                            people(split_authors("Yee Teh"))) == 0.0


def test_an_author_list_cut_short_does_not_veto_its_paper():
    """"Freund, Y., R." (the parser cut "R. Schapire" off): Freund is in both lists, and the
    lone "R." is nobody rather than a person found in neither."""
    full = rec("A Decision-Theoretic Generalization of On-Line Learning and an Application to "
               "Boosting", year=1997, authors=split_authors("Yoav Freund and Robert E. Schapire"))
    cut = rec("A decision-theoretic generalization of on-line learning and an application to "
              "boosting", authors=split_authors("Freund, Y., R."))
    assert split_authors("Freund, Y., R.") == ("Freund, Y.", "R.")  # shown as written
    assert [p.family for p in people(split_authors("Freund, Y., R."))] == ["freund"]
    assert together([full, cut], full, cut)


# --- titles -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("scraped", "title", "year"), [
    ("Breiman (1996). Bagging predictors", "Bagging predictors", 1996),
    ("Quinlan [1986]. 'Induction of decision trees", "Induction of decision trees", 1986),
    ("(2006) A fast learning algorithm for deep belief nets",
     "A fast learning algorithm for deep belief nets", 2006),
    ("Teh 2006. A fast learning algorithm for deep belief nets",
     "A fast learning algorithm for deep belief nets", 2006),
    ("2001: A Space Odyssey Revisited", "2001: A Space Odyssey Revisited", None),
    ("1984 and the politics of surveillance", "1984 and the politics of surveillance", None),
], ids=["name-year", "bracketed-year", "year-alone", "bare-year", "title-with-year-colon",
        "title-starting-with-year"])
def test_an_author_year_prefix_is_not_part_of_the_title(scraped, title, year):
    found = Fingerprint(rec(scraped))
    assert found.title == fold(title)
    assert found.year == year


def test_the_year_in_a_prefix_does_not_replace_the_records_own_year():
    assert Fingerprint(rec("Breiman (1996). Bagging predictors", year=1994)).year == 1994


@pytest.mark.parametrize(("scraped", "clean"), [
    ("Support-vector networks. Machine Learning 20(3):273-297", "Support-Vector Networks"),
    ("Induction of decision trees. Machine learning, 1(1)", "Induction of Decision Trees"),
], ids=["journal-run-on", "volume-run-on"])
def test_a_title_run_on_into_its_venue_after_a_full_stop_is_its_first_sentence(scraped, clean):
    assert levels(rec(scraped), rec(clean))["title"] == "identical"


def test_a_two_word_first_sentence_is_not_taken_for_the_title():
    assert Fingerprint(rec("Deep learning. A review of methods")).main_title == ""


def test_a_title_with_only_citation_text_glued_on_is_the_same_title():
    glued = rec("Gradient-based learning applied to document recognition proceedings of the "
                "IEEE", venue="86")
    clean = rec("Gradient-Based Learning Applied to Document Recognition",
                venue="Proceedings of the IEEE")
    assert levels(glued, clean)["title"] == "identical"


def test_a_title_inside_another_with_words_of_its_own_is_only_contained():
    short = rec("Phrase Matching in XML Documents", venue="VLDB")
    longer = rec("PIX: Exact and Approximate Phrase Matching in XML Documents",
                 venue="SIGMOD Conference")
    assert levels(short, longer)["title"] == "head or contained"


def test_an_extended_abstract_mark_does_not_split_a_paper_within_one_source():
    """Proceedings mark the conference paper "(extended abstract)"; citations keep or drop it."""
    marked = rec("On the Learnability of Sparse Parities (Extended Abstract)", year=1994,
                 authors=("Ann Lee", "Bo Chen"), venue="Proc. 26th STOC")
    plain = rec("On the learnability of sparse parities", year=1994,
                authors=("A. Lee", "B. Chen"), venue="In Proceedings of STOC '94")
    assert together([marked, plain], marked, plain)


# --- venues -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("venue", "name"), [
    ("In Proc. 13th International Conference on Machine Learning", "machine learning"),
    ("Machine Learning: Proceedings of the Thirteenth International Conference",
     "machine learning"),
    ("Machine Learning 24(2)", "machine learning"),
    ("Proc. of the 5th Annual ACM Workshop on Computational Learning Theory",
     "computational learning theory"),
])
def test_a_venue_is_named_by_its_own_words(venue, name):
    assert venue_name(venue) == name


def test_venues_written_differently_are_alike_and_unalike_ones_are_not():
    icml = Fingerprint(rec("x", venue="in proc. thirteenth int. conf. machine learning"))
    proceedings = Fingerprint(rec("x", venue="Machine Learning: Proceedings of the Thirteenth "
                                             "International Conference"))
    vision = Fingerprint(rec("x", venue="Proceedings of the IEEE Conference on Computer Vision "
                                        "and Pattern Recognition"))
    assert venues_alike(icml, proceedings) is True
    assert venues_alike(icml, vision) is False
    assert venues_alike(icml, Fingerprint(rec("x"))) is None


@pytest.mark.parametrize(("left", "right"), [
    ("arXiv preprint arXiv:1412.6980", "arXiv preprint arXiv:1706.03762"),  # a server, no venue
    ("Technical Report CMU-CS-96-12", "Technical Report MIT/LCS/TM-413"),
    ("Machine Learning", "Journal of Machine Learning Research"),
    ("unpublished manuscript", "unpublished manuscript"),
])
def test_venues_that_only_share_common_words_are_no_evidence_of_one_venue(left, right):
    assert not venues_alike(Fingerprint(rec("x", venue=left)), Fingerprint(rec("x", venue=right)))


def test_a_shared_venue_proves_less_in_a_list_where_every_record_shares_it():
    rng = random.Random(3)
    vocabulary = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "po", "ri", "su", "te")
                  for b in ("ban", "cor", "dil", "fen", "gul", "hos", "jex", "mur")]
    titles = [" ".join(rng.sample(vocabulary, 6)) for _ in range(300)]
    venues = [f"Journal of {a} {b}" for a in ("Applied", "Pure", "Theoretical", "Social")
              for b in ("Botany", "Geology", "Optics", "Linguistics", "Economics")]
    bits = {}
    for name, venue in (("same", lambda n: "Machine Learning"),
                        ("spread", lambda n: venues[n % len(venues)])):
        records = [rec(t, venue=venue(n), file=f"{n}.csv") for n, t in enumerate(titles)]
        bits[name] = cluster_with_evidence(records, SETTINGS).model.bits("venue", 0)
    assert bits["same"] < 0.5 < 2 < bits["spread"]


@pytest.mark.parametrize(("venue", "known"), [
    ("SIGMOD Conference", "sigmod"),
    ("Proceedings of the 2002 ACM SIGMOD International Conference on Management of Data",
     "sigmod"),
    ("Very Large Data Bases", "vldb"),
    ("Proc. of the 28th Int. Conf. on Very Large Data Bases (VLDB)", "vldb"),
    ("Computational Learning Theory: Second European Conference, EuroCOLT '95", "eurocolt"),
    ("In Proceedings of the Fourth Annual Workshop on Computational Learning Theory", "colt"),
    ("The VLDB Journal", None),
    ("in proc. thirteenth conf. machine learning", None),
])
def test_well_known_conferences_are_recognised_by_name_and_acronym(venue, known):
    assert conference(venue) == known


def test_one_tutorial_at_two_conferences_is_two_items():
    authors = ("Minos Garofalakis", "Johannes Gehrke")
    vldb = rec("Querying and Mining Data Streams: You Only Get One Look", year=2002,
               authors=authors, venue="VLDB", file="dblp.csv")
    sigmod = rec("Querying and Mining Data Streams: You Only Get One Look", year=2002,
                 authors=authors, venue="SIGMOD Conference", file="dblp.csv")
    again = rec("Querying and mining data streams: you only get one look", year=2002,
                authors=authors, venue="Proc. ACM SIGMOD Int. Conf. on Management of Data",
                file="acm.csv")
    groups = cluster([vldb, sigmod, again], SETTINGS)
    assert not together([vldb, sigmod, again], vldb, sigmod)
    assert {frozenset({sigmod.source, again.source}), frozenset({vldb.source})} == {
        frozenset(r.source for r in g) for g in groups}


def test_a_society_newsletter_is_a_journal_though_named_after_its_conference():
    assert venue_kind("ACM SIGMOD Record") == "journal"
    assert venue_kind("SIGMOD Record") == "journal"
    assert venue_kind("SIGMOD Conference") == "conference"
    demo = rec("An Interoperable Multidatabase System", year=1996, authors=("Ann Lee",),
               venue="SIGMOD Conference")
    article = rec("An Interoperable Multidatabase System", year=1995, authors=("Ann Lee",),
                  venue="ACM SIGMOD Record")
    assert not together([demo, article], demo, article)


@pytest.mark.parametrize("title", ["Vice Chair's Message", "Guest Editor's Introduction",
                                   "Trade Press News", "Calls for Papers and Announcements"])
def test_a_standing_column_of_two_years_is_two_items(title):
    first = rec(title, year=1999, authors=("Z. Meral Ozsoyoglu",), venue="SIGMOD Record")
    second = rec(title, year=2000, authors=("Z. Meral Ozsoyoglu",), venue="SIGMOD Record")
    assert Fingerprint(first).generic
    assert len(cluster([first, second], SETTINGS)) == 2


def test_a_paper_whose_title_merely_ends_in_a_column_word_is_not_a_column():
    assert not Fingerprint(rec("Reliable Totally Ordered Message Delivery")).generic
    assert not Fingerprint(rec("Detecting Fake News")).generic


# --- blocking ---------------------------------------------------------------------------------


def test_a_variant_meets_its_version_behind_many_copies_of_another():
    """Fourteen citations of a conference paper and six of its journal version share one title;
    a journal citation with a typo sorts before all of them by title, so by title alone its
    nearest neighbours are conference citations only (which the version rule keeps apart)."""
    title = "Learning in the Presence of Malicious Errors"
    people = [("M. Kearns", "M. Li"), ("Kearns, M.", "Li, M."), ("Michael Kearns", "Ming Li")]
    proceedings = [rec(title, year=1988, authors=people[n % 3],
                       venue=f"Proc. 20th ACM Symposium on Theory of Computing{' ' * n}")
                   for n in range(SMALL_BLOCK + 2)]
    journal = [rec(title, year=1993, authors=people[n % 3],
                   venue=("SIAM J. Comput.", "SIAM Journal on Computing")[n % 2] + " " * n)
               for n in range(6)]
    typo = rec("Learning in the Precence of Malicious Error", year=1993,
               authors=("M. Kearns", "M. Li"), venue="SIAM Journal of Computing")
    records = [*proceedings, *journal, typo]
    assert together(records, typo, *journal)
    assert not together(records, typo, proceedings[0])


def test_a_table_of_contents_label_after_a_title_is_not_part_of_it():
    """DBLP appends "- Book Review" or ", Guest Editors' Foreword" where ACM lists the bare
    title; the reviewer or editors are the same people."""
    dblp = rec("Transactional Information Systems - Book Review", year=2001,
               authors=("Marc H. Scholl",), venue="SIGMOD Record", file="dblp.csv")
    acm = rec("Transactional information systems: theory, algorithms, and the practice of "
              "concurrency control and recovery", year=2001, authors=("Marc H. Scholl",),
              venue="ACM SIGMOD Record", file="acm.csv")
    foreword = rec("Information Visualization, Guest Editors' Foreword", year=1996,
                   authors=("Tiziana Catarci", "Isabel F. Cruz"), file="dblp.csv")
    bare = rec("Information visualization", year=1996, authors=("Tiziana Catarci",
                                                                "Isabel F. Cruz"), file="acm.csv")
    assert Fingerprint(dblp).core_title == fold("Transactional Information Systems")
    assert together([dblp, acm, foreword, bare], dblp, acm)
    assert together([dblp, acm, foreword, bare], foreword, bare)


def test_a_book_review_and_the_book_stay_apart():
    review = rec("Deep Learning - Book Review", year=2017, authors=("Ann Lee",),
                 venue="SIGMOD Record")
    book = rec("Deep Learning", year=2016, authors=("Ian Goodfellow", "Yoshua Bengio"),
               venue="MIT Press")
    assert not together([review, book], review, book)



def test_initials_glued_before_a_short_title_do_not_hide_it():
    """Too short for keys from its last words: the glued initials and name would be its
    rarest words, and no two of its own words would give it a key."""
    glued = rec("G. E. Hinton, learning multiple layers of representation", year=2007)
    clean = rec("Learning multiple layers of representation", year=2007,
                authors=("Geoffrey E. Hinton",), venue="Trends in Cognitive Sciences")
    other = rec("Learning representations by back-propagating errors", year=1986,
                authors=("D. E. Rumelhart", "G. E. Hinton", "R. J. Williams"))
    assert together([glued, clean, other], glued, clean)
    assert not together([glued, clean, other], clean, other)


def test_a_title_behind_the_end_of_its_author_list_meets_its_paper():
    """A reference parser that split the author list at the wrong comma leaves the last
    authors in front of the title; their initials and name are the title's rarest words."""
    glued = rec("G. E. Hinton, a fast learning algorithm for deep belief nets", year=2006,
                authors=("S. Osindero", "Y. Teh"))
    clean = rec("A fast learning algorithm for deep belief nets", year=2006,
                authors=("Geoffrey E. Hinton", "Simon Osindero", "Yee-Whye Teh"),
                venue="Neural Computation")
    other = rec("Reducing the dimensionality of data with neural networks", year=2006,
                authors=("G. E. Hinton", "R. R. Salakhutdinov"), venue="Science")
    assert together([glued, clean, other], glued, clean)
    assert not together([glued, clean, other], glued, other)


def test_page_numbers_left_inside_titles_are_not_part_numbers():
    """A PDF parser leaves a page number or footnote mark where a line broke, in a different
    place in each citation; different numbers in one place still tell parts apart."""
    people_ = ("V. Mnih", "A. P. Badia", "M. Mirza")
    one = rec("Asynchronous methods 12 for deep reinforcement learning", year=2016,
              authors=people_, venue="in proc. 33rd int. conf. on machine learning")
    two = rec("Asynchronous methods for deep 7 reinforcement learning", year=2016,
              authors=people_, venue="ICML")
    assert together([one, two], one, two)
    first = rec("Deep reinforcement learning, Part 1: value methods", year=2016, authors=people_)
    second = rec("Deep reinforcement learning, Part 2: value methods", year=2016,
                 authors=people_)
    assert not together([first, second], first, second)


def test_a_slip_in_an_initial_is_no_proof_of_other_authors():
    """"Salakhutdinov, P." (an R misread) in a list cut to its first name is not another
    person beyond doubt; a short family name under another initial still is."""
    title = "Restricted Boltzmann machines for collaborative filtering"
    full = rec(title, year=2007, authors=("R. Salakhutdinov", "A. Mnih", "G. Hinton"),
               venue="Proceedings of the 24th International Conference on Machine Learning")
    slip = rec(title, year=2007, authors=("Salakhutdinov, P.",),
               venue="in proc. 24th int. conf. on machine learning")
    assert together([full, slip], full, slip)
    survey = "A comprehensive survey on graph neural networks for traffic forecasting"
    one = rec(survey, year=2021, authors=("Wang, Y.",), venue="IEEE Access")
    other = rec(survey, year=2021, authors=("X. Wang",), venue="IEEE Access")
    assert not together([one, other], one, other)
