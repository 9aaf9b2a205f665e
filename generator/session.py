"""What one process keeps between builds of one site: the live preview's memory.

A plain `build()` makes a fresh session and drops it, so it depends on its arguments alone; the
live preview owns one session for all its rebuilds, so a save costs only what it changed: the
papers' digests, JSON-LD and search records (by the paper objects the build cache hands back),
the compiled templates, and the cache entries it read or stored last."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .cache import Kept, code_version
from .memo import PaperMemo
from .site.render import CompiledTemplates


@dataclass
class BuildSession:
    memo: PaperMemo = field(default_factory=PaperMemo)  # answers per paper object
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)  # Jinja bytecode
    entries: dict[Path, Kept] = field(default_factory=dict)  # build-cache entries in memory
    code: str = field(default_factory=code_version)  # the code version every key includes
