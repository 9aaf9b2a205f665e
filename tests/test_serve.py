"""`build-site --serve`: the preview server, the watcher, live reload, the error overlay."""

from __future__ import annotations

import io
import json
import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import pytest

from generator import serve as serve_module
from generator.build import BuildOptions
from generator.cli import Project, StageLine, main, stage_progress
from generator.preview_http import STATUS_PATH, inject_reload_script
from generator.serve import Built, ChangeFilter, LiveSite, serve

WAIT = 15.0  # seconds: the bound on every wait for the watcher and a rebuild


class Preview:
    def __init__(self, url: str, project: Path, messages: list[str]) -> None:
        self.url, self.project, self.messages = url, project, messages

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path.lstrip("/"), timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def status(self) -> dict:
        code, body = self.get(STATUS_PATH)
        assert code == 200
        return json.loads(body)


def wait_for(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {WAIT:.0f} s waiting for {what}")


@pytest.fixture
def preview(project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    """`serve()` in a background thread on a free port, over the project, with the CLI's
    rebuild and watched paths; stopped (and its thread joined) at the end of the test."""
    monkeypatch.chdir(project)
    proj = Project(project / "site.toml", BuildOptions(), quiet=True)
    proj.load()
    messages: list[str] = []
    ready = threading.Event()
    urls: list[str] = []
    stop = threading.Event()
    failures: list[BaseException] = []

    def run() -> None:
        try:
            serve(proj.rebuild, proj.watched, output=proj.output(), port=0, ignore=proj.ignored,
                  stop_event=stop, ready=lambda url: (urls.append(url), ready.set()),
                  echo=lambda message="", **kw: messages.append(str(message)))
        except BaseException as error:  # surfaced by the test, not lost in the thread
            failures.append(error)
            ready.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(WAIT), "the preview server did not start"
    assert not failures, failures
    try:
        yield Preview(urls[0], project, messages)
    finally:
        stop.set()
        thread.join(WAIT)
        assert not thread.is_alive(), "serve() did not stop when stop_event was set"
    assert not failures, failures


def test_index_is_served_with_the_reload_script_but_not_written_with_it(preview):
    code, page = preview.get("/")
    assert code == 200
    assert "Scaling Graph Neural Networks" in page
    assert STATUS_PATH in page and "location.reload()" in page
    assert page.index("build-site live preview") < page.rindex("</body>")
    on_disk = (preview.project / "site" / "index.html").read_text(encoding="utf-8")
    assert STATUS_PATH not in on_disk and "location.reload" not in on_disk
    assert preview.get("/index.html") == (code, page)


def test_paper_pages_directories_and_static_files(preview):
    code, page = preview.get("/papers/scaling-graph-neural-networks/")
    assert code == 200
    assert "<h1>Scaling Graph Neural Networks</h1>" in page and STATUS_PATH in page
    # without the slash: redirected, so the page's relative links work
    code, page = preview.get("/papers/scaling-graph-neural-networks")
    assert code == 200 and "<h1>Scaling Graph Neural Networks</h1>" in page
    code, css = preview.get("/static/style.css")
    assert code == 200 and STATUS_PATH not in css
    code, data = preview.get("/papers.json")
    assert code == 200 and json.loads(data)


def test_missing_path_gets_the_404_page(preview):
    for path in ("/no/such/page/", "/papers/nope/", "/missing.html"):
        code, page = preview.get(path)
        assert code == 404, path
        assert "Page not found" in page and STATUS_PATH in page
    # 404.html's links start from <base href="/reading-list/">: served there too
    assert preview.get("/reading-list/")[0] == 200
    assert "Scaling Graph" in preview.get("/reading-list/papers/scaling-graph-neural-networks/")[1]


def test_status_reports_the_first_build(preview):
    assert preview.status() == {"build": 1, "error": None, "building": False,
                                "searching": False}


def test_edit_to_a_source_rebuilds_and_serves_the_new_title(preview):
    listing = preview.project / "content" / "sources" / "list.txt"
    listing.write_text(listing.read_text(encoding="utf-8").replace(
        "Scaling Graph Neural Networks", "Scaling Enormous Graph Neural Networks"),
        encoding="utf-8")
    wait_for(lambda: preview.status()["build"] >= 2, "a rebuild after editing the listing")
    code, page = preview.get("/")
    assert code == 200 and "Scaling Enormous Graph Neural Networks" in page
    assert preview.status()["error"] is None
    assert any("list.txt" in message for message in preview.messages)


def test_broken_template_keeps_the_last_good_site_and_reports_the_error(preview):
    template = preview.project / "templates" / "index.html"
    good = template.read_text(encoding="utf-8")
    _, before = preview.get("/")
    template.write_text(good + "\n{% if %}\n", encoding="utf-8")
    wait_for(lambda: preview.status()["error"], "the template error in the build status")
    status = preview.status()
    assert "index.html" in status["error"] and "template syntax error" in status["error"]
    assert status["build"] == 1
    code, page = preview.get("/")
    assert (code, page) == (200, before)  # the last good site, still served
    assert any("template syntax error" in message for message in preview.messages)

    template.write_text(good, encoding="utf-8")
    wait_for(lambda: preview.status()["error"] is None, "the error to clear after the fix")
    assert preview.status()["build"] == 2
    assert preview.get("/")[0] == 200


def test_config_edits_apply_and_a_broken_config_is_reported(preview):
    config = preview.project / "site.toml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace('title = "Test list"', 'title = "Renamed list"'),
                      encoding="utf-8")
    wait_for(lambda: "Renamed list" in preview.get("/")[1], "the new site title")
    config.write_text(good.replace("[build]", "[build]\nno_such_key = 1"), encoding="utf-8")
    wait_for(lambda: preview.status()["error"], "the configuration error")
    assert "no_such_key" in preview.status()["error"]
    assert "Renamed list" in preview.get("/")[1]
    config.write_text(good, encoding="utf-8")
    wait_for(lambda: preview.status()["error"] is None, "the configuration error to clear")
    assert "Test list" in preview.get("/")[1]


def test_config_replaced_by_rename_is_still_watched(preview):
    """Editors that save by writing a new file and renaming it over site.toml."""
    config = preview.project / "site.toml"
    good = config.read_text(encoding="utf-8")
    for number, title in enumerate(("First rename", "Second rename"), start=2):
        temporary = preview.project / "site.toml.new"
        temporary.write_text(good.replace("Test list", title), encoding="utf-8")
        os.replace(temporary, config)
        wait_for(lambda number=number: preview.status()["build"] >= number,
                 f"rebuild {number} after renaming over site.toml")
        assert title in preview.get("/")[1]
        assert preview.status()["build"] == number


def test_a_notes_folder_made_while_serving_is_watched(preview):
    """content/notes/ does not exist when the preview starts; making it (with a note) rebuilds,
    and later edits in it rebuild too."""
    assert not (preview.project / "content" / "notes").exists()
    save_note(preview, "A first thought on sampling.", "the new note")
    save_note(preview, "A second thought on sampling.", "the edited note")


def save_note(preview, text: str, what: str) -> None:
    """Save `text` as the note on the GNN paper and wait until its page is served with it."""
    notes = preview.project / "content" / "notes"
    notes.mkdir(exist_ok=True)
    (notes / "scaling-graph-neural-networks.md").write_text(text + "\n", encoding="utf-8")
    page = "/papers/scaling-graph-neural-networks/"
    wait_for(lambda: text in preview.get(page)[1], what)


def test_rebuilds_do_not_trigger_rebuilds(preview):
    listing = preview.project / "content" / "sources" / "list.txt"
    listing.write_text(listing.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    wait_for(lambda: preview.status()["build"] >= 2, "a rebuild")
    time.sleep(1.0)  # writing site/ must not be seen as a change
    assert preview.status()["build"] == 2


def test_inject_reload_script_places_it_before_the_last_body_end():
    page = b"<html><body><p>a</p><!-- </body> --></BODY></html>"
    served = inject_reload_script(page, 7)
    assert served.endswith(b"</BODY></html>")
    assert b"var seen = 7" in served and served.index(b"<script>") > served.index(b"<!--")
    assert inject_reload_script(b"<p>no body</p>", 1).startswith(b"<p>no body</p><script>")
    assert b"innerHTML" not in served and b"textContent" in served


def test_live_site_keeps_the_error_and_the_last_output(tmp_path):
    live = LiveSite()
    messages: list[str] = []
    echo = lambda message="", **kw: messages.append(str(message))  # noqa: E731
    assert live.rebuild(lambda: Built(tmp_path, "/x/"), echo)
    assert live.status() == {"build": 1, "error": None, "building": False, "searching": False}

    def broken() -> Built:
        raise click.ClickException("templates/a.html:3: template syntax error: oops")

    assert not live.rebuild(broken, echo)
    assert live.status()["error"] == "templates/a.html:3: template syntax error: oops"
    assert live.build == 1 and live.output == tmp_path and live.base_path == "/x/"
    assert any("oops" in message for message in messages)
    assert live.rebuild(lambda: Built(tmp_path), echo)
    assert live.status() == {"build": 2, "error": None, "building": False, "searching": False}


def test_change_filter_ignores_the_output_and_its_staging_folders(tmp_path):
    output = tmp_path / "site"
    accept = ChangeFilter([output])
    change = serve_module.watchfiles.Change.modified
    assert accept(change, str(tmp_path / "site.toml"))
    assert accept(change, str(tmp_path / "sitemap" / "a.txt"))
    assert not accept(change, str(output / "index.html"))
    assert not accept(change, str(tmp_path / ".site-new-abc" / "index.html"))
    assert not accept(change, str(tmp_path / "templates" / ".index.html.swp"))


def test_watched_paths_follow_the_configuration(project, tmp_path):
    custom = tmp_path / "mine"
    custom.mkdir()
    proj = Project(project / "site.toml", BuildOptions(templates=custom))
    proj.load()
    watched = {p.resolve() for p in proj.watched()}
    for path in ("site.toml", "content/sources", "content/notes", "content/pages", "templates",
                 "static"):
        assert (project / path).resolve() in watched, path
    assert custom.resolve() in watched
    assert (project / "site").resolve() not in watched
    assert proj.ignored() == [(project / "site").resolve()]


def test_port_in_use_is_an_error_message(project, run_cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("--serve", "--port", str(port), cwd=project)
    assert result.exit_code == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_stops_cleanly_with_exit_0(project, run_cli, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(serve_module, "watch_and_rebuild", interrupted)
    result = run_cli("--serve", "--port", "0", cwd=project)
    assert result.exit_code == 0, result.output
    assert "Serving http://127.0.0.1:" in result.stderr and "stopped" in result.stderr
    assert "Traceback" not in result.output and "Aborted" not in result.output
    assert (project / "site" / "index.html").is_file()


def test_serve_without_a_config_file_fails_at_once(tmp_path, run_cli):
    result = run_cli("--serve", "--port", "0", cwd=tmp_path)
    assert result.exit_code == 1
    assert "configuration file not found" in result.output


def test_serve_options_are_documented(run_cli):
    options = {opt for param in main.params for opt in param.opts}
    assert {"--serve", "--port", "--host"} <= options
    for param in main.params:
        if {"--serve", "--port", "--host"} & set(param.opts):
            assert isinstance(param, click.Option) and param.help
    result = run_cli("--help")
    for option in ("--serve", "--port", "--host"):
        assert option in result.output


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_one_rewritten_line_on_a_terminal():
    stream = Terminal()
    progress = stage_progress(stream, quiet=False, verbose=False)
    assert isinstance(progress, StageLine)
    for stage in ("read", "merge", "tag"):
        progress(stage)
    progress.finish()
    text = stream.getvalue()
    assert "\rbuilding: read\u2026 merge\u2026 tag\u2026" in text
    assert "\n" not in text and text.endswith("\r")


def test_progress_is_silent_when_quiet_or_not_a_terminal():
    for stream, quiet in ((io.StringIO(), False), (Terminal(), True)):
        progress = stage_progress(stream, quiet=quiet, verbose=False)
        progress("read")
        assert stream.getvalue() == ""


def test_build_without_a_terminal_prints_no_progress(project, run_cli):
    result = run_cli(cwd=project)
    assert result.exit_code == 0
    assert "building:" not in result.output and result.stderr == ""


def test_a_saved_note_is_served_and_then_found_by_search(preview):
    """The preview serves the rebuilt pages first and indexes the note's search shard in the
    background; once that is done, search finds the note's words."""
    from test_update_in_place import searchable

    save_note(preview, "A first thought on sampling.", "the new note")
    save_note(preview, "Neighbourhood explosion is the crux.", "the edited note")
    wait_for(lambda: not (status := preview.status())["building"] and not status["searching"],
             "the search index to catch up")
    site = preview.project / "site"
    assert "Neighbourhood explosion is the crux." in searchable(site)
    assert "A first thought" not in searchable(site)
    assert preview.status()["error"] is None
