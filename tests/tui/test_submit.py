"""Submitting from the desk: the status turns final, the deadline bar counts it, and s again
takes it back; the reading's own status cycles with m."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Label, ProgressBar

from paperdesk.services.context import Context
from paperdesk.services.reviews import create_review, save_review
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.deadline_bar import BatchGauge, DeadlineBar
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import screen_text, settle

KEY = "vaswani2017attention"


def write_review(key: str, body: str = "Attention is all the model needs, it says.") -> None:
    ctx = Context.discover()
    loaded = create_review(ctx, key)
    save_review(ctx, loaded, loaded.text + "\n" + body + "\n")


def batch_one(app: PaperdeskApp) -> BatchGauge:
    return app.screen.query_one(DeadlineBar).query(BatchGauge).first()


async def test_submit_counts_toward_the_next_batch(make_app: Callable[[], PaperdeskApp],
                                                   course_ws: Path) -> None:
    write_review(KEY)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        gauge = batch_one(app)
        assert str(gauge.query_one(".batch-count", Label).render()) == "0/10"
        assert gauge.has_class("-next")
        assert app.screen.model.status(KEY) == "draft"
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.model.status(KEY) == "final"
        assert str(gauge.query_one(".batch-count", Label).render()) == "1/10"
        assert gauge.query_one(ProgressBar).progress == 1
        assert "2/40 pts" in screen_text(pilot)
        assert any("counts toward Batch 1 (1/10)" in n.message for n in app._notifications)
        assert "status: final" in (course_ws / "reviews" / f"{KEY}.md").read_text()

        await pilot.press("s")  # again: back to draft
        await settle(pilot)
        assert app.screen.model.status(KEY) == "draft"
        assert str(gauge.query_one(".batch-count", Label).render()) == "0/10"


async def test_submitting_nothing_names_the_reading(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and KEY in errors[0].message and "no review" in errors[0].message
        assert app.screen.model.status(KEY) == "unread"


async def test_late_reviews_stand_out(make_app: Callable[[], PaperdeskApp],
                                      monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PAPERDESK_NOW", "2021-06-20T12:00:00-05:00")  # after both deadlines
    write_review(KEY)
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        points = app.screen.query_one("#points", Label)
        assert "1 late" in str(points.render()) and points.has_class("-late")
        assert batch_one(app).has_class("-missed")


async def test_m_cycles_the_reading_status(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("m")
        assert app.screen.model.status(KEY) == "reading"  # shown at once
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert app.screen.model.status(KEY) == "read"
    again = make_app()  # it was stored
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert again.screen.model.status(KEY) == "read"


async def test_fast_status_changes_are_stored_in_order(
        make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("m", "m", "m", "m")  # unread -> reading -> read -> unread -> reading
        await settle(pilot)
        assert app.screen.model.status(KEY) == "reading"
    again = make_app()
    async with again.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert again.screen.model.status(KEY) == "reading"
