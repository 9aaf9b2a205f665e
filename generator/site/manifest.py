"""What the last build wrote: each output file's content digest, size and modification time.

A rebuild compares what it would write with this manifest. A file whose content is the same is
hard-linked from the previous site into the new one instead of written, so it keeps its
modification time (GitHub Pages, rsync and browsers see it unchanged) and costs no writing; the
new site is still assembled in a staging folder and swapped in, so a failed build leaves the
previous site as it was. A file is only reused if it is still exactly as the manifest recorded
it (same size and modification time): a site edited by hand is never trusted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG


@dataclass
class Manifest:
    key: str = ""  # a digest of everything the site was made from
    shards: tuple[tuple[str, str], ...] = ()  # each search shard's folder and the digest of
    # the records it was made from
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path -> (digest,
    # size, mtime_ns)
    pages: int = 0  # HTML pages rendered
    count: int = 0  # files the build wrote itself (the search bundle aside)

    def intact(self, output: Path) -> bool:
        """Whether `output` holds exactly the files recorded, untouched since."""
        if not self.files or not output.is_dir():
            return False
        found = 0
        for relative, stat in files_below(output):
            found += 1
            recorded = self.files.get(relative)
            if recorded is None or recorded[1:] != (stat.st_size, stat.st_mtime_ns):
                return False
        return found == len(self.files)

    def reusable(self, output: Path, relative: str, content_digest: str) -> Path | None:
        """The previous site's file at `relative` if it holds this content and is untouched."""
        recorded = self.files.get(relative)
        if recorded is None or recorded[0] != content_digest:
            return None
        old = output / relative
        return old if _untouched(old, recorded) else None


    def reuse_files(self, output: Path, relatives: list[str], staging: Path) -> bool:
        """Place the previous site's files `relatives` into `staging` if they are all there
        and untouched; False (placing nothing) otherwise."""
        if not relatives:
            return False
        if not all(_untouched(output / relative, self.files[relative]) for relative in relatives):
            return False
        for relative in relatives:
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            place(output / relative, staging / relative)
        return True


def _untouched(path: Path, recorded: tuple[str, int, int]) -> bool:
    """A regular file (never a link planted in its place) of the recorded size and time."""
    try:
        stat = path.lstat()
    except OSError:
        return False
    return S_ISREG(stat.st_mode) and (stat.st_size, stat.st_mtime_ns) == recorded[1:]


def content_digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=20).hexdigest()


def place(source: Path, target: Path) -> None:
    """`source` at `target` as a hard link (same file, same modification time), or a copy
    that keeps the modification time where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def record(output: Path, digests: dict[str, str], key: str, shards: dict[str, str],
           pages: int, count: int) -> Manifest:
    """The manifest of the site now in `output`; the search bundle's files are recorded by
    size and time only (Pagefind writes them, the build never compares their content)."""
    files = {relative: (digests.get(relative, ""), stat.st_size, stat.st_mtime_ns)
             for relative, stat in files_below(output)}
    return Manifest(key, tuple(sorted(shards.items())), files, pages, count)


def files_below(folder: Path, prefix: str = "") -> Iterator[tuple[str, os.stat_result]]:
    """Every regular file below `folder` (links are not followed) with its status, by path
    relative to `folder`: os.scandir tells files from folders without a call per file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from files_below(Path(entry.path), f"{prefix}{entry.name}/")
            elif entry.is_file(follow_symlinks=False):
                yield prefix + entry.name, entry.stat(follow_symlinks=False)
