"""Running the build's stages: each named, timed directly, and told to the progress display."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .build import BuildResult

Made = TypeVar("Made")


class Stages:
    """Runs the build's stages by name, each timed directly (wall and CPU, children included):
    a stage that runs inside another (search inside write) counts in its own line only, and
    work done for a stage beside another (the search index, while pages are written) is
    `charge`d to it by the measure of that work."""

    def __init__(self, progress: Callable[[str], None], result: BuildResult) -> None:
        self.progress = progress
        self.result = result
        self._inner: list[list[float]] = []  # per running stage: wall, CPU of stages inside it
        self._charged: list[float] = []  # per running stage: CPU done for it beside another

    def __call__(self, name: str, function: Callable[..., Made], *arguments: Any) -> Made:
        self.progress(name)
        self._inner.append([0.0, 0.0])
        self._charged.append(0.0)
        started, cpu = time.perf_counter(), cpu_seconds()
        try:
            return function(*arguments)
        finally:
            wall = time.perf_counter() - started
            used = cpu_seconds() - cpu + self._charged.pop()
            inner = self._inner.pop()
            if self._inner:
                self._inner[-1][0] += wall
                self._inner[-1][1] += used
            self.result.timings[name] = wall - inner[0]
            self.result.cpu[name] = used - inner[1]
            gc.freeze()  # what the stage leaves lives until the build ends: see collecting()

    def charge(self, cpu: float) -> None:
        """Count `cpu` seconds, spent for the running stage while its parent ran, in it (and
        so not in the parent)."""
        self._charged[-1] += cpu

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """What each stage leaves behind (records, papers, fragments) lives until the build
        ends, so it is frozen out of the cyclic garbage collector's full passes, which would
        otherwise walk all of it again and again (at 100k records the collector's time fell
        from 12.8 to 8.1 s CPU); it is collectable again once the build returns."""
        try:
            yield
        finally:
            gc.unfreeze()


def cpu_seconds() -> float:
    """CPU used so far by this process and the children it waited for (the search indexer)."""
    used = os.times()
    return used.user + used.system + used.children_user + used.children_system
