"""A server that trickles (a byte every so often) or sends a gzip bomb: every request has a
total deadline and a cap on what is read, and quitting cancels a download at once.

``PAPERDESK_ARXIV_TIMEOUT`` is per read (each byte comes in time), so before the deadline a
trickle kept ``fetch`` and ``add`` running for as long as the server cared to send.
"""

from __future__ import annotations

import gzip
import linecache
import struct
import sys
import threading
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from paperdesk.adapters.crossref_client import CrossrefClient, CrossrefSettings
from paperdesk.adapters.pdfs import PdfDownloader
from paperdesk.adapters.polite_http import (
    ArxivSettings,
    CancelledError,
    PoliteSession,
    cancel_in_flight,
    current_generation,
    pause,
)
from paperdesk.core.arxiv_id import ArxivId
from tests.arxiv.conftest import pdf_dir_state, stored_ids
from tests.arxiv.feeds import minimal_pdf
from tests.arxiv.server import RawServer, TricklingServer, http_reply

# Long enough that without a deadline the test would still be running when CI gives up.
ENDLESS = b"x" * 100_000
# Each byte comes well within the read timeout (20 times over, so a server thread held up for
# over a third of a second under load still beats it), and the whole answer would take half an
# hour: only the total deadline (twice the timeout) can end it. The values are injected, not the
# product's (30 s); what is shown is that the deadline ends the trickle, whatever its length.
TIMEOUT = "0.4"
BYTE_EVERY = 0.02


def feed_reply() -> bytes:
    return http_reply("200 OK", {"Content-Type": "application/atom+xml",
                                 "Content-Length": str(len(ENDLESS))}, ENDLESS)


def pdf_reply() -> bytes:
    body = minimal_pdf("slow") + ENDLESS
    return http_reply("200 OK", {"Content-Type": "application/pdf",
                                 "Content-Length": str(len(body))}, body)


@pytest.fixture
def trickle_feed() -> Iterator[TricklingServer]:
    server = TricklingServer(feed_reply(), interval=BYTE_EVERY, fast_bytes=40)  # headers too
    yield server
    server.close()


@pytest.fixture
def trickle_pdf() -> Iterator[TricklingServer]:
    reply = pdf_reply()
    server = TricklingServer(reply, interval=BYTE_EVERY, fast_bytes=reply.index(b"%PDF-") + 600)
    yield server
    server.close()


