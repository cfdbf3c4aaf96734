"""Loopback servers for the arXiv tests: a fake arXiv on pytest-httpserver, and raw sockets for
the faults an HTTP framework will not produce (a server that never answers, a body cut short)."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.arxiv.feeds import FakePaper, answer_query, minimal_pdf

PDF_PATH = re.compile(r"^/pdf/(?P<id>.+)$")


@dataclass
class FakeArxiv:
    """The query API at ``/api/query`` and PDFs at ``/pdf/<id>``, with scripted faults first.

    ``papers`` None: every well-formed id exists. ``api_faults`` / ``pdf_faults`` are responses
    served (one per request) before the normal answers resume.
    """

    server: HTTPServer
    papers: Mapping[str, FakePaper] | None = None
    api_faults: deque[Response] = field(default_factory=deque)
    pdf_faults: deque[Response] = field(default_factory=deque)
    pdf_body: Callable[[str], bytes] = lambda arxiv_id: minimal_pdf(f"arXiv {arxiv_id}")
    api_queries: list[dict[str, str]] = field(default_factory=list)
    pdf_requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    request_times: list[float] = field(default_factory=list)  # time.monotonic() of each request

    def install(self) -> FakeArxiv:
        self.server.expect_request("/api/query").respond_with_handler(self._api)
        self.server.expect_request(PDF_PATH).respond_with_handler(self._pdf)
        return self

    @property
    def api_url(self) -> str:
        return self.server.url_for("/api/query")

    @property
    def pdf_base(self) -> str:
        return self.server.url_for("/pdf")

    def _api(self, request: Request) -> Response:
        self.api_queries.append(dict(request.args))
        self.request_times.append(time.monotonic())
        self.user_agents.append(request.headers.get("User-Agent", ""))
        if self.api_faults:
            return self.api_faults.popleft()
        status, body = answer_query(request.query_string.decode(), self.papers)
        return Response(body, status=status, content_type="application/atom+xml; charset=utf-8")

    def _pdf(self, request: Request) -> Response:
        match = PDF_PATH.match(request.path)
        assert match is not None
        self.pdf_requests.append(match.group("id"))
        self.request_times.append(time.monotonic())
        self.user_agents.append(request.headers.get("User-Agent", ""))
        if self.pdf_faults:
            return self.pdf_faults.popleft()
        return Response(self.pdf_body(match.group("id")), content_type="application/pdf")


class RawServer:
    """A TCP server on 127.0.0.1 that answers every connection with ``reply`` (raw bytes) and
    closes it; with ``reply=None`` it reads the request and never answers (a hung server)."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._accepted = threading.Condition()
        self._stop = threading.Event()
        self._open: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._accepted:
                self.connections += 1
                self._accepted.notify_all()
            conn.settimeout(2)
            with contextlib.suppress(OSError):
                conn.recv(65536)  # the request; its content does not matter here
            if self.reply is None:
                self._open.append(conn)  # keep it open, say nothing
                continue
            with contextlib.suppress(OSError):
                conn.sendall(self.reply)
            conn.close()

    def accepted(self, count: int) -> int:
        """The connections accepted, once ``count`` were (or after 10 s): the client may give
        up on its last one before this thread, under load, has even taken it."""
        with self._accepted:
            self._accepted.wait_for(lambda: self.connections >= count, timeout=10)
            return self.connections

    def close(self) -> None:
        self._stop.set()
        # wakes the accept() at once (it would otherwise wait out its 0.2 s poll)
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=2)
        for conn in self._open:
            conn.close()
        self.sock.close()


def refused_url(path: str) -> str:
    """A loopback URL nothing listens on (the port was just free), so connecting is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}{path}"


def http_reply(status: str, headers: Mapping[str, str], body: bytes) -> bytes:
    """Raw HTTP/1.1 response bytes; ``headers`` are sent as given (Content-Length may lie)."""
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items()),
             "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + body


class TricklingServer:
    """A server on 127.0.0.1 that answers each connection with ``reply`` one byte every
    ``interval`` seconds (the headers too, from byte ``fast_bytes`` on), as a server that is
    barely alive does. It stops at once when the client goes away, and counts those who did."""

    def __init__(self, reply: bytes, interval: float = 0.3, fast_bytes: int = 0) -> None:
        self.reply = reply
        self.interval = interval
        self.fast_bytes = fast_bytes
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.clients_gone = threading.Semaphore(0)  # released once a client hung up on us
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._trickle, args=(conn,), daemon=True).start()

    def _trickle(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            conn.settimeout(5)
            conn.recv(65536)
            conn.sendall(self.reply[: self.fast_bytes])
            for i in range(self.fast_bytes, len(self.reply)):
                if self._stop.wait(self.interval):
                    return
                try:
                    conn.sendall(self.reply[i : i + 1])
                except OSError:  # the client hung up: what the tests wait for
                    self.clients_gone.release()
                    return
            self._stop.wait()

    def close(self) -> None:
        self._stop.set()
        self.sock.close()
