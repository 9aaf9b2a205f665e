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
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from ..memo import PAPERS
from ..models import Paper
from .manifest import content_digest

MISSING = "missing"  # the digest of a template or attribute that does not exist


LENGTH, ITEMS = "length", "items"  # how much of a library value a page read


@dataclass
class Reads:
    """What one page (or one fragment of it) was made from, besides its own variables: the
    templates it loaded and the library values it read, each as (path, LENGTH or ITEMS), where
    a path is an attribute name, or an attribute and a key (`papers_by_tag`, `"nlp"`)."""

    templates: set[str] = field(default_factory=set)
    library: set[tuple[tuple[str, ...], str]] = field(default_factory=set)

    def add(self, other: Reads) -> None:
        self.templates |= other.templates
        self.library |= other.library

    def key(self) -> tuple[frozenset, frozenset]:
        return frozenset(self.templates), frozenset(self.library)


class LibraryReads:
    """The library as one page sees it: each value the page reads is noted in `reads`. A tuple
    whose length alone is read (`library.papers | length`, `{% if library.noted %}`) is noted
    as such, so the page does not depend on what the tuple holds."""

    __slots__ = ("_library", "_reads")

    def __init__(self, library: object, reads: Reads) -> None:
        self._library = library
        self._reads = reads

    def __getattr__(self, name: str) -> Any:
        return _seen(getattr(self._library, name), (name,), self._reads)


def _seen(value: object, path: tuple[str, ...], reads: Reads) -> Any:
    if type(value) is tuple:
        return SequenceReads(value, path, reads)
    if type(value) is dict and len(path) == 1:
        return MappingReads(value, path, reads)
    reads.library.add((path, ITEMS))
    return value


class SequenceReads(Sequence):
    """A tuple of the library: its length noted on its own, any other use as reading it all."""

    __slots__ = ("_items", "_path", "_reads")

    def __init__(self, items: tuple, path: tuple[str, ...], reads: Reads) -> None:
        self._items = items
        self._path = path
        self._reads = reads

    def _all(self) -> tuple:
        self._reads.library.add((self._path, ITEMS))
        return self._items

    def __len__(self) -> int:
        self._reads.library.add((self._path, LENGTH))
        return len(self._items)

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __contains__(self, item: object) -> bool:
        return item in self._all()

    def __reversed__(self) -> Iterator[Any]:
        return reversed(self._all())

    def __eq__(self, other: object) -> bool:
        return self._all() == (other._all() if isinstance(other, SequenceReads) else other)

    __hash__ = None  # type: ignore[assignment]  # as a tuple's view it compares like one

    def __add__(self, other: Any) -> Any:
        return self._all() + other

    def __str__(self) -> str:
        return str(self._all())

    def __getattr__(self, name: str) -> Any:
        return getattr(self._all(), name)


class MappingReads(Mapping):
    """A dict of the library: a value looked up is noted under its key; anything else (its
    keys, its length, iterating it) as reading it all."""

    __slots__ = ("_items", "_path", "_reads")

    def __init__(self, items: dict, path: tuple[str, ...], reads: Reads) -> None:
        self._items = items
        self._path = path
        self._reads = reads

    def __getitem__(self, key: Any) -> Any:
        if not isinstance(key, str):
            self._reads.library.add((self._path, ITEMS))
            return self._items[key]
        if key not in self._items:
            self._reads.library.add(((*self._path, key), ITEMS))  # its absence counts too
            raise KeyError(key)
        return _seen(self._items[key], (*self._path, key), self._reads)

    def __iter__(self) -> Iterator[Any]:
        self._reads.library.add((self._path, ITEMS))
        return iter(self._items)

    def __len__(self) -> int:
        self._reads.library.add((self._path, ITEMS))
        return len(self._items)

    def __str__(self) -> str:
        self._reads.library.add((self._path, ITEMS))
        return str(self._items)


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that notes every template a page loads (extends, include, import)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reading: list[Reads] = []  # the page being rendered, then the fragment inside it

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,
                     globals: Mapping[str, Any] | None = None) -> jinja2.Template:  # noqa: A002
        self._note([name], parent)
        return super().get_template(name, parent, globals)

    def select_template(self, names: Iterable[str | jinja2.Template], parent: str | None = None,
                        globals: Mapping[str, Any] | None = None  # noqa: A002
                        ) -> jinja2.Template:
        if not isinstance(names, jinja2.Undefined):
            names = list(names)
            self._note(names, parent)  # all of them: one missing now may exist next time
        return super().select_template(names, parent, globals)

    def _note(self, names: Iterable[str | jinja2.Template], parent: str | None) -> None:
        if self.reading:
            for name in names:
                if isinstance(name, jinja2.Template):
                    name = name.name or ""
                self.reading[-1].templates.add(
                    self.join_path(name, parent) if parent is not None else name)


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
    wrote it, with content of that digest (see site/manifest.py): then it can stay, unread."""

    def __init__(self, env: jinja2.Environment, library: object,
                 previous: dict[str, PageRecord],
                 untouched: Callable[[str, str], bool]) -> None:
        self.env = env
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
        """The digest of what a page is given, or None if it cannot be digested."""
        parts = [template, path]
        for name, value in sorted(context.items()):
            if type(value) is Paper:  # the common cases first, without a pickler
                part: str | None = self.paper(value)
            elif type(value) in (list, tuple) and all(type(v) is Paper for v in value):
                part = f"{type(value).__name__}:" + ",".join(self.paper(v) for v in value)
            elif type(value) in (str, Markup):  # e.g. a citation: the same object next build
                part = PAPERS.get(value, "text digest", None, partial(_text_digest, value))
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
        and taken from the last build in this process for the same paper object (site/memo.py)."""
        return PAPERS.get(paper, "digest", None, lambda: hashlib.blake2b(
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