def test_fetch_gives_up_on_a_trickling_feed(small_ws: Path, trickle_feed: TricklingServer,
                                            cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_API", trickle_feed.url("/api/query"))
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", TIMEOUT)
    result = cli("fetch")
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert lines and all("sent its answer too slowly" in line for line in lines), result.err
    assert trickle_feed.connections == 1  # a trickle is not retried: it would trickle again
    assert stored_ids(small_ws) == set()


def test_add_gives_up_on_a_trickling_feed(small_ws: Path, trickle_feed: TricklingServer,
                                          cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_API", trickle_feed.url("/api/query"))
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", TIMEOUT)
    bib = (small_ws / "readings.bib").read_bytes()
    result = cli("add", "2101.00001")
    assert result.code == 2
    assert "sent its answer too slowly" in result.err and len(result.err.splitlines()) == 1
    assert (small_ws / "readings.bib").read_bytes() == bib


def test_a_trickling_pdf_is_given_up_and_leaves_no_file(
    small_ws: Path, trickle_pdf: TricklingServer, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", trickle_pdf.url("/pdf"))
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", TIMEOUT)
    result = cli("fetch", "--pdfs", "vaswani2017attention")
    assert result.code == 1
    assert "sent its answer too slowly" in result.err, result.err
    assert pdf_dir_state(small_ws) == ([], [])


def test_cancel_in_flight_stops_a_download_at_once(tmp_path: Path,
                                                    trickle_pdf: TricklingServer) -> None:
    # A generous timeout: only the cancel can end this download before the test gives up.
    settings = ArxivSettings(pdf_base=trickle_pdf.url("/pdf"), delay=0.0, timeout=600.0)
    downloader = PdfDownloader(settings)
    outcome: list[BaseException | int] = []

    def download() -> None:
        try:
            outcome.append(downloader.download_arxiv(ArxivId.parse("2101.00001"),
                                                     tmp_path / "a.pdf"))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=download, daemon=True)
    worker.start()
    while trickle_pdf.connections == 0 and worker.is_alive():
        worker.join(0.05)
    cancel_in_flight()
    worker.join(60)
    assert not worker.is_alive(), "the download went on after cancel_in_flight()"
    [result] = outcome
    assert isinstance(result, CancelledError), result
    assert trickle_pdf.clients_gone.acquire(timeout=30)  # the connection was dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    # Sessions made after the cancel work as before (the desk may be started again).
    assert PdfDownloader(settings).arxiv.generation != downloader.arxiv.generation
    downloader.close()


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of "<", gzipped as a bomb is made: one compressed MiB, repeated (each copy
    ends in a full flush, so it stands alone). gzip.compress took 1.3 s of CPU for the same."""
    mib = 1024 * 1024
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(b"<" * mib) + deflate.flush(zlib.Z_FULL_FLUSH)
    body = block * (size // mib) + deflate.flush()
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # gzip, deflate, no name, Unix
    return header + body + struct.pack("<II", zlib.crc32(b"<" * size), size & 0xFFFFFFFF)


def test_the_bomb_is_what_gzip_makes_of_it() -> None:
    assert gzip.decompress(gzip_bomb(3 * 1024 * 1024)) == b"<" * (3 * 1024 * 1024)


def test_a_gzip_bomb_is_not_read_past_the_cap(small_ws: Path, cli,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.arxiv.server import RawServer

    bomb = gzip_bomb(200 * 1024 * 1024)
    server = RawServer(http_reply("200 OK", {"Content-Type": "application/atom+xml",
                                             "Content-Encoding": "gzip",
                                             "Content-Length": str(len(bomb))}, bomb))
    try:
        monkeypatch.setenv("PAPERDESK_ARXIV_API", server.url("/api/query"))
        result = cli("fetch")
    finally:
        server.close()
    assert result.code == 1
    lines = result.err.strip().splitlines()
    assert lines and all("sent more than 32 MB (after decompression)" in line
                         for line in lines), result.err
    assert stored_ids(small_ws) == set()


def outcome_within_a_minute(request: Callable[[], object]) -> object:
    """What ``request`` returned or raised, run in a thread that a lost cancel would hang."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(request())
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the request went on: the cancel was lost"
    [result] = outcome
    return result


def test_a_cancel_between_the_check_and_the_request_is_not_lost(
        monkeypatch: pytest.MonkeyPatch, trickle_feed: TricklingServer) -> None:
    # The race a fetch's threads can lose: a session checks it was not cancelled, the cancel
    # comes, and only then is the request's watchdog registered (after the cancel looked).
    settings = ArxivSettings(api=trickle_feed.url("/api/query"), delay=0.0, timeout=600.0)
    session = PoliteSession(settings)
    monkeypatch.setattr(session, "_check_cancelled", lambda name: None)  # passed just in time
    cancel_in_flight()
    result = outcome_within_a_minute(lambda: session.fetch(trickle_feed.url("/api/query")))
    assert isinstance(result, CancelledError), result
    assert trickle_feed.connections == 0  # not even begun
    session.close()


def test_a_cancel_before_a_pool_thread_makes_its_session_stops_it(
        trickle_feed: TricklingServer) -> None:
    # Crossref makes one session a pool thread, when the thread first asks: under load a thread
    # made its session after Ctrl-C's cancel, and that session's request ran for its timeout.
    client = CrossrefClient(CrossrefSettings(api=trickle_feed.url(""), timeout=600.0))
    cancel_in_flight()
    result = outcome_within_a_minute(lambda: client.work("10.1000/late"))
    assert isinstance(result, CancelledError), result
    assert trickle_feed.connections == 0
    client.close()


def test_a_pause_of_a_session_made_before_a_cancel_does_not_begin() -> None:
    # A cancel replaces the event that pauses wait on: a pause begun just after it waited on the
    # new one, for all of its length (a Retry-After may ask for two minutes).
    generation = current_generation()
    cancel_in_flight()
    ended: list[bool] = []
    waiter = threading.Thread(target=lambda: ended.append(pause(600.0, generation) is None),
                              daemon=True)
    waiter.start()
    waiter.join(60)
    assert not waiter.is_alive(), "the pause went on after the cancel"
    assert ended == [True]


def _in_a_pause(thread: threading.Thread) -> bool:
    frame = sys._current_frames().get(thread.ident or 0)
    while frame is not None:
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        if frame.f_code.co_name == "pause" or (frame.f_code.co_name == "fetch"
                                               and "sleep(pause_for)" in line):
            return True
        frame = frame.f_back
    return False


def test_a_cancel_ends_a_crossref_retry_pause() -> None:
    # Crossref's pool threads are joined when the process exits: their waits before a retry
    # (here Retry-After: 100) were time.sleep, which a Ctrl-C's cancel did not end.
    busy = RawServer(http_reply("503 Service Unavailable",
                                {"Retry-After": "100", "Content-Length": "0"}, b""))
    client = CrossrefClient(CrossrefSettings(api=busy.url(""), timeout=600.0))
    outcome: list[BaseException | object] = []

    def work() -> None:
        try:
            outcome.append(client.work("10.1000/busy"))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    for _ in range(6000):  # until it waits before its retry (or is done, which fails below)
        if _in_a_pause(worker) or not worker.is_alive():
            break
        threading.Event().wait(0.01)
    cancel_in_flight()
    worker.join(60)
    busy.close()
    client.close()
    assert not worker.is_alive(), "the pause before the retry went on after the cancel"
    [result] = outcome
    assert isinstance(result, CancelledError), result
    assert busy.connections == 1
