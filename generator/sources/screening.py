"""What every reader's records must satisfy before the rest of the build sees them.

Limits keep a hostile or broken export from making any later stage slow (an abstract of 10 MB
is cut, with a warning), and the record's own link must pass the site's link policy, since
it becomes an `href` on the paper's page.
"""

from __future__ import annotations

from dataclasses import replace

from ..errors import Problems
from ..links import link_problem
from ..models import Record

MAX_ABSTRACT = 20_000  # characters; real abstracts stay under 5,000
MAX_TITLE = 1_000  # characters
MAX_NAME = 1_000  # characters of a venue, organisation or author


def screened(record: Record, problems: Problems) -> Record:
    """`record` with its link checked and its long fields cut, each with a warning."""
    file, line = record.source.file, record.source.line
    changes: dict[str, object] = {}
    if record.url is not None and (problem := link_problem(record.url, relative=False)):
        problems.warn(file, line, f"link {_shown(record.url)} dropped: {problem}")
        changes["url"] = None
    code_urls = tuple(u for u in record.code_urls if link_problem(u, relative=False) is None)
    if code_urls != record.code_urls:
        changes["code_urls"] = code_urls
    if len(record.abstract) > MAX_ABSTRACT:
        problems.warn(file, line, f"abstract of {len(record.abstract):,} characters cut to "
                      f"{MAX_ABSTRACT:,} (the longest the site keeps)")
        changes["abstract"] = cut(record.abstract, MAX_ABSTRACT)
        changes["emphasis"] = tuple((a, b) for a, b in record.emphasis if b <= MAX_ABSTRACT)
    if len(record.title) > MAX_TITLE:
        problems.warn(file, line, f"title of {len(record.title):,} characters cut to "
                      f"{MAX_TITLE:,}; is an abstract in the title column?")
        changes["title"] = cut(record.title, MAX_TITLE)
    for name in ("venue", "organisation"):
        value = getattr(record, name)
        if value is not None and len(value) > MAX_NAME:
            problems.warn(file, line, f"{name} of {len(value):,} characters cut to {MAX_NAME:,}")
            changes[name] = cut(value, MAX_NAME)
    if any(len(a) > MAX_NAME for a in record.authors):
        problems.warn(file, line, f"an author name longer than {MAX_NAME:,} characters was cut")
        changes["authors"] = tuple(cut(a, MAX_NAME) for a in record.authors)
    return replace(record, **changes) if changes else record


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, at a word boundary when there is one, ending in an ellipsis."""
    head = text[: limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + "…"


def _shown(url: str) -> str:
    return repr(url if len(url) <= 80 else url[:77] + "...")
