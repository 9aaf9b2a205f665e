"""The search index: Pagefind (https://pagefind.app) fed one small record per paper.

Pagefind's indexing service comes from the `pagefind[extended]` Python package, so nothing is
downloaded at build time. Each paper is given to it as a custom record (title, authors, venue,
abstract and the owner's note, with the tag, year and code filters) through its Python API,
rather than letting it crawl every finished page: crawling parses all the HTML of the site and
held the whole site in memory (7 GB at 75k papers). The index and Pagefind's UI land in
`pagefind/` inside the site; result URLs are paths from the site root, as a crawl gives them.
"""

from __future__ import annotations

import asyncio
import importlib.util
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..errors import BuildError
from ..models import Paper
from ..tags import Tag

BUNDLE = "pagefind"  # the folder Pagefind writes inside the site
BATCH = 256  # records sent to the indexing service before waiting for its answers


@dataclass(frozen=True)
class SearchRecord:
    url: str  # from the site root, "/papers/<slug>/"
    title: str
    content: str
    filters: dict[str, list[str]] = field(default_factory=dict)


def search_records(papers: Sequence[Paper], tags: Sequence[Tag]) -> list[SearchRecord]:
    """What search knows of each paper: the text a reader would search for, and its filters."""
    names = {t.slug: t.name for t in tags}
    records = []
    for paper in papers:
        note = Markup(paper.note_html).striptags() if paper.note_html else ""
        text = [paper.title, ", ".join(paper.authors), paper.venue or "", paper.abstract, note]
        filters = {"tag": [names.get(slug, slug) for slug in paper.tags]}
        if paper.date and paper.date.year:
            filters["year"] = [str(paper.date.year)]
        if paper.has_code:
            filters["code"] = ["has code"]
        records.append(SearchRecord("/" + paper.url, paper.title,
                                    "\n".join(t for t in text if t),
                                    {k: v for k, v in filters.items() if v}))
    return records


def index_site(folder: Path, records: Sequence[SearchRecord], language: str = "en") -> None:
    """Write Pagefind's index of `records` and its UI into `folder`/pagefind; raise BuildError
    if Pagefind is missing or fails."""
    if importlib.util.find_spec("pagefind") is None:
        raise BuildError("search index: Pagefind is not installed; run "
                         "pip install 'pagefind[extended]' (or pip install -e .)")
    try:
        # a thread of its own, with its own event loop: the caller may be running one already
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, _index(folder / BUNDLE, records, language)).result()
    except Exception as error:  # the service reports its failures as plain Exceptions
        raise BuildError(f"search index: Pagefind failed: {error}") from None
    if not (folder / BUNDLE / "pagefind-ui.js").is_file():
        raise BuildError(f"search index: Pagefind wrote no {BUNDLE}/pagefind-ui.js")


async def _index(bundle: Path, records: Sequence[SearchRecord], language: str) -> None:
    from pagefind.index import PagefindIndex

    async with PagefindIndex(config={"output_path": str(bundle),
                                     "force_language": language}) as index:
        for start in range(0, len(records), BATCH):
            await asyncio.gather(*(
                index.add_custom_record(url=r.url, content=r.content, language=language,
                                        meta={"title": r.title}, filters=r.filters)
                for r in records[start:start + BATCH]))
