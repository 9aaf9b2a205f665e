"""Atomic output: the whole site is written to a temporary folder, then swapped in.

A failed build therefore leaves the previous site as it was. The writer refuses to write one
path twice (two papers can never share a page) and any path that would leave the output folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from ..errors import BuildError
from .manifest import place

KEPT_FILES = ("CNAME",)  # a custom domain set by hand in the output survives rebuilds


class SiteFiles:
    """The files of a site, gathered in memory before anything touches the disk."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def add(self, path: str, content: str | bytes) -> None:
        safe = safe_path(path)
        if safe in self.files:
            raise BuildError(f"two pages would be written to {safe!r}; each output path must be "
                             "unique (check for duplicate tag slugs, page names in content/pages "
                             "or templates)")
        self.files[safe] = content.encode("utf-8") if isinstance(content, str) else content

    def add_tree(self, folder: Path, prefix: str) -> None:
        """Every file below `folder`, under `prefix/` in the site (e.g. static assets)."""
        if not folder.is_dir():
            return
        for file in sorted(p for p in folder.rglob("*") if p.is_file()):
            self.add(f"{prefix}/{file.relative_to(folder).as_posix()}", file.read_bytes())

    def __len__(self) -> int:
        return len(self.files)


def safe_path(path: str) -> str:
    """`path` as a clean relative POSIX path, or an error if it could escape the output folder."""
    pure = PurePosixPath(path.replace("\\", "/"))
    if not path or pure.is_absolute() or any(part in ("..", "") for part in pure.parts) or (
        ":" in pure.parts[0]
    ):
        raise BuildError(f"refusing to write {path!r}: output paths must stay inside the site "
                         "folder")
    return pure.as_posix()


def check_output_folder(output: Path, protected: list[Path]) -> None:
    """Refuse an output folder that would replace the project or one of its inputs."""
    target = output.resolve()
    for folder in protected:
        folder = folder.resolve()
        if target == folder or target in folder.parents:
            raise BuildError(f"output folder {output} would replace {folder}; choose a separate "
                             "folder such as site/")


def write_site(files: SiteFiles, output: Path,
               finish: Callable[[Path], None] | None = None,
               reuse: Callable[[str, bytes], Path | None] | None = None) -> None:
    """Write every file to a fresh folder beside `output`, then swap it into place.

    `finish(staging)` runs on the complete staging folder before the swap (e.g. the search
    indexer); if it raises, the staging folder is removed and the previous site is kept.
    `reuse(path, content)` may name a file of the previous site that already holds `content`:
    it is hard-linked into the staging folder rather than written (see site/manifest.py)."""
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-new-", dir=output.parent))
    try:
        made: set[Path] = set()
        for relative, content in files.files.items():
            target = staging / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            previous = reuse(relative, content) if reuse is not None else None
            if previous is not None:
                place(previous, target)
            else:
                target.write_bytes(content)
        for name in KEPT_FILES:
            if (output / name).is_file() and not (staging / name).exists():
                shutil.copy2(output / name, staging / name)
        if finish is not None:
            finish(staging)
        os.chmod(staging, 0o755)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, output)


def _swap(staging: Path, output: Path) -> None:
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
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(retired, ignore_errors=True)
