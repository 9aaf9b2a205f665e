"""The lookup's progress on the terminal: papers done and left, and what was found."""

from __future__ import annotations

import shutil
from typing import TextIO

from .run import Tally

EVERY = 25  # without a terminal, one line per this many papers


def describe(tally: Tally) -> str:
    return (f"lookup: {tally.done} of {tally.total} papers done, {tally.left} left; "
            f"{tally.found} found, {tally.close} close calls, {tally.failed} failed")


class ProgressLine:
    """One rewritten line on a terminal; a line now and then in a log; nothing when quiet."""

    def __init__(self, stream: TextIO, quiet: bool = False) -> None:
        self.stream = stream
        self.quiet = quiet
        self.terminal = _isatty(stream)
        self.width = 0

    def __call__(self, tally: Tally) -> None:
        if self.quiet:
            return
        line = describe(tally)
        if self.terminal:
            line = line[:shutil.get_terminal_size().columns - 1]
            self.stream.write("\r" + line.ljust(self.width))
            self.width = max(self.width, len(line))
        elif tally.done % EVERY == 0 or tally.left == 0:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
