"""Tagging papers from the owner's taxonomy in site.toml.

Terms match whole words only ("GAN" never matches "organ"), a space or hyphen in a term matches
either, and a plural `s`/`es` is allowed. A term with a capital letter matches its case exactly
(acronyms such as GAN or MoE); a lower-case term matches any case. A term in the title assigns
the tag at once; in the abstract alone it must occur at least `MIN_ABSTRACT_MENTIONS` times,
so a passing mention ("unlike transformers, ...") does not tag a paper.

All terms of all tags are compiled into two regular expressions (one per case rule), so each
text is scanned twice whatever the size of the taxonomy.

Keywords and tags that sources give (a BibTeX `keywords` field, Zotero's tags, RIS `KW`) are the
owner's own tagging: a keyword that names a taxonomy tag (its name, slug or one of its terms,
in any case) assigns that tag, and `keyword_tags` makes a tag of its own for each other keyword.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .config import TagRule
from .models import Paper
from .slugs import slugify
from .text import fold

MIN_ABSTRACT_MENTIONS = 2
SEPARATORS = re.compile(r"[\s\-]+")


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str
    description: str
    terms: tuple[str, ...]


class Tagger:
    """Finds which tags' terms a text mentions, and how often."""

    def __init__(self, taxonomy: Sequence[Tag]) -> None:
        self.taxonomy = tuple(taxonomy)
        self.named = _names(taxonomy) | {t.slug: t.slug for t in taxonomy}
        self.folded: dict[str, set[str]] = defaultdict(set)
        self.exact: dict[str, set[str]] = defaultdict(set)
        for tag in taxonomy:
            for term in tag.terms:
                table = self.folded if term == term.lower() else self.exact
                table[_key(term.strip())].add(tag.slug)
        self.patterns = [
            (table, _compile(list(table), flags))
            for table, flags in ((self.folded, re.IGNORECASE), (self.exact, 0))
            if table
        ]

    def mentions(self, text: str) -> Counter[str]:
        """How many times the text mentions each tag (by slug)."""
        found: set[tuple[str, int]] = set()  # (tag, end): nested terms count once
        for table, pattern in self.patterns:
            folded = table is self.folded
            for match in pattern.finditer(text):
                term = match.group(1)
                key = _key(term.lower() if folded else term)
                for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
                    if candidate in table:
                        found.update((slug, match.start() + len(term)) for slug in table[candidate])
                        break
        return Counter(slug for slug, _ in found)

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
            if _named_tag(named, keyword) or slug in named:
                continue
            if any(c.isascii() and c.isalnum() for c in fold(keyword)):  # else no URL name
                spellings[slug][keyword] += 1
    return [Tag(slug, min(names, key=lambda n: (-names[n], n)), "", ())
            for slug, names in sorted(spellings.items())]


def _key(term: str) -> str:
    return SEPARATORS.sub(" ", term)


def _compile(terms: Sequence[str], flags: int) -> re.Pattern[str]:
    alternatives = sorted((_term_pattern(t) for t in terms), key=len, reverse=True)
    # A lookahead finds a term at every start, so "diffusion transformer" does not hide
    # "transformer" from another tag.
    return re.compile(r"(?<!\w)(?=(" + "|".join(alternatives) + r")(?!\w))", flags)


def _term_pattern(term: str) -> str:
    body = r"[\s\-]+".join(re.escape(w) for w in term.split(" "))
    return body + r"(?:e?s)?" if term[-1:].isalpha() else body


def build_taxonomy(rules: Sequence[TagRule]) -> list[Tag]:
    return [Tag(r.slug, r.name or r.slug, r.description, r.terms) for r in rules]


def tag_papers(papers: Sequence[Paper], taxonomy: Sequence[Tag]) -> list[Paper]:
    """Each paper with the slugs of the tags that apply (by its text or its keywords), in
    taxonomy order."""
    tagger = Tagger(taxonomy)
    return [replace(paper, tags=tagger.tags_of(paper)) for paper in papers]
