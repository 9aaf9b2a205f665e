"""Rendering the library of papers into pages with Jinja templates.

Templates are looked up on an ordered path, the owner's folder first, so a template there
replaces the project's one of the same name and can still `{% extends "project/NAME" %}` it.
Every variable a template receives is documented in README.md ("Template variables").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ..config import Config
from ..errors import TemplateError
from ..links import safe_link
from ..memo import PaperMemo
from ..models import Paper
from ..text import is_code_url
from .environment import ContextFree
from .library import Library
from .markup import abstract_html, excerpt
from .page_cache import PageCache
from .reads import LibraryReads, Reads, RecordingEnvironment
from .scholarly import coins, highwire_tags
from .theme import static_files, template_folders
from .urls import absolute, percent_encode


def make_environment(config: Config, extra_templates: Path | None = None,
                     compiled: CompiledTemplates | None = None) -> RecordingEnvironment:
    """Templates are found on the search path of `template_folders`; `project/NAME` skips the
    `--templates` folder and `default/NAME` is the package's own, so a template can extend the
    one it replaces. `compiled` keeps the templates compiled between builds (the preview's)."""
    search = [str(p) for p in template_folders(config, extra_templates)]
    below = search[1:] if extra_templates is not None else search
    loader = jinja2.ChoiceLoader([
        TemplateFolders(search),
        jinja2.PrefixLoader({"project": TemplateFolders(below),
                             "default": TemplateFolders(search[-1])}),
    ])
    env = RecordingEnvironment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no template changes while it renders
        bytecode_cache=compiled,
    )
    env.filters["abstract_html"] = abstract_html
    env.filters["excerpt"] = excerpt
    env.filters["urlquote"] = lambda text: percent_encode(str(text))
    env.filters["stars"] = stars
    env.filters["display_name"] = display_name
    env.filters["highwire"] = highwire_tags  # partials/citation_meta.html
    env.filters["coins"] = coins  # partials/paper_card.html
    env.tests["code_url"] = is_code_url
    return env


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by an earlier build of the live preview's session, kept in memory.
    Jinja checks each against a checksum of the template's source, so an edited
    template is compiled again."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()



class TemplateFolders(jinja2.FileSystemLoader):
    """Jinja's file loader, with a template that is not UTF-8 reported by its file and line."""

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as error:
            for folder in self.searchpath:
                file = Path(folder, *template.split("/"))
                if file.is_file():
                    line = file.read_bytes()[: error.start].count(b"\n") + 1
                    raise TemplateError("template is not valid UTF-8; save it as UTF-8",
                                        str(file), line) from None
            raise


class Renderer:
    """Renders named templates into output paths, with links made relative to each page.

    With a `cache` (site/page_cache.py), a page whose inputs did not change since the previous
    build is taken from the previous site rather than rendered; what each page reads is noted
    only while the cache records (`noting`)."""

    def __init__(self, env: RecordingEnvironment, config: Config, library: Library,
                 cache: PageCache | None = None, memo: PaperMemo | None = None) -> None:
        self.env = env
        self.config = config
        self.library = library
        self.cache = cache
        self.memo = memo if memo is not None else PaperMemo()  # per-paper answers (memo.py)
        self.noting = cache is not None and cache.recording
        self.pages: dict[str, Callable[[], bytes | None]] = {}
        self._links: dict[str, Links] = {}
        self._fragments: dict[tuple[str, ...], tuple[Markup, Reads]] = {}
        self._unmade = 0  # pages added and not yet made
        self._reads: dict[tuple[frozenset, frozenset], Reads] = {}
        self.search_path = [str(p) for p in env.loader.loaders[0].searchpath]  # type: ignore[union-attr]
        base_url = config.site.base_url
        # the site's own static folder or the package's defaults, as the build publishes them
        self.social_image = absolute(base_url, f"static/{SOCIAL_IMAGE}") \
            if base_url and SOCIAL_IMAGE in static_files(config) else ""

    def links(self, root: str) -> Links:
        """The one `url()` of the pages at `root` (`./`, `../../`)."""
        if root not in self._links:
            self._links[root] = Links(root)
        return self._links[root]

    def site_wide(self, root: str, reads: Reads) -> dict[str, object]:
        """The variables every template receives that do not depend on the page itself; what
        the template reads of `library` is noted in `reads`."""
        library = LibraryReads(self.library, reads) if self.noting else self.library
        return {"site": self.config.site, "library": library,
                "tag_by_slug": self.library.tag_by_slug, "root": root, "url": self.links(root),
                "excerpt_length": self.config.build.excerpt_length,
                "social_image": self.social_image, "paper_card": PaperCard(self, root),
                "related_paper": RelatedPaper(self, root)}

    def fragment(self, template: str, root: str, paper: Paper, **options: str) -> Markup:
        """`template` rendered for `paper` with the site-wide variables only, once: what a
        fragment shows cannot depend on the page that shows it. It is rendered at a stand-in
        root (`ROOT`), which each page replaces with its own, so one copy serves every page
        depth (at 100k papers the cards are a few hundred megabytes). The page that shows it
        is made from what the fragment was made from."""
        key = (template, paper.slug, *options.values())
        made = self._fragments.get(key)
        if made is None:
            reads = Reads()
            html = Markup(self._render(template, reads, self.site_wide(ROOT, reads),
                                       paper=paper, **options))
            # the cards of thousands of papers read the same few things: keep that once
            made = self._fragments[key] = (html, self._reads.setdefault(reads.key(), reads))
        if self.noting and self.env.reading:
            self.env.reading[-1].add(made[1])
        # `root` is made of "../" alone: replaced as plain text (Markup.replace would escape
        # both arguments on every one of the 73,000 cards a 10k site shows)
        return Markup(str.replace(made[0], ROOT, "" if root == "./" else root))

    def render(self, template: str, path: str, **context: object) -> None:
        """Add the site page at `path`, made from `template` when the writer asks for it (so
        the pages are not all held in memory at once): rendered, or taken from the previous
        site when nothing it is made from changed."""
        self.pages[path] = lambda: self._page(template, path, context)
        self._unmade += 1

    def _page(self, template: str, path: str, context: dict[str, object]) -> bytes | None:
        """The page's bytes, or None when the previous site's file for it can stay."""
        self._unmade -= 1
        try:
            variables = self.cache.variables(template, path, context) if self.cache else None
            if variables is not None and self.cache.reuse(path, variables):  # type: ignore[union-attr]
                return None
            reads = Reads()
            page = self.render_text(template, path, reads, **context).encode("utf-8")
            if variables is not None:
                self.cache.record(path, variables, reads, page)  # type: ignore[union-attr]
            return page
        finally:
            if not self._unmade:  # the last page: no other can show a fragment (the files
                self._fragments.clear()  # written after the pages need the memory)

    def _render(self, template: str, reads: Reads, variables: dict[str, object],
                **context: object) -> str:
        if not self.noting:
            return self.env.get_template(template).render(variables, **context)
        self.env.reading.append(reads)
        try:
            return self.env.get_template(template).render(variables, **context)
        finally:
            self.env.reading.pop()

    def render_text(self, template: str, path: str, reads: Reads | None = None,
                    **context: object) -> str:
        depth = path.count("/")
        root = "../" * depth if depth else "./"
        reads = reads if reads is not None else Reads()
        try:
            html = self._render(
                template, reads, self.site_wide(root, reads),
                page_path=path,
                canonical_url=absolute(self.config.site.base_url, path)
                if self.config.site.base_url else "",
                **context,
            )
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"template syntax error: {error.message}",
                                error.filename or error.name, error.lineno) from None
        except jinja2.TemplateNotFound as error:
            raise TemplateError(f"template {error.name!r} not found in the template folders "
                                f"({', '.join(self.search_path)})") from None
        except jinja2.TemplateError as error:
            file, line = _template_location(error)
            raise TemplateError(f"while rendering {path}: {error}", file or template,
                                line) from None
        except TemplateError:
            raise
        except RecursionError as error:
            file, line = _template_location(error)
            raise TemplateError(f"while rendering {path}: the template calls itself without end "
                                "(a macro, include or extends that loops back); break the loop",
                                file or template, line) from None
        except Exception as error:  # a template may run any expression: {{ 1 // 0 }}
            file, line = _template_location(error)
            raise TemplateError(f"while rendering {path}: {type(error).__name__}: {error}; fix "
                                "the expression on this line", file or template, line) from None
        return html


