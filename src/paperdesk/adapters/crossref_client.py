"""Crossref's REST API, politely: ``<base>/works/<doi>``, a few requests at a time.

Crossref asks clients to say who they are (a ``mailto`` in the User-Agent and in the query: its
"polite pool"), to respect ``Retry-After`` and the ``X-Rate-Limit-Limit`` / ``-Interval`` headers
it sends, and not to run many requests at once. So: with an email, up to
:data:`POLITE_CONCURRENCY` requests in flight (one without), request starts spaced as the rate
headers say, transient failures retried by :class:`PoliteSession`, and no network at all ends
the run at once, as for arXiv.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import requests

from paperdesk.adapters.polite_http import (
    USER_AGENT,
    ArxivSettings,
    BadAnswerError,
    OfflineError,
    Pacer,
    PoliteSession,
    UnavailableError,
    _seconds,
    current_generation,
    host_of,
    pause,
    status_words,
)
from paperdesk.adapters.sources import Batch
from paperdesk.adapters.sources.crossref import work_to_paper
from paperdesk.core.errors import FetchError

DEFAULT_API = "https://api.crossref.org"
POLITE_CONCURRENCY = 3  # Crossref's polite pool allows a few at once; the public pool, one
MAX_BODY = 5 * 1024 * 1024  # a work record is a few kB; a 5 MB one is not a work record
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$")


class NoSuchWorkError(FetchError):
    """Crossref answered 404: it has no record of that DOI."""


@dataclass(frozen=True)
class CrossrefSettings:
    api: str = DEFAULT_API
    mailto: str = ""
    timeout: float = 30.0
    backoff: float = 1.0  # seconds before the first retry, doubled after each
    retries: int = 3

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], mailto: str = "") -> CrossrefSettings:
        return cls(
            api=(environ.get("PAPERDESK_CROSSREF_API", "").strip() or DEFAULT_API).rstrip("/"),
            mailto=mailto or environ.get("PAPERDESK_EMAIL", "").strip(),
            timeout=_seconds(environ, "PAPERDESK_CROSSREF_TIMEOUT", 30.0, positive=True),
            backoff=_seconds(environ, "PAPERDESK_CROSSREF_DELAY", 1.0),
        )

    @property
    def concurrency(self) -> int:
        return POLITE_CONCURRENCY if self.mailto else 1

    def work_url(self, doi: str) -> str:
        url = f"{self.api}/works/{quote(doi, safe='/')}"
        return f"{url}?mailto={quote(self.mailto, safe='@')}" if self.mailto else url


def rate_spacing(limit: str | None, interval: str | None) -> float | None:
    """Seconds between request starts that ``X-Rate-Limit-Limit`` per ``-Interval`` allow."""
    if not limit or not interval or not limit.strip().isdigit() or int(limit) <= 0:
        return None
    m = _INTERVAL.match(interval)
    if not m:
        return None
    seconds = float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]
    return seconds / int(limit)


@dataclass
class RatePacer(Pacer):
    """Spaces the starts of requests ``delay`` seconds apart, with up to ``concurrency`` of them
    in flight (unlike :class:`Pacer`, which lets one run at a time)."""

    concurrency: int = 1
    _next: float = field(default=0.0, init=False)
    _slots: threading.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._slots = threading.Semaphore(max(self.concurrency, 1))

    @contextmanager
    def turn(self) -> Iterator[None]:
        with self._slots:
            with self._lock:
                now = self.clock()
                start = max(now, self._next)
                self._next = start + self.delay
            if start > now:
                self.sleep(start - now)
            yield


class CrossrefSession(PoliteSession):
    def __init__(self, settings: CrossrefSettings, pacer: RatePacer,
                 sleep: Callable[[float], None] = pause,
                 generation: int | None = None) -> None:
        http = ArxivSettings(api=settings.api, delay=settings.backoff, timeout=settings.timeout,
                             retries=settings.retries)
        super().__init__(http, pacer, sleep, generation)
        self.rate = pacer
        mail = f"; mailto:{settings.mailto}" if settings.mailto else ""
        self.headers["User-Agent"] = USER_AGENT.replace(")", f"{mail})")
        self.headers["Accept"] = "application/json"

    def request(self, method: str | bytes, url: str | bytes,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        response = super().request(method, url, *args, **kwargs)
        spacing = rate_spacing(response.headers.get("X-Rate-Limit-Limit"),
                               response.headers.get("X-Rate-Limit-Interval"))
        if spacing is not None:
            with self.rate._lock:
                self.rate.delay = spacing
        return response


class CrossrefClient:
    """Fetches works by DOI (lower-case record ids); one :class:`Batch` per DOI, as it comes."""

    # The pauses (rate spacing, backoff, Retry-After: up to 2 minutes) are polite pauses, which a
    # cancel ends: the pool's threads are joined at exit, so a sleep there held a Ctrl-C.
    def __init__(self, settings: CrossrefSettings,
                 sleep: Callable[[float], None] = pause) -> None:
        self.settings = settings
        self.pacer = RatePacer(0.0, sleep=sleep, concurrency=settings.concurrency)
        self._sessions: list[CrossrefSession] = []
        self._local = threading.local()
        self._sleep = sleep
        self._lock = threading.Lock()
        self.offline: str | None = None
        # The sessions are made later, one a pool thread: a cancel that comes before a thread
        # makes its session must stop that session too (Ctrl-C hung on one such request).
        self.generation = current_generation()

    @property
    def requests_made(self) -> int:
        return sum(s.requests_made for s in self._sessions)

    def _session(self) -> CrossrefSession:
        session = getattr(self._local, "session", None)
        if session is None:
            session = CrossrefSession(self.settings, self.pacer, self._sleep, self.generation)
            with self._lock:
                self._sessions.append(session)
            self._local.session = session
        return session

    def close(self) -> None:
        for session in self._sessions:
            session.close()

    def work(self, doi: str) -> dict[str, Any]:
        """The ``message`` of ``/works/<doi>``; a FetchError in plain words otherwise."""
        url = self.settings.work_url(doi)
        where = f"Crossref ({host_of(url)})"
        response = self._session().fetch(url, what=where)
        with response:
            status = response.status_code
            if status == 404:
                raise NoSuchWorkError(f"Crossref has no record of the DOI {doi} "
                                      f"({status_words(404)})")
            if status != 200:
                hint = " (is PAPERDESK_CROSSREF_API right?)" if status in (400, 403) else ""
                raise UnavailableError(f"{where} answered {status_words(status)}{hint}")
            body = response.content
        if len(body) > MAX_BODY:
            raise BadAnswerError(f"{where} sent {len(body) / 1e6:.0f} MB for one DOI: "
                                 "not a work record")
        try:
            data = json.loads(body)
        except ValueError as exc:
            head = body.lstrip()[:200].lower()
            if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
                raise BadAnswerError(f"{where} sent an HTML page instead of JSON") from exc
            what = "an empty answer" if not head else "an answer that is not JSON"
            raise BadAnswerError(f"{where} sent {what}") from exc
        message = data.get("message") if isinstance(data, dict) else None
        if not isinstance(message, dict) or data.get("message-type", "work") != "work":
            raise BadAnswerError(f"{where} sent JSON that is not a work record")
        return message

    def _one(self, doi: str) -> Batch:
        batch = Batch([doi])
        if self.offline is not None:  # the same wait for the same failure: not asked
            batch.failures[doi] = self.offline
            return batch
        try:
            paper = work_to_paper(self.work(doi))
        except OfflineError as exc:
            self.offline = exc.message
            batch.failures[doi] = exc.message
        except FetchError as exc:
            batch.failures[doi] = exc.message
        else:
            # Stored under the DOI asked for (Crossref may answer for a newer version's DOI).
            batch.found[doi] = paper.replace(id=doi)
        return batch

    def fetch(self, ids: Sequence[str],
              on_batch: Callable[[Batch], None] | None = None) -> list[Batch]:
        wanted = list(dict.fromkeys(i.lower() for i in ids))
        if not wanted:
            return []
        out: list[Batch] = []
        # on_batch runs in the calling thread: callers store results there, not in the pool.
        with ThreadPoolExecutor(max_workers=self.settings.concurrency) as pool:
            futures = [pool.submit(self._one, doi) for doi in wanted]
            for future in as_completed(futures):
                batch = future.result()
                out.append(batch)
                if on_batch is not None:
                    on_batch(batch)
        return out
