"""Every command of README.md, run as a user would run it: in a shell, with the installed
`build-site`, in a site made by `build-site init` (never in this repository's content/).

The two set-up commands install into the running environment, so they are checked for their
shape instead (and `.ci/run` runs the test one word for word); every other block and inline
command is run. A new command in the README fails `test_every_command_is_run` until a test here
runs it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED

README = (REPO / "README.md").read_text(encoding="utf-8")
SETUP = ["pip install -e . && build-site", "pip install -e '.[test]' && python3 -m pytest"]
# a Zotero 7 BibTeX export ("Export Library…", format BibTeX), as it writes it
ZOTERO_BIB = """
@article{kingma_adam_2017,
\ttitle = {Adam: {A} {Method} for {Stochastic} {Optimization}},
\turl = {http://arxiv.org/abs/1412.6980},
\tdoi = {10.48550/arXiv.1412.6980},
\tabstract = {We introduce Adam, an algorithm for first-order gradient-based optimization of
  stochastic objective functions, based on adaptive estimates of lower-order moments.},
\turldate = {2024-03-02},
\tpublisher = {arXiv},
\tauthor = {Kingma, Diederik P. and Ba, Jimmy},
\tmonth = jan,
\tyear = {2017},
\tnote = {arXiv:1412.6980 [cs]},
\tkeywords = {Computer Science - Machine Learning},
}

@inproceedings{hinton_distilling_2015,
\ttitle = {Distilling the {Knowledge} in a {Neural} {Network}},
\tauthor = {Hinton, Geoffrey and Vinyals, Oriol and Dean, Jeff},
\tbooktitle = {{NIPS} {Deep} {Learning} and {Representation} {Learning} {Workshop}},
\tyear = {2015},
}
"""


def sections() -> list[tuple[str, str, str]]:
    """(heading, language, text) of every fenced block, under its nearest heading."""
    found, heading = [], ""
    for part in re.split(r"(^#{2,3} [^\n]*$|^```\w*\n.*?^```$)", README, flags=re.M | re.S):
        if re.match(r"#{2,3} ", part):
            heading = part.lstrip("# ").strip()
        elif part.startswith("```"):
            language, _, body = part[3:].partition("\n")
            found.append((heading, language, body.removesuffix("```")))
    return found


def block(heading: str, language: str = "sh", index: int = 0) -> str:
    return [text for h, lang, text in sections() if h == heading and lang == language][index]


def inline_commands() -> set[str]:
    spans = re.findall(r"`((?:build-site|pip|python3|git)\b[^`]*)`", README)
    return {s for s in spans if " @ " not in s}  # `build-site @ git+…` is a requirement line


def shell(script: str, cwd: Path, home: Path,
          env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `script` with bash -e as a user of the installed build-site would."""
    env = {**os.environ, **(env or {}), "HOME": str(home),
           "GIT_AUTHOR_NAME": "Ada", "GIT_COMMITTER_NAME": "Ada",
           "GIT_AUTHOR_EMAIL": "ada@example.org", "GIT_COMMITTER_EMAIL": "ada@example.org",
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def run(script: str, cwd: Path, home: Path,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = shell(script, cwd, home, env)
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "home").mkdir()
    return tmp_path / "home"


@pytest.fixture
def my_list(home: Path) -> Path:
    """The site of "Start your own reading list", step 2, run as written."""
    run(block("Start your own reading list", index=1), home, home)
    return home / "my-list"


def test_every_command_is_run():
    blocks = [(h, lang) for h, lang, _ in sections() if lang == "sh"]
    assert blocks == [
        ("Quick start", "sh"), ("Quick start", "sh"),
        *[("Start your own reading list", "sh")] * 4,
        ("Fill in authors, years and arXiv ids", "sh"),
        ("Configuration (`site.toml`)", "sh"), ("Templates", "sh"),
        ("Worked example 1: change the paper page layout", "sh"),
        ("Worked example 2: add a field to the index", "sh"),
        ("Deploying to GitHub Pages", "sh"),
    ]
    assert inline_commands() == {
        "build-site", "build-site init", "build-site check", "build-site --serve",
        "build-site --strict", "build-site --report dedup-review.html", "pip install .",
        "pip install -r requirements.txt", "python3 -m venv .venv && . .venv/bin/activate"}


def test_the_two_setup_commands_and_ci_run_the_same_test_command():
    lines = [line for line in block("Quick start").splitlines()
             if line and not line.startswith("#")]
    assert lines == SETUP
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert SETUP[1] in ci.splitlines()
    assert "test = [" in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_example_output_is_what_the_example_list_prints(tmp_path, run_cli):
    expected = block("Quick start", "text").splitlines()
    result = run_cli("--output", str(tmp_path / "site"),
                     "--base-url", "https://example.github.io/reading-list/", cwd=SHIPPED)
    assert result.exit_code == 0
    assert result.stderr.splitlines() == expected[:1]
    mask = re.compile(r"to \S+ in [\d.]+ s")
    assert mask.sub("", result.stdout.strip()) == mask.sub("", expected[1])


def test_serve_answers_with_the_site(my_list, home):
    command = block("Quick start", index=1).strip()
    assert command == "build-site --serve"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    server = subprocess.Popen(["bash", "-c", f"exec {command} --port 0"], cwd=my_list, env=env,
                              stderr=subprocess.PIPE, text=True)
    try:
        url = None
        deadline = time.monotonic() + 120
        while url is None and time.monotonic() < deadline:
            line = server.stderr.readline()
            match = re.search(r"Serving (http://\S+)", line)
            url = match.group(1) if match else None
        assert url, "the server never said where it serves"
        with urllib.request.urlopen(url) as response:
            assert "Attention Is All You Need" in response.read().decode("utf-8")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_step_1_installs_from_the_repositorys_folder():
    assert block("Start your own reading list").strip() == "pip install ."
    assert (REPO / "pyproject.toml").is_file()


def test_step_2_init_and_build(my_list):
    site = my_list / "site"
    assert (site / "index.html").is_file()
    assert (site / "papers" / "attention-is-all-you-need" / "index.html").is_file()
    assert (my_list / ".github" / "workflows" / "pages.yml").is_file()


def test_step_3_a_copied_export_with_its_label(my_list, home):
    (home / "Downloads").mkdir()
    (home / "Downloads" / "My Library.bib").write_text(ZOTERO_BIB, encoding="utf-8")
    run(block("Start your own reading list", index=2), my_list, home)
    with (my_list / "site.toml").open("a", encoding="utf-8") as config:
        config.write("\n" + block("Start your own reading list", "toml"))
    result = run("build-site", my_list, home)
    # Adam is in both files: one paper, listed under both labels
    assert result.stdout.startswith("5 records read, 4 papers")
    adam = (my_list / "site" / "papers" / "adam-a-method-for-stochastic-optimization" /
            "index.html").read_text(encoding="utf-8")
    assert "<li>Example: three classics, line 12 (id <code>kingma2014adam</code>)" in adam
    assert "<li>My Zotero library, line 2 (id <code>kingma_adam_2017</code>)" in adam
    html = (my_list / "site" / "papers" / "distilling-the-knowledge-in-a-neural-network" /
            "index.html").read_text(encoding="utf-8")
    assert "<li>My Zotero library, line 17 (id <code>hinton_distilling_2015</code>)</li>" in html


def test_step_4_a_captured_listing_page(my_list, home):
    listing = (SHIPPED / "content" / "sources" / "003_92c5e037833aae9f.txt").read_bytes()
    (my_list / "content" / "sources" / "neurips-2024-picks.txt").write_bytes(listing)
    result = run("build-site", my_list, home)
    assert re.match(r"\d+ records read", result.stdout)
    assert "Cascade R-CNN" in (my_list / "site" / "papers.json").read_text(encoding="utf-8")


def test_step_5_title_author_and_base_url_silence_the_warning(my_list, home):
    settings = tomllib.loads(block("Start your own reading list", "toml", 1))["site"]
    config = my_list / "site.toml"
    text = config.read_text(encoding="utf-8")
    for key, value in settings.items():  # the first `key = "…"` of the file is in [site]
        text = re.sub(rf'^{key} = "[^"]*"', f"{key} = {json.dumps(value)}", text, count=1,
                      flags=re.M)
    config.write_text(text, encoding="utf-8")
    assert tomllib.loads(text)["site"] | settings == tomllib.loads(text)["site"]
    result = run("build-site --strict", my_list, home)
    assert "warning" not in result.stderr
    index = (my_list / "site" / "index.html").read_text(encoding="utf-8")
    assert "Kept by Ada Lovelace." in index and "Ada&#39;s reading list" in index
    assert "url = {https://ada.github.io/my-list/papers/" in (
        my_list / "site" / "papers.bib").read_text(encoding="utf-8")


def test_step_6_push_commits_the_sources_and_not_the_site(my_list, home, tmp_path):
    script = block("Start your own reading list", index=3)
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--bare", "-q", str(remote)], check=True)
    assert "https://github.com/ada/my-list.git" in script
    run(script.replace("https://github.com/ada/my-list.git", str(remote)), my_list, home)
    files = subprocess.run(["git", "-C", str(remote), "ls-tree", "-r", "--name-only", "main"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert "site.toml" in files and ".github/workflows/pages.yml" in files
    assert "content/sources/example.bib" in files
    assert not [f for f in files if f.startswith("site/")]


def test_lookup_fills_in_a_listed_papers_authors_from_a_stand_in(my_list, home):
    from conftest import LISTING
    from standin import Paper, StandIn

    gnn = Paper("2403.06101", "Scaling Graph Neural Networks",
                "We study graph neural networks on large graphs and show that message passing "
                "with a careful normalisation scales to billions of edges while keeping "
                "accuracy.", ("Ada Lovelace", "Alan Turing"), "2024-03-11")
    service = StandIn(hf={"Scaling Graph Neural Networks": [gnn]})
    try:
        (my_list / "content" / "sources" / "list.txt").write_text(LISTING, encoding="utf-8")
        command = block("Fill in authors, years and arXiv ids")
        run(command, my_list, home, {"HF_ENDPOINT": service.url,
                                     "ARXIV_API_URL": service.url + "/api/query"})
    finally:
        service.close()
    assert any(path == "/api/papers/search" for path, _ in service.requests)
    assert (my_list / "content" / "metadata.json").is_file()
    run("build-site", my_list, home)
    page = (my_list / "site" / "papers" / "scaling-graph-neural-networks" / "index.html"
            ).read_text(encoding="utf-8")
    assert "Ada Lovelace, Alan Turing" in page
    assert 'href="https://arxiv.org/abs/2403.06101"' in page


def test_the_configuration_example_is_valid(tmp_path):
    from generator.config import load_config

    (tmp_path / "site.toml").write_text(block("Configuration (`site.toml`)", "toml"),
                                        encoding="utf-8")
    config = load_config(tmp_path / "site.toml")
    assert [s.label for s in config.sources] == ["My listings", "My Zotero library"]
    assert config.site.nav[0].title == "GitHub"


def test_the_review_report(my_list, home):
    command = block("Configuration (`site.toml`)").strip()
    assert command == "build-site --report dedup-review.html"
    run(command, my_list, home)
    assert "3 records became 3 papers" in (my_list / "dedup-review.html").read_text(
        encoding="utf-8")
    assert not (my_list / "site" / "dedup-review.html").exists()


def test_templates_prints_the_default_folder(my_list, home):
    folder = Path(run(block("Templates"), my_list, home).stdout.strip())
    assert (folder / "paper.html").is_file() and (folder / "partials").is_dir()


def test_worked_example_1_changes_the_paper_page(my_list, home):
    run(block("Worked example 1: change the paper page layout"), my_list, home)
    html = (my_list / "site" / "papers" / "attention-is-all-you-need" / "index.html").read_text(
        encoding="utf-8")
    assert html.index("Why I read it") < html.index("<h1>Attention Is All You Need</h1>")
    assert "Why I read it" not in (my_list / "site" / "index.html").read_text(encoding="utf-8")


def test_worked_example_2_adds_a_field_to_the_index(my_list, home):
    run(block("Worked example 2: add a field to the index"), my_list, home)
    card = my_list / "templates" / "partials" / "paper_card.html"
    marker = '<p class="paper-card__meta">'
    assert marker in card.read_text(encoding="utf-8")
    line = block("Worked example 2: add a field to the index", "jinja")
    card.write_text(card.read_text(encoding="utf-8").replace(marker, marker + "\n" + line),
                    encoding="utf-8")
    run("build-site", my_list, home)
    index = (my_list / "site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<span>in 1 list</span>") == 3


def test_deploying_elsewhere_builds_for_that_address_and_checks_it(my_list, home):
    result = run(block("Deploying to GitHub Pages"), my_list, home)
    assert "no broken internal link or anchor" in result.stdout
    html = (my_list / "site" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://papers.example.org/lists/">' in html
    assert '<base href="/lists/">' in (my_list / "site" / "404.html").read_text(encoding="utf-8")


def test_the_inline_commands(my_list, home, tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    run("build-site init", fresh, home)
    assert (fresh / "site.toml").is_file()
    run("build-site && build-site check", fresh, home)
    assert shell("build-site --strict", fresh, home).returncode == 1  # the example base_url
    run("build-site --report dedup-review.html", fresh, home)
    run("python3 -m venv .venv && . .venv/bin/activate", fresh, home)
    assert (fresh / ".venv" / "bin" / "python").exists()
    workflow = (fresh / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in workflow and "pip install ." in workflow
