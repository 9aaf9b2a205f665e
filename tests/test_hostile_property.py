"""Property: whatever bytes or text a reader or a whole build is given, the build ends with a
message (exit code 0 or 1), never a crash, never a link with a script scheme, and it changes
nothing outside its output folder.

The examples are few and derandomized so the module runs in CI in well under a minute; set
HOSTILE_EXAMPLES=500 to search harder locally.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

from click.testing import CliRunner
from conftest import write_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import cache_folder
from generator.cli import main
from generator.errors import Problems
from generator.links import safe_link
from generator.sources.read import READERS, read_sources
from generator.text import UNWANTED

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "0"))
READER_SETTINGS = settings(max_examples=EXAMPLES or 150, deadline=None, derandomize=not EXAMPLES,
                           suppress_health_check=[HealthCheck.too_slow])
BUILD_SETTINGS = settings(max_examples=EXAMPLES or 15, deadline=None, derandomize=not EXAMPLES,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])

FRAGMENTS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:x", "data:text/html,<b>",
    "vbscript:x", "https://example.org/a", "//evil.example", "\x00", "\x0b", "\x1b[31m", "\ufffe",
    "\ud7ff", "\U0001f600", "深度学习", "\u202e", '"', "'", ",", ";", "\n", "\r\n", "\r", "{", "}",
    "\\", "@article{k,\n", "title = {", "url = {", "}\n", "title,abstract,url\n", "<script>",
    "</script>", '" onerror="x', "../../", "·", "Mar 11, 2024 12", "• 5 authors", "+++\n",
    "paper = \"x\"\n", "status = \"read\"\n", "[x](javascript:alert(1))", "Daily Papers",
    "A Paper Title On Graphs\n", "An abstract that is long enough to be read as an abstract "
    "by the listing reader, with many words in it, about graph neural networks.\n",
]
hostile_text = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS)),
                        max_size=30).map("".join)
hostile_bytes = st.one_of(st.binary(max_size=400),
                          hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                          hostile_text.map(lambda t: t.encode("utf-16")))
SCRIPT_URLS = ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
               "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)", "\x01javascript:x",
               "//evil.example/", "https://example.org/fine"]


def _csv_export(rows: list[tuple[str, str, str]]) -> bytes:
    """Rows written the way a spreadsheet or reference manager writes a CSV export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Title", "Abstract", "Url"])
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


hostile_csv = st.lists(st.tuples(hostile_text, hostile_text,
                                 st.one_of(st.sampled_from(SCRIPT_URLS), hostile_text)),
                       min_size=1, max_size=6).map(_csv_export)
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
LINK_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "xlink:href", "background"}


def _check_records(folder: Path) -> None:
    problems = Problems()
    for record in read_sources([folder], problems):
        assert not UNWANTED.search(record.title + record.abstract)
        assert record.url is None or safe_link(record.url, relative=False) == record.url


@READER_SETTINGS
@given(data=hostile_bytes, suffix=st.sampled_from(sorted(READERS)))
def test_every_reader_takes_any_bytes(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"x{suffix}").write_bytes(data)
        _check_records(Path(folder))


@READER_SETTINGS
@given(text=hostile_text, suffix=st.sampled_from(sorted(READERS)))
def test_every_reader_takes_any_text(text, suffix):
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"x{suffix}").write_text(text, encoding="utf-8", errors="surrogatepass")
        _check_records(Path(folder))


class _Links(HTMLParser):
    """Every link-like attribute value of an HTML page, as a browser would read it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in LINK_ATTRIBUTES and value is not None:
                self.values.append(value)


def _scripted(value: str) -> bool:
    """Whether a browser would run `value` as a script URL (it ignores controls and spaces)."""
    squeezed = "".join(c for c in value if c > " " and c != "\x7f").lower()
    return squeezed.startswith(SCRIPT_SCHEMES)


def _assert_no_script_links(site: Path) -> None:
    for file in site.rglob("*"):
        if not file.is_file() or file.relative_to(site).parts[0] == "pagefind" \
                or file.suffix == ".png":  # the theme's social preview image
            continue
        text = file.read_bytes().decode("utf-8")
        if file.suffix == ".html":
            parser = _Links()
            parser.feed(text)
            assert not [v for v in parser.values if _scripted(v)], file
        elif file.suffix == ".xml":
            for element in ElementTree.fromstring(file.read_bytes()).iter():
                link_text = element.tag.rsplit("}", 1)[-1] in {"id", "uri", "loc", "icon", "logo"}
                values = [element.get("href") or "", element.text if link_text else ""]
                assert not [v for v in values if v and _scripted(v)], file
        elif file.suffix == ".bib":
            assert "url = {javascript" not in text.lower(), file


def _snapshot(root: Path, output: Path) -> dict[str, bytes]:
    """Every file outside the output folder and the build's own cache beside it."""
    cache = cache_folder(output)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and output not in p.parents and cache not in p.parents}


TARGETS = ["content/sources/x.txt", "content/sources/x.csv", "content/sources/x.bib",
           "content/notes/scaling-graph-neural-networks.md", "content/pages/about.md",
           "site.toml"]


@BUILD_SETTINGS
@given(data=st.one_of(hostile_bytes, hostile_text.map(lambda t: t.encode("utf-8",
                                                                         "surrogatepass"))),
       target=st.sampled_from(TARGETS))
def test_a_whole_build_takes_any_input(data, target):
    _build_with(data, target)


@BUILD_SETTINGS
@given(data=hostile_csv)
def test_a_whole_build_takes_any_csv_export(data):
    _build_with(data, "content/sources/x.csv")


def _build_with(data: bytes, target: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder) / "project")
        path = root / target
        path.parent.mkdir(parents=True, exist_ok=True)
        if target == "site.toml":  # arbitrary settings after valid ones
            data = path.read_bytes() + b"\n" + data
        path.write_bytes(data)
        output = root / "site"
        before = _snapshot(Path(folder), output)
        runner = CliRunner()
        cwd = os.getcwd()
        os.chdir(root)
        try:
            result = runner.invoke(main, ["--quiet"])
        finally:
            os.chdir(cwd)
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            repr(result.exception))
        assert "internal error" not in result.output
        assert "Traceback" not in result.output
        assert _snapshot(Path(folder), output) == before
        if result.exit_code == 0:
            _assert_no_script_links(output)
        else:
            assert not output.exists()  # nothing half-written

