"""Rebuilds in place: only the files whose content changed are written, the others stay.

A rebuild of a site the previous build wrote (site/manifest.py knows its files) does not copy
the site: each new or changed file is written complete into a staging folder beside the site,
and once every file of the build is made (the search index included) they are renamed over
their old copies, one atomic rename each, then the files the new site no longer has are
removed. A build that fails before that leaves the previous site as it was; a reader (or the
live preview) sees either a file's old bytes or its new ones, never half a file. Unchanged files
are never written to, linked or renamed, so their modification times stay.

The site on disk is read once (`SiteState`): a file is kept only if it is still the regular file
the manifest recorded (same size, modification and change time); anything else found there (a
link, a file put there by hand) is replaced or removed, as a whole-folder swap would have done.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from ..locks import claim
from .writer import (
    KEPT_FILES,
    MARKER,
    MARKER_TEXT,
    Keyed,
    SiteFiles,
    create,
    remove_stale_staging,
)

LAST = ("pagefind-entry.json", "shards.json")  # name the rest of a search bundle: moved last, so
# a search never finds an entry file whose chunks are not there yet


@dataclass
class SiteState:
    """What one walk of the output folder found: its regular files with their signatures, and
    every other entry (links, devices, ...), which the build never trusts. A signature, not
    the whole status: at 100k papers the site has 250,000 files, and their `os.stat_result`s
    took 191 MiB where their signatures take 81, while the search indexer ran beside the build."""

    files: dict[str, Signature] = field(default_factory=dict)
    others: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, folder: Path) -> SiteState:
        state = cls()
        if folder.is_dir() and not folder.is_symlink():
            state._walk(folder, "")
        return state

    def _walk(self, folder: Path, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    self._walk(Path(entry.path), f"{prefix}{entry.name}/")
                elif entry.is_file(follow_symlinks=False):
                    self.files[prefix + entry.name] = signature(entry.stat(follow_symlinks=False))
                else:
                    self.others.append(prefix + entry.name)

    @staticmethod
    def read_one(folder: Path, relative: str, recorded: tuple) -> bool:
        """Whether `folder`/`relative` is now the regular file `recorded`, by one lstat."""
        try:
            stat = (folder / relative).lstat()
        except OSError:
            return False
        return S_ISREG(stat.st_mode) and signature(stat) == tuple(recorded[1:])

    def matches(self, relative: str, recorded: tuple) -> bool:
        """Whether the file at `relative` is the regular file `recorded` (size, times)."""
        return self.files.get(relative) == tuple(recorded[1:])


Signature = tuple[int, int, int]  # a file's size, modification and change time (ns)


def signature(stat: os.stat_result) -> Signature:
    """What tells a file untouched: any write, `touch` or replacement changes one of these (the
    change time cannot be set back by hand)."""
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def update_site(files: SiteFiles, output: Path, state: SiteState,
                keep: Callable[[str, bytes | str | None], bool],
                finish: Callable[[Path, set[str]], None] | None = None
                ) -> dict[str, Signature]:
    """Bring `output` to `files`, writing only what changed; returns every file of the new site
    with its signature.

    `keep(path, content)` says whether the file already in `output` holds `content` (None: the
    render cache vouched for it without making it; a str: the key of a `Keyed` file) and is
    untouched; it is asked about every file, those `finish` writes included.
    `finish(staging, kept)` runs once every file is made (the search index), writing into
    `staging` and adding to `kept` the paths of `output` that stay as they are. If anything
    raises before the files are moved in, the staging folder is removed and `output` is left
    as it was."""
    output = output.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    lock = claim(staging)
    try:
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        remove_stale_staging(output)
        kept: set[str] = set()
        made = {""}
        for relative, content in files.files.items():
            if isinstance(content, Keyed) and keep(relative, content.key):
                kept.add(relative)
                continue
            produced = content() if callable(content) else content
            if produced is None:  # the render cache: the previous page stands
                if keep(relative, None):
                    kept.add(relative)
                    continue
                raise AssertionError(f"{relative}: kept by the render cache but not untouched")
            data = produced.encode("utf-8") if isinstance(produced, str) else produced
            if keep(relative, data):
                kept.add(relative)
                continue
            folder, _, _ = relative.rpartition("/")
            if folder not in made:
                os.makedirs(staging / folder, exist_ok=True)
                made.add(folder)
            create(staging / relative, data)
        kept.update(name for name in KEPT_FILES if name in state.files and name not in files.files)
        if finish is not None:
            finish(staging, kept)
        os.chmod(staging, 0o755)
        stale = [p for p in state.files if p not in kept]
        moved = commit(staging, output, stale, first=state.others, same=keep)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if lock is not None:
            os.close(lock)
    return {**{p: state.files[p] for p in kept}, **moved}


def commit(staging: Path, output: Path, stale: Iterable[str], first: Iterable[str] = (),
           same: Callable[[str, bytes], bool] | None = None) -> dict[str, Signature]:
    """Move every file of `staging` (its marker too) to the same place in `output`, each by one
    rename, then remove the `stale` paths that were not replaced and the folders left empty.
    `first` (links and the like found in the site) are removed before anything is moved, so
    that no file is ever written through a link. A file for which `same(path, content)` holds
    (the site's copy is untouched and holds that content: the search indexer writes unchanged
    files too) is not moved, and the site's copy stays. Returns the signatures of the files of
    the new site that came from `staging`."""
    for relative in first:
        _remove(output / relative)
    written = sorted(SiteState.read(staging).files,
                     key=lambda p: (p.rpartition("/")[2] in LAST, p))
    checked: set[str] = {""}
    placed = {}
    for relative in written:
        if same is not None and same(relative, (staging / relative).read_bytes()):
            placed[relative] = signature((output / relative).lstat())
            continue
        folder = relative.rpartition("/")[0]
        _real_folder(output, folder, checked)
        target = output / relative
        try:
            os.replace(staging / relative, target)
        except IsADirectoryError:  # a folder where the file now goes: it is replaced whole
            shutil.rmtree(target)
            os.replace(staging / relative, target)
        placed[relative] = signature(target.lstat())
    emptied = set()
    for relative in stale:
        if relative in placed or relative in checked:  # replaced, or now a folder of the site
            continue
        _remove(output / relative)
        emptied.add(relative.rpartition("/")[0])
    for folder in sorted(emptied, key=lambda f: -f.count("/")):
        while folder and folder not in checked:
            try:
                (output / folder).rmdir()
            except OSError:  # not empty: something of the new site is still in it
                break
            folder = folder.rpartition("/")[0]
    return placed


def _real_folder(output: Path, folder: str, checked: set[str]) -> None:
    """Make sure `folder` (relative to `output`) and its parents are folders, not links or
    files left in their place, creating the missing ones."""
    if folder in checked:
        return
    _real_folder(output, folder.rpartition("/")[0], checked)
    path = output / folder
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not S_ISDIR(mode):
        _remove(path)
        mode = None
    if mode is None:
        path.mkdir()
    checked.add(folder)


def _remove(path: Path) -> None:
    """Remove one entry of the site: a file or link itself, never what a link points to."""
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    if S_ISDIR(mode):
        shutil.rmtree(path)
    else:
        path.unlink()

