"""HTTP the way arXiv asks for it: one request at a time, paced, with a timeout and bounded retries.

Shared by the metadata client (:mod:`arxiv_client`) and the PDF downloader (:mod:`pdfs`).
The timeout is a per-read one for requests, so a server that sends a byte every 2 s would never
time out: each request also has a :class:`Deadline`, a watchdog that shuts its socket down (which
wakes a blocked read at once) when the whole answer takes too long, or when
:func:`cancel_in_flight` is called (quitting the desk). Bodies read here are capped, counted after
decompression (a gzip bomb stops at the cap). Every failure becomes a
:class:`~paperdesk.core.errors.FetchError` subclass whose message is one plain sentence
("cannot connect to export.arxiv.org (connection refused)"), never a traceback.
"""

from __future__ import annotations

import contextlib
import socket
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
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from paperdesk import __version__
from paperdesk.core.errors import FetchError

DEFAULT_API = "https://export.arxiv.org/api/query"
DEFAULT_PDF_BASE = "https://arxiv.org/pdf"
ARXIV_DELAY = 3.0  # arXiv's terms: no more than one request every three seconds
DEFAULT_TIMEOUT = 30.0
DEFAULT_RETRIES = 3
MAX_RETRY_AFTER = 120.0  # a longer wait than this is reported, not slept through
MAX_BODY_BYTES = 32 * 1024 * 1024  # a feed of 100 papers is ~0.3 MB; more is not an answer
BODY_CHUNK = 16 * 1024  # read (and decompress) this much at a time
TOTAL_PER_TIMEOUT = 2  # a whole answer may take twice the timeout (which is per read)
MIN_RATE = 16 * 1024  # bytes/s a download must average, after its first `timeout` seconds
WATCH_INTERVAL = 0.2
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


class TooSlowError(TimedOutError):
    """The server answered, but so slowly that the whole answer missed its deadline."""


class CancelledError(NetworkError):
    """The request was given up because paperdesk is quitting."""


class UnavailableError(NetworkError):
    """The server kept answering with an error status (5xx, 429, or another we cannot use)."""


class BadAnswerError(FetchError):
    """An answer came back, but not the one asked for: HTML, cut off, malformed."""


# -- deadlines and cancelling -----------------------------------------------------------------
_local = threading.local()  # the Deadline of the request this thread is making
_registry_lock = threading.Lock()
_in_flight: set[Deadline] = set()
_generation = 0  # bumped by cancel_in_flight(): sessions made before it make no more requests
_wakeup = threading.Event()  # set (and replaced) by cancel_in_flight(): ends polite pauses


class Deadline:
    """A watchdog over one request: ``seconds`` for the whole answer, plus ``received/min_rate``
    for a download (a big PDF on a slow line may take longer, a trickle may not). Past it, or on
    :func:`cancel_in_flight`, the connection's socket is shut down: a read blocked in it returns
    at once, and the caller turns that into :class:`TooSlowError` or :class:`CancelledError`."""

    def __init__(self, seconds: float, min_rate: float | None = None,
                 generation: int | None = None) -> None:
        self.seconds = seconds
        self.min_rate = min_rate
        self.started = time.monotonic()
        self.received = 0
        self.connection: HTTPConnection | None = None
        self.sock: socket.socket | None = None
        self.expired = False
        self.cancelled = False
        self._done = threading.Event()
        with _registry_lock:
            _in_flight.add(self)
            # A request begun by a session made before the last cancel_in_flight() is cancelled
            # from the start: checked under the lock that cancel takes, so a cancel that comes
            # between the session's own check and this registration is not lost.
            if generation is not None and generation != _generation:
                self.cancelled = True
        threading.Thread(target=self._watch, name="paperdesk-deadline", daemon=True).start()

    def allowed(self) -> float:
        return self.seconds + (self.received / self.min_rate if self.min_rate else 0.0)

    def _watch(self) -> None:
        while not self._done.wait(WATCH_INTERVAL):
            if not self.cancelled and time.monotonic() - self.started > self.allowed():
                self.expired = True
            if self.stopped:
                # again at each tick: a cancel or the deadline may come while the connection is
                # still being made, before there is a socket to shut down
                self.abort()

    def abort(self) -> None:
        for sock in (self.sock, getattr(self.connection, "sock", None)):
            if sock is not None:
                with contextlib.suppress(OSError):  # already closed: nothing is blocked in it
                    sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self.cancelled = True
        self.abort()

    def done(self) -> None:
        self._done.set()
        with _registry_lock:
            _in_flight.discard(self)

    @property
    def stopped(self) -> bool:
        return self.expired or self.cancelled


