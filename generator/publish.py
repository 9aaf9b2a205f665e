"""The publish stages: write the site (its pages rendered as they are written), index it for
search, and record what was written for the next build."""

from __future__ import annotations

from collections.abc import Callable
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
from .site.search import index_site, search_records

Stage = Callable[..., object]  # runs a named, timed stage: stage(name, function, *arguments)


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
            stage: Stage) -> Published:
    config, keys, memo = context.config, context.keys, context.session.memo
    shards: dict[str, str] = {}  # each search shard's folder and key, as the index made them

    def index(staging: Path, kept: set[str]) -> None:
        def search() -> None:
            records = search_records(noted.papers, site.library.tags, memo)
            shards.update(reuse.shard_keys(index_site(
                staging, records, config.site.language, keys.inputs.code,
                lambda shard: reuse.shard(shard, kept), memo)))
        if not context.options.defer_search:  # no rebuild in this session will ask again
            memo.forget()
        stage("search", search)

    found = stage("write", write_output, site.files, context.output, reuse, index)
    return stage("record", record, context, site, reuse, found, shards)


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
