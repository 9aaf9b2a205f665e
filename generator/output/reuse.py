"""What a rebuild may keep of the site the previous build wrote, file by file and shard by shard.

Three questions, one per kind of file: a `Keyed` file made from the same key (`keyed`), a page
the render cache vouches for without making it (`vouched`), and a file whose new bytes are the
old ones (`same`). Each answer notes the file's content digest for this build's manifest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..site.search import Shard, shard_paths
from .manifest import Manifest, content_digest
from .state import SiteState


@dataclass
class Reuse:
    """The previous build's manifest and the site as found now (`state`); the content digests of
    this build's files are gathered in `digests` for its own manifest."""

    previous: Manifest
    state: SiteState
    output: Path
    defer_search: bool = False  # the preview: keep a changed shard's bundle, index it later
    digests: dict[str, str] = field(default_factory=dict)
    deferred: list[Shard] = field(default_factory=list)

    def holds(self, path: str, digest: str) -> bool:
        """Whether the site's file at `path` is untouched and recorded with content `digest`
        (the render cache asks before it vouches for a page)."""
        return self.previous.untouched(self.state, path, digest)

    def keyed(self, path: str, key: str) -> bool:
        """Whether the site's file at `path` was made from `key` and is untouched."""
        return self.previous.keys.get(path) == key and self._untouched(path)

    def vouched(self, path: str) -> bool:
        """Whether the page at `path`, which the render cache found unchanged, is untouched."""
        return self._untouched(path)

    def _untouched(self, path: str) -> bool:
        entry = self.previous.files.get(path)
        if entry is None or not self.previous.untouched(self.state, path):
            return False
        self.digests[path] = entry.digest
        return True

    def same(self, path: str, content: bytes) -> bool:
        """Whether the site's file at `path` already holds `content` and is untouched."""
        digest = self.digests[path] = content_digest(content)
        entry = self.previous.files.get(path)
        if entry is None or self.state.files.get(path) != entry.signature:
            return False
        if not entry.digest:  # written by Pagefind, not digested: compare the bytes
            return (self.output / path).read_bytes() == content
        return entry.digest == digest

    def shard(self, shard: Shard, kept: set[str]) -> bool:
        """Keep the site's bundle of `shard` (adding its files to `kept`) if it was made from
        the same records; with `defer_search`, keep the previous bundle of a changed shard too
        and note it in `deferred`, while the shards stay the same ones."""
        previous = self.previous
        paths = shard_paths(previous.files, shard.folder)
        old = previous.shards.get(shard.folder)
        if not paths or old is None or not all(previous.untouched(self.state, p) for p in paths):
            return False
        if old != shard.key:
            if not self.defer_search or len(previous.shards) != shard.count:
                return False
            self.deferred.append(shard)
        kept.update(paths)
        return True

    def shard_keys(self, made: dict[str, str]) -> dict[str, str]:
        """Each shard's key as the site now holds it: a deferred shard's is its old one."""
        return made | {s.folder: self.previous.shards[s.folder] for s in self.deferred}
