"""Downloading PDFs: to a ``.part`` file, checked, then renamed into place.

A file named ``*.pdf`` in ``.paperdesk/pdfs/`` is always a whole PDF: the body must start with
``%PDF-``, have a sane size, be as long as ``Content-Length`` said, and end with ``%%EOF``
(within the last couple of kilobytes, as readers expect). Anything else (an HTML page, a cut-off
transfer) leaves no file behind and raises a :class:`BadAnswerError` in plain words.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import replace
from pathlib import Path

import requests

from paperdesk.adapters.polite_http import (
    CUT_OFF,
    DEFAULT_TIMEOUT,
    MIN_RATE,
    ArxivSettings,
    BadAnswerError,
    Deadline,
    Pacer,
    PoliteSession,
    UnavailableError,
    arxiv_pacer,
    check_deadline,
    connection_reason,
    host_of,
    status_words,
)
from paperdesk.core.arxiv_id import ArxivId

MIN_PDF_BYTES = 1024
MAX_PDF_BYTES = 300 * 1024 * 1024
EOF_WINDOW = 2048
CHUNK = 64 * 1024
PDF_TYPES = ("application/pdf", "application/x-pdf")


class NotAPdfError(BadAnswerError):
    pass


class IncompletePdfError(BadAnswerError):
    pass


def arxiv_pdf_url(settings: ArxivSettings, arxiv_id: ArxivId) -> str:
    """``<base>/<id>``: the pinned version when the reading names one, else the latest."""
    return f"{settings.pdf_base.rstrip('/')}/{arxiv_id.versioned}"


def _content_type(response: requests.Response) -> str:
    return response.headers.get("Content-Type", "").split(";")[0].strip().lower()


class PdfDownloader:
    """One download at a time; arXiv's with its pacing, other hosts' without the pause."""

    def __init__(self, settings: ArxivSettings, pacer: Pacer | None = None) -> None:
        self.settings = settings
        self.arxiv = PoliteSession(settings, pacer=pacer or arxiv_pacer(settings.delay))
        self.other = PoliteSession(replace(settings, delay=0.0, retries=1))

    @property
    def requests_made(self) -> int:
        return self.arxiv.requests_made + self.other.requests_made

    def close(self) -> None:
        self.arxiv.close()
        self.other.close()

    def download_arxiv(self, arxiv_id: ArxivId, dest: Path) -> int:
        url = arxiv_pdf_url(self.settings, arxiv_id)
        response = self.arxiv.fetch(url, stream=True, what=f"arXiv ({host_of(url)})")
        return save_pdf(response, dest, f"the PDF of {arxiv_id}")

    def download_url(self, url: str, dest: Path) -> int | None:
        """The PDF a reading's URL serves; None (nothing fetched) when it serves something else."""
        response = self.other.fetch(url, stream=True)
        if response.status_code == 200 and _content_type(response) not in PDF_TYPES:
            response.close()
            _deadline(response).done()
            return None
        return save_pdf(response, dest, f"the PDF at {url}")


def _deadline(response: requests.Response) -> Deadline:
    """The watchdog :meth:`PoliteSession.fetch` put on a streamed response (a fresh one else)."""
    deadline = getattr(response, "deadline", None)
    return deadline if isinstance(deadline, Deadline) else Deadline(DEFAULT_TIMEOUT, MIN_RATE)


def save_pdf(response: requests.Response, dest: Path, what: str) -> int:
    """Stream ``response`` into ``dest`` via ``dest.part``; returns the size written.

    Within the response's deadline: a server that trickles is given up (TooSlowError), and
    quitting the desk stops the download at once (CancelledError); no file is left either way.
    """
    deadline = _deadline(response)
    with response, contextlib.ExitStack() as finish:
        finish.callback(deadline.done)
        if response.status_code != 200:
            raise UnavailableError(f"{what}: {host_of(response.url)} answered "
                                   f"{status_words(response.status_code)}")
        expected = _expected_length(response)
        if expected is not None and expected > MAX_PDF_BYTES:
            raise NotAPdfError(f"{what} is {expected / 1e6:.0f} MB; paperdesk stops at "
                               f"{MAX_PDF_BYTES / 1e6:.0f} MB")
        dest.parent.mkdir(parents=True, exist_ok=True)
        part = dest.with_name(dest.name + ".part")
        size = 0
        try:
            head, tail = b"", b""
            with open(part, "wb") as out:
                for chunk in response.iter_content(CHUNK):
                    if len(head) < 5:  # judge the first bytes before writing more
                        head += chunk[:5]
                        if len(head) >= 5:
                            _check_magic(head, _content_type(response), what)
                    size += len(chunk)
                    deadline.received = size
                    if size > MAX_PDF_BYTES:
                        raise NotAPdfError(f"{what} is over {MAX_PDF_BYTES / 1e6:.0f} MB; "
                                           "stopped")
                    out.write(chunk)
                    tail = (tail + chunk)[-EOF_WINDOW:]
                out.flush()
                os.fsync(out.fileno())
            check_deadline(deadline, what)  # a shut-down socket ends the body early
            _check_magic(head, _content_type(response), what)
            if expected is not None and size != expected:
                raise IncompletePdfError(f"{what} was cut off: {size} of {expected} bytes arrived")
            if size < MIN_PDF_BYTES:
                raise NotAPdfError(f"{what} is only {size} bytes: not a whole PDF")
            if b"%%EOF" not in tail:
                raise IncompletePdfError(f"{what} was cut off: {size} bytes arrived and the PDF's "
                                         "end marker (%%EOF) is missing")
            os.replace(part, dest)
            return size
        except requests.RequestException as exc:
            check_deadline(deadline, what)
            reason = connection_reason(exc)
            got = f" after {size} bytes" if size else ""
            if reason == CUT_OFF:
                raise IncompletePdfError(f"{what} was cut off{got}: the connection ended before "
                                         "the whole file arrived") from exc
            raise IncompletePdfError(f"the download of {what} broke off{got} ({reason})") from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()


def _expected_length(response: requests.Response) -> int | None:
    # With a Content-Encoding the header counts compressed bytes, not what iter_content yields.
    if response.headers.get("Content-Encoding", "identity").lower() not in ("", "identity"):
        return None
    raw = response.headers.get("Content-Length", "")
    return int(raw) if raw.isdigit() else None


def _check_magic(head: bytes, content_type: str, what: str) -> None:
    if head.startswith(b"%PDF-"):
        return
    if not head:
        raise NotAPdfError(f"{what}: the server sent an empty answer, not a PDF")
    start = head.lstrip()[:64].lower()
    if content_type == "text/html" or start.startswith((b"<!doctype", b"<html", b"<")):
        raise NotAPdfError(f"{what}: the server sent an HTML page, not a PDF")
    shown = content_type or "no content type"
    raise NotAPdfError(f"{what}: the server sent something that is not a PDF ({shown})")
