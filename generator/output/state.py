"""The site as it is on disk now: one walk of the output folder."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..signature import Signature


@dataclass
class SiteState:
    """What one walk of the output folder found: its regular files with their signatures, and
    every other entry (links, devices, ...), which the build never trusts. Signatures, not
    whole `os.stat_result`s: at 100k papers the site has 250,000 files."""

    files: dict[str, Signature] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path) -> SiteState:
        state = cls()
        if folder.is_dir() and not folder.is_symlink():
            state._walk(str(folder), "")
        return state

    def _walk(self, folder: str, prefix: str) -> None:
        """Paths as text: a Path for each of a 10k site's 8,900 folders cost 0.09 s."""
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    self._walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file(follow_symlinks=False):
                    found = entry.stat(follow_symlinks=False)
                    self.files[prefix + entry.name] = Signature.of(found)
                else:
                    self.others.append(prefix + entry.name)
