"""The link policy: only http(s), mailto where allowed, or paths inside the site become links,
whichever input the URL came from (CSV, BibTeX, site.toml, the command line, a template)."""

from __future__ import annotations

import json
import re

import pytest

from generator.links import link_problem, safe_link

HOSTILE = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)", "file:///etc/passwd", "//evil.example/x", "/\\evil.example",
    "https://", "http:evil", "\x00javascript:alert(1)", 'https://a.example/"onmouseover=x',
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_urls_are_refused(url):
    assert link_problem(url, mailto=True) is not None
    assert safe_link(url, mailto=True) is None


@pytest.mark.parametrize("url", ["https://arxiv.org/abs/2101.00001", "http://example.org",
                                 "HTTPS://Example.org/a?b=c#d", "about/", "papers/x/",
                                 "feed.xml", "/tags/", "?q=1", "#main"])
def test_web_and_site_urls_pass(url):
    assert link_problem(url) is None


def test_relative_paths_may_not_leave_the_site():
    assert link_problem("a/../../up") is not None
    assert link_problem("a/../b") is None


def test_mailto_only_where_the_caller_allows_it():
    assert link_problem("mailto:me@example.org", mailto=True) is None
    assert link_problem("mailto:me@example.org") is not None


def test_absolute_only_refuses_relative_paths():
    assert link_problem("about/", relative=False) is not None
    assert link_problem("https://example.org/", relative=False) is None


CSV = ("title,abstract,url\n"
       "A Paper With A Script Link,An abstract long enough to be one.,javascript:alert(1)\n"
       "A Paper With A Data Link,Another abstract.,\"data:text/html;base64,PHNjcmlwdD4=\"\n"
       "A Paper With A Good Link,A third abstract.,https://example.org/good\n")
BIB = ("@article{evil,\n  title = {A BibTeX Paper With A Script Link},\n"
       "  url = {JaVaScRiPt:alert(document.cookie)},\n  year = {2021}\n}\n")


def _site_text(site) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*")
                     if p.is_file() and p.suffix in {".html", ".xml", ".json", ".bib", ".txt"}
                     and "pagefind" not in p.parts)


def test_record_links_from_csv_and_bibtex_are_dropped_with_file_and_line(project, run_cli):
    sources = project / "content" / "sources"
    (sources / "refs.csv").write_text(CSV, encoding="utf-8")
    (sources / "refs.bib").write_text(BIB, encoding="utf-8")
    result = run_cli(cwd=project)
    assert result.exit_code == 0, result.output
    assert "refs.csv:2: link 'javascript:alert(1)' dropped: the scheme javascript:" in result.output
    assert "refs.csv:3: link 'data:text/html" in result.output
    assert "refs.bib:1: link 'JaVaScRiPt:alert(document.cookie)' dropped" in result.output
    text = _site_text(project / "site")
    assert not re.search(r"javascript:|data:text", text, re.IGNORECASE)
    good = (project / "site" / "papers" / "a-paper-with-a-good-link" / "index.html").read_text()
    assert 'href="https://example.org/good"' in good


@pytest.mark.parametrize("url", ["javascript:alert(1)//", "JaVaScRiPt:x", "about/", "ftp://x.org/"])
def test_base_url_must_be_absolute_http_naming_key_and_line(project, run_cli, url):
    config = project / "site.toml"
    config.write_text(config.read_text().replace('base_url = "https://example.org/reading-list/"',
                                                 f'base_url = "{url}"'))
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    assert "site.toml:3: `site.base_url`" in result.output
    assert "must be an absolute http(s) URL" in result.output
    assert not (project / "site").exists()


def test_base_url_option_is_checked_too(project, run_cli):
    result = run_cli("--base-url", "javascript:alert(1)//", cwd=project)
    assert result.exit_code == 2
    assert "--base-url" in result.output and "javascript:" in result.output
    assert not (project / "site").exists()


def test_nav_url_is_checked_naming_its_line(project, run_cli):
    config = project / "site.toml"
    config.write_text(config.read_text() + '\n[[site.nav]]\ntitle = "Home"\nurl = "https://x.org/"'
                      '\n\n[[site.nav]]\ntitle = "Evil"\nurl = "JaVaScRiPt:alert(1)"\n')
    result = run_cli(cwd=project)
    assert result.exit_code == 1
    line = config.read_text().splitlines().index('url = "JaVaScRiPt:alert(1)"') + 1
    assert f"site.toml:{line}: `site.nav.url` = 'JaVaScRiPt:alert(1)' must be a path inside" \
        in result.output


def test_nav_mailto_and_site_paths_are_links(project, run_cli):
    config = project / "site.toml"
    config.write_text(config.read_text().replace(
        "[build]", '[[site.nav]]\ntitle = "Mail"\nurl = "mailto:me@example.org"\n\n'
        '[[site.nav]]\ntitle = "Tags"\nurl = "tags/"\n\n[build]'))
    assert run_cli(cwd=project).exit_code == 0
    page = (project / "site" / "papers" / "scaling-graph-neural-networks" / "index.html")
    html = page.read_text()
    assert 'href="mailto:me@example.org"' in html and 'href="../../tags/"' in html


def test_template_url_helper_refuses_a_hostile_target(project, run_cli):
    (project / "templates" / "tags.html").write_text(
        '{% extends "base.html" %}\n{% block content %}'
        '<a id="x" href="{{ url("javascript:alert(1)") }}">x</a>{% endblock %}\n')
    assert run_cli(cwd=project).exit_code == 0
    html = (project / "site" / "tags" / "index.html").read_text()
    assert '<a id="x" href="">' in html


def test_papers_json_and_feed_carry_no_hostile_link(project, run_cli):
    (project / "content" / "sources" / "refs.csv").write_text(CSV, encoding="utf-8")
    assert run_cli(cwd=project).exit_code == 0
    papers = json.loads((project / "site" / "papers.json").read_text())
    assert all("javascript" not in json.dumps(p).lower() for p in papers)
    assert "javascript" not in (project / "site" / "feed.xml").read_text().lower()


def test_absolute_urls_refuse_a_base_url_that_skipped_the_config_check():
    from generator.errors import BuildError
    from generator.site.urls import absolute
    assert absolute("https://example.org/list/", "papers/a/index.html") == \
        "https://example.org/list/papers/a/"
    with pytest.raises(BuildError, match="base_url 'javascript:alert"):
        absolute("javascript:alert(1)//", "feed.xml")


def test_percent_encode_gives_what_urllib_quote_gives() -> None:
    """Search links and COinS spans quote with the table; urllib's quote is the reference."""
    from random import Random
    from urllib.parse import quote

    from generator.site.urls import percent_encode

    alphabet = [chr(c) for c in range(1, 300)] + list("é中😀\u2028 %/:&?#=+")
    rng = Random(7)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25)))
        for safe in ("", ":/"):
            assert percent_encode(text, safe) == quote(text, safe=safe), (text, safe)
    assert percent_encode("Attention: 100% (Transformers)") == \
        "Attention%3A%20100%25%20%28Transformers%29"