def cancel_in_flight() -> None:
    """Give up every request of this process at once (the desk is quitting): blocked reads
    return, polite pauses end, and the sessions that exist now make no further request."""
    global _generation, _wakeup
    with _registry_lock:
        _generation += 1
        woken, _wakeup = _wakeup, threading.Event()
        deadlines = list(_in_flight)
    woken.set()
    for deadline in deadlines:
        deadline.cancel()


def current_generation() -> int:
    """How many times :func:`cancel_in_flight` was called: a client that makes its sessions
    later (one a thread) gives them the generation it was made in, so a cancel in between
    still stops them."""
    return _generation


def pause(seconds: float, generation: int | None = None) -> None:
    """``time.sleep`` that :func:`cancel_in_flight` ends early; with a ``generation`` (a
    session's), not even begun after a cancel that came since (a cancel that comes just before
    the wait replaced the event a bare pause would wait on)."""
    if seconds > 0:
        with _registry_lock:
            if generation is not None and generation != _generation:
                return
            wakeup = _wakeup
        wakeup.wait(seconds)


class _Watched:
    """Mixin for urllib3 connections: each request tells this thread's Deadline its connection."""

    def request(self, *args: Any, **kwargs: Any) -> Any:
        deadline = getattr(_local, "deadline", None)
        if deadline is not None:
            deadline.connection = self  # type: ignore[assignment]
        result = super().request(*args, **kwargs)  # type: ignore[misc]
        if deadline is not None:
            # The socket itself: http.client drops it from the connection once the headers say
            # "Connection: close", while the body is still read from it.
            deadline.sock = self.sock  # type: ignore[attr-defined]
        return result


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _WatchedHTTPPool,
                                                   "https": _WatchedHTTPSPool}


def read_body(response: requests.Response, deadline: Deadline, what: str,
              max_bytes: int = MAX_BODY_BYTES) -> bytes:
    """The (decompressed) body of a streamed response, within its deadline and ``max_bytes``."""
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(BODY_CHUNK):
            size += len(chunk)
            deadline.received = size
            if size > max_bytes:
                raise BadAnswerError(f"{what} sent more than {max_bytes // (1024 * 1024)} MB "
                                     "(after decompression); stopped reading")
            parts.append(chunk)
    except requests.RequestException as exc:
        check_deadline(deadline, what)
        raise UnreachableError(f"the answer of {what} broke off "
                               f"({connection_reason(exc)})") from exc
    finally:
        response.close()
    check_deadline(deadline, what)
    return b"".join(parts)


