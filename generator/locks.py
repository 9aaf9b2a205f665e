"""Folder locks: which folders a running build holds, so another build neither deletes them nor
writes the same files at once."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no folder locks; stale folders are then left in place
    fcntl = None


def claim(folder: Path, wait: bool = True) -> int | None:
    """An exclusive lock on `folder` for as long as the build runs; the system releases it when
    the process ends, however it ends, so a folder nobody holds was left by a killed build.
    Raises OSError when `wait` is False and another build holds it."""
    if fcntl is None:
        if wait:
            return None
        raise OSError("cannot tell whether another build is using this folder")
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


@contextmanager
def held(folder: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """`folder` claimed for the block; if another process holds it, `waiting()` is called and
    the block starts once that process lets go."""
    try:
        lock = claim(folder, wait=False)
    except OSError:
        waiting()
        lock = claim(folder)
    try:
        yield
    finally:
        if lock is not None:
            os.close(lock)
