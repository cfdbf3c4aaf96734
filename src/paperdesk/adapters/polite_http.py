"""HTTP the way arXiv asks for it: one request at a time, paced, with a timeout and bounded retries.

Shared by the metadata client (:mod:`arxiv_client`) and the PDF downloader (:mod:`pdfs`). Every
failure becomes a :class:`~paperdesk.core.errors.FetchError` subclass whose message is one plain
sentence ("cannot connect to export.arxiv.org (connection refused)"), never a traceback.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import requests

from paperdesk import __version__
from paperdesk.core.errors import FetchError

DEFAULT_API = "https://export.arxiv.org/api/query"
DEFAULT_PDF_BASE = "https://arxiv.org/pdf"
ARXIV_DELAY = 3.0  # arXiv's terms: no more than one request every three seconds
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
MAX_RETRY_AFTER = 120.0  # a longer wait than this is reported, not slept through
USER_AGENT = f"paperdesk/{__version__} (+https://pypi.org/project/paperdesk/)"
# Statuses worth asking again: rate limiting and a server that is busy or restarting.
TRANSIENT_STATUSES = frozenset({429, 500, 502, 503, 504})
_STATUS_WORDS = {
    400: "bad request", 403: "forbidden", 404: "not found", 429: "too many requests",
    500: "server error", 502: "bad gateway", 503: "service unavailable", 504: "gateway timeout",
}


class NetworkError(FetchError):
    """The request could not be completed: no connection, no answer in time, a busy server."""

    title = "network"


class TimedOutError(NetworkError):
    pass


class UnreachableError(NetworkError):
    pass


class OfflineError(UnreachableError):
    """No network at all: every further request would fail the same way."""


class UnavailableError(NetworkError):
    """The server kept answering with an error status (5xx, 429, or another we cannot use)."""


class BadAnswerError(FetchError):
    """An answer came back, but not the one asked for: HTML, cut off, malformed."""


@dataclass(frozen=True)
class ArxivSettings:
    """Endpoints and manners, from the environment (``PAPERDESK_ARXIV_*``)."""

    api: str = DEFAULT_API
    pdf_base: str = DEFAULT_PDF_BASE
    delay: float = ARXIV_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES

    @classmethod
    def from_environ(cls, environ: Mapping[str, str]) -> ArxivSettings:
        return cls(
            api=environ.get("PAPERDESK_ARXIV_API", "").strip() or DEFAULT_API,
            pdf_base=(environ.get("PAPERDESK_ARXIV_PDF", "").strip() or DEFAULT_PDF_BASE),
            delay=_seconds(environ, "PAPERDESK_ARXIV_DELAY", ARXIV_DELAY),
            timeout=_seconds(environ, "PAPERDESK_ARXIV_TIMEOUT", DEFAULT_TIMEOUT, positive=True),
        )


def _seconds(environ: Mapping[str, str], name: str, default: float,
             positive: bool = False) -> float:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value < 0 or (positive and value == 0) or value != value:  # value != value: NaN
        raise FetchError(f"{name}={raw!r} is not a number of seconds")
    return value


@dataclass
class Pacer:
    """Keeps ``delay`` seconds between the end of one request and the start of the next.

    One request at a time: a second thread (the TUI fetching metadata while a PDF downloads)
    waits for its :meth:`turn`.
    """

    delay: float
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: float | None = field(default=None, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def wait(self) -> None:
        if self._last is None or self.delay <= 0:
            return
        remaining = self._last + self.delay - self.clock()
        if remaining > 0:
            self.sleep(remaining)

    def mark(self) -> None:
        self._last = self.clock()

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for the pause, make the request inside, and count the pause from its end."""
        with self._lock:
            self.wait()
            try:
                yield
            finally:
                self.mark()


_arxiv_pacers: dict[float, Pacer] = {}
_arxiv_pacers_lock = threading.Lock()


def arxiv_pacer(delay: float) -> Pacer:
    """The one pacer of this process for arXiv's hosts: metadata and PDFs share the pause."""
    with _arxiv_pacers_lock:
        return _arxiv_pacers.setdefault(delay, Pacer(delay))


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: either a number or an HTTP date. None when absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def host_of(url: str) -> str:
    return urlsplit(url).netloc or url


