"""Untrusted text turned into safe HTML: everything escaped, then only our own tags added."""

from __future__ import annotations

from markupsafe import Markup, escape

from ..models import Paper
from ..text import URL, trim_url


def linkify(text: str) -> Markup:
    """Escape `text` and turn the URLs in it into links, leaving trailing punctuation outside."""
    out: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url = trim_url(match.group(0))
        end = match.start() + len(url)
        out.append(escape(text[position : match.start()]))
        out.append(Markup('<a href="{0}" rel="noopener">{0}</a>').format(url))
        position = end
    out.append(escape(text[position:]))
    return Markup("").join(out)


def abstract_html(paper: Paper) -> Markup:
    """The abstract with the source's emphasis as <em> and its links clickable."""
    text = paper.abstract
    out: list[Markup] = []
    position = 0
    for start, end in paper.emphasis:
        if not position <= start <= end <= len(text):
            continue  # a span from another version of the abstract; ignore it
        out.append(linkify(text[position:start]))
        out.append(Markup("<em>{}</em>").format(linkify(text[start:end])))
        position = end
    out.append(linkify(text[position:]))
    return Markup("").join(out)


def excerpt(text: str, length: int) -> str:
    """At most `length` characters, cut at a word boundary, with an ellipsis when cut."""
    if len(text) <= length:
        return text
    cut = text[:length].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return cut + "…"
