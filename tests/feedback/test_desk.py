"""The desk marks readings whose review has feedback and shows the comment in the detail pane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.feedback.conftest import as_student
from tests.tui.conftest import screen_text, settle


async def test_the_desk_shows_feedback(cli: Any, marked_class: Path, student: Path,
                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("feedback", "export", str(tmp_path / "out")).code == 0
    as_student(monkeypatch, student)
    assert cli("feedback", "import",
               str(tmp_path / "out" / "Ada-Lovelace-feedback.zip")).code == 0
    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("r00")
        await pilot.pause()
        text = screen_text(pilot)
        assert "1/2 pts" in text and "2/2 pts" in text  # r00 and r01 in the list
        detail = str(app.screen.query_one("#detail-body").render())
        assert "Feedback: 1 of 2 points by TA Tess" in detail
        assert "Clear summary." in detail and "stated well" in detail
        app.screen.query_one(ReadingList).move_to("r05")
        await pilot.pause()
        assert "Feedback" not in str(app.screen.query_one("#detail-body").render())
