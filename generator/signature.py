"""The one signature that tells whether a file changed since it was last seen: the build cache's
entries, the site's files and the live preview's watched files are all compared by it."""

from __future__ import annotations

import os
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple


class Signature(NamedTuple):
    """What tells a file untouched: any write, `touch` or replacement changes one of these (the
    change time cannot be set back by hand, and a replaced file is another inode)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Signature:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)

    @classmethod
    def read(cls, path: Path, follow_links: bool = False) -> Signature | None:
        """The signature of the regular file at `path`, or None (a link, unless
        `follow_links`, is none)."""
        try:
            stat = path.stat() if follow_links else path.lstat()
        except OSError:
            return None
        return cls.of(stat) if S_ISREG(stat.st_mode) else None
