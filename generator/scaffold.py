"""`build-site init`: a new reading-list folder that builds as it is and deploys with GitHub Pages.

The starter files live in `generator/starter/`; the Pages workflow is the repository's own
`.github/workflows/pages.yml` (installed in the package), so a new site and this repository
deploy the same way.
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from .errors import BuildError
from .site.theme import PACKAGE, default_folder

STARTER = PACKAGE / "starter"
WORKFLOW = ".github/workflows/pages.yml"

# what init writes: path in the new site -> starter file (None: made by a function below)
FILES: dict[str, str | None] = {
    "site.toml": "site.toml",
    ".gitignore": "gitignore",
    "content/sources/example.bib": "example.bib",
    "content/notes/.gitkeep": None,
    "content/pages/about.md": "about.md",
    WORKFLOW: None,
    "requirements.txt": None,
}


def init_site(folder: Path) -> list[str]:
    """Write the starter site into `folder` (made if missing) and return the paths written.
    Refuses, writing nothing, when any of them exists already."""
    existing = [name for name in FILES if (folder / name).exists()]
    if existing:
        raise BuildError(f"refusing to overwrite {', '.join(existing)}; nothing was written. "
                         "Choose a new or empty folder, or move these files away", str(folder))
    contents = {name: _content(name, source) for name, source in FILES.items()}
    for name, text in contents.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return list(contents)


def _content(name: str, source: str | None) -> str:
    if source is not None:
        return (STARTER / source).read_text(encoding="utf-8")
    if name == WORKFLOW:
        return (default_folder("workflow") / "pages.yml").read_text(encoding="utf-8")
    if name == "requirements.txt":
        return requirements()
    return ""


def requirements() -> str:
    """requirements.txt for the build-site running now (see `requirement`)."""
    try:
        dist = metadata.distribution("build-site")
    except metadata.PackageNotFoundError:
        return requirement(None, {})
    return requirement(dist.version, json.loads(dist.read_text("direct_url.json") or "{}"))


def requirement(version: str | None, origin: dict) -> str:
    """The line the Pages workflow installs build-site from: the same git commit or release as
    `origin` (pip's direct_url.json) and `version` say; from a local folder or file, the
    version and a note to point it at somewhere CI can reach."""
    header = "# How the Pages workflow installs build-site (pip install -r requirements.txt).\n"
    vcs = origin.get("vcs_info")
    if vcs:
        return header + f"build-site @ {vcs['vcs']}+{origin['url']}@{vcs['commit_id']}\n"
    pinned = f"build-site=={version}\n" if version else "build-site\n"
    if origin.get("url", "").startswith("file:"):
        return (header + f"# build-site was installed from {origin['url']}, which CI cannot "
                "reach: replace the line below with\n# build-site @ "
                "git+https://github.com/<owner>/build-site if it is not on PyPI.\n" + pinned)
    return header + pinned
