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
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

SEARCH_BUNDLE = "pagefind"


@dataclass
class Manifest:
    key: str = ""  # a digest of everything the site was made from
    search: str = ""  # a digest of the search records the bundle was made from
    files: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # path -> (digest,
    # size, mtime_ns)
    pages: int = 0  # HTML pages rendered
    count: int = 0  # files the build wrote itself (the search bundle aside)

    def intact(self, output: Path) -> bool:
        """Whether `output` holds exactly the files recorded, untouched since."""
        if not self.files or not output.is_dir():
            return False
        found = 0
        for path in output.rglob("*"):
            if path.is_file() and not path.is_symlink():
                found += 1
                recorded = self.files.get(path.relative_to(output).as_posix())
                stat = path.stat()
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


    def reuse_tree(self, output: Path, prefix: str, staging: Path) -> bool:
        """Place the previous site's files below `prefix`/ into `staging` if they are all
        there and untouched; False (placing nothing) otherwise."""
        below = [p for p in self.files if p.startswith(prefix + "/")]
        if not below:
            return False
        if not all(_untouched(output / relative, self.files[relative]) for relative in below):
            return False
        for relative in below:
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


def record(output: Path, digests: dict[str, str], key: str, search: str, pages: int,
           count: int) -> Manifest:
    """The manifest of the site now in `output`; the search bundle's files are recorded by
    size and time only (Pagefind writes them, the build never compares their content)."""
    files = {}
    for path in output.rglob("*"):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(output).as_posix()
            stat = path.stat()
            files[relative] = (digests.get(relative, ""), stat.st_size, stat.st_mtime_ns)
    return Manifest(key, search, files, pages, count)
