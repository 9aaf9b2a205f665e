"""What a rebuild may keep of the site the previous build wrote, file by file and shard by shard."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .manifest import Manifest, content_digest
from .search import Shard, shard_paths
from .update import SiteState


@dataclass
class Reuse:
    """The previous build's manifest and the site as found now (`state`); the content digests
    of this build's files are gathered in `digests` for its own manifest."""

    previous: Manifest
    state: SiteState
    output: Path
    defer_search: bool = False  # the preview: keep a changed shard's bundle, index it later
    digests: dict[str, str] = field(default_factory=dict)
    deferred: list[Shard] = field(default_factory=list)

    def keep(self, relative: str, content: bytes | str | None) -> bool:
        """Whether the site's file at `relative` already holds `content` (None: the render
        cache vouched for it; a str: the key it was made from) and is untouched: then it stays
        as it is."""
        previous = self.previous
        if isinstance(content, str):
            if previous.keys.get(relative) != content:
                return False
            content = None
        self.digests[relative] = previous.files[relative][0] if content is None \
            else content_digest(content)
        if previous.files.get(relative, ("-",))[0] == "" and previous.untouched(self.state,
                                                                                relative):
            # written by Pagefind, not digested: the same bytes can stay
            return (self.output / relative).read_bytes() == content
        return previous.untouched(self.state, relative, self.digests[relative])

    def shard(self, shard: Shard, kept: set[str]) -> bool:
        """Keep the site's bundle of `shard` (adding its files to `kept`) if it was made from
        the same records; with `defer_search`, keep the previous bundle of a changed shard too
        and note it in `deferred`, while the shards stay the same ones."""
        previous = self.previous
        paths = shard_paths(previous.files, shard.folder)
        old = dict(previous.shards).get(shard.folder)
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
        return made | {s.folder: dict(self.previous.shards)[s.folder] for s in self.deferred}
