"""What the last build wrote: each output file's content digest and signature, the search shards'
keys and the key of everything the site was made from.

A rebuild compares what it would write with this manifest. A file whose content is the same is
left where it is, so it keeps its modification time (GitHub Pages, rsync and browsers see it
unchanged) and costs no writing. A file is only kept if it is still exactly as the manifest
recorded it (its signature): a site edited by hand is never trusted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import NamedTuple

from .state import Signature, SiteState

FORMAT = "manifest-4"  # the key the manifest is stored under: one of another layout is never read


class Entry(NamedTuple):
    """One file of the site as the build left it."""

    digest: str  # of its content; "" for a file the build did not digest (Pagefind's)
    signature: Signature


@dataclass
class Manifest:
    key: str = ""  # a digest of everything the site was made from ("" while search is pending)
    shards: dict[str, str] = field(default_factory=dict)  # search shard folder -> its records' key
    files: dict[str, Entry] = field(default_factory=dict)  # path in the site -> entry
    keys: dict[str, str] = field(default_factory=dict)  # path -> the key of a `Keyed` file
    pages: int = 0  # HTML pages rendered
    count: int = 0  # files the build wrote itself (the search bundle aside)

    def intact(self, state: SiteState) -> bool:
        """Whether the site read as `state` holds exactly the files recorded, untouched since,
        and nothing else."""
        return bool(self.files) and not state.others and len(state.files) == len(self.files) \
            and all(state.files.get(path) == entry.signature for path, entry in self.files.items())

    def untouched(self, state: SiteState, path: str, digest: str | None = None) -> bool:
        """Whether the file at `path` is as recorded (and, given a `digest`, recorded with that
        content)."""
        entry = self.files.get(path)
        return entry is not None and (digest is None or entry.digest == digest) \
            and state.files.get(path) == entry.signature


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()