def check_deadline(deadline: Deadline, what: str) -> None:
    """Raise when the watchdog stopped the request (what arrived is then not the answer)."""
    if deadline.cancelled:
        raise CancelledError(f"{what}: cancelled")
    if deadline.expired:
        raise TooSlowError(f"{what} sent its answer too slowly: not done within "
                           f"{deadline.allowed():.0f} s; gave up")


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
    sleep: Callable[[float], None] = pause
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
                 sleep: Callable[[float], None] = pause, generation: int | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.pacer = pacer or Pacer(settings.delay, sleep=sleep)
        self.sleep = sleep
        self.requests_made = 0
        self.headers["User-Agent"] = USER_AGENT
        self.generation = _generation if generation is None else generation
        watched = _WatchedAdapter()
        self.mount("http://", watched)
        self.mount("https://", watched)

    def _check_cancelled(self, name: str) -> None:
        if self.generation != _generation:
            raise CancelledError(f"{name}: cancelled")

    def request(self, method: str | bytes, url: str | bytes,  # type: ignore[override]
                *args: Any, **kwargs: Any) -> requests.Response:
        # Callers (the arxiv package among them) pass no timeout and their own User-Agent.
        kwargs.setdefault("timeout", self.settings.timeout)
        headers = {k: v for k, v in (kwargs.get("headers") or {}).items()
                   if str(k).lower() != "user-agent"}
        headers["User-Agent"] = str(self.headers.get("User-Agent") or USER_AGENT)
        kwargs["headers"] = headers
        return super().request(method, url, *args, **kwargs)

    def fetch(self, url: str, *, stream: bool = False, what: str | None = None,
              max_bytes: int = MAX_BODY_BYTES) -> requests.Response:
        """GET ``url`` politely; returns the first response that is not a transient error.

        The whole answer has a deadline (twice the timeout); with ``stream`` the caller reads the
        body and ``response.deadline`` (:class:`Deadline`) keeps watching: it allows MIN_RATE
        bytes a second more, and the caller calls its ``done()``. Without ``stream`` the body
        is read here, at most ``max_bytes`` of it.
        """
        name = what or host_of(url)
        attempt = 0
        while True:
            self._check_cancelled(name)
            wait_hint: float | None = None
            with self.pacer.turn():
                self._check_cancelled(name)
                self.requests_made += 1
                deadline = Deadline(TOTAL_PER_TIMEOUT * self.settings.timeout,
                                    MIN_RATE if stream else None, self.generation)
                if deadline.cancelled:
                    deadline.done()
                    raise CancelledError(f"{name}: cancelled")
                _local.deadline = deadline
                try:
                    response = self.request("GET", url, stream=True)
                except requests.Timeout:  # silent for a whole timeout: worth another try
                    deadline.done()
                    if deadline.cancelled:
                        raise CancelledError(f"{name}: cancelled") from None
                    error: NetworkError = TimedOutError(
                        f"{name} did not answer within {self.settings.timeout:g} s (timed out)")
                except requests.ConnectionError as exc:
                    deadline.done()
                    check_deadline(deadline, name)
                    reason = connection_reason(exc)
                    error = UnreachableError(f"cannot connect to {name} ({reason})")
                    if reason in OFFLINE_REASONS:  # no network: retrying only makes users wait
                        raise OfflineError(error.message) from exc
                except requests.RequestException as exc:
                    deadline.done()
                    check_deadline(deadline, name)
                    error = UnreachableError(f"the connection to {name} failed "
                                             f"({connection_reason(exc)})")
                else:
                    if response.status_code not in TRANSIENT_STATUSES:
                        if stream:
                            response.deadline = deadline  # type: ignore[attr-defined]
                            return response
                        try:
                            response._content = read_body(response, deadline, name, max_bytes)
                        finally:
                            deadline.done()
                        return response
                    wait_hint = retry_after_seconds(response.headers.get("Retry-After"))
                    error = UnavailableError(
                        f"{name} answered {status_words(response.status_code)}")
                    response.close()
                    deadline.done()
                finally:
                    _local.deadline = None
            if attempt >= self.settings.retries:
                tries = attempt + 1
                raise type(error)(f"{error.message}; gave up after {tries} "
                                  f"{'try' if tries == 1 else 'tries'}, try again later")
            if wait_hint is not None and wait_hint > MAX_RETRY_AFTER:
                raise type(error)(f"{error.message} and asks to wait {wait_hint:.0f} s; "
                                  "try again later")
            backoff = self.settings.delay * (2 ** attempt)
            pause_for = max(wait_hint or 0.0, backoff)
            if pause_for > 0:
                if self.sleep is pause:  # this session's cancel ends it, even one just before
                    pause(pause_for, self.generation)
                else:
                    self.sleep(pause_for)
            attempt += 1
