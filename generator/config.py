"""The site's settings: a typed schema loaded from `site.toml`.

Every option is a field with a default and a docstring-like `help`; unknown keys are errors
naming the file, the line and the nearest valid key, so a typo never silently does nothing.
"""

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .config_reader import TableReader
from .errors import ConfigError
from .links import link_problem


def option(default: Any, help: str, minimum: float | None = None,  # noqa: A002 - as click
           maximum: float | None = None, check: Callable[[Any], str | None] | None = None) -> Any:
    """A setting with its help text, its range (`minimum`, `maximum`) and an optional `check`
    that returns why a value is wrong (or None)."""
    metadata = {"help": help, "minimum": minimum, "maximum": maximum, "check": check}
    if isinstance(default, list | tuple):
        return field(default_factory=lambda: tuple(default), metadata=metadata)
    if isinstance(default, dict):
        return field(default_factory=lambda: dict(default), metadata=metadata)
    return field(default=default, metadata=metadata)


# BCP 47 language tags (RFC 5646): a language, then optional script, region and variants
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?"
                          r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
                          r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
                          r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?$")


def language_problem(value: str) -> str | None:
    if LANGUAGE_TAG.match(value):
        return None
    return "must be a BCP 47 language tag such as en, de-CH or zh-Hant"


def base_url_problem(value: str) -> str | None:
    """The base URL is empty (links from the domain root) or an absolute http(s) URL."""
    if not value:
        return None
    problem = link_problem(value, relative=False)
    return "must be an absolute http(s) URL such as https://user.github.io/reading-list/: " \
           f"{problem}" if problem else None


def nav_url_problem(value: str) -> str | None:
    problem = link_problem(value, mailto=True)
    return "must be a path inside the site (e.g. about/) or an http(s) or mailto URL: " \
           f"{problem}" if problem else None


VERSIONS = ("merge", "separate")


def versions_problem(value: str) -> str | None:
    return None if value in VERSIONS else 'must be "merge" or "separate"'


@dataclass(frozen=True)
class NavLink:
    title: str = option("", "Text of the navigation link.")
    url: str = option("", "Where it points: a path relative to the site root, or a full URL.",
                      check=nav_url_problem)


@dataclass(frozen=True)
class SiteSettings:
    title: str = option("Reading list", "Shown in every page's header and <title>.")
    description: str = option("", "One sentence about the list, for the index and metadata.")
    author: str = option("", "Who keeps the list; shown in the footer.")
    base_url: str = option("", "Absolute URL the site is published at, e.g. "
                           "https://user.github.io/reading-list/. Only feeds and canonical URLs "
                           "use it; links between pages are relative.", check=base_url_problem)
    language: str = option("en", "The `lang` of every page (a BCP 47 tag).",
                           check=language_problem)
    nav: tuple[NavLink, ...] = option((), "Extra navigation links: [[site.nav]] title, url.")


@dataclass(frozen=True)
class Source:
    path: str = option("", "A folder of sources (read with its subfolders) or one source file, "
                       "relative to site.toml.")
    label: str = option("", 'Shown on paper pages for the records read from it, e.g. "My Zotero '
                        'library"; a file\'s own entry wins over its folder\'s. Default: the '
                        "file's name.")


@dataclass(frozen=True)
class BuildSettings:
    sources: tuple[str, ...] = option(["content/sources"], "Folders of sources to read (the short "
                                      "form of [[sources]], without labels).")
    output: str = option("site", "Folder the site is written to (replaced as a whole).")
    templates: str = option("templates", "The project's template folder.")
    static: str = option("static", "Folder copied to <output>/static/.")
    notes: str = option("content/notes", "Folder of the owner's Markdown notes on papers, one "
                        "<paper-slug>.md per paper.")
    pages: str = option("content/pages", "Folder of the owner's Markdown pages; <name>.md is "
                        "published at <name>/index.html and linked from the navigation.")
    metadata: str = option("content/metadata.json", "Authors, arXiv ids and dates looked up "
                           "by `build-site lookup`; a plain build only reads this file.")
    items_per_page: int = option(50, "Papers per index page; 0 puts every paper on one page.",
                                 minimum=0)
    feed_entries: int = option(50, "Newest papers in each Atom feed (the site's and each "
                               "tag's); 0 puts every paper in. Feed readers only look at the "
                               "newest entries, and a feed of every paper grows without bound.",
                               minimum=0)
    excerpt_length: int = option(240, "Characters of abstract shown on the index.", minimum=1)
    encodings: dict[str, str] = option({}, "Encoding of source files that are not UTF-8, by "
                                       "path relative to their sources folder, e.g. "
                                       '{ "old.csv" = "latin-1" }.')
    keyword_tags: bool = option(True, "Keywords and tags the sources give (BibTeX `keywords`, "
                                "Zotero's Manual and Automatic Tags, RIS `KW`, CSL `keyword`) "
                                "that name no tag of [[tags]] become tags of their own; false "
                                "keeps only the [[tags]] taxonomy. A keyword naming a [[tags]] "
                                "tag (its name, slug or a term, in any case) always joins it.")


@dataclass(frozen=True)
class Override:
    papers: tuple[str, ...] = option((), "Records or papers, each named by paper slug, exact "
                                     "title, source id (a CSV id, a BibTeX key) or file:line.")
    note: str = option("", "Why: for the next person who reads site.toml.")


