"""Where templates and static files come from: the site's own folders over the package's defaults.

The package carries the design card's `templates/` and `static/` (installed as
`generator/templates` and `generator/static`; in a clone they are the top-level folders), so a
site folder made by `build-site init` needs neither and builds as it is.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Config

PACKAGE = Path(__file__).resolve().parent.parent


def default_folder(name: str) -> Path:
    """The package's own `templates` or `static` (or `workflow`): inside the installed package,
    else the top-level folder of the clone it runs from (an editable install)."""
    installed = PACKAGE / name
    if installed.is_dir():
        return installed
    return PACKAGE.parent / (".github/workflows" if name == "workflow" else name)


def template_folders(config: Config, extra: Path | None = None) -> list[Path]:
    """The template search path, first match wins: `--templates`, the site's `[build] templates`
    folder if it exists, the package's defaults."""
    own = config.path(config.build.templates)
    folders = [p.resolve() for p in (extra, own if own.is_dir() else None) if p is not None]
    return _unique([*folders, default_folder("templates").resolve()])


def static_files(config: Config) -> dict[str, Path]:
    """Every static file by its path below `static/`: the package's defaults, each replaced by a
    file of the same name in the site's `[build] static` folder, plus the site's own files."""
    files: dict[str, Path] = {}
    for folder in _unique([default_folder("static").resolve(),
                           config.path(config.build.static)]):
        if folder.is_dir():
            for file in sorted(p for p in folder.rglob("*") if p.is_file()):
                files[file.relative_to(folder).as_posix()] = file
    return files


def _unique(folders: list[Path]) -> list[Path]:
    """In order, each folder once (in this repository the site's folders are the defaults)."""
    return list(dict.fromkeys(folders))
