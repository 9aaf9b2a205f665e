"""The owner's Markdown (notes and pages): optional TOML front matter and sanitised HTML.

Markdown lets raw HTML through, so every rendered text is cleaned with nh3 (an allow-list
sanitiser): no script, style or iframe, no event-handler attributes, and links and images only
to http, https and mailto URLs (or relative ones). Templates may therefore show the result with
`| safe`.
"""

from __future__ import annotations

import copy
import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import nh3
from markupsafe import Markup

from ..errors import Problems
from ..links import WEB_SCHEMES
from ..text import remove_unwanted_characters, warn_removed

FENCE = "+++"
EXTENSIONS = ["extra", "sane_lists", "smarty"]
URL_SCHEMES = {*WEB_SCHEMES, "mailto"}  # the link policy's schemes (relative links are
# page-relative here, so nh3 checks them rather than generator.links)
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_ATTRIBUTES = copy.deepcopy(nh3.ALLOWED_ATTRIBUTES)
_ATTRIBUTES["*"] = {"id", "title", "lang"}  # ids keep footnote links working


class FrontMatterError(ValueError):
    """Front matter that cannot be used; `line` is 1-based in the whole file, or None."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter (a table) and its body."""

    meta: dict[str, Any]
    body: str
    text: str  # the whole file, to find the line of a key

    def line_of(self, key: str) -> int | None:
        """The line of `key = ...` in the front matter, if it is there."""
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number, line in enumerate(self.text.splitlines(), 1):
            if number > 1 and line.strip() == FENCE:
                return None
            if pattern.match(line):
                return number
        return None

    def line_of_value(self, value: str) -> int | None:
        """The first front-matter line holding the string `value`, quoted."""
        for number, line in enumerate(self.text.splitlines(), 1):
            if number > 1 and line.strip() == FENCE:
                return None
            if f'"{value}"' in line or f"'{value}'" in line:
                return number
        return None


def read_document(text: str, allowed: Iterable[str]) -> Document:
    """Split `+++`-fenced TOML front matter from the body; check its keys against `allowed`."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        return Document({}, text, text)
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise FrontMatterError("front matter opened with +++ is never closed by a +++ line",
                               1) from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        raise FrontMatterError(f"front matter is not valid TOML: {error}",
                               int(found.group(1)) + 1 if found else end) from None
    document = Document(meta, "\n".join(lines[end + 1 :]), text)
    valid = list(allowed)
    for key in meta:
        if key not in valid:
            close = difflib.get_close_matches(key, valid, n=1, cutoff=0.5)
            hint = f"did you mean `{close[0]}`?" if close else f"valid keys: {', '.join(valid)}"
            raise FrontMatterError(f"unknown front matter key `{key}`; {hint}",
                                   document.line_of(key))
    return document


def markdown_html(text: str) -> Markup:
    """Markdown rendered to HTML and sanitised, safe to insert into a page as is."""
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return Markup(nh3.clean(html, attributes=_ATTRIBUTES, url_schemes=URL_SCHEMES,
                             clean_content_tags=DROPPED_WITH_CONTENT))


def read_text(path: Path, name: str, problems: Problems | None = None) -> str:
    """The file's UTF-8 text with control and non-characters removed, each line that had one
    named in a warning; raises UnicodeDecodeError when the file is not UTF-8."""
    text, removed = remove_unwanted_characters(path.read_text(encoding="utf-8-sig"))
    if problems is not None:
        warn_removed(problems, name, removed)
    return text


def hidden(path: Path, folder: Path) -> bool:
    """In a folder such as .git or .obsidian below `folder`, or a dot file: not the owner's
    note or page."""
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def display_path(path: Path, root: Path | None) -> str:
    """`path` relative to the project root, as warnings and errors name files."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
