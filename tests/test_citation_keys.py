"""The owner's citation keys (generator.site.citations): kept, unique, stable."""

from __future__ import annotations

import bibtexparser

from generator.models import Paper, Provenance, Record
from generator.site.citations import citation_keys, citations


def record(file: str, line: int, key: str | None = None) -> Record:
    return Record(title="T", source=Provenance(file, line, key), citation_key=key)


def paper(slug: str, *records: Record) -> Paper:
    return Paper(slug=slug, title=slug.replace("-", " "), abstract="", records=records,
                 titles=(slug,))


def test_a_paper_is_cited_by_its_sources_key_and_a_paper_without_one_by_its_slug():
    papers = [paper("attention-is-all-you-need", record("a.bib", 3, "vaswani2017attention"),
                    record("list.txt", 9)),
              paper("deep-learning", record("list.txt", 20))]
    assert citation_keys(papers) == {"attention-is-all-you-need": "vaswani2017attention",
                                     "deep-learning": "deep-learning"}


def test_the_key_most_records_give_wins_then_the_first_record():
    most = paper("adam", record("gs.bib", 1, "kingma2014adam"),
                 record("zotero.bib", 5, "kingmaAdamMethod2017"),
                 record("zotero.json", 2, "kingmaAdamMethod2017"))
    tie = paper("vae", record("b.bib", 1, "second"), record("a.bib", 9, "first"))
    assert citation_keys([most, tie]) == {"adam": "kingmaAdamMethod2017", "vae": "first"}


def test_a_key_two_papers_claim_goes_to_the_first_source_and_the_other_gets_a_suffix():
    adam = paper("adam", record("jabref.bib", 29, "Kingma2014"))
    vae = paper("vae", record("jabref.bib", 68, "Kingma2014"))
    other = paper("other", record("x.bib", 1, "kingma2014"))  # BibTeX keys ignore case
    for order in ([adam, vae, other], [other, vae, adam]):
        assert citation_keys(order) == {"adam": "Kingma2014", "vae": "Kingma2014-2",
                                        "other": "kingma2014-3"}


def test_an_owners_key_is_placed_before_a_slug_that_equals_it():
    owner = paper("a-paper", record("x.bib", 1, "deep-learning"))
    slugged = paper("deep-learning", record("list.txt", 1))
    assert citation_keys([slugged, owner]) == {"a-paper": "deep-learning",
                                               "deep-learning": "deep-learning-2"}


def test_bibtex_entries_carry_the_keys_and_parse_back():
    papers = [paper("attention-is-all-you-need", record("a.bib", 3, "vaswani2017attention")),
              paper("deep-learning", record("list.txt", 20))]
    texts = citations(papers)
    parsed = bibtexparser.parse_string("\n".join(texts.values()))
    assert sorted(e.key for e in parsed.entries) == ["deep-learning", "vaswani2017attention"]
    assert texts["attention-is-all-you-need"].startswith("@misc{vaswani2017attention,")
