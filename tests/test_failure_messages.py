"""Every failure is a message naming the file (and line) and what to do, never "internal
error": templates that raise, recurse or are not UTF-8, the search indexer, --strict."""

from __future__ import annotations

import pytest
from pagefind.service import get_executable

from generator.errors import BuildError
from generator.site.pagefind_cli import Cancel, run_pagefind
from generator.site.search import SearchRecord, index_site


def _tags_template(project, body: bytes) -> None:
    (project / "templates" / "tags.html").write_bytes(
        b'{% extends "base.html" %}\n{% block content %}\n' + body + b"\n{% endblock %}\n")


@pytest.mark.parametrize("body, message", [
    (b"{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero; fix the "
                      "expression on this line"),
    (b"{{ 'x' + 1 }}", "TypeError"),
])
def test_template_run_time_error_names_template_and_line(project, run_cli, body, message):
    assert run_cli(cwd=project).exit_code == 0
    before = (project / "site" / "index.html").read_bytes()
    _tags_template(project, body)
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "tags.html:3: while rendering tags/index.html: " in result.output
    assert message in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output
    assert (project / "site" / "index.html").read_bytes() == before


def test_recursing_template_names_template_and_line(project, run_cli):
    _tags_template(project, b"{% macro again() %}{{ again() }}{% endmacro %}\n{{ again() }}")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "tags.html:3: while rendering tags/index.html: the template calls itself without " \
           "end" in result.output
    assert "internal error" not in result.output


def test_template_that_includes_itself_names_the_template(project, run_cli):
    loop = project / "templates" / "partials" / "loop.html"
    loop.write_text('{% include "partials/loop.html" %}')
    _tags_template(project, b'{% include "partials/loop.html" %}')
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "loop.html:1: while rendering tags/index.html: the template calls itself" \
        in result.output


def test_template_not_in_utf8_names_template_and_line(project, run_cli):
    _tags_template(project, b"<p>caf\xe9</p>")
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "tags.html:3: template is not valid UTF-8; save it as UTF-8" in result.output
    assert "internal error" not in result.output


def test_strict_prints_every_warning_that_failed_it(project, run_cli):
    sources = project / "content" / "sources"
    (sources / "a.txt").write_text("A Lonely Title Without Abstract\n")
    (sources / "b.csv").write_text("title,url\nA CSV Paper,javascript:alert(1)\n")
    result = run_cli("--strict", cwd=project)
    assert result.exit_code == 1
    assert "2 warning(s) and --strict is on; the previous site was left as it was" in result.output
    assert "  a.txt:1: no abstract follows this title" in result.output
    assert "  b.csv:2: link 'javascript:alert(1)' dropped" in result.output
    assert not (project / "site").exists()


def test_search_bundle_that_cannot_be_written_names_the_path_and_the_cause(tmp_path):
    (tmp_path / "pagefind").write_text("a file where the search bundle's folder goes")
    with pytest.raises(BuildError) as error:
        index_site(tmp_path, [SearchRecord("/papers/a/", "A page", "A page about graphs.")])
    message = error.value.message
    assert message.startswith(f"search index: could not write {tmp_path / 'pagefind'}: ")
    assert "File exists" in message or "Not a directory" in message  # the cause
    assert "the previous site was left as it was" in message


def test_search_indexer_crash_names_its_cause(tmp_path):
    """Pagefind's own panic (here: a file where it makes its `fragment` folder) is reported by
    the line that says what went wrong, not by its backtrace notes."""
    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle" / "fragment").write_text("a file where Pagefind makes a folder")
    with pytest.raises(BuildError) as error:
        run_pagefind(get_executable(), tmp_path / "bundle", _records(1), "en")
    message = error.value.message
    assert message.startswith("search index: Pagefind failed (exit code ")
    assert "called `Result::unwrap()` on an `Err` value: Os {" in message  # the cause
    assert "(at pagefind/src/" in message
    assert "the previous site was left as it was" in message
    assert "note: Some details" not in message


def test_a_search_indexer_stopped_as_it_starts_fails_as_the_build(tmp_path):
    """The live preview may kill Pagefind the moment it starts: the build fails with a
    message, and no bundle is taken for a whole one."""
    cancel = Cancel()
    cancel.cancel()
    with pytest.raises(BuildError, match=r"Pagefind failed \(exit code -9\)"):
        run_pagefind(get_executable(), tmp_path / "bundle", _records(3), "en", cancel=cancel)


def _records(count: int) -> list[SearchRecord]:
    return [SearchRecord(f"/papers/p{n}/", f"Paper {n}", "A page about graphs.")
            for n in range(count)]


def test_language_with_quotes_fails_in_the_config_not_in_pagefind(project, run_cli):
    config = project / "site.toml"
    config.write_text(config.read_text().replace('[build]', '[build]\n', 1).replace(
        '[site]\n', '[site]\nlanguage = "en\\" onload=\\"x"\n', 1))
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "site.toml:2: `site.language` = 'en\" onload=\"x' must be a BCP 47 language tag" \
        in result.output
    assert "Pagefind" not in result.output
