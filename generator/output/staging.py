"""The staging folder: everything a build (or the preview's late search) writes goes first into a
fresh folder beside the site, and reaches the site only once it is complete.

Two ways in: `swap` replaces the whole site with the staging folder (a clean build), `move_in`
renames each staged file over its old copy and removes what the new site no longer has (a
rebuild: unchanged files are never written to, linked or renamed, so their modification times
stay). Either way a build that fails before that leaves the previous site as it was, and a reader
sees a file's old bytes or its new ones, never half a file. The folder is removed on the way out,
whatever happened; one that a killed build left is removed by the next build.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from stat import S_ISDIR

from ..locks import claim
from .guard import KEPT_FILES, MARKER, MARKER_TEXT
from .state import Signature, SiteState

LAST = ("pagefind-entry.json", "shards.json")  # name the rest of a search bundle: moved last, so
# a search never finds an entry file whose chunks are not there yet


class Staging:
    """A fresh folder beside `output` (`.NAME-new-*`), held by this process while it exists."""

    def __init__(self, output: Path) -> None:
        self.output = output.resolve()
        self.folder = self.output.parent  # set on entry
        self._lock: int | None = None
        self._made = {""}

    def __enter__(self) -> Staging:
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.output.name}-new-",
                                            dir=self.output.parent))
        self._lock = claim(self.folder)
        (self.folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        remove_stale_staging(self.output)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)  # gone already after a swap
        if self._lock is not None:
            os.close(self._lock)

    def write(self, relative: str, content: bytes) -> None:
        """A new file at `relative` (a path `safe_path` accepted) holding `content`. Paths are
        joined as text: pathlib's joins cost a tenth of the 10k build's writing."""
        folder = relative.rpartition("/")[0]
        if folder not in self._made:
            self._make_folder(folder)
        create(f"{self.folder}/{relative}", content)

    def _make_folder(self, folder: str) -> None:
        """`folder` in the staging folder: one mkdir when its parent was made (a paper's folder
        in `papers/`), the whole chain otherwise."""
        if folder.rpartition("/")[0] in self._made:
            with contextlib.suppress(FileExistsError):
                os.mkdir(f"{self.folder}/{folder}")
        else:
            os.makedirs(f"{self.folder}/{folder}", exist_ok=True)
        self._made.add(folder)

    def swap(self) -> dict[str, Signature]:
        """Replace the whole site with the staging folder (keeping a CNAME put there by hand);
        returns the new site's files."""
        for name in KEPT_FILES:
            if (self.output / name).is_file() and not (self.folder / name).exists():
                shutil.copy2(self.output / name, self.folder / name)
        os.chmod(self.folder, 0o755)
        if not self.output.exists():
            self.folder.rename(self.output)
        else:
            retired = Path(tempfile.mkdtemp(prefix=f".{self.output.name}-old-",
                                            dir=self.output.parent))
            retired.rmdir()
            self.output.rename(retired)
            try:
                self.folder.rename(self.output)
            except BaseException:
                retired.rename(self.output)
                raise
            shutil.rmtree(retired, ignore_errors=True)
        return SiteState.read(self.output).files

    def move_in(self, stale: Iterable[str], first: Iterable[str] = (),
                same: Callable[[str, bytes], bool] | None = None) -> dict[str, Signature]:
        """Move every staged file (the marker too) to its place in the site, each by one rename,
        then remove the `stale` paths that were not replaced and the folders left empty. `first`
        (links and the like found in the site) are removed before anything moves, so no file is
        ever written through a link. A file for which `same(path, content)` holds (the site's
        copy is untouched and holds that content: Pagefind rewrites unchanged files) stays.
        Returns the signatures of the site's files that came from staging."""
        os.chmod(self.folder, 0o755)
        for relative in first:
            _remove(self.output / relative)
        staged = sorted(SiteState.read(self.folder).files,
                        key=lambda p: (p.rpartition("/")[2] in LAST, p))
        checked: set[str] = {""}
        placed = {}
        for relative in staged:
            target = self.output / relative
            if same is not None and same(relative, (self.folder / relative).read_bytes()):
                placed[relative] = Signature.of(target.lstat())
                continue
            _real_folder(self.output, relative.rpartition("/")[0], checked)
            try:
                os.replace(self.folder / relative, target)
            except IsADirectoryError:  # a folder where the file now goes: replaced whole
                shutil.rmtree(target)
                os.replace(self.folder / relative, target)
            placed[relative] = Signature.of(target.lstat())
        emptied = set()
        for relative in stale:
            if relative in placed or relative in checked:  # replaced, or now a folder
                continue
            _remove(self.output / relative)
            emptied.add(relative.rpartition("/")[0])
        for folder in sorted(emptied, key=lambda f: -f.count("/")):
            while folder and folder not in checked:
                try:
                    (self.output / folder).rmdir()
                except OSError:  # not empty: something of the new site is still in it
                    break
                folder = folder.rpartition("/")[0]
        return placed


def create(path: str | Path, content: bytes) -> None:
    """A new file holding `content` (the staging folder is fresh: nothing is ever replaced)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def remove_stale_staging(output: Path) -> list[Path]:
    """Remove the staging and retired folders that killed builds left beside `output`: only
    those carrying the marker (or empty) and claimed by no running build."""
    removed = []
    for pattern in (f".{output.name}-new-*", f".{output.name}-old-*"):
        for folder in sorted(output.parent.glob(pattern)):
            if folder.is_symlink() or not folder.is_dir():
                continue
            if not ((folder / MARKER).is_file() or not any(folder.iterdir())):
                continue
            try:
                lock = claim(folder, wait=False)
            except OSError:
                continue  # a build that is running now writes there
            try:
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
            finally:
                if lock is not None:
                    os.close(lock)
    return removed


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
