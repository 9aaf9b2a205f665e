"""Hugging Face's paper index through `huggingface_hub`: search by title, then a paper's record.

Sends the paper's title (search) and the found arXiv id (paper info), nothing else: no token,
even when one is saved on the machine. `HF_ENDPOINT` points it at another host (the tests'
stand-in). The library sets no timeout of its own, so one is set on its shared HTTP client.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from .candidates import Candidate, service_text
from .polite import Refused, Transient, Unreachable, retry_after

SERVICE = "huggingface"
RESULTS = 10  # search results weighed
PAGE = "https://huggingface.co/papers/{}"  # the public paper page, whatever the endpoint
T = TypeVar("T")


class HuggingFaceIndex:
    def __init__(self, endpoint: str | None = None, timeout: float = 20.0) -> None:
        from huggingface_hub import HfApi

        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or "https://huggingface.co"
                         ).rstrip("/")
        self.api = HfApi(endpoint=self.endpoint, token=False)
        self.timeout = timeout

    def search(self, title: str) -> list[Candidate]:
        # no `limit`: huggingface_hub before 2.x has none, and the index's own page is short
        found = self._call(lambda: list(self.api.list_papers(query=title, token=False)))
        return [c for c in map(_candidate, found[:RESULTS]) if c is not None]

    def paper(self, arxiv: str) -> Candidate | None:
        """The paper's own record (all its authors), or None if the index has no such page."""
        try:
            return _candidate(self._call(lambda: self.api.paper_info(arxiv)))
        except Refused as error:
            if error.status == 404:
                return None
            raise

    def _call(self, request: Callable[[], T]) -> T:
        from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled
        from huggingface_hub.utils import get_session

        session = get_session()
        session.timeout = self.timeout  # type: ignore[assignment]
        http = sys.modules[type(session).__module__.split(".")[0]]  # httpx, or httpx2 from 2.0
        try:
            return request()
        except OfflineModeIsEnabled:
            raise Unreachable(SERVICE, "HF_HUB_OFFLINE is set; unset it to look papers "
                                       "up") from None
        except HfHubHTTPError as error:
            status = error.response.status_code if error.response is not None else 0
            if status == 429 or status >= 500:
                raise Transient(SERVICE, f"HTTP {status} from {self.endpoint}",
                                retry_after(error.response.headers.get("Retry-After"))) from None
            raise Refused(SERVICE, f"HTTP {status} from {self.endpoint}", status) from None
        except http.TimeoutException:
            raise Transient(SERVICE, f"no answer from {self.endpoint} in {self.timeout:g} "
                                     "s") from None
        except http.ConnectError as error:
            raise Unreachable(SERVICE, f"cannot connect to {self.endpoint} ({error})") from None
        except http.TransportError as error:
            raise Transient(SERVICE, f"connection to {self.endpoint} failed ({error})") from None
        except (ValueError, TypeError, KeyError, AttributeError) as error:  # JSON not as documented
            raise Transient(SERVICE, f"malformed answer from {self.endpoint} "
                                     f"({type(error).__name__})") from None


def _candidate(info: Any) -> Candidate | None:
    """A PaperInfo as a candidate; None when it lacks an id or title (nothing to match)."""
    from ..dedup.identifiers import normalise_arxiv

    arxiv = normalise_arxiv(str(info.id or ""))
    if not arxiv or not isinstance(info.title, str):
        return None
    title, abstract = service_text(info.title, info.summary if isinstance(info.summary, str)
                                   else "")
    return Candidate(
        service=SERVICE, arxiv=arxiv, title=title, abstract=abstract,
        authors=tuple(filter(None, map(_name, info.authors or ()))),
        published=_day(info.published_at), listed=_day(getattr(info, "submitted_at", None)),
    )


def _name(author: object) -> str:
    """An author's name: a PaperAuthor from huggingface_hub 2.x, a plain string before."""
    name = author if isinstance(author, str) else getattr(author, "name", "")
    return name.strip() if isinstance(name, str) else ""


def hf_page(arxiv: str) -> str:
    return PAGE.format(arxiv)


def _day(value: object) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else None


