"""Search inside the PDFs from the desk: 29 PDFs are indexed in the background while keys are
pressed (the desk answers them), then ctrl+t makes the filter find a phrase inside a PDF."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.search.pdfs import paper_pdf
from tests.tui.conftest import screen_text, settle, wait_until


def shown_keys(app: PaperdeskApp) -> list[str]:
    return [r.key for r in app.screen.query_one(ReadingList).shown_readings]


async def test_keys_are_answered_while_29_pdfs_are_indexed(
        course_ws: Path, make_app: Callable[[], PaperdeskApp],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import paperdesk.adapters.pdftext as pdftext

    readings = [r for r in Context.discover().catalog.readings if r.arxiv][:29]
    folder = course_ws / ".paperdesk" / "pdfs"
    folder.mkdir(parents=True)
    target = readings[-1].key
    for r in readings:
        phrase = "ragged blue ocelots" if r.key == target else "nothing special here"
        (folder / f"{r.key}.pdf").write_bytes(paper_pdf(r.key, pages=2, phrase_page=2,
                                                        phrase=phrase))
    started, release = threading.Event(), threading.Event()
    calls: list[str] = []
    real = pdftext.page_texts

    def gated(path: Path) -> list[str]:
        calls.append(path.stem)
        started.set()
        assert release.wait(300), "the test never let indexing go on"
        return real(path)

    monkeypatch.setattr(pdftext, "page_texts", gated)
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        # the indexing worker has begun and is held on its first PDF
        await wait_until(started.is_set, "the indexing worker's first PDF")
        assert len(calls) == 1
        listing = app.screen.query_one(ReadingList)
        first = listing.cursor
        await pilot.press("down", "down")
        await pilot.pause()
        assert listing.cursor != first
        await pilot.press("slash", *"wasserstein")
        await pilot.pause()
        assert shown_keys(app) == ["tolstikhin2018wasserstein"]  # the filter works meanwhile
        assert len(calls) == 1  # and indexing had not got further: it was really running
        await pilot.press("escape")
        release.set()
        await settle(pilot)
        assert len(calls) == 29

        await pilot.press("ctrl+t")  # the filter now looks inside the PDFs too
        await pilot.press(*"ragged blue ocelots")
        await settle(pilot)
        assert shown_keys(app) == [target]
        assert "inside the PDFs" in screen_text(pilot) or target in screen_text(pilot)
        await pilot.press("ctrl+t")  # off again: no title has those words
        await settle(pilot)
        assert shown_keys(app) == []
