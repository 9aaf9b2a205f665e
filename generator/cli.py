"""The `build-site` command: load the configuration, run the build, print the summary."""

from __future__ import annotations

import sys
import traceback
from dataclasses import replace
from pathlib import Path

import click

from .build import BuildOptions, BuildResult, build
from .config import load_config


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
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
def main(config_path: Path, sources: tuple[Path, ...], output: Path | None,
         base_url: str | None, templates: Path | None, report: Path | None, strict: bool,
         quiet: bool, verbose: bool) -> None:
    """Build the reading-list website from the sources named in site.toml."""
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    config = load_config(config_path)
    if base_url is not None:
        config = replace(config, site=replace(config.site, base_url=base_url))
    options = BuildOptions(sources=tuple(p.resolve() for p in sources), output=output,
                           templates=templates, strict=strict, report=report)
    progress = (lambda stage: click.echo(f"{stage}...", err=True)) if verbose else (
        lambda stage: None)
    try:
        result = build(config, options, progress)
    except click.ClickException:
        raise
    except Exception as error:  # a bug, not bad input: say so plainly
        if verbose:
            traceback.print_exc()
        raise click.ClickException(
            f"internal error: {type(error).__name__}: {error}. This is a bug in build-site; "
            "run with --verbose for the traceback and report it."
        ) from None
    _report(result, quiet, verbose)


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