def display_name(name: str) -> str:
    """A person as a byline shows them: reference managers' "Last, First" becomes "First Last",
    so a list of names joined by commas stays readable."""
    last, comma, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if comma and "," not in first and first.strip() \
        else name


def stars(rating: int, out_of: int = 5) -> str:
    """A rating as filled and empty stars: 4 -> "★★★★☆"."""
    return "★" * rating + "☆" * (out_of - rating)


class PaperFragment(ContextFree):
    """A paper's fragment as the pages at one depth call it (Renderer.fragment: rendered once
    per paper). Bound to the page's root, it needs no template context, which Jinja would
    copy for every call in a loop (the 10k site shows 73,000 cards)."""

    def __init__(self, renderer: Renderer, root: str) -> None:
        self.renderer, self.root = renderer, root


class PaperCard(PaperFragment):
    """`paper_card(paper)`: `partials/paper_card.html`, the same on the index, the sorted
    listings, its tags' pages and the status pages."""

    def __call__(self, paper: Paper, heading_level: str = "h2") -> Markup:
        return self.renderer.fragment(CARD, self.root, paper, heading_level=heading_level)


class RelatedPaper(PaperFragment):
    """`related_paper(paper)`: `partials/related_paper.html`, one line in other papers'
    related lists."""

    def __call__(self, paper: Paper) -> Markup:
        return self.renderer.fragment(RELATED, self.root, paper)


class Links(ContextFree):
    """`url(target)` for the pages at one depth below the site root, each answer kept: the same
    few targets (the stylesheet, the navigation, every paper) are asked for on thousands of
    pages, and whether a target may be a link does not depend on the page."""

    def __init__(self, root: str) -> None:
        self.root = "" if root == "./" else root
        self.made: dict[str, str] = {}

    def __call__(self, target: str) -> str:
        """A link from the current page to `target` (a path from the site root); a target the
        link policy refuses (e.g. `javascript:`) becomes an empty link to the page itself."""
        if type(target) is not str:  # e.g. Markup, whose joins escape: never shared
            return self._link(target)
        link = self.made.get(target)
        if link is None:
            link = self.made[target] = self._link(target)
        return link

    def _link(self, target: str) -> str:
        if target and safe_link(target, mailto=True) is None:
            return ""
        if urlsplit(target).scheme:
            return target
        return (self.root + target.lstrip("/")) or "./"


def _template_location(error: BaseException) -> tuple[str | None, int | None]:
    """The innermost template frame of a rendering error, from its traceback."""
    tb = error.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


# the root a fragment is rendered at: no text of a source can hold it (the readers remove
# control characters, those written as JSON escapes too), and escaping leaves it as it is
ROOT = "\x00/"
CARD = "partials/paper_card.html"  # one paper in a list: `paper_card(paper)` renders it
RELATED = "partials/related_paper.html"  # one line of a related list: `related_paper(paper)`
SOCIAL_IMAGE = "social.png"  # in the static folder: the preview card for shared links
