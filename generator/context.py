"""What every stage of one build shares: the settings, where it reads and writes, its cache and
keys, the session it belongs to and the problems it collects."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, cache_folder
from .config import Config
from .errors import Problems
from .keys import BuildInputs, CacheKeys
from .output.guard import check_output_folder, check_report
from .session import BuildSession


@dataclass(frozen=True)
class BuildOptions:
    """What the command line adds to site.toml for one build."""

    sources: tuple[Path, ...] = ()
    output: Path | None = None
    templates: Path | None = None
    strict: bool = False
    report: Path | None = None
    defer_search: bool = False  # the live preview: changed search shards are indexed after the
    # pages are in place, by the returned `pending_search` (output/pending.py)


@dataclass
class BuildContext:
    config: Config
    options: BuildOptions
    session: BuildSession
    folders: list[Path]  # the sources folders (and files)
    output: Path  # resolved
    keys: CacheKeys
    store: BuildCache
    problems: Problems = field(default_factory=Problems)

    @classmethod
    def open(cls, config: Config, options: BuildOptions, session: BuildSession) -> BuildContext:
        """Check where the build may write, then digest what it reads."""
        folders = list(options.sources) or config.source_paths()
        given = options.output or config.path(config.build.output)
        inputs = build_inputs(config, folders, options.templates)
        check_output_folder(given, inputs, project=config.root)
        if options.report:
            check_report(options.report, inputs, given)
        output = given.resolve()
        keys = CacheKeys(BuildInputs.read(config, folders, output, options.templates,
                                          bool(options.report), session.code))
        return cls(config, options, session, folders, output, keys,
                   BuildCache(cache_folder(output), session.entries))


def build_inputs(config: Config, sources: Sequence[Path],
                 templates: Path | None = None) -> list[Path]:
    """Everything the build reads: the output may not touch it, and --serve watches it."""
    return [*sources, config.path(config.build.templates), config.path(config.build.static),
            config.path(config.build.notes), config.path(config.build.pages),
            Path(config.file).resolve(), config.path(config.build.metadata),
            *([templates] if templates else [])]
