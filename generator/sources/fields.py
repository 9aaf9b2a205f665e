"""Field conventions that reference managers share: Zotero's Extra, keyword lists, citation
keys, and venues that only say "arXiv"."""

from __future__ import annotations

import re

from ..dedup.identifiers import ARXIV_MENTION

# `Label: value` lines of Zotero's Extra field (CSL variables, `arXiv:`, `Citation Key:`)
EXTRA_LINE = re.compile(r"^\s*([A-Za-z][\w .-]{0,40}?)\s*:\s*(.+?)\s*$")
KEYWORD_SEPARATORS = re.compile(r"\s*[;,]\s*|\n+")
SEMICOLONS = re.compile(r"\s*;\s*|\n+")  # Zotero's tag columns: a tag may hold a comma
# what a BibTeX key may be made of; a URL, a path or a bare record number is not a citation key
CITATION_KEY = re.compile(r"^[^\s\"#%'(),={}/\\]+$")
PREPRINT_VENUE = re.compile(r"^(?:arxiv|corr|preprint|e-?prints?|abs|[\s:,./-])*$", re.IGNORECASE)


def extra_fields(text: str | None) -> dict[str, str]:
    """Zotero's Extra as a table: lower-case label -> value of its first line with that label."""
    found: dict[str, str] = {}
    for line in (text or "").splitlines():
        match = EXTRA_LINE.match(line)
        if match:
            found.setdefault(match.group(1).strip().lower(), match.group(2))
    return found


def split_keywords(*texts: str | None,
                   separators: re.Pattern[str] = KEYWORD_SEPARATORS) -> tuple[str, ...]:
    """Keywords from one or more lists separated by `;`, `,` or new lines, first spelling kept."""
    seen: dict[str, str] = {}
    for text in texts:
        for word in separators.split(text or ""):
            word = " ".join(word.split())
            if word:
                seen.setdefault(word.casefold(), word)
    return tuple(seen.values())


def merge_keywords(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """The keywords of several lists in order, a keyword repeated in another case dropped."""
    seen: dict[str, str] = {}
    for group in groups:
        for word in group:
            seen.setdefault(word.casefold(), word)
    return tuple(seen.values())


def citation_key(text: str | None) -> str | None:
    """`text` if it can be cited as a BibTeX key (not a URL, not a bare record number)."""
    key = (text or "").strip()
    return key if CITATION_KEY.match(key) and not key.isdigit() else None


def venue_or_none(text: str | None) -> str | None:
    """The venue, unless it only says the paper is an arXiv preprint (`arXiv preprint
    arXiv:1412.6980`, `CoRR`, `ArXiv e-prints`): that is an identifier, not a venue."""
    venue = " ".join((text or "").split())
    if not venue or PREPRINT_VENUE.match(ARXIV_MENTION.sub("", venue)):
        return None
    return venue
