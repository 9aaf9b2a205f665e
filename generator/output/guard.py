"""Which folders and files the build may write or replace: the one place that decides it.

The build writes only into an output folder it wrote before (its marker file) or an empty or new
one, never into or over anything it reads, and writes a --report file only where no file of
someone else's stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import BuildError

KEPT_FILES = ("CNAME",)  # a custom domain set by hand in the output survives rebuilds
MARKER = ".build-site"  # in every folder the build writes: only such a folder is replaced
MARKER_TEXT = "Written by build-site. The next build replaces this whole folder.\n"
REPORT_MARK = "<!-- written by build-site --report; the next build replaces this file -->"


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
