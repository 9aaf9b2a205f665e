"""The build: a short list of named, timed stages, gathering everything before writing anything.

    gather:  cache (the papers, if nothing they are made from changed), else read -> merge ->
             tag -> store; then notes
    plan:    previous (the site as the last build left it) -> related -> plan (the library and
             every file of the site)
    publish: write (each page rendered as it is written) -> search -> record

Each stage is a function of plain data (gather.py, plan.py, publish.py); what they share is the
`BuildContext`, and what the live preview keeps between builds is its `BuildSession`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import gather
from .config import Config, example_base_url
from .context import BuildContext, BuildOptions, build_inputs
from .errors import BuildError, Problems
from .models import Paper
from .output.pending import PendingSearch
from .plan import plan, relate
from .publish import previous_site, publish, unchanged
from .session import BuildSession
from .stages import Stages

__all__ = ["BuildOptions", "BuildResult", "build", "build_inputs", "strict_failure"]

STRICT_SHOWN = 50  # warnings listed in a --strict failure; the rest are counted


@dataclass
class BuildResult:
    records: int = 0
    papers: list[Paper] = field(default_factory=list)
    tags: int = 0
    files: int = 0
    pages: int = 0
    reused: int = 0  # pages taken from the previous site: nothing they are made from changed
    output: Path | None = None
    problems: Problems = field(default_factory=Problems)
    timings: dict[str, float] = field(default_factory=dict)  # stage -> wall seconds
    cpu: dict[str, float] = field(default_factory=dict)  # stage -> CPU seconds, children included
    pending_search: PendingSearch | None = None  # with defer_search: what is left to index

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())


def build(config: Config, options: BuildOptions,
          progress: Callable[[str], None] = lambda stage: None,
          session: BuildSession | None = None) -> BuildResult:
    """Read, merge, tag, attach notes, render and write the site; raise BuildError if it cannot
    be built. `session` is the live preview's, kept between its builds; a plain build has its
    own."""
    context = BuildContext.open(config, options, session or BuildSession())
    result = BuildResult(output=options.output or config.path(config.build.output),
                         problems=context.problems)
    stage = Stages(progress, result)
    keys, store, problems = context.keys, context.store, context.problems
    with stage.collecting(), store.exclusive(lambda: progress("waiting for another build")):
        gathered = stage("cache", store.get, "papers", keys.papers)
        if gathered is None:
            read = stage("read", gather.read, config, context.folders, problems)
            merged = stage("merge", gather.merge, config, read, problems)
            gathered = stage("tag", gather.tag, config, read, merged, problems,
                             bool(options.report))
            stage("store", store.put, "papers", keys.papers, gathered)
        else:
            problems.items.extend(gathered.problems)
        if (example := example_base_url(config)) is not None:
            problems.warn(config.file, *example)
        noted = stage("notes", gather.notes, config, gathered, problems)
        result.records, result.tags, result.papers = (gathered.record_count,
                                                      len(gathered.taxonomy), noted.papers)
        if options.strict and problems:
            raise BuildError(strict_failure(problems))
        reuse = stage("previous", previous_site, context)  # the site as the last build left it
        if unchanged(context, reuse):
            result.pages, result.files = reuse.previous.pages, reuse.previous.count
            return result
        related = stage("related", relate, context, gathered)
        site = stage("plan", plan, context, gathered, noted, related, reuse)
        published = publish(context, noted, site, reuse, stage)
    result.pages, result.files, result.reused = site.pages, site.count, site.page_cache.reused
    result.pending_search = published.pending_search
    return result


def strict_failure(problems: Problems) -> str:
    """The --strict failure: every warning that caused it (the first 50, then a count)."""
    shown = [f"  {problem}" for problem in list(problems)[:STRICT_SHOWN]]
    if len(problems) > STRICT_SHOWN:
        shown.append(f"  ... and {len(problems) - STRICT_SHOWN} more")
    return (f"{len(problems)} warning(s) and --strict is on; the previous site was left as it "
            "was. Fix these, or build without --strict:\n" + "\n".join(shown))
