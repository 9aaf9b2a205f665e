"""Every key of the build cache, made in one place from what the build reads.

A stale key means a stale site, so no stage builds a key of its own: `BuildInputs` digests every
input once, and `CacheKeys` says which inputs each cached result depends on. The test suite
changes each input in turn and checks that exactly the keys listed here change.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .cache import code_version, digest, file_digest, tree_digest
from .config import Config
from .site.theme import static_files, template_folders

RELATED_COUNT = 5  # related papers per paper page


@dataclass(frozen=True)
class BuildInputs:
    """What one build reads, each digested (names and bytes of files) or as a plain value."""

    code: str  # the generator's own source and the libraries that shape its output
    sources: str  # every source file below the sources folders
    metadata: str  # the looked-up metadata file ("" when absent)
    notes: str  # the notes and pages folders
    templates: str  # every template on the search path
    templates_option: str  # the --templates folder ("" without one)
    static: tuple[tuple[str, str], ...]  # each static file's name and digest
    cname: str  # the custom-domain file ("" when absent)
    config: Config  # every setting, base_url included (the command line's overrides applied)
    output: str  # the output folder, resolved: names the entries that describe that site
    report: bool  # a --report keeps the evidence the review needs
    epoch: str  # SOURCE_DATE_EPOCH ("" when unset): the dates of feeds and the sitemap

    @classmethod
    def read(cls, config: Config, sources: Sequence[Path], output: Path,
             templates: Path | None = None, report: bool = False,
             code: str | None = None) -> BuildInputs:
        """The inputs of a build of `config` from `sources` into `output`, by the code version
        `code` (the session's; computed when not given)."""
        return cls(
            code=code if code is not None else code_version(),
            sources=tree_digest(sources),
            metadata=file_digest(config.path(config.build.metadata)),
            notes=tree_digest([config.path(config.build.notes), config.path(config.build.pages)]),
            templates=tree_digest(template_folders(config, templates)),
            templates_option=str(templates or ""),
            static=tuple((name, file_digest(file)) for name, file in static_files(config).items()),
            cname=file_digest(config.root / "CNAME"),
            config=config,
            output=str(output.resolve()),
            report=report,
            epoch=os.environ.get("SOURCE_DATE_EPOCH", ""),
        )


@dataclass(frozen=True)
class CacheKeys:
    """The build cache's keys and entry names, and what each is made from:

    - `papers` (the read, merged and tagged papers): code, sources, metadata, every setting,
      report. Every setting, not only those merging reads today: a stale cache costs more than
      a merge the change did not need.
    - `related` (related papers and BibTeX entries): `papers`, base_url, RELATED_COUNT.
    - `site` (nothing at all to do when the site is intact): `papers`, notes and pages,
      templates, static files, CNAME, every setting, SOURCE_DATE_EPOCH.
    - `pages(taxonomy)` (the render cache's page records, each of which also digests its own
      templates, library reads and variables): code, every setting, the --templates folder,
      the static files' names, the taxonomy.
    - `papers_json(changed)`: `papers` and the records of the papers that notes changed.
    - `made(parts)` (a feed, the sitemap): code and the digest of what the file is made from.
    - `manifest` and `page_records` name the entries of this output folder.

    Two kinds of key are digests of content made where the content is, and checked against
    the site as well: a search shard's (site/search.py: the code, the language, the number of
    shards and the shard's records) and a page's record (site/page_cache.py: its template
    sources, the library values it read and its variables).
    """

    inputs: BuildInputs

    @property
    def papers(self) -> str:
        i = self.inputs
        return digest(i.code, i.sources, i.metadata, i.config, i.report)

    @property
    def related(self) -> str:
        return digest(self.papers, self.inputs.config.site.base_url, RELATED_COUNT)

    @property
    def site(self) -> str:
        i = self.inputs
        return digest(self.papers, i.notes, i.templates, i.templates_option, i.static, i.cname,
                      i.config, i.epoch)

    def pages(self, taxonomy: object) -> str:
        i = self.inputs
        return digest(i.code, i.config, i.templates_option, [n for n, _ in i.static],
                      taxonomy)

    def papers_json(self, changed: object) -> str:
        return digest(self.papers, changed)

    def made(self, parts: str) -> str:
        return digest(self.inputs.code, parts)

    @property
    def manifest(self) -> str:
        return "manifest-" + digest(self.inputs.output)

    @property
    def page_records(self) -> str:
        return "pages-" + digest(self.inputs.output)
