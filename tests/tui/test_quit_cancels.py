"""``q`` while a PDF downloads from a server that trickles: the desk quits at once and the
download is cancelled (it used to keep the screen blank until the server was done)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.arxiv.server import TricklingServer
from tests.arxiv.test_slow_servers import pdf_reply
from tests.tui.conftest import settle


@pytest.fixture
def trickle_pdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[TricklingServer]:
    reply = pdf_reply()
    server = TricklingServer(reply, fast_bytes=reply.index(b"%PDF-") + 600)
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", server.url("/pdf"))
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", "600")  # only quitting can end it in time
    yield server
    server.close()


async def test_q_during_a_download_cancels_it(course_ws: Path,
                                              trickle_pdf: TricklingServer) -> None:
    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("vaswani2017attention")
        await pilot.press("p")
        for _ in range(400):  # until the download is under way (a loaded machine is slow)
            if trickle_pdf.connections:
                break
            await asyncio.sleep(0.05)
        assert trickle_pdf.connections == 1
        await pilot.press("q")
    assert app.return_code == 0
    # The worker let go of the connection: not when the server finished (it never does).
    gone = await asyncio.to_thread(trickle_pdf.clients_gone.acquire, True, 30)
    assert gone, "the download was still running after the desk quit"
    pdfs = course_ws / ".paperdesk" / "pdfs"
    assert not pdfs.exists() or list(pdfs.iterdir()) == []
