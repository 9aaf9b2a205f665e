"""The plan stages: related papers and citations, then the library and every file of the site,
each page made only when the writer asks for it."""

from __future__ import annotations

from dataclasses import dataclass

from .context import BuildContext
from .gather import Gathered, Noted
from .keys import RELATED_COUNT
from .output.files import Keyed, SiteFiles
from .output.reuse import Reuse
from .site.citations import citations
from .site.export import paper_record, papers_json
from .site.library import Library, make_library
from .site.page_cache import PageCache
from .site.pages import render_site
from .site.publish import publish_files
from .site.related import related_papers
from .site.render import Renderer, make_environment
from .site.theme import static_files
from .sources.metadata import uncertain


@dataclass(frozen=True)
class Related:
    """What depends only on the merged papers (notes change neither titles nor abstracts)."""

    related: dict[str, tuple[str, ...]]  # slug -> related slugs
    citations: dict[str, str]  # slug -> BibTeX entry


@dataclass
class SitePlan:
    """Every file of the site, pages as functions that make them; what the render cache learns
    while they are made; and the review report, when one was asked for."""

    files: SiteFiles
    library: Library
    page_cache: PageCache
    pages: int  # HTML pages
    count: int  # files the build writes itself (the search bundle aside)
    keyed: dict[str, str]  # path -> the key of a `Keyed` file
    pages_key: str  # what the render cache's records are valid for
    report: str = ""


def relate(context: BuildContext, gathered: Gathered) -> Related:
    keys, store = context.keys, context.store
    cached = store.get("related", keys.related)
    if cached is None:
        cached = Related(related_papers(gathered.papers, RELATED_COUNT),
                         citations(gathered.papers, context.config.site.base_url))
        store.put("related", keys.related, cached)
    return cached


def plan(context: BuildContext, gathered: Gathered, noted: Noted, related: Related,
         reuse: Reuse) -> SitePlan:
    config, options, keys, session = context.config, context.options, context.keys, context.session
    env = make_environment(config, options.templates, session.compiled)
    library = make_library(noted.papers, gathered.taxonomy, gathered.record_count, noted.pages,
                           related.related, related.citations, gathered.labels)
    pages_key = keys.pages(gathered.taxonomy)
    # a new site has no pages to reuse: what they are made from is noted from the first
    # rebuild on (and in the live preview, from its first build)
    recording = bool(reuse.state.files) or options.defer_search
    cache = PageCache(env, library, context.store.get(keys.page_records, pages_key) or {}
                      if recording else {}, reuse.holds, session.memo, recording)
    renderer = Renderer(env, config, library, cache, session.memo)
    pages = render_site(renderer)
    report = _review_report(renderer, gathered, noted) if options.report else ""
    files = SiteFiles()
    for path in sorted(pages):
        files.add(path, pages.pop(path))
    changed = [paper_record(p) for p, merged in zip(noted.papers, gathered.papers, strict=True)
               if p is not merged]  # what notes change of the merged papers
    files.add("papers.json", Keyed(keys.papers_json(changed), lambda: papers_json(noted.papers)))

    def made(*parts: object) -> str | None:
        digest = cache.digest(parts)
        return None if digest is None else keys.made(digest)

    for path, content in sorted(publish_files(library, config, files.files, context.folders,
                                              made).items()):
        files.add(path, content)
    cname = config.root / "CNAME"  # a custom domain for GitHub Pages
    if cname.is_file():
        files.add("CNAME", cname.read_bytes())
    files.add(".nojekyll", "")
    for name, file in static_files(config).items():
        files.add(f"static/{name}", file.read_bytes())
    html = sum(p.endswith(".html") for p in files.files)
    keyed = {path: c.key for path, c in files.files.items() if isinstance(c, Keyed)}
    return SitePlan(files, library, cache, html, len(files), keyed, pages_key, report)


def _review_report(renderer: Renderer, gathered: Gathered, noted: Noted) -> str:
    """The --report page. The review is imported here: it brings in the deduplication (and
    numpy), which a build whose papers come from the cache otherwise never loads."""
    from .dedup.review import review

    return renderer.render_text("report.html", "report.html",
                                review=review(gathered.clustering, noted.papers),
                                uncertain=uncertain(gathered.metadata))
