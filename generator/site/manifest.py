"""What the last build wrote: each output file's content digest, size, modification and change time.

A rebuild compares what it would write with this manifest. A file whose content is the same is
left where it is (site/update.py), so it keeps its modification time (GitHub Pages, rsync and
browsers see it unchanged) and costs no writing. A file is only kept if it is still exactly as
the manifest recorded it (same size, modification and change time): a site edited by hand is
never trusted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from .update import Signature, SiteState

FORMAT = "manifest-3"  # the key the manifest is stored under: a manifest of another layout is
# never read


@dataclass
class Manifest:
    key: str = ""  # a digest of everything the site was made from
    shards: tuple[tuple[str, str], ...] = ()  # each search shard's folder and the digest of
    # the records it was made from
    files: dict[str, tuple[str, int, int, int]] = field(default_factory=dict)  # path -> (digest,
    # size, mtime_ns, ctime_ns)
    keys: dict[str, str] = field(default_factory=dict)  # path -> the key of a `Keyed` file
    pages: int = 0  # HTML pages rendered
    count: int = 0  # files the build wrote itself (the search bundle aside)

    def intact(self, state: SiteState) -> bool:
        """Whether the site read as `state` holds exactly the files recorded, untouched since,
        and nothing else."""
        return bool(self.files) and not state.others and len(state.files) == len(self.files) \
            and all(state.matches(relative, recorded) for relative, recorded in self.files.items())

    def untouched(self, state: SiteState, relative: str, content_digest: str | None = None
                  ) -> bool:
        """Whether the file at `relative` is as this manifest recorded it (and, given a
        `content_digest`, recorded with that content)."""
        recorded = self.files.get(relative)
        return recorded is not None and (content_digest is None or recorded[0] == content_digest
                                         ) and state.matches(relative, recorded)


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()


def record(found: Iterable[tuple[str, Signature]], digests: dict[str, str],
           keys: dict[str, str], key: str, shards: dict[str, str], pages: int,
           count: int) -> Manifest:
    """The manifest of the site whose files are `found`, with the content `digests` known (a
    file without one is never taken for unchanged by its content)."""
    files = {relative: (digests.get(relative, ""), *seen) for relative, seen in found}
    return Manifest(key, tuple(sorted(shards.items())), files, keys, pages, count)
