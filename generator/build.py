"""The build: a flat list of timed stages, gathering everything before writing anything."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, cache_folder, code_version, digest, tree_digest
from .config import Config, example_base_url
from .dedup.cluster import Clustering
from .dedup.merge import merge_clusters
from .dedup.overrides import cluster_with_overrides
from .dedup.review import review
from .errors import BuildError, Problem, Problems
from .memo import PAPERS
from .models import Paper, Record
from .site.citations import citations
from .site.export import paper_record, papers_json
from .site.library import make_library
from .site.manifest import FORMAT, Manifest, content_digest, record
from .site.page_cache import PageCache
from .site.pages import render_site
from .site.pending import PendingSearch
from .site.provenance import source_labels
from .site.publish import publish_files
from .site.related import related_papers
from .site.render import Renderer, make_environment
from .site.reuse import Reuse
from .site.search import index_site, search_records
from .site.theme import static_files, template_folders
from .site.update import SiteState, update_site
from .site.writer import (
    REPORT_MARK,
    Keyed,
    SiteFiles,
    check_output_folder,
    check_report,
    write_site,
)
from .sources.metadata import Metadata, apply_metadata, read_metadata, uncertain
from .sources.notes import attach_notes
from .sources.pages import read_pages
from .sources.read import read_sources
from .tags import Tag, build_taxonomy, keyword_tags, tag_papers

RELATED_COUNT = 5
STRICT_SHOWN = 50  # warnings listed in a --strict failure; the rest are counted


@dataclass(frozen=True)
class BuildOptions:
    """What the command line adds to site.toml for one build."""

    sources: tuple[Path, ...] = ()
    output: Path | None = None
    templates: Path | None = None
    strict: bool = False
    report: Path | None = None
    defer_search: bool = False  # the live preview: changed search shards are indexed after the
    # pages are in place, by the returned `pending_search` (site/pending.py)


@dataclass
class BuildResult:
    records: int = 0
    papers: list[Paper] = field(default_factory=list)
    tags: int = 0
    files: int = 0
    pages: int = 0
    reused: int = 0  # pages taken from the previous site: nothing they are made from changed
    output: Path | None = None
    problems: Problems = field(default_factory=Problems)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> wall seconds
    cpu: dict[str, float] = field(default_factory=dict)  # stage -> CPU seconds, children included
    pending_search: PendingSearch | None = None  # with defer_search: what is left to index

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def build_inputs(config: Config, sources: Sequence[Path],
                 templates: Path | None = None) -> list[Path]:
    """Everything the build reads: the output may not touch it, and --serve watches it."""
    return [*sources, config.path(config.build.templates), config.path(config.build.static),
            config.path(config.build.notes), config.path(config.build.pages),
            Path(config.file).resolve(), config.path(config.build.metadata),
            *([templates] if templates else [])]


def build(config: Config, options: BuildOptions,
          progress: Callable[[str], None] = lambda stage: None) -> BuildResult:
    """Read, merge, tag, attach notes, render and write the site; raise BuildError if it cannot
    be built.

    What a stage leaves behind (records, papers, fragments) lives until the build ends, so each
    stage's survivors are frozen out of the cyclic garbage collector's full passes, which would
    otherwise walk all of them again and again (at 100k records the collector's time fell from
    12.8 to 8.1 s CPU). They are collectable again once the build returns."""
    with ExitStack() as holding:
        try:
            return _build(config, options, progress, holding)
        finally:
            gc.unfreeze()


def _build(config: Config, options: BuildOptions, progress: Callable[[str], None],
           holding: ExitStack) -> BuildResult:
    result = BuildResult()
    PAPERS.start_build()
    folders = list(options.sources) or config.source_paths()
    output = options.output or config.path(config.build.output)
    notes_folder, pages_folder = config.path(config.build.notes), config.path(config.build.pages)
    inputs = build_inputs(config, folders, options.templates)
    check_output_folder(output, inputs, project=config.root)
    if options.report:
        check_report(options.report, inputs, output)

    @contextmanager
    def stage(name: str) -> Iterator[None]:
        progress(name)
        started, cpu = time.perf_counter(), _cpu_seconds()
        yield
        gc.freeze()
        result.timings[name] = time.perf_counter() - started
        result.cpu[name] = _cpu_seconds() - cpu

    store = BuildCache(cache_folder(output))
    holding.enter_context(store.exclusive(lambda: progress("waiting for another build")))
    with stage("read"):
        metadata_file = config.path(config.build.metadata)
        # every setting, not only the ones merging reads today: a stale cache costs more than
        # a merge the change did not need
        sources_key = digest(code_version(), tree_digest(folders), config,
                             metadata_file.is_file() and metadata_file.read_bytes(),
                             bool(options.report))
        gathered = store.get("papers", sources_key)
        if gathered is None:
            records = read_sources(folders, result.problems, config.build.encodings)
            metadata = read_metadata(config, result.problems)
            records = apply_metadata(records, metadata)
            labels = source_labels(config.source_labels(), folders,
                                   {r.source.file for r in records})
    if gathered is None:
        gathered = _merge_and_tag(config, records, result.problems, stage,
                                  metadata if options.report else None, labels)
        store.put("papers", sources_key, gathered)
    else:
        result.problems.items.extend(gathered.problems)
    if (example := example_base_url(config)) is not None:
        result.problems.warn(config.file, *example)
    taxonomy = gathered.taxonomy
    result.records, result.tags = gathered.record_count, len(taxonomy)
    with stage("notes"):
        papers = attach_notes(notes_folder, gathered.papers, [t.slug for t in taxonomy],
                              result.problems, config.root)
        site_pages = read_pages(pages_folder, config.root, result.problems)
        result.papers = papers
    if options.strict and result.problems:
        raise BuildError(strict_failure(result.problems))
    static = {name: file.read_bytes() for name, file in static_files(config).items()}
    cname_file = config.root / "CNAME"  # a custom domain for GitHub Pages
    cname = cname_file.read_bytes() if cname_file.is_file() else None
    site_key = digest(sources_key, tree_digest([notes_folder, pages_folder]), config,
                      options.templates, tree_digest(template_folders(config, options.templates)),
                      [(name, content_digest(content)) for name, content in static.items()],
                      cname, os.environ.get("SOURCE_DATE_EPOCH"))
    manifest_name = "manifest-" + digest(str(output.resolve()))
    previous = store.get(manifest_name, FORMAT) or Manifest()
    target = output.resolve()
    state = SiteState.read(target) if previous.files else SiteState()  # the site as it is now
    if not options.report and previous.key == site_key and previous.intact(state):
        result.pages, result.files, result.output = previous.pages, previous.count, output
        return result  # nothing the site is made from changed, and the site is as written
    with stage("related"):
        # both depend only on the merged papers (notes change neither titles nor abstracts)
        derived_key = digest(sources_key, config.site.base_url, RELATED_COUNT)
        derived = store.get("related", derived_key)
        if derived is None:
            derived = (related_papers(gathered.papers, RELATED_COUNT),
                       citations(gathered.papers, config.site.base_url))
            store.put("related", derived_key, derived)
        related, cited = derived
    with stage("render"):
        env = make_environment(config, options.templates)
        library = make_library(papers, taxonomy, gathered.record_count, site_pages, related,
                               cited, gathered.labels)
        # the pages' records are keyed by all they share; each page's own inputs are in its record
        pages_name, pages_key = "pages-" + digest(str(output.resolve())), digest(
            code_version(), config, options.templates, taxonomy, static_files(config).keys())
        cache = PageCache(env, library, store.get(pages_name, pages_key) or {},
                          lambda path, content: previous.untouched(state, path, content))
        renderer = Renderer(env, config, library, cache)
        pages = render_site(renderer)  # each page is made when the writer writes it
        report = renderer.render_text("report.html", "report.html",
                                      review=review(gathered.clustering, papers),
                                      uncertain=uncertain(gathered.metadata)
                                      ) if options.report else ""
        files = SiteFiles()
        for path in sorted(pages):
            files.add(path, pages.pop(path))  # a function: the page is made as it is written
        # papers.json shows the merged papers (keyed by the sources) and what notes change of them
        files.add("papers.json", Keyed(digest(sources_key, [
            paper_record(p) for p, merged in zip(papers, gathered.papers, strict=True)
            if p is not merged]), lambda: papers_json(papers)))

        def key(*parts: object) -> str | None:
            made = cache.digest(parts)
            return None if made is None else digest(code_version(), made)

        for path, content in sorted(publish_files(library, config, files.files,
                                                  folders, key).items()):
            files.add(path, content)
        if cname is not None:
            files.add("CNAME", cname)
        files.add(".nojekyll", "")
        for name, content in static.items():
            files.add(f"static/{name}", content)
        result.pages, result.files = sum(p.endswith(".html") for p in files.files), len(files)
        keys = {path: c.key for path, c in files.files.items() if isinstance(c, Keyed)}
    with stage("write"):
        shards: dict[str, str] = {}
        reuse = Reuse(previous, state, target, options.defer_search)

        def index(staging: Path, kept: set[str]) -> None:
            files.files.clear()  # all made now: free them before the indexer needs memory
            if not options.defer_search:  # no rebuild in this process will ask for them
                PAPERS.forget()
            with stage("search"):  # inside "write"; told apart below
                search = search_records(papers, taxonomy)  # not held while pages are written
                shards.update(reuse.shard_keys(index_site(
                    staging, search, config.site.language, code_version(),
                    lambda shard: reuse.shard(shard, kept))))

        if state.files:  # a site the previous build wrote: only what changed is written
            found = update_site(files, output, state, reuse.keep, finish=index)
        else:
            write_site(files, output, finish=lambda staging: index(staging, set()),
                       written=reuse.keep)
            found = SiteState.read(target).files
        manifest = record(found.items(), reuse.digests, keys,
                          "" if reuse.deferred else site_key, shards, result.pages, result.files)
        store.put(manifest_name, FORMAT, manifest)
        if reuse.deferred:
            result.pending_search = PendingSearch(target, reuse.deferred, config.site.language,
                                                  manifest, site_key, store, manifest_name)
        result.output = output
        if options.report:
            options.report.parent.mkdir(parents=True, exist_ok=True)
            options.report.write_text(f"{report.rstrip()}\n{REPORT_MARK}\n", encoding="utf-8")
    result.timings["write"] -= result.timings["search"]
    result.cpu["write"] -= result.cpu["search"]
    _move_time(result, renderer, "write", "render")
    store.put(pages_name, pages_key, cache.records)  # only now: the pages are in the site
    result.reused = cache.reused
    return result


def strict_failure(problems: Problems) -> str:
    """The --strict failure: every warning that caused it (the first 50, then a count)."""
    shown = [f"  {problem}" for problem in list(problems)[:STRICT_SHOWN]]
    if len(problems) > STRICT_SHOWN:
        shown.append(f"  ... and {len(problems) - STRICT_SHOWN} more")
    return (f"{len(problems)} warning(s) and --strict is on; the previous site was left as it "
            "was. Fix these, or build without --strict:\n" + "\n".join(shown))


@dataclass(frozen=True)
class Gathered:
    """The papers as read, merged and tagged: what the cache keeps of those stages."""

    record_count: int
    problems: tuple[Problem, ...]
    papers: list[Paper]
    taxonomy: list[Tag]  # the configured tags, and keyword tags found in the papers
    clustering: Clustering | None  # these two are kept only when a review report is asked for
    metadata: Metadata | None
    labels: dict[str, str]  # source file -> the label pages show for it


def _merge_and_tag(config: Config, records: list[Record], problems: Problems,
                   stage: Callable[[str], AbstractContextManager[None]],
                   metadata: Metadata | None, labels: dict[str, str]) -> Gathered:
    """Merge the records into papers and tag them; `metadata` is kept for the review report."""
    with stage("merge"):
        clustering = cluster_with_overrides(config, records, problems)
        papers = merge_clusters(clustering.groups)
    with stage("tag"):
        taxonomy = build_taxonomy(config.tags)
        if config.build.keyword_tags:
            taxonomy += keyword_tags(papers, taxonomy)
        papers = tag_papers(papers, taxonomy)
    return Gathered(len(records), tuple(problems), papers, taxonomy,
                    clustering if metadata is not None else None, metadata, labels)


def _move_time(result: BuildResult, renderer: Renderer, spent_in: str, belongs_to: str) -> None:
    """The pages are rendered as the writer writes them: count that time as rendering."""
    for times, spent in ((result.timings, renderer.seconds), (result.cpu, renderer.cpu)):
        times[spent_in] -= spent
        times[belongs_to] += spent


def _cpu_seconds() -> float:
    """CPU used so far by this process and the children it waited for (the search indexer)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system
