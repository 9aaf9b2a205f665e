"""Persistent identifiers in their canonical form, so two spellings of one id compare equal."""

from __future__ import annotations

import re

DOI = re.compile(r"\b(10\.\d{4,9}/\S+)", re.IGNORECASE)
# new-style ids, also inside .../pdf/2106.01234v1.pdf; old-style ids such as cs/0112017
ARXIV_NEW = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5})(?:v\d+)?(?!\d)")
ARXIV_OLD = re.compile(r"(?<![\w.])([a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?\b", re.IGNORECASE)


def normalise_doi(text: str | None) -> str | None:
    """`10.1145/375663.375678` from a bare DOI, a `doi:` prefix or a doi.org URL; lower case."""
    if not text:
        return None
    match = DOI.search(text.strip())
    return match.group(1).rstrip(".,;)").lower() if match else None


def normalise_arxiv(text: str | None) -> str | None:
    """An arXiv id without its version (`2106.01234`, `cs/0112017`), from an id or a URL."""
    if not text:
        return None
    text = text.strip().removeprefix("arXiv:").removeprefix("arxiv:")
    for pattern in (ARXIV_NEW, ARXIV_OLD):
        match = pattern.search(text)
        if match:
            return match.group(1).lower()
    return None


ARXIV_DOI = "10.48550/arxiv."  # the DOI arXiv mints for every preprint


def paper_identifiers(doi: str | None, arxiv: str | None) -> tuple[str | None, str | None]:
    """The (DOI, arXiv id) to match a record by. An arXiv DOI is the preprint's arXiv id, not a
    publisher's DOI: against the DOI of the published version it proves nothing either way."""
    doi, arxiv = normalise_doi(doi), normalise_arxiv(arxiv)
    if doi and doi.startswith(ARXIV_DOI):
        return None, arxiv or normalise_arxiv(doi.removeprefix(ARXIV_DOI))
    return doi, arxiv


# "arXiv:1706.03762", "arXiv: 1706.03762 [cs]", "arXiv preprint arXiv:1412.6980",
# "arXiv e-prints, abs/1502.03167", "arxiv.org/abs/cs/0112017v2": an id that text names as arXiv's
ARXIV_MENTION = re.compile(
    r"\barxiv(?:\.org/(?:abs|pdf)/|[\s:,.]*(?:preprint|e-prints?)?[\s:,.]*(?:arxiv)?[\s:]*"
    r"(?:abs/)?)(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?(?![\d.])",
    re.IGNORECASE,
)


def arxiv_from_text(text: str | None) -> str | None:
    """The arXiv id that free text (a BibTeX `journal` or `note`, Zotero's Extra) names as one.

    A bare number such as `1706.03762` is not taken: without the word arXiv it could be anything.
    """
    match = ARXIV_MENTION.search(text) if text else None
    return match.group(1).lower() if match else None


def arxiv_from_doi(doi: str | None) -> str | None:
    """The arXiv id inside the DOI arXiv mints (`10.48550/arXiv.1706.03762`), else None."""
    doi = normalise_doi(doi)
    if doi and doi.startswith(ARXIV_DOI):
        return normalise_arxiv(doi.removeprefix(ARXIV_DOI))
    return None


def arxiv_from_url(url: str | None) -> str | None:
    if url and "arxiv.org/" in url.lower():
        return normalise_arxiv(url.split("arxiv.org/", 1)[1])
    return None


def doi_from_url(url: str | None) -> str | None:
    if url and "doi.org/" in url.lower():
        return normalise_doi(url)
    return None
