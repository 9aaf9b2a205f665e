"""The render cache: a rebuild takes from the previous site every page whose inputs are unchanged.

A page is made from its template (with those it extends, includes or imports), its own variables
(`paper`, `papers`, `related`, ...), the parts of `library` it reads and the site-wide settings.
While a page renders, the templates it loads and the `library` attributes it reads are noted
(`Reads`); the cache keeps, per page, a digest of each of them, of its variables and of the HTML
it gave. A rebuild whose digests for a page all match takes the previous site's file for it,
after checking that file still holds that HTML, instead of rendering the page. The site-wide
settings (code version, configuration, taxonomy) key the whole cache: when they change, every
page is rendered. Anything that cannot be digested makes its page uncacheable: it is rendered.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from ..memo import PaperMemo
from ..models import Paper
from ..output.manifest import content_digest
from .reads import LENGTH, Reads

MISSING = "missing"  # the digest of a template or attribute that does not exist


@dataclass(frozen=True)
class PageRecord:
    """What the previous build made one page from, and the digest of the HTML it gave."""

    variables: str  # the template name, the path and the page's own variables
    templates: tuple[tuple[str, str], ...]  # template name -> digest of its source
    library: tuple[tuple[tuple[str, ...], str, str], ...]  # (path, LENGTH or ITEMS, digest)
    content: str  # digest of the page's bytes


class PageCache:
    """The records of the previous build (`previous`, path -> PageRecord) and those of this one.

    `untouched(path, digest)` says whether the site's file at `path` is as the previous build
    wrote it, with content of that digest (see output/manifest.py): then it can stay, unread.
    Without `recording`, pages are neither looked up nor recorded: a build that writes a new
    site (a deploy, a first build) has no pages to reuse, and what its pages were made from
    cost a tenth of its rendering to note for a next build that may never come (the first
    rebuild of a site, and every build of the live preview, record)."""

    def __init__(self, env: jinja2.Environment, library: object,
                 previous: dict[str, PageRecord],
                 untouched: Callable[[str, str], bool], memo: PaperMemo,
                 recording: bool = True) -> None:
        self.env = env
        self.recording = recording
        self.memo = memo
        self.library = library
        self.previous = previous
        self.untouched = untouched
        self.records: dict[str, PageRecord] = {}
        self.reused = 0
        self._templates: dict[str, str] = {}
        self._reads: dict[tuple[tuple[str, ...], str], str | None] = {}
        # thousands of pages share their templates and library reads: such a tuple is made
        # once (so the cache file holds it once) and checked once per build, by its identity
        self._shared: dict[tuple, tuple] = {}
        self._checked: dict[int, tuple[tuple, bool]] = {}

    def variables(self, template: str, path: str, context: Mapping[str, object]) -> str | None:
        """The digest of what a page is given, or None if it cannot be digested (or the cache
        is not recording)."""
        if not self.recording:
            return None
        parts = [template, path]
        for name, value in sorted(context.items()):
            if type(value) is Paper:  # the common cases first, without a pickler
                part: str | None = self.paper(value)
            elif type(value) in (list, tuple) and all(type(v) is Paper for v in value):
                part = f"{type(value).__name__}:" + ",".join(self.paper(v) for v in value)
            elif type(value) in (str, Markup):  # e.g. a citation: the same object next build
                part = self.memo.get(value, "text digest", None, partial(_text_digest, value))
            else:
                part = self.digest(value)
            if part is None:
                return None
            parts.append(f"{name}={part}")
        return hashlib.blake2b("\0".join(parts).encode("utf-8", "surrogatepass"),
                               digest_size=20).hexdigest()

    def reuse(self, path: str, variables: str) -> bool:
        """Whether the site's page at `path` can stay: every input it was made from is
        unchanged, and the file is still the one the previous build wrote (its size,
        modification and change time; the change time moves with any write)."""
        record = self.previous.get(path)
        if record is None or record.variables != variables:
            return False
        if not (self._unchanged(record.templates, self._templates_unchanged)
                and self._unchanged(record.library, self._library_unchanged)):
            return False
        if not self.untouched(path, record.content):
            return False
        self.records[path] = record
        self.reused += 1
        return True

    def record(self, path: str, variables: str, reads: Reads, content: bytes) -> None:
        """Note what the page just rendered at `path` was made from."""
        library = []
        for read, how in sorted(reads.library):
            value = self.read(read, how)
            if value is None:
                return  # a value that cannot be digested: render the page every time
            library.append((read, how, value))
        templates = tuple((name, self.template(name)) for name in sorted(reads.templates))
        self.records[path] = PageRecord(
            variables, self._shared.setdefault(templates, templates),
            self._shared.setdefault(tuple(library), tuple(library)), content_digest(content))

    def _unchanged(self, inputs: tuple, check: Callable[[tuple], bool]) -> bool:
        known = self._checked.get(id(inputs))
        if known is None or known[0] is not inputs:  # the tuple held: its id stays its own
            known = self._checked[id(inputs)] = (inputs, check(inputs))
        return known[1]

    def _templates_unchanged(self, templates: tuple) -> bool:
        return all(self.template(name) == value for name, value in templates)

    def _library_unchanged(self, library: tuple) -> bool:
        return all(self.read(path, how) == value for path, how, value in library)

    def template(self, name: str) -> str:
        """The digest of the source the environment finds for `name` (MISSING if none)."""
        if name not in self._templates:
            try:
                source, filename, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                self._templates[name] = MISSING
            else:
                self._templates[name] = hashlib.blake2b(
                    f"{filename}\0{source}".encode("utf-8", "surrogatepass"),
                    digest_size=20).hexdigest()
        return self._templates[name]

    def read(self, path: tuple[str, ...], how: str) -> str | None:
        """The digest of one library value as a page read it (see Reads)."""
        if (path, how) not in self._reads:
            value: Any = self.library
            try:
                value = getattr(value, path[0])
                for key in path[1:]:
                    value = value[key]
            except (AttributeError, KeyError, TypeError):
                self._reads[path, how] = MISSING
            else:
                self._reads[path, how] = self.digest(len(value) if how == LENGTH else value)
        return self._reads[path, how]

    def paper(self, paper: Paper) -> str:
        """A paper's digest, computed once per build (pages show the same papers many times),
        and taken from the session's last build for the same paper object (memo.py)."""
        return self.memo.get(paper, "digest", None, lambda: hashlib.blake2b(
            pickle.dumps(paper, pickle.HIGHEST_PROTOCOL), digest_size=20).hexdigest())

    def digest(self, value: object) -> str | None:
        """A digest of plain data (papers stand for their own digests), or None."""
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, self).dump(value)
        except Exception:  # a value pickle cannot write (e.g. a function): not cacheable
            return None
        return hashlib.blake2b(buffer.getbuffer(), digest_size=20).hexdigest()


def _text_digest(text: str) -> str:
    return f"{type(text).__name__}:" + hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                                       digest_size=20).hexdigest()


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, cache: PageCache) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.cache = cache

    def persistent_id(self, obj: object) -> str | None:
        return self.cache.paper(obj) if type(obj) is Paper else None
