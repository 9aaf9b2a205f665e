"""What a page read while it rendered: the templates it loaded and the parts of `library` it
looked at, noted by wrapping the library and the Jinja environment, so the render cache
(page_cache.py) can tell which pages a change touches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2

from .environment import SiteEnvironment

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


class RecordingEnvironment(SiteEnvironment):
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
