"""Atomic output: a new site is written whole to a temporary folder, then swapped in (a rebuild
of a site the last build wrote moves in only its changed files, each complete: site/update.py).

A failed build therefore leaves the previous site as it was. The writer refuses to write one
path twice (two papers can never share a page) and any path that would leave the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import BuildError
from ..locks import claim

KEPT_FILES = ("CNAME",)  # a custom domain set by hand in the output survives rebuilds
MARKER = ".build-site"  # in every folder the build writes: only such a folder is replaced
MARKER_TEXT = "Written by build-site. The next build replaces this whole folder.\n"
REPORT_MARK = "<!-- written by build-site --report; the next build replaces this file -->"


@dataclass(frozen=True)
class Keyed:
    """A file's content made only when needed, with a key of everything it is made from: a
    rebuild keeps the site's file, unmade, when its key is the previous build's (a large file
    such as papers.json costs more to make than to key)."""

    key: str
    make: Callable[[], str | bytes]

    def __call__(self) -> str | bytes:
        return self.make()


Content = bytes | Keyed | Callable[[], "str | bytes | None"]


class SiteFiles:
    """The files of a site, gathered before anything touches the disk. A file's content may be
    a function that makes it: it is called when the file is written, so that a large site is
    never held in memory all at once (the rendered pages)."""

    def __init__(self) -> None:
        self.files: dict[str, Content] = {}

    def add(self, path: str, content: str | Content) -> None:
        safe = safe_path(path)
        if safe in self.files:
            raise BuildError(f"two pages would be written to {safe!r}; each output path must be "
                             "unique (check for duplicate tag slugs, page names in content/pages "
                             "or templates)")
        self.files[safe] = content.encode("utf-8") if isinstance(content, str) else content

    def __len__(self) -> int:
        return len(self.files)


def safe_path(path: str) -> str:
    """`path` as a clean relative POSIX path, or an error if it could escape the output folder."""
    if path and "\\" not in path and path[0] != "/" and ":" not in path.partition("/")[0] and all(
            part not in ("", ".", "..") for part in path.split("/")):
        return path  # clean already (nearly every path): no PurePosixPath needed
    pure = PurePosixPath(path.replace("\\", "/"))
    if not path or pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or (
        ":" in pure.parts[0]
    ):
        raise BuildError(f"refusing to write {path!r}: output paths must stay inside the site "
                         "folder")
    return pure.as_posix()


def check_output_folder(output: Path, inputs: Sequence[Path], project: Path | None = None) -> None:
    """Refuse an output folder the build may not replace: one that is, holds or lies inside an
    input (a file or folder the build reads), that would replace the `project` folder, or that
    holds files build-site did not write."""
    target = output.resolve()
    project = project.resolve() if project else None
    for kept in [*inputs, *([project] if project else [])]:
        kept = kept.resolve()
        if target == kept or target in kept.parents:
            raise BuildError(f"the output folder would replace {kept}, which the build reads; "
                             "choose a separate folder such as site/", str(output))
        if kept in target.parents and kept != project:
            raise BuildError(f"the output folder lies inside {kept}, which the build reads, so "
                             "the next build would read its own output; choose a folder outside "
                             "it, such as site/", str(output))
    if target.is_file() or target.is_symlink():
        raise BuildError("the output is a file (or a link), not a folder; choose a folder such "
                         "as site/", str(output))
    if target.is_dir() and not built_here(target):
        names = sorted(p.name for p in target.iterdir())
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise BuildError(f"the output folder holds files build-site did not write ({shown}) and "
                         f"would be replaced whole; move them away, or choose an empty or new "
                         f"folder (the folders build-site writes carry a {MARKER} file)",
                         str(output))


def built_here(folder: Path) -> bool:
    """Whether build-site may replace `folder`: it is empty or a previous build wrote it (its
    marker file; or, from builds before the marker, .nojekyll with papers.json and index.html)."""
    if (folder / MARKER).is_file() or not any(folder.iterdir()):
        return True
    return all((folder / name).is_file() for name in (".nojekyll", "papers.json", "index.html"))


def check_report(report: Path, inputs: Sequence[Path], output: Path) -> None:
    """Refuse a --report path that would overwrite an input, land inside the site, or replace a
    file that is not a report build-site wrote."""
    target = report.resolve()
    for kept in inputs:
        kept = kept.resolve()
        if target == kept or kept in target.parents:
            where = "overwrite a file in" if target.exists() else "write inside"
            where = "overwrite" if target == kept else where
            raise BuildError(f"--report would {where} {kept}, which the build reads; write "
                             "the report elsewhere, e.g. --report review.html", str(report))
    if output.resolve() in target.parents or target == output.resolve():
        raise BuildError("--report must be outside the output folder (it is not part of the "
                         "published site); write it elsewhere, e.g. --report review.html",
                         str(report))
    if target.is_dir():
        raise BuildError("--report names a folder; give a file name such as review.html",
                         str(report))
    if target.exists() and REPORT_MARK.encode() not in target.read_bytes()[-512:]:
        raise BuildError("--report would overwrite a file build-site did not write; move it "
                         "away or choose another file name", str(report))


def write_site(files: SiteFiles, output: Path,
               finish: Callable[[Path], None] | None = None,
               written: Callable[[str, bytes], None] | None = None) -> None:
    """Write every file to a fresh folder beside `output`, then swap it into place (a rebuild
    of a site whose files are known updates it in place instead: site/update.py).

    `finish(staging)` runs on the complete staging folder before the swap (e.g. the search
    indexer); if it raises, the staging folder is removed and the previous site is kept.
    `written(path, content)` is told each file's content as it is written."""
    output = output.resolve()
    if output.exists() and not (output.is_dir() and built_here(output)):
        raise BuildError("the output folder holds files build-site did not write; it was left "
                         "as it was", str(output))
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    lock = claim(staging)
    try:
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        remove_stale_staging(output)
        made = {""}
        for relative, content in files.files.items():
            if callable(content):
                produced = content()
                content = produced.encode("utf-8") if isinstance(produced, str) else produced
            folder, _, _ = relative.rpartition("/")
            if folder not in made:
                os.makedirs(staging / folder, exist_ok=True)
                made.add(folder)
            if written is not None:
                written(relative, content)
            create(staging / relative, content)
        for name in KEPT_FILES:
            if (output / name).is_file() and not (staging / name).exists():
                shutil.copy2(output / name, staging / name)
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)
        _swap(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def create(path: Path, content: bytes) -> None:
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


def _swap(staging: Path, output: Path) -> None:
    """Swap the complete staging folder into place; on failure the previous site stays."""
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
