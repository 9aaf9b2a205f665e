"""Bringing the output folder to a build's files: the one entry point that writes a site.

Every file is made (pages are rendered as they are written, so the site is never held in memory
at once) and, unless the previous site's copy can stay (`Reuse`), written into a staging folder;
the search index is written there too; then the staging folder becomes the site. A site the
previous build wrote and recorded (its manifest) is updated in place, so only changed files are
replaced; any other site is swapped whole.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ..errors import BuildError
from .files import Keyed, SiteFiles
from .guard import KEPT_FILES, built_here
from .manifest import Manifest
from .reuse import Reuse
from .staging import Staging
from .state import Signature, SiteState


class Index(Protocol):
    """The search index of the site being written."""

    def start(self, staging: Path, kept: set[str]) -> None:
        """Begin writing into `staging` (before any page is made: it may run beside them),
        adding to `kept` the site's paths that stay as they are (reused shards)."""

    def finish(self) -> None:
        """Once every page is written: the index is complete (or its error raised)."""

    def cancel(self) -> None:
        """The build failed: stop indexing."""


def write_output(files: SiteFiles, output: Path, reuse: Reuse | None = None,
                 index: Index | None = None) -> dict[str, Signature]:
    """Write `files` (and the `index`) as the site at `output`, keeping what `reuse` allows
    (without it, nothing: the site is swapped whole); returns every file of the new site with
    its signature. If anything fails, the previous site is left as it was."""
    output = output.resolve()
    reuse = reuse if reuse is not None else Reuse(Manifest(), SiteState(), output)
    in_place = bool(reuse.state.files)
    if not in_place and output.exists() and not (output.is_dir() and built_here(output)):
        raise BuildError("the output folder holds files build-site did not write; it was left "
                         "as it was", str(output))
    # a CNAME the owner put in the site stays, where the build makes none
    owners = {n for n in KEPT_FILES if n in reuse.state.files and n not in files.files}
    with Staging(output) as staging:
        kept = owners if in_place else set()
        if index is not None:
            index.start(staging.folder, kept)
        try:
            kept |= _make(files, staging, reuse)
            files.files.clear()  # all made: free them before the indexer needs the memory
            if index is not None:
                index.finish()
        except BaseException:
            if index is not None:
                index.cancel()
            raise
        if not in_place:
            return staging.swap()
        stale = [p for p in reuse.state.files if p not in kept]
        moved = staging.move_in(stale, first=reuse.state.others, same=reuse.same)
    return {**{p: reuse.state.files[p] for p in kept}, **moved}


def _make(files: SiteFiles, staging: Staging, reuse: Reuse) -> set[str]:
    """Make every file, writing into `staging` those the site does not hold already; returns
    the paths of the site that stay as they are."""
    kept: set[str] = set()
    for path, content in files.files.items():
        if isinstance(content, Keyed):
            if reuse.keyed(path, content.key):
                kept.add(path)
                continue
            content = content.make()
        elif callable(content):
            content = content()
            if content is None:  # the render cache vouched for the previous page
                if not reuse.vouched(path):
                    raise AssertionError(f"{path}: kept by the render cache but not untouched")
                kept.add(path)
                continue
        data = content.encode("utf-8") if isinstance(content, str) else content
        if reuse.same(path, data):
            kept.add(path)
        else:
            staging.write(path, data)
    return kept
