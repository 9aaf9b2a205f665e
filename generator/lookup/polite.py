"""Requests that respect a service: a minimum interval between them, and retries with back-off.

A client raises `Transient` for what may pass (a timeout, 429, a 5xx, a malformed answer),
`Unreachable` when it cannot connect at all (offline, DNS), `Refused` for an answer that
retrying cannot change (another 4xx). Only `Transient` is retried at length.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")
LONGEST_WAIT = 120.0  # a Retry-After longer than this is not waited for: the paper is retried
# on the next run instead


class ServiceError(Exception):
    """A request to `service` failed; the message says why in plain words."""

    def __init__(self, service: str, message: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service = service


class Transient(ServiceError):
    def __init__(self, service: str, message: str, retry_after: float | None = None) -> None:
        super().__init__(service, message)
        self.retry_after = retry_after


class Unreachable(ServiceError):
    pass


class Refused(ServiceError):
    def __init__(self, service: str, message: str, status: int | None = None) -> None:
        super().__init__(service, message)
        self.status = status


@dataclass
class Polite:
    """One service's pace: `interval` seconds from one request to the next; `retries` more
    tries after a transient failure, waiting `backoff`, then twice that, and so on (or the
    server's Retry-After, if longer); one more try when the host cannot be reached."""

    interval: float
    retries: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    last: float | None = field(default=None, init=False)

    def call(self, request: Callable[[], T]) -> T:
        attempt = 0
        while True:
            self._wait_turn()
            try:
                return request()
            except Transient as error:
                if attempt >= self.retries or (error.retry_after or 0) > LONGEST_WAIT:
                    raise
                self.sleep(max(error.retry_after or 0.0, self.backoff * 2 ** attempt))
            except Unreachable:
                if attempt >= 1:
                    raise
                self.sleep(self.backoff)
            attempt += 1

    def _wait_turn(self) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            self.sleep(self.interval - (now - self.last))
        self.last = self.clock()


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header given in seconds (the form both services use)."""
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