def status_words(status: int) -> str:
    words = _STATUS_WORDS.get(status)
    return f"HTTP {status} ({words})" if words else f"HTTP {status}"


CUT_OFF = "the answer was cut off"


OFFLINE_REASONS = frozenset({
    "host name not found; are you offline?", "network unreachable; are you offline?",
})


def connection_reason(exc: BaseException) -> str:
    """Plain words for a requests connection failure (the exception text is a nested repr)."""
    text = str(exc)
    for needle, words in (
        ("Connection refused", "connection refused"),
        ("Name or service not known", "host name not found; are you offline?"),
        ("nodename nor servname", "host name not found; are you offline?"),
        ("Temporary failure in name resolution", "host name not found; are you offline?"),
        ("Network is unreachable", "network unreachable; are you offline?"),
        ("Connection reset", "the connection was reset"),
        ("RemoteDisconnected", "the server closed the connection without answering"),
        ("Connection aborted", "the server closed the connection without answering"),
        ("IncompleteRead", CUT_OFF),
        ("Read timed out", "it stopped sending (timed out)"),
        ("CERTIFICATE_VERIFY_FAILED", "its TLS certificate could not be verified"),
    ):
        if needle in text:
            return words
    return type(exc).__name__


class PoliteSession(requests.Session):
    """A requests Session with a default timeout, paperdesk's User-Agent, pacing and retries.

    ``fetch()`` is the polite entry point: it waits for the pacer, retries transient failures
    (with exponential backoff, or as long as ``Retry-After`` asks, within limits) and raises a
    :class:`NetworkError` with plain words when it gives up. Any other status is returned for the
    caller to judge. ``requests_made`` counts every attempt, retries included.
    """

    def __init__(self, settings: ArxivSettings, pacer: Pacer | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        super().__init__()
        self.settings = settings
        self.pacer = pacer or Pacer(settings.delay, sleep=sleep)
        self.sleep = sleep
        self.requests_made = 0
        self.headers["User-Agent"] = USER_AGENT

    def request(self, method: str | bytes, url: str | bytes,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        # Callers (the arxiv package among them) pass no timeout and their own User-Agent.
        kwargs.setdefault("timeout", self.settings.timeout)
        headers = {k: v for k, v in (kwargs.get("headers") or {}).items()
                   if str(k).lower() != "user-agent"}
        headers["User-Agent"] = str(self.headers.get("User-Agent") or USER_AGENT)
        kwargs["headers"] = headers
        return super().request(method, url, *args, **kwargs)

    def fetch(self, url: str, *, stream: bool = False,
              what: str | None = None) -> requests.Response:
        """GET ``url`` politely; returns the first response that is not a transient error."""
        name = what or host_of(url)
        attempt = 0
        while True:
            wait_hint: float | None = None
            with self.pacer.turn():
                self.requests_made += 1
                try:
                    response = self.request("GET", url, stream=stream)
                except requests.Timeout:
                    error: NetworkError = TimedOutError(
                        f"{name} did not answer within {self.settings.timeout:g} s (timed out)")
                except requests.ConnectionError as exc:
                    reason = connection_reason(exc)
                    error = UnreachableError(f"cannot connect to {name} ({reason})")
                    if reason in OFFLINE_REASONS:  # no network: retrying only makes users wait
                        raise OfflineError(error.message) from exc
                except requests.RequestException as exc:
                    error = UnreachableError(f"the connection to {name} failed "
                                             f"({connection_reason(exc)})")
                else:
                    if response.status_code not in TRANSIENT_STATUSES:
                        return response
                    wait_hint = retry_after_seconds(response.headers.get("Retry-After"))
                    error = UnavailableError(
                        f"{name} answered {status_words(response.status_code)}")
                    response.close()
            if attempt >= self.settings.retries:
                tries = attempt + 1
                raise type(error)(f"{error.message}; gave up after {tries} "
                                  f"{'try' if tries == 1 else 'tries'}, try again later")
            if wait_hint is not None and wait_hint > MAX_RETRY_AFTER:
                raise type(error)(f"{error.message} and asks to wait {wait_hint:.0f} s; "
                                  "try again later")
            backoff = self.settings.delay * (2 ** attempt)
            pause = max(wait_hint or 0.0, backoff)
            if pause > 0:
                self.sleep(pause)
            attempt += 1
