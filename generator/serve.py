"""Live preview: serve the built site over HTTP, rebuild on every change, reload open pages.

`serve()` ties three small parts together:

- `LiveSite` holds what the browser polls: a build counter and the last build error.
- `PreviewHandler` (preview_http.py) serves the output folder. Into HTML it serves (never into
  the files on disk) it injects a small script that polls `/__build_status` every second,
  reloads the page when the counter changes and shows the last error as an overlay.
- `watch_and_rebuild()` waits for changes with `watchfiles` and calls `rebuild` for each batch.

A failed rebuild (any `click.ClickException`) is printed and shown in the overlay; the last good
site stays in place (the writer only moves in complete files of complete builds), so it keeps
being served. A rebuild may leave its search index to do (`Built.pending`, e.g. the shard of an
edited note): the new pages are served at once and the index is made in a background thread,
which the next rebuild cancels and waits for before it starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import click
import watchfiles

from .preview_http import PreviewServer
from .signature import Signature


class Pending(Protocol):
    """Work a rebuild left for after its pages are served (output/pending.py)."""

    def run(self) -> object: ...

    def cancel(self) -> None: ...


@dataclass(frozen=True)
class Built:
    """What a successful rebuild produced: the output folder, the path it is published at and
    what is left to do in the background."""

    output: Path
    base_path: str = "/"
    pending: Pending | None = None


Rebuild = Callable[[], Built]
Echo = Callable[..., None]


class LiveSite:
    """The state the server and the browser share: build counter, last error, output folder."""

    def __init__(self, output: Path | None = None, base_path: str = "/") -> None:
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.build = 0
        self.error: str | None = None
        self.building = False
        self.output = output
        self.base_path = base_path
        self.pending: tuple[Callable[[], None], threading.Thread] | None = None  # its cancel

    def status(self) -> dict[str, object]:
        with self.lock:
            searching = self.pending is not None and self.pending[1].is_alive()
            return {"build": self.build, "error": self.error, "building": self.building,
                    "searching": searching}

    def rebuild(self, rebuild: Rebuild, echo: Echo = click.echo) -> bool:
        """Run one build; on success bump the counter, on a ClickException keep the error."""
        self.stop_pending()
        with self.lock:
            self.building = True
        try:
            built = rebuild()
        except click.ClickException as error:
            message = error.format_message()
            echo(click.style(f"Error: {message}", fg="red"), err=True)
            echo("(still serving the last good site; fix the file and save to rebuild)", err=True)
            with self.lock:
                self.error = message
            self._idle()
            return False
        except BaseException:
            self._idle()
            raise
        with self.lock:
            self.build += 1
            self.error = None
            self.output, self.base_path = built.output, built.base_path
        if built.pending is not None:
            self.start_pending(built.pending, echo)
        self._idle()  # only now: the status never shows a build done with its search not begun
        return True

    def _idle(self) -> None:
        with self.lock:
            self.building = False
            self.idle.notify_all()

    def start_pending(self, pending: Pending, echo: Echo) -> None:
        """Run what the build left to do in a thread; a failure is shown like a build's."""
        cancelled = threading.Event()

        def run() -> None:
            try:
                pending.run()
            except click.ClickException as error:
                if cancelled.is_set():
                    return  # a newer build stopped it: that build's own index follows
                message = error.format_message()
                echo(click.style(f"Error: {message}", fg="red"), err=True)
                with self.lock:
                    self.error = message

        def cancel() -> None:
            cancelled.set()
            pending.cancel()

        thread = threading.Thread(target=run, name="build-site-search", daemon=True)
        with self.lock:
            self.pending = (cancel, thread)
        thread.start()

    def stop_pending(self) -> None:
        """Cancel the background work of the last build and wait until it has stopped."""
        with self.lock:
            pending, self.pending = self.pending, None
        if pending is not None:
            pending[0]()
            pending[1].join()

    def wait_idle(self, timeout: float) -> None:
        """Wait (bounded) for a running build to finish, e.g. while it swaps the site in."""
        with self.lock:
            self.idle.wait_for(lambda: not self.building, timeout)


class ChangeFilter(watchfiles.DefaultFilter):
    """watchfiles' default filter (editor swap files, .git, ...) minus the build's own output."""

    def __init__(self, ignore: Iterable[Path] = ()) -> None:
        super().__init__()
        self.ignored = [p.resolve() for p in ignore]

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        if not super().__call__(change, path):
            return False
        file = Path(path).resolve()
        for ignored in self.ignored:
            if file == ignored or ignored in file.parents:
                return False
            staging = (f".{ignored.name}-new-", f".{ignored.name}-old-")  # output/staging.py
            if file.parent == ignored.parent and file.name.startswith(staging):
                return False
            if any(p.parent == ignored.parent and p.name.startswith(staging)
                   for p in file.parents):
                return False
        return True