@dataclass(frozen=True)
class DedupSettings:
    match_weight: float = option(14.0, "Match weight, in bits, from which two records are one "
                                 "paper: the sum of what each field's agreement is worth "
                                 "(generator/dedup/model.py); 14 bits is odds of about 16,000 "
                                 "to 1. Raise it to merge less, lower it to merge more.",
                                 minimum=0)
    abstract_veto: float = option(60.0, "Abstracts less similar than this (0-100) prove two "
                                  "papers are different, whatever their titles, unless a third "
                                  "of one is kept word for word in the other (a revised "
                                  "abstract).",
                                  minimum=0, maximum=100)
    unique_sources: tuple[str, ...] = option((), "Source files that list each paper at most "
                                             "once (a curated table), as paths or glob patterns "
                                             "relative to their sources folder: two records of "
                                             "one such file are never merged. By default any "
                                             "source may hold duplicates.")
    versions: str = option("merge", 'An arXiv preprint and its published version (a conference '
                           'or journal paper with the same title and authors): "merge" makes '
                           "them one paper, shown and cited as published with a link to the "
                           'preprint; "separate" keeps them two papers.', check=versions_problem)
    same: tuple[Override, ...] = option((), "[[dedup.same]] papers = [...]: these are one paper.")
    different: tuple[Override, ...] = option((), "[[dedup.different]] papers = [...]: these are "
                                             "different papers, never merged.")


@dataclass(frozen=True)
class TagRule:
    slug: str = option("", "URL name of the tag: lower-case letters, digits, hyphens.")
    name: str = option("", "Name shown on pages.")
    description: str = option("", "One sentence shown on the tag's page.")
    terms: tuple[str, ...] = option((), "Words and phrases that assign the tag (whole words; a "
                                    "term with a capital letter matches its case exactly).")


@dataclass(frozen=True)
class Config:
    site: SiteSettings = field(default_factory=SiteSettings)
    build: BuildSettings = field(default_factory=BuildSettings)
    dedup: DedupSettings = field(default_factory=DedupSettings)
    tags: tuple[TagRule, ...] = ()
    sources: tuple[Source, ...] = ()
    root: Path = Path(".")
    file: str = "site.toml"

    def path(self, relative: str) -> Path:
        """A configured folder, relative to the folder holding site.toml."""
        return (self.root / relative).resolve()

    def source_paths(self) -> list[Path]:
        """What the build reads: each [[sources]] folder, and each [[sources]] file that no
        listed folder holds (a file inside one is read with it and only named by its entry);
        without [[sources]], the folders of [build] sources."""
        if not self.sources:
            return [self.path(s) for s in self.build.sources]
        paths = list(dict.fromkeys(self.path(s.path) for s in self.sources))
        return [p for p in paths if not any(q != p and q in p.parents for q in paths)]

    def source_labels(self) -> dict[Path, str]:
        """The label of each labelled [[sources]] path, folder or file."""
        return {self.path(s.path): s.label for s in self.sources if s.label}


EXAMPLE_HOSTS = {"example.github.io", "user.github.io", "username.github.io", "you.github.io"}


def example_base_url(config: Config) -> tuple[int | None, str] | None:
    """(line, message) when `[site] base_url` is still a placeholder such as the one
    `build-site init` writes: feeds, BibTeX and canonical URLs would point at someone else's
    site. None when it is set (or overridden with --base-url)."""
    host = (urlsplit(config.site.base_url).hostname or "").lower()
    if host not in EXAMPLE_HOSTS:
        return None
    try:
        lines = Path(config.file).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        lines = []
    line = next((n for n, text in enumerate(lines, 1) if re.match(r"\s*base_url\s*=", text)), None)
    return line, (f"`base_url` in [site] is still the example {config.site.base_url!r}; set it in "
                  f"{Path(config.file).name} to the address the site is published at (e.g. "
                  "https://<user>.github.io/<repository>/) or pass --base-url: feeds, BibTeX "
                  "and canonical URLs use it")


SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_config(path: Path) -> Config:
    """Read and validate `site.toml`; a missing file is an error that says how to start one."""
    if not path.is_file():
        raise ConfigError(
            "configuration file not found; run build-site from the folder holding site.toml "
            "or pass --config PATH",
            str(path),
        )
    data_bytes = path.read_bytes()
    try:
        text = data_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConfigError("not valid UTF-8; save the file as UTF-8 (TOML files must be)",
                          str(path), data_bytes[: error.start].count(b"\n") + 1) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise ConfigError(f"not valid TOML: {error}", str(path),
                          int(line.group(1)) if line else None) from None
    reader = TableReader(str(path), text)
    config = reader.build(Config, data, "", skip={"root", "file"})
    config = replace(config, root=path.resolve().parent, file=str(path))
    _check_tags(config, reader)
    _check_sources(config, data, reader)
    return config


def _check_sources(config: Config, data: dict[str, Any], reader: TableReader) -> None:
    if config.sources and "sources" in data.get("build", {}):
        raise ConfigError("both [[sources]] and [build] sources are set; keep one (move the "
                          "folders of [build] sources into [[sources]] entries)", reader.file,
                          reader.line_of("sources"))
    for source in config.sources:
        if not source.path:
            raise ConfigError("a [[sources]] entry has no `path`; give the folder or file to "
                              "read", reader.file, reader.line_of("[[sources]]"))


def _check_tags(config: Config, reader: TableReader) -> None:
    seen: set[str] = set()
    for rule in config.tags:
        line = reader.line_of(f'"{rule.slug}"')
        if not SLUG.match(rule.slug):
            raise ConfigError(f"tag slug {rule.slug!r} must be lower-case letters, digits and "
                              "hyphens", reader.file, line)
        if rule.slug in seen:
            raise ConfigError(f"tag slug {rule.slug!r} is used twice; slugs must be unique",
                              reader.file, line)
        if not rule.terms:
            raise ConfigError(f"tag {rule.slug!r} has no terms, so no paper could get it",
                              reader.file, line)
        seen.add(rule.slug)
