"""arXiv's search API (the Atom feed at export.arxiv.org/api/query), queried by title.

A small client of our own over `feedparser` rather than the `arxiv` package: that client sets
no timeout (a stalled connection hangs the lookup), and reads a malformed or truncated answer
as an empty result, which would record "not found" for a paper arXiv has (see docs/lookup.md).
Sends the title's words as a title phrase query, nothing else. `ARXIV_API_URL` (or
`base_url`) points it at another host, such as the tests' stand-in.
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import urllib.error
import urllib.parse
import urllib.request

from .. import __version__
from ..dedup.identifiers import normalise_arxiv
from ..text import fold
from .candidates import Candidate, service_text
from .polite import Refused, Transient, Unreachable, retry_after

SERVICE = "arxiv"
API = "https://export.arxiv.org/api/query"
RESULTS = 5
USER_AGENT = f"build-site/{__version__} (reading-list metadata lookup)"


class ArxivIndex:
    def __init__(self, base_url: str | None = None, timeout: float = 20.0) -> None:
        self.base_url = base_url or os.environ.get("ARXIV_API_URL") or API
        self.timeout = timeout

    def search(self, title: str) -> list[Candidate]:
        query = urllib.parse.urlencode({"search_query": f'ti:"{fold(title)}"', "start": 0,
                                        "max_results": RESULTS})
        return parse_feed(self._get(f"{self.base_url}?{query}"), self.base_url)

    def _get(self, url: str) -> bytes:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            if error.code == 429 or error.code >= 500:
                raise Transient(SERVICE, f"HTTP {error.code} from {self.base_url}",
                                retry_after(error.headers.get("Retry-After"))) from None
            raise Refused(SERVICE, f"HTTP {error.code} from {self.base_url}", error.code) from None
        except TimeoutError:
            raise Transient(SERVICE, f"no answer from {self.base_url} in {self.timeout:g} "
                                     "s") from None
        except (http.client.HTTPException, ConnectionResetError) as error:
            raise Transient(SERVICE, f"no complete answer from {self.base_url} "
                                     f"({type(error).__name__})") from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise Transient(SERVICE, f"no answer from {self.base_url} in "
                                         f"{self.timeout:g} s") from None
            raise Unreachable(SERVICE, f"cannot connect to {self.base_url} "
                                       f"({error.reason})") from None


def parse_feed(content: bytes, where: str = SERVICE) -> list[Candidate]:
    """The entries of an arXiv Atom answer; Transient if it is not one (truncated, an HTML
    error page): an empty result must come from arXiv saying it has none."""
    import feedparser

    feed = feedparser.parse(content)
    if feed.bozo and not isinstance(feed.bozo_exception, feedparser.CharacterEncodingOverride):
        raise Transient(SERVICE, f"malformed Atom from {where} ({feed.bozo_exception})")
    if "opensearch_totalresults" not in feed.feed:
        raise Transient(SERVICE, f"the answer from {where} is not an arXiv search result")
    found = []
    for entry in feed.entries:
        arxiv = normalise_arxiv(entry.get("id", ""))
        if not arxiv or not entry.get("title"):
            continue  # arXiv reports a bad query as an entry titled "Error" with no id
        title, abstract = service_text(entry.title, entry.get("summary", ""))
        found.append(Candidate(
            service=SERVICE, arxiv=arxiv, title=title, abstract=abstract,
            authors=tuple(a["name"] for a in entry.get("authors", ()) if a.get("name")),
            published=_day(entry.get("published")),
        ))
    return found


def _day(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


