"""The `build-site` command: load the configuration, run the build, print the summary."""

from __future__ import annotations

import shutil
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from .config import BuildSettings, Config, base_url_problem, load_config
from .scaffold import init_site
from .site.linkcheck import broken_links
from .site.theme import default_folder
from .site.urls import base_path

if TYPE_CHECKING:  # the build and the server import the heavy libraries: only when they run,
    # so that `build-site --help` starts at once
    from .build import BuildOptions, BuildResult
    from .serve import Built
    from .session import BuildSession


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default="site.toml", show_default=True, help="The site's settings file.")
@click.option("--sources", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of sources to read; repeat for several. Replaces the folders "
                   "listed in site.toml.")
@click.option("--output", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site to (default: [build] output, i.e. site/).")
@click.option("--base-url", help="Absolute URL the site is published at; overrides "
                                 "[site] base_url.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of templates searched before the project's templates/.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the deduplication review (merged papers with their evidence, "
                   "near misses, override lines) to this HTML file, outside the site.")
@click.option("--strict", is_flag=True, help="Fail (exit 1) on any warning, leaving the "
                                             "previous site in place.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--verbose", "-v", is_flag=True, help="Print each stage's timing, and a "
                                                    "traceback on internal errors.")
@click.option("--serve", "live", is_flag=True,
              help="Build, serve the site over HTTP, rebuild on every change to the sources, "
                   "notes, site.toml, templates or static files, and reload open pages; "
                   "Ctrl-C stops.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port for --serve (0 picks a free one).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address for --serve to listen on (0.0.0.0 for every interface).")
@click.pass_context
def main(ctx: click.Context, config_path: Path, sources: tuple[Path, ...], output: Path | None,
         base_url: str | None, templates: Path | None, report: Path | None, strict: bool,
         quiet: bool, verbose: bool, live: bool, port: int, host: str) -> None:
    """Build the reading-list website from the sources named in site.toml.

    `build-site init DIR` starts a new reading list; `build-site check` checks the links of a
    built site; `build-site templates` prints where the default templates are; `build-site lookup`
    fills in missing arXiv ids, authors and dates."""
    if ctx.invoked_subcommand is not None:
        return
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    from .build import BuildOptions
    from .serve import serve

    options = BuildOptions(sources=tuple(p.resolve() for p in sources), output=output,
                           templates=templates, strict=strict, report=report)
    project = Project(config_path, options, base_url, quiet, verbose)
    if not live:
        project.build()
        return
    project.load()  # no site.toml at all: fail now, there is nothing to watch
    serve(project.rebuild, project.watched, output=project.output(), host=host, port=port,
          ignore=project.ignored, log_requests=verbose)


@main.command()
@click.argument("folder", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Start a reading list in FOLDER (default: here): site.toml, content/, .gitignore and the
    GitHub Pages workflow. Never overwrites a file."""
    for name in init_site(folder):
        click.echo(f"wrote {folder / name}")
    click.echo(f"Next: cd {folder} && build-site --serve, then put your sources in "
               "content/sources/ and set title, author and base_url in site.toml.")


@main.command()
def templates() -> None:
    """Print the folder of the default templates, to copy one into your templates/ and
    change it."""
    click.echo(default_folder("templates"))


@main.command()
@click.argument("site", default="site",
                type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--base-url", help="The URL the site was built for (default: [site] base_url of "
                                 "--config, if it exists); 404.html links from its path.")
@click.pass_context
def check(ctx: click.Context, site: Path, base_url: str | None) -> None:
    """Check every internal link and #anchor of the built SITE (default: site/); exit 1 if
    any is broken."""
    if base_url is None:
        config = ctx.parent.params["config_path"] if ctx.parent else Path("site.toml")
        base_url = load_config(config).site.base_url if config.is_file() else ""
    broken = broken_links(site, base_path(base_url))
    for link in broken:
        click.echo(f"broken: {link}", err=True)
    if broken:
        raise click.ClickException(f"{len(broken)} broken internal link(s) in {site}")
    pages = sum(1 for _ in site.rglob("*.html"))
    click.echo(f"{pages} pages checked in {site}: no broken internal link or anchor")


@main.command("lookup")
@click.option("--limit", type=click.IntRange(min=1),
              help="Ask about at most this many papers in this run.")
@click.option("--refresh", is_flag=True, help="Ask again about papers already looked up "
                                              "(never about pinned or \"no match\" entries).")
@click.option("--accept", "accepted", multiple=True, metavar="ID=ARXIV",
              help="Accept a close candidate named in the review report (no network); "
                   "repeat for several.")
@click.option("--quiet", "-q", is_flag=True, help="Print only warnings and errors.")
@click.option("--verbose", "-v", is_flag=True, help="A traceback on internal errors.")
@click.pass_context
def lookup_command(ctx: click.Context, limit: int | None, refresh: bool,
                   accepted: tuple[str, ...], quiet: bool, verbose: bool) -> None:
    """Look up arXiv ids, authors and dates of the papers that lack them, asking Hugging Face's
    paper index, then arXiv, by title; results go to content/metadata.json. See docs/lookup.md
    for what is sent where."""
    from .lookup.command import run  # only this command needs the network libraries

    config_path = ctx.parent.params["config_path"] if ctx.parent else Path("site.toml")
    run(load_config(config_path), limit, refresh, accepted, quiet, verbose)


@dataclass
class Project:
    """One project's build, repeatable: site.toml is read again for every build."""

    config_path: Path
    options: BuildOptions
    base_url: str | None = None
    quiet: bool = False
    verbose: bool = False
    config: Config | None = None  # the last configuration that loaded
    session: BuildSession | None = None  # the live preview's, kept between its rebuilds

    def load(self) -> Config:
        config = load_config(self.config_path)
        if self.base_url is not None:
            if problem := base_url_problem(self.base_url):
                raise click.BadParameter(problem, param_hint="--base-url")
            config = replace(config, site=replace(config.site, base_url=self.base_url))
        self.config = config
        return config

    def build(self, defer_search: bool = False) -> BuildResult:
        """Load site.toml, build, print warnings and the summary; raise ClickException.
        `defer_search`: leave changed search shards to `result.pending_search`."""
        from .build import build

        config = self.load()
        progress = stage_progress(sys.stderr, self.quiet, self.verbose)
        try:
            result = build(config, replace(self.options, defer_search=defer_search), progress,
                           self.session)
        except click.ClickException:
            raise
        except Exception as error:  # a bug, not bad input: say so plainly
            if self.verbose:
                traceback.print_exc()
            raise click.ClickException(
                f"internal error: {type(error).__name__}: {error}. This is a bug in build-site; "
                "run with --verbose for the traceback and report it."
            ) from None
        finally:
            getattr(progress, "finish", lambda: None)()
        _report(result, self.quiet, self.verbose)
        return result

    def rebuild(self) -> Built:
        """One build for --serve: what it wrote and the path the site is published at."""
        from .serve import Built

        if self.session is None:
            from .session import BuildSession

            self.session = BuildSession()
        result = self.build(defer_search=True)  # the pages first, their search right after
        assert result.output is not None and self.config is not None
        return Built(result.output, base_path(self.config.site.base_url), result.pending_search)

    def output(self) -> Path:
        if self.options.output is not None:
            return self.options.output.resolve()
        if self.config is not None:
            return self.config.path(self.config.build.output)
        return (self.config_path.resolve().parent / BuildSettings().output).resolve()

    def watched(self) -> list[Path]:
        """site.toml and everything the build reads (`build_inputs`)."""
        from .context import build_inputs

        if self.config is None:
            return [self.config_path, *self.options.sources,
                    *([self.options.templates] if self.options.templates else [])]
        sources = list(self.options.sources) or self.config.source_paths()
        return [self.config_path, *build_inputs(self.config, sources, self.options.templates)]

    def ignored(self) -> list[Path]:
        """What the build writes itself, so a rebuild never triggers the next one."""
        return [self.output()] + ([self.options.report] if self.options.report else [])


class StageLine:
    """Build progress on one terminal line, rewritten as each stage starts."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.stages: list[str] = []
        self.width = 0

    def __call__(self, stage: str) -> None:
        self.stages.append(stage)
        line = "building: " + " ".join(f"{name}\u2026" for name in self.stages)
        line = line[:shutil.get_terminal_size().columns - 1]  # a wrapped line cannot be redrawn
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(line))

    def finish(self) -> None:
        """Erase the line, so the summary or an error starts on a clean one."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


def stage_progress(stream: TextIO, quiet: bool, verbose: bool) -> Callable[[str], None]:
    """--verbose: one line per stage; a terminal: one rewritten line; otherwise nothing."""
    if verbose:
        return lambda stage: click.echo(f"{stage}...", err=True)
    if quiet or not _isatty(stream):
        return lambda stage: None
    return StageLine(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _report(result: BuildResult, quiet: bool, verbose: bool) -> None:
    for problem in result.problems:
        click.echo(f"warning: {problem}", err=True)
    if verbose:
        for name, seconds in result.timings.items():
            click.echo(f"  {name:<7} {seconds:6.2f} s", err=True)
    if not quiet:
        click.echo(
            f"{result.records} records read, {len(result.papers)} papers after merging, "
            f"{result.tags} tags, {result.pages} pages written to {result.output} "
            f"in {result.seconds:.2f} s"
            + (f" ({len(result.problems)} warnings)" if result.problems else "")
        )


if __name__ == "__main__":
    sys.exit(main())
