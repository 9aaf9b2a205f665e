"""The second phase of a live-preview rebuild: the search shards it left out, indexed afterwards.

Re-indexing a shard is most of a one-note rebuild (Pagefind cannot update an index, so the
note's whole shard is indexed again). The live preview therefore builds with `defer_search`:
the build puts the new pages in place with the previous bundle of each changed shard still
serving (so search finds what it found before), records those shards under their old keys and
the site under no key (so the next build, whatever starts it, indexes them again), and returns
a `PendingSearch`. Running it indexes those shards into a staging folder beside the site and
moves the new bundle in, its entry files last; then the manifest says the site is complete. If
it fails or is cancelled, the previous bundle stays whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..cache import BuildCache
from ..site.pagefind_cli import Cancel
from ..site.search import Shard, shard_paths, write_shard
from .manifest import FORMAT, Entry, Manifest
from .reuse import Reuse
from .staging import Staging
from .state import Signature, SiteState


@dataclass
class PendingSearch:
    output: Path
    shards: list[Shard]  # to index again
    language: str
    manifest: Manifest  # what the first phase wrote
    complete_key: str  # the site's key once these shards are in place
    store: BuildCache
    manifest_name: str
    stopped: Cancel = field(default_factory=Cancel)

    def cancel(self) -> None:
        """Stop `run` from another thread (its Pagefind process is killed)."""
        self.stopped.cancel()

    def run(self) -> bool:
        """Index the shards and put them in place; False (and nothing changed) if the site
        was rebuilt meanwhile. Raises BuildError if Pagefind fails or is cancelled."""
        if self.store.get(self.manifest_name, FORMAT) != self.manifest:
            return False  # another build replaced the site: its own search is its own
        with Staging(self.output) as staging:
            for shard in self.shards:
                write_shard(staging.folder, shard, self.language, self.stopped)
            with self.store.exclusive(lambda: None):  # no build may start on the site meanwhile
                return self._commit(staging)

    def _commit(self, staging: Staging) -> bool:
        """The new shards moved into the site and the manifest told, unless a build came
        first."""
        if self.store.get(self.manifest_name, FORMAT) != self.manifest:
            return False
        stale = [p for shard in self.shards for p in shard_paths(self.manifest.files, shard.folder)]
        staged = SiteState.read(staging.folder).files  # the site's copies of these, as now
        state = SiteState({p: found for p in staged
                           if (found := Signature.read(self.output / p)) is not None})
        reuse = Reuse(self.manifest, state, self.output)
        moved = staging.move_in(stale, same=reuse.same)
        gone = set(stale)
        files = {p: e for p, e in self.manifest.files.items() if p not in gone}
        files.update((p, Entry(reuse.digests[p], found)) for p, found in moved.items())
        keys = self.manifest.shards | {shard.folder: shard.key for shard in self.shards}
        self.store.put(self.manifest_name, FORMAT, replace(self.manifest, key=self.complete_key,
                                                           files=files, shards=keys))
        return True

