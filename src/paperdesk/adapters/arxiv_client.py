"""arXiv metadata through the ``arxiv`` package, with the manners and checks it lacks.

``arxiv.Client`` builds the query URLs, pages through the feed and turns entries into
``arxiv.Result``. What it does not do (checked in 4.0.2) is done here:

- it has no timeout, retries 4xx as eagerly as 5xx and ignores ``Retry-After``: its session is
  replaced by :class:`ArxivApiSession` (a :class:`PoliteSession`) and its own retries are off;
- it reads an HTML page or a truncated feed as "no results" (lxml in recover mode): every body
  is parsed strictly first, and arXiv's error feed (HTTP 400, an entry titled ``Error``) is
  turned into its message;
- it silently cuts ``id_list`` at ``Search.max_results``: ids go in batches of at most 100 with
  ``max_results`` set to the batch size, and every requested id is matched to its result.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import requests

from paperdesk.adapters.polite_http import (
    ArxivSettings,
    BadAnswerError,
    OfflineError,
    PoliteSession,
    UnavailableError,
    arxiv_pacer,
    host_of,
    status_words,
)
from paperdesk.core.arxiv_id import ArxivId, ArxivIdError
from paperdesk.core.errors import FetchError

if TYPE_CHECKING:
    import arxiv

BATCH_SIZE = 100  # ids per request; the page size is the same, so one batch is one request
_ATOM = "{http://www.w3.org/2005/Atom}"
_BAD_ID = re.compile(r"incorrect id format for (\S+)")


class ArxivRejectedError(FetchError):
    """arXiv answered with its error feed (HTTP 400 or an entry titled ``Error``)."""

    def __init__(self, message: str, bad_id: str | None = None) -> None:
        super().__init__(message)
        self.bad_id = bad_id


class MalformedFeedError(BadAnswerError):
    pass


@dataclass(frozen=True)
class ArxivPaper:
    """One paper as arXiv describes it; ``id`` carries the version that came back."""

    id: ArxivId
    title: str
    authors: tuple[str, ...]
    abstract: str
    categories: tuple[str, ...]
    primary_category: str
    published: datetime
    updated: datetime
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    pdf_url: str = ""

    @property
    def version(self) -> int:
        return self.id.version or 1


@dataclass
class BatchOutcome:
    """What one batch of ids gave: papers found (by unversioned id) and failures (id -> words)."""

    requested: list[str]
    found: dict[str, ArxivPaper] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def check_feed(body: bytes, where: str) -> None:
    """Raise unless ``body`` is a complete Atom feed without arXiv's ``Error`` entry."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        head = body.lstrip()[:200].lower()
        if not head:
            raise MalformedFeedError(f"{where} sent an empty answer, not an Atom feed") from exc
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise MalformedFeedError(f"{where} sent an HTML page instead of an Atom feed") from exc
        raise MalformedFeedError(f"{where} sent a feed that is cut off or not valid XML "
                                 f"({exc})") from exc
    if root.tag != f"{_ATOM}feed":
        kind = "an HTML page" if root.tag.lower().endswith("html") else f"<{root.tag}>"
        raise MalformedFeedError(f"{where} sent {kind} instead of an Atom feed")
    for entry in root.iter(f"{_ATOM}entry"):
        title = _squash(entry.findtext(f"{_ATOM}title"))
        entry_id = entry.findtext(f"{_ATOM}id") or ""
        # A paper always has <published>; arXiv's error entry has none.
        no_date = entry.find(f"{_ATOM}published") is None
        if title == "Error" and ("api/errors" in entry_id or no_date):
            summary = _squash(entry.findtext(f"{_ATOM}summary")) or "no reason given"
            bad = _BAD_ID.search(summary)
            raise ArxivRejectedError(f"arXiv rejected the request: {summary}",
                                     bad.group(1) if bad else None)


