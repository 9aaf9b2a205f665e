"""The publish stages: write the site (its pages rendered as they are written), index it for
search, and record what was written for the next build."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context import BuildContext
from .gather import Noted
from .output.guard import REPORT_MARK
from .output.manifest import FORMAT, Entry, Manifest
from .output.pending import PendingSearch
from .output.reuse import Reuse
from .output.state import SiteState
from .output.write import write_output
from .plan import SitePlan
from .signature import Signature
from .site.search import RunningIndex, index_site, search_records, start_index
from .stages import Stages, cpu_seconds

BESIDE_PAPERS = 40_000  # the largest list whose index is written beside its pages: at 80,000
# papers the two together peaked at 2,165 MB (after the pages: 1,607 MB)


@dataclass(frozen=True)
class Published:
    manifest: Manifest
    pending_search: PendingSearch | None  # with defer_search: what is left to index


def previous_site(context: BuildContext) -> Reuse:
    """The site as the previous build recorded it and as it is now."""
    previous = context.store.get(context.keys.manifest, FORMAT) or Manifest()
    state = SiteState.read(context.output) if previous.files else SiteState()
    return Reuse(previous, state, context.output, context.options.defer_search)


def unchanged(context: BuildContext, reuse: Reuse) -> bool:
    """Nothing the site is made from changed, and the site is as it was written."""
    return not context.options.report and reuse.previous.key == context.keys.site \
        and reuse.previous.intact(reuse.state)


def publish(context: BuildContext, noted: Noted, site: SitePlan, reuse: Reuse,
            stage: Stages) -> Published:
    index = SearchIndex(context, noted, site, reuse, stage)
    found = stage("write", write_output, site.files, context.output, reuse, index)
    return stage("record", record, context, site, reuse, found, index.shards)


class SearchIndex:
    """The site's search index (output/write.py's `Index`), written into the staging folder by
    Pagefind beside the pages for lists of up to BESIDE_PAPERS papers (on two cores the build
    then takes about the longer of the two, not their sum), after them for larger ones, whose
    pages' memory is given back first so the two never peak together (docs/performance.md)."""

    def __init__(self, context: BuildContext, noted: Noted, site: SitePlan, reuse: Reuse,
                 stage: Stages) -> None:
        self.context, self.noted, self.site, self.reuse, self.stage = (context, noted, site,
                                                                       reuse, stage)
        self.beside = len(noted.papers) <= BESIDE_PAPERS
        self.running: RunningIndex | None = None
        self.staging, self.kept = context.output, set[str]()
        self.shards: dict[str, str] = {}  # each shard's folder and key, once indexed

    def start(self, staging: Path, kept: set[str]) -> None:
        self.staging, self.kept = staging, kept
        if self.beside:
            self.running = start_index(staging, *self._arguments())

    def finish(self) -> None:
        self.stage("search", self._finish)

    def _finish(self) -> None:
        if self.running is not None:
            waited = cpu_seconds()
            made = self.running.wait()
            # what the index cost before this wait, while the pages were written, is search too
            self.stage.charge(max(0.0, self.running.cpu - (cpu_seconds() - waited)))
        else:
            if not self.context.options.defer_search:  # no later build of this session
                self.context.session.memo.forget()  # will ask for the pages' answers again
            made = index_site(self.staging, *self._arguments())
        self.shards = self.reuse.shard_keys(made)

    def cancel(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def _arguments(self) -> tuple:
        """What index_site and start_index take after the folder."""
        memo = self.context.session.memo
        records = search_records(self.noted.papers, self.site.library.tags, memo)
        return (records, self.context.config.site.language, self.context.keys.inputs.code,
                lambda shard: self.reuse.shard(shard, self.kept), memo)


def record(context: BuildContext, site: SitePlan, reuse: Reuse, found: dict[str, Signature],
           shards: dict[str, str]) -> Published:
    """Store what the site now holds (its manifest) and what its pages were made from for the
    next build, and write the review report; a preview's changed shards are left pending."""
    config, keys, store = context.config, context.keys, context.store
    manifest = _manifest(found, reuse, site, "" if reuse.deferred else keys.site, shards)
    store.put(keys.manifest, FORMAT, manifest)
    if site.page_cache.recording:
        store.put(keys.page_records, site.pages_key, site.page_cache.records)
    if context.options.report:
        context.options.report.parent.mkdir(parents=True, exist_ok=True)
        context.options.report.write_text(f"{site.report.rstrip()}\n{REPORT_MARK}\n",
                                          encoding="utf-8")
    pending = PendingSearch(context.output, reuse.deferred, config.site.language, manifest,
                            keys.site, store, keys.manifest) if reuse.deferred else None
    return Published(manifest, pending)


def _manifest(found: dict[str, Signature], reuse: Reuse, site: SitePlan, key: str,
            shards: dict[str, str]) -> Manifest:
    """The manifest of the site whose files are `found`; a file without a known digest (the
    search bundle's) is never taken for unchanged by its content."""
    files = {path: Entry(reuse.digests.get(path, ""), signature)
             for path, signature in found.items()}
    return Manifest(key, dict(sorted(shards.items())), files, site.keyed, site.pages, site.count)
