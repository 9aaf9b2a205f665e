"""What the last build worked out per paper, kept for the next build of the same session.

The live preview rebuilds in one process, and the merged papers come from the build cache as the
same objects every time (notes replace only the papers they are about). A paper's digest, its
JSON-LD and its search record are therefore looked up by the object they are made from (its
identity, with the object held so the identity cannot pass to another) rather than made again
for thousands of papers on every save. Only immutable objects' answers may be kept this way.
Only the last build's answers are kept, so memory does not grow with the number of rebuilds.
The live preview's session (session.py) owns its memo; a plain build's memo goes with it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

Made = TypeVar("Made")


class PaperMemo:
    """Answers per (object, what, settings), for this build and the previous one."""

    def __init__(self) -> None:
        self.current: dict[tuple[int, str, Hashable], tuple[Any, Any]] = {}
        self.previous: dict[tuple[int, str, Hashable], tuple[Any, Any]] = {}

    def start_build(self) -> None:
        """Keep only what the build that ended used."""
        self.previous, self.current = self.current, {}

    def forget(self) -> None:
        """Keep nothing: a build that is not followed by another in this process (a plain
        `build-site`) frees what its pages needed before the search indexer starts."""
        self.previous, self.current = {}, {}

    def get(self, paper: object, what: str, settings: Hashable,
            make: Callable[[], Made]) -> Made:
        key = (id(paper), what, settings)
        known = self.current.get(key)
        if known is None:
            known = self.previous.get(key)
            if known is None or known[0] is not paper:
                known = (paper, make())
            self.current[key] = known
        return known[1]