class ArxivApiSession(PoliteSession):
    """The session handed to ``arxiv.Client``: its GETs return only a checked, complete feed."""

    def get(self, url: str | bytes, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        # The arxiv package calls get(url, headers=...); the headers are replaced anyway.
        return self.fetch_feed(url.decode() if isinstance(url, bytes) else url)

    def fetch_feed(self, url: str) -> requests.Response:
        where = f"arXiv ({host_of(url)})"
        response = self.fetch(url, what=where)
        body = response.content
        if response.status_code == 400:
            check_feed(body, where)  # raises ArxivRejectedError with arXiv's own words
            raise ArxivRejectedError(f"{where} answered {status_words(400)}")
        if response.status_code != 200:
            hint = " (is PAPERDESK_ARXIV_API right?)" if response.status_code == 404 else ""
            raise UnavailableError(f"{where} answered {status_words(response.status_code)}{hint}")
        check_feed(body, where)
        return response


def _paper(result: arxiv.Result) -> ArxivPaper | None:
    try:
        ident = ArxivId.parse(result.get_short_id())
    except ArxivIdError:
        return None
    return ArxivPaper(
        id=ident,
        title=_squash(result.title),
        authors=tuple(_squash(a.name) for a in result.authors),
        abstract=_squash(result.summary),
        categories=tuple(result.categories),
        primary_category=result.primary_category or "",
        published=result.published,
        updated=result.updated,
        comment=_squash(result.comment),
        journal_ref=_squash(result.journal_ref),
        doi=_squash(result.doi),
        pdf_url=result.pdf_url or "",
    )


def batches(ids: Sequence[str], size: int = BATCH_SIZE) -> list[list[str]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


class ArxivClient:
    """Fetches papers by id, in as few polite requests as arXiv allows."""

    def __init__(self, settings: ArxivSettings, session: ArxivApiSession | None = None) -> None:
        import arxiv  # deferred: 0.2 s, and only a fetch needs it

        self.settings = settings
        self.session = session or ArxivApiSession(settings, arxiv_pacer(settings.delay))
        # The package's own pacing and retries are off: the session does both, with backoff.
        self._client = arxiv.Client(page_size=BATCH_SIZE, delay_seconds=0, num_retries=0)
        self._client.query_url_format = settings.api.replace("{", "{{").replace("}", "}}") + "?{}"
        self._client._session = self.session
        # Set when a request found no network at all: the batches after it are not asked for.
        self.offline: str | None = None

    @property
    def requests_made(self) -> int:
        return self.session.requests_made

    def fetch(self, ids: Iterable[ArxivId],
              on_batch: Callable[[BatchOutcome], None] | None = None) -> list[BatchOutcome]:
        """Every id asked for once (unversioned, so the latest version comes back)."""
        wanted = list(dict.fromkeys(i.base for i in ids))
        outcomes = []
        for batch in batches(wanted):
            if self.offline is None:
                outcome = self._fetch_batch(batch)
            else:  # each batch would wait 3 s only to fail the same way
                outcome = BatchOutcome(list(batch), failures=dict.fromkeys(batch, self.offline))
            outcomes.append(outcome)
            if on_batch is not None:
                on_batch(outcome)
        return outcomes

    def _fetch_batch(self, batch: list[str]) -> BatchOutcome:
        outcome = BatchOutcome(list(batch))
        pending = list(batch)
        while pending:
            try:
                self._collect(pending, outcome)
            except ArxivRejectedError as exc:
                # One malformed id spoils the whole request: set it aside and ask for the rest.
                if exc.bad_id in pending and len(pending) > 1:
                    outcome.failures[exc.bad_id] = exc.message
                    pending.remove(exc.bad_id)
                    continue
                self._fail_rest(pending, outcome, exc.message)
            except OfflineError as exc:
                self.offline = exc.message
                self._fail_rest(pending, outcome, exc.message)
            except FetchError as exc:
                self._fail_rest(pending, outcome, exc.message)
            break
        for arxiv_id in pending:
            if arxiv_id not in outcome.found and arxiv_id not in outcome.failures:
                outcome.failures[arxiv_id] = f"arXiv has no paper {arxiv_id} (not in its answer)"
        return outcome

    @staticmethod
    def _fail_rest(pending: list[str], outcome: BatchOutcome, message: str) -> None:
        for arxiv_id in pending:
            if arxiv_id not in outcome.found:
                outcome.failures[arxiv_id] = message

    def _collect(self, pending: list[str], outcome: BatchOutcome) -> None:
        import arxiv

        search = arxiv.Search(id_list=list(pending), max_results=len(pending))
        wanted = set(pending)
        try:
            for result in self._client.results(search):
                paper = _paper(result)
                if paper is not None and paper.id.base in wanted:
                    outcome.found[paper.id.base] = paper
        except arxiv.ArxivError as exc:  # a later page came back empty: keep what came
            raise BadAnswerError(f"arXiv's answer ended early ({exc.message})") from exc