def existing(paths: Iterable[Path]) -> list[Path]:
    """The paths that exist, resolved and without repeats (watchfiles needs existing paths)."""
    found: list[Path] = []
    for path in paths:
        path = path.resolve()
        if path.exists() and path not in found:
            found.append(path)
    return found


def watch_and_rebuild(live: LiveSite, rebuild: Rebuild, watch_paths: Callable[[], list[Path]],
                      stop_event: threading.Event, ready: Callable[[], None] = lambda: None,
                      ignore: Callable[[], list[Path]] = list, echo: Echo = click.echo) -> None:
    """Rebuild after every batch of changes until `stop_event` is set.

    The watcher restarts whenever the set of watched paths changes (an edit to site.toml can
    name other folders, or a folder it names is made) or a watched file was replaced (editors
    that save by renaming).
    """
    signalled = False
    before: dict[Path, Signature | None] = {}  # watched files, across a restart
    pending: set[tuple[watchfiles.Change, str]] = set()  # to rebuild for once watched
    while not stop_event.is_set():
        paths = existing(watch_paths())
        files = [p for p in paths if p.is_file()]
        restart = False
        for changes in watchfiles.watch(*paths, watch_filter=ChangeFilter(ignore()),
                                        stop_event=stop_event, rust_timeout=300,
                                        yield_on_timeout=True):
            if not signalled:  # the first timeout proves the watcher is registered
                signalled = True
                ready()
            if before:  # a file replaced while the watcher restarted: no event, so compare
                changes = changes or {(watchfiles.Change.modified, str(f)) for f in before
                                      if Signature.read(f, follow_links=True) != before[f]}
                before = {}
            changes, pending = set(changes) | pending, set()
            if not changes:
                appeared = set(existing(watch_paths())) ^ set(paths)
                if appeared:  # a watched folder was made (content/notes/): watch it first, then
                    # rebuild, so that a file saved in it meanwhile is not missed
                    pending = {(watchfiles.Change.added, str(p)) for p in appeared}
                    restart = True
                    break
                continue
            changed = sorted({Path(path) for _, path in changes})
            shown = [p for p in changed if p.exists()] or changed  # not editors' temporary files
            names = ", ".join(_short(p) for p in shown[:3])
            more = f" and {len(shown) - 3} more" if len(shown) > 3 else ""
            echo(f"changed: {names}{more}; rebuilding", err=True)
            snapshot = {f: Signature.read(f, follow_links=True) for f in files}
            live.rebuild(rebuild, echo)
            if existing(watch_paths()) != paths or any(p.resolve() in files for p in changed):
                before, restart = snapshot, True
                break
        if not restart:  # the watcher returned by itself: stop_event was set
            return


def _short(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def serve(rebuild: Rebuild, watch_paths: Callable[[], list[Path]], *,
          output: Path | None = None, host: str = "127.0.0.1", port: int = 8000,
          ignore: Callable[[], list[Path]] = list, stop_event: threading.Event | None = None,
          ready: Callable[[str], None] | None = None, echo: Echo = click.echo,
          log_requests: bool = False) -> LiveSite:
    """Build, serve on host:port, rebuild on changes; return when `stop_event` is set or on
    Ctrl-C. `ready(url)` is called once the server answers and the watcher is live."""
    stop_event = stop_event or threading.Event()
    live = LiveSite(output)
    try:
        server = PreviewServer((host, port), live, log_requests)
    except OSError as error:
        raise click.ClickException(f"cannot serve on {host}:{port}: {error.strerror or error}; "
                                   "choose another port with --port") from None
    url = f"http://{_url_host(host)}:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="build-site-http",
                              daemon=True)
    try:
        live.rebuild(rebuild, echo)
        thread.start()
        echo(f"Serving {url} (live reload on); press Ctrl-C to stop.", err=True)
        watch_and_rebuild(live, rebuild, watch_paths, stop_event,
                          ready=lambda: ready(url) if ready else None, ignore=ignore, echo=echo)
    except KeyboardInterrupt:
        echo("\nstopped", err=True)
    finally:
        stop_event.set()
        live.stop_pending()
        if thread.is_alive():
            server.shutdown()
        server.server_close()
    return live


def _url_host(host: str) -> str:
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
