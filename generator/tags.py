"""Tagging papers from the owner's taxonomy in site.toml.

Terms match whole words only ("GAN" never matches "organ"), a space or hyphen in a term matches
either, and a plural `s`/`es` is allowed. A term with a capital letter matches its case exactly
(acronyms such as GAN or MoE); a lower-case term matches any case. A term in the title assigns
the tag at once; in the abstract alone it must occur at least `MIN_ABSTRACT_MENTIONS` times,
so a passing mention ("unlike transformers, ...") does not tag a paper.

All terms of all tags, with their plurals, go into two Aho-Corasick automata (pyahocorasick;
one for the terms matched in any case, over the lower-cased text, one for exact terms), so each
text is scanned twice in C whatever the size of the taxonomy; a regular expression alternation of
every term was tried at every word start instead, and cost more than any other stage.

Keywords and tags that sources give (a BibTeX `keywords` field, Zotero's tags, RIS `KW`) are the
owner's own tagging: a keyword that names a taxonomy tag (its name, slug or one of its terms,
in any case) assigns that tag, and `keyword_tags` makes a tag of its own for each other keyword.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .config import TagRule
from .models import Paper
from .slugs import slugify
from .text import fold

MIN_ABSTRACT_MENTIONS = 2


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    description: str
    terms: tuple[str, ...]


class Tagger:
    """Finds which tags' terms a text mentions, and how often."""

    def __init__(self, taxonomy: Sequence[Tag]) -> None:
        import ahocorasick

        self.taxonomy = tuple(taxonomy)
        self.named = _names(taxonomy) | {t.slug: t.slug for t in taxonomy}
        folded: dict[str, set[str]] = defaultdict(set)
        exact: dict[str, set[str]] = defaultdict(set)
        for tag in taxonomy:
            for term in tag.terms:
                key = _key(term.strip())
                table = folded if term == term.lower() else exact
                for form in _forms(key):  # a plural form is a key of its own, with the same tags
                    table[form].add(tag.slug)
        self.automata: list[tuple[bool, ahocorasick.Automaton]] = []
        for lower, table in ((True, folded), (False, exact)):
            if table:
                automaton = ahocorasick.Automaton()
                for form, slugs in table.items():
                    automaton.add_word(form, (len(form), tuple(sorted(slugs))))
                automaton.make_automaton()
                self.automata.append((lower, automaton))

    def mentions(self, text: str) -> Counter[str]:
        """How many times the text mentions each tag (by slug)."""
        found: dict[str, list[tuple[int, int]]] = defaultdict(list)  # tag -> (start, end)
        text = _key(text)
        lowered = text.lower()
        for lower, automaton in self.automata:
            scanned = lowered if lower else text
            last = len(scanned) - 1
            for end, (length, slugs) in automaton.iter(scanned):
                start = end - length + 1
                # whole words only: no word character just before or just after (inlined, as
                # a term's letters occur inside other words far more often than as words)
                if start > 0 and ((c := scanned[start - 1]).isalnum() or c == "_"):
                    continue
                if end < last and ((c := scanned[end + 1]).isalnum() or c == "_"):
                    continue
                for slug in slugs:
                    found[slug].append((start, end))
        return Counter({slug: _separate(spans) for slug, spans in found.items()})

    def tags_of(self, paper: Paper) -> tuple[str, ...]:
        in_title = self.mentions(paper.title)
        in_abstract = self.mentions(paper.abstract)
        named = {_named_tag(self.named, k) for k in paper.keywords}
        return tuple(
            t.slug for t in self.taxonomy
            if in_title[t.slug] or in_abstract[t.slug] >= MIN_ABSTRACT_MENTIONS
            or t.slug in named
        )


def _names(taxonomy: Sequence[Tag]) -> dict[str, str]:
    """Tag slug by every way a keyword can name the tag: folded name, slug and terms; the first
    tag in taxonomy order wins a name two tags share."""
    named: dict[str, str] = {}
    for tag in taxonomy:
        for name in (tag.name, tag.slug, *tag.terms):
            named.setdefault(fold(name), tag.slug)
    return named


def _named_tag(named: dict[str, str], keyword: str) -> str | None:
    """The tag a keyword names, in any case and spelling that folds alike, plural or not."""
    key = fold(keyword)
    for candidate in (key, key.removesuffix("s"), key.removesuffix("es"), slugify(keyword)):
        if candidate in named:
            return named[candidate]
    return None


def keyword_tags(papers: Sequence[Paper], taxonomy: Sequence[Tag]) -> list[Tag]:
    """A tag for each keyword of the papers that names no taxonomy tag, by slug; its name is
    the keyword's most frequent spelling (then the first in alphabetical order)."""
    named = _names(taxonomy) | {t.slug: t.slug for t in taxonomy}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for paper in papers:
        for keyword in paper.keywords:
            slug = slugify(keyword)
            if slug in named or _named_tag(named, keyword):
                continue
            if fold(keyword):  # slugs transliterate every script; punctuation alone is no tag
                spellings[slug][keyword] += 1
    return [Tag(slug, min(names, key=lambda n: (-names[n], n)), "", ())
            for slug, names in sorted(spellings.items())]


def _key(term: str) -> str:
    """The text with every run of whitespace and hyphens as one space ("self-supervised" is
    "self supervised"), ends trimmed: split and join, four times a regular expression's speed
    on an abstract (str.split knows the same whitespace as re's \\s)."""
    return " ".join(term.replace("-", " ").split())


def _forms(key: str) -> tuple[str, ...]:
    """A term and the plurals it may take: a term that ends in a letter takes `s` and `es`."""
    return (key, key + "s", key + "es") if key[-1:].isalpha() else (key,)


def _separate(spans: list[tuple[int, int]]) -> int:
    """How many mentions the matches of one tag make: overlapping terms ("vision transformer",
    "transformer") are one mention."""
    count, reach = 0, -1
    for start, end in sorted(spans):
        if start > reach:
            count += 1
        reach = max(reach, end)
    return count


def build_taxonomy(rules: Sequence[TagRule]) -> list[Tag]:
    return [Tag(r.slug, r.name or r.slug, r.description, r.terms) for r in rules]


def tag_papers(papers: Sequence[Paper], taxonomy: Sequence[Tag]) -> list[Paper]:
    """Each paper with the slugs of the tags that apply (by its text or its keywords), in
    taxonomy order."""
    tagger = Tagger(taxonomy)
    return [replace(paper, tags=tagger.tags_of(paper)) for paper in papers]
