"""The render cache on its own (generator/site/page_cache.py, reads.py): what a page reads is
noted while it renders, and a page is reused only when every input it read is unchanged and the
site's file is still the one the previous build wrote."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import jinja2

from generator.memo import PaperMemo
from generator.models import Paper
from generator.site.page_cache import MISSING, PageCache
from generator.site.reads import ITEMS, LENGTH, LibraryReads, Reads, RecordingEnvironment


def paper(slug: str, title: str) -> Paper:
    return Paper(slug=slug, title=title, abstract="", records=(), titles=(title,))


@dataclass(frozen=True)
class Shelf:
    """A library as templates see it: tuples and a dict of tuples."""

    papers: tuple[Paper, ...]
    noted: tuple[Paper, ...] = ()
    by_tag: dict[str, tuple[Paper, ...]] = field(default_factory=dict)


TEMPLATES = {
    "base.html": "<h1>{{ library.papers | length }} papers</h1>{% block body %}{% endblock %}",
    "paper.html": '{% extends "base.html" %}{% block body %}{{ paper.title }}'
                  '{% if library.noted %} (noted){% endif %}{% endblock %}',
    "tag.html": "{% for p in library.by_tag['nlp'] %}{{ p.title }};{% endfor %}",
}


def environment(templates: dict[str, str]) -> RecordingEnvironment:
    return RecordingEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)


def render(env: RecordingEnvironment, shelf: Shelf, name: str, reads: Reads,
           **context: object) -> bytes:
    env.reading.append(reads)
    try:
        return env.get_template(name).render(library=LibraryReads(shelf, reads),
                                             **context).encode()
    finally:
        env.reading.pop()


def test_a_page_notes_the_templates_it_loads_and_how_much_of_the_library_it_reads():
    a, b = paper("a", "A"), paper("b", "B")
    shelf = Shelf((a, b), by_tag={"nlp": (b,)})
    env, reads = environment(TEMPLATES), Reads()
    assert render(env, shelf, "paper.html", reads, paper=a) == b"<h1>2 papers</h1>A"
    assert reads.templates == {"paper.html", "base.html"}
    # only the list's length and whether `noted` is empty: not what they hold
    assert reads.library == {(("papers",), LENGTH), (("noted",), LENGTH)}
    tag_reads = Reads()
    render(env, shelf, "tag.html", tag_reads)
    assert tag_reads.library == {(("by_tag", "nlp"), ITEMS)}


def cache_for(env: RecordingEnvironment, shelf: Shelf, previous: dict, untouched=None):
    return PageCache(env, shelf, previous, untouched or (lambda path, digest: True), PaperMemo())


def built(env: RecordingEnvironment, shelf: Shelf, previous: dict | None = None,
          untouched=None) -> tuple[PageCache, bool]:
    """One page rendered through a cache: whether it was reused, and the cache."""
    cache = cache_for(env, shelf, previous or {}, untouched)
    context = {"paper": shelf.papers[0]}
    variables = cache.variables("paper.html", "papers/a/index.html", context)
    assert variables is not None
    if cache.reuse("papers/a/index.html", variables):
        return cache, True
    reads = Reads()
    page = render(env, shelf, "paper.html", reads, **context)
    cache.record("papers/a/index.html", variables, reads, page)
    return cache, False


def test_an_unchanged_page_is_reused_and_any_input_it_read_changes_that():
    a, b = paper("a", "A"), paper("b", "B")
    shelf = Shelf((a, b))
    env = environment(TEMPLATES)
    first, reused = built(env, shelf)
    assert not reused and first.records
    assert built(env, shelf, first.records)[1]  # nothing changed
    assert built(env, Shelf((a, b), by_tag={"x": (b,)}), first.records)[1]  # not read by it
    assert built(env, Shelf((a, replace(b, title="B2"))), first.records)[1]  # only the length
    assert not built(env, Shelf((a,)), first.records)[1]  # the length it shows
    assert not built(env, Shelf((a, b), noted=(b,)), first.records)[1]  # `noted` now non-empty
    assert not built(env, Shelf((replace(a, title="A2"), b)), first.records)[1]  # its variables
    edited = environment({**TEMPLATES, "base.html": TEMPLATES["base.html"] + "!"})
    assert not built(edited, shelf, first.records)[1]  # a template it extends
    assert not built(env, shelf, first.records, untouched=lambda path, digest: False)[1]


def test_a_value_that_cannot_be_digested_makes_its_page_uncacheable():
    cache = cache_for(environment(TEMPLATES), Shelf(()), {})
    assert cache.variables("x.html", "x.html", {"make": lambda: 1}) is None
    assert cache.template("absent.html") == MISSING


def test_a_cache_that_does_not_record_neither_looks_up_nor_notes_pages():
    cache = PageCache(environment(TEMPLATES), Shelf(()), {}, lambda p, d: True, PaperMemo(),
                      recording=False)
    assert cache.variables("paper.html", "p.html", {"paper": paper("a", "A")}) is None
