"""The files of a site, gathered before anything touches the disk, each at a path that cannot
leave the output folder and that no other file of the build claims."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..errors import BuildError


@dataclass(frozen=True)
class Keyed:
    """A file's content made only when needed, with a key of everything it is made from: a
    rebuild keeps the site's file, unmade, when its key is the previous build's (a large file
    such as papers.json costs more to make than to key)."""

    key: str
    make: Callable[[], str | bytes]


# bytes as they are; a Keyed file; or a function that makes the file when it is written (a page,
# so that a large site is never held in memory at once), returning None where the render cache
# vouches that the site's copy can stay
Content = bytes | Keyed | Callable[[], "str | bytes | None"]


class SiteFiles:
    """Output path -> content. Adding a path twice is an error: two papers can never share a
    page, nor a page name of the owner's shadow a page of the build."""

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
