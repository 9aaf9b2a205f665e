"""One family of user-facing errors, and the list of problems a build collects.

Every error is a `click.ClickException`, so the CLI prints its message and exits 1 without a
traceback. Problems in input records are warnings: collected, reported together, and turned into
a failure by `--strict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import click


class BuildError(click.ClickException):
    """A build cannot go on; the message names the file (and line) and how to fix it."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None) -> None:
        where = location(file, line)
        super().__init__(f"{where}: {message}" if where else message)


class ConfigError(BuildError):
    """`site.toml` is invalid."""


class TemplateError(BuildError):
    """A template failed to load or render."""


def location(file: str | None, line: int | None) -> str:
    if file is None:
        return ""
    return f"{file}:{line}" if line is not None else str(file)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{location(self.file, self.line)}: {self.message}"


@dataclass
class Problems:
    """Warnings gathered across the build, printed together at the end."""

    items: list[Problem] = field(default_factory=list)

    def warn(self, file: str, line: int | None, message: str) -> None:
        self.items.append(Problem(file, line, message))

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
