"""Pagefind's indexing service (`pagefind --service`), spoken to directly: one process an index,
its requests streamed from a thread while its answers are read, stopped from another thread when
the live preview no longer needs it, and its failures told in one line."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import BuildError

FEW_CPUS = 2  # with this many CPUs or fewer Pagefind runs on one of them
TIMEOUT = 300  # seconds Pagefind may take to finish once every record is sent
LEFT = ("the previous site was left as it was. If the cause names no input of yours, report it "
        "with this message")


class Cancel:
    """Lets another thread stop an index being written (the live preview, when a newer save
    comes in): the Pagefind process running then is killed, and the build fails."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cancelled = False
        self.process: subprocess.Popen | None = None

    def cancel(self) -> None:
        with self.lock:
            self.cancelled = True
            if self.process is not None:
                self.process.kill()

    def started(self, process: subprocess.Popen) -> None:
        with self.lock:
            self.process = process
            if self.cancelled:
                process.kill()


class Service:
    """Pagefind's indexing service (`pagefind --service`: base64 JSON messages, each ended by a
    comma, answered by message id), spoken to directly. The `pagefind` package's own async
    client waits a tenth of a second before reading each answer, which at 100k records would
    be three hours; here requests stream in from a thread while the answers are read."""

    def __init__(self, binary: Path, number: int = 0) -> None:
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in __exit__
        try:
            with _one_cpu(number):
                self.process = subprocess.Popen([str(binary), "--service"],
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                                stderr=self.log)
        except OSError as error:
            raise BuildError(f"search index: could not run Pagefind: {error}") from None
        self.next_id = 0
        self.pending = bytearray()

    def __enter__(self) -> Service:
        return self

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()  # type: ignore[union-attr]
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def _send(self, payload: dict[str, Any]) -> None:
        self.next_id += 1
        message = json.dumps({"message_id": self.next_id, "payload": payload})
        self.process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")  # type: ignore[union-attr]

    def _answer(self) -> dict[str, Any]:
        scanned = 0  # the buffer before this holds no comma: a large answer is scanned once
        while (end := self.pending.find(b",", scanned)) < 0:
            scanned = len(self.pending)
            chunk = self.process.stdout.read1(1 << 20)  # type: ignore[union-attr]
            if not chunk:
                self.log.seek(0)
                raise BuildError(f"search index: Pagefind failed (exit code "
                                 f"{self.process.wait()}): "
                                 f"{failure_cause(self.log.read().decode('utf-8', 'replace'))}"
                                 f"; {LEFT}")
            self.pending += chunk
        message = bytes(self.pending[:end])
        del self.pending[:end + 1]
        payload = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise BuildError(f"search index: Pagefind failed: {payload.get('message')}; {LEFT}")
        return payload

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        with contextlib.suppress(OSError):  # Pagefind stopped (e.g. killed): its answer says why
            self._send(payload)
            self.process.stdin.flush()  # type: ignore[union-attr]
        return self._answer()

    def ask_all(self, payloads: Iterable[dict[str, Any]], count: int) -> None:
        """Send every request while reading the answers, so neither pipe fills up."""
        def send() -> None:
            with contextlib.suppress(OSError):  # Pagefind stopped: reading its answers says why
                for payload in payloads:
                    self._send(payload)
                self.process.stdin.flush()  # type: ignore[union-attr]

        sender = threading.Thread(target=send, daemon=True)
        sender.start()
        try:
            for _ in range(count):
                self._answer()
        finally:
            sender.join(timeout=TIMEOUT)


@contextlib.contextmanager
def _one_cpu(number: int) -> Iterator[None]:
    """Start Pagefind on one CPU (the `number`th allowed one) when the build may use only two
    or fewer: there its many threads writing files at once spin on the kernel's locks, which
    cost a quarter more CPU time for no gain in wall time (docs/performance.md). With more
    CPUs Pagefind keeps them all: its index build is parallel, and there it finishes sooner.
    A child inherits the calling thread's CPUs."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if not hasattr(os, "sched_setaffinity") or not 0 < len(allowed) <= FEW_CPUS:
        yield
        return
    os.sched_setaffinity(0, {allowed[number % len(allowed)]})
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def failure_cause(output: str) -> str:
    """The line of Pagefind's output that says what went wrong: after a Rust panic, the line
    that follows "panicked at"; otherwise its last line that is not a note or a backtrace."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    for number, line in enumerate(lines):
        if "panicked at" in line:
            place = line.split("panicked at", 1)[1].strip().rstrip(":")
            cause = lines[number + 1] if number + 1 < len(lines) else "a crash"
            return f"{cause} (at {place})"
    useful = [line for line in lines if not line.startswith(("note:", "stack backtrace"))]
    return useful[-1] if useful else "no output"
