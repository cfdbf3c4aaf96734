"""Submitting from the desk: the status turns final, the deadline bar counts it, and s again
takes it back; the reading's own status cycles with m."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from textual.widgets import Label

from paperdesk.core.deadlines import BatchStanding
from paperdesk.services.context import Context
from paperdesk.services.reviews import create_review, save_review, submit
from paperdesk.services.statuses import reading_states
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.data.loading import first_paint_model, load_extras
from paperdesk.tui.widgets.deadline_bar import BatchGauge, DeadlineBar, due_forms
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import screen_text, settle
from tests.tui.harness import harness

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
        assert gauge.count_text == "0/10"
        assert gauge.has_class("-next")
        assert app.screen.model.status(KEY) == "draft"
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.model.status(KEY) == "final"
        assert gauge.count_text == "1/10"
        assert gauge.progress == 1
        assert "2/40 pts" in screen_text(pilot)
        assert any("counts toward Batch 1 (1/10)" in n.message for n in app._notifications)
        assert "status: final" in (course_ws / "reviews" / f"{KEY}.md").read_text()

        await pilot.press("s")  # again: back to draft
        await settle(pilot)
        assert app.screen.model.status(KEY) == "draft"
        assert gauge.count_text == "0/10"


async def test_submitting_nothing_names_the_reading(make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors and KEY in errors[0].message and "no review" in errors[0].message
        assert "r starts one" in errors[0].message  # the key, not the command line
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
    # It was stored: a desk started now has it in its first paint and in its extras (whose
    # statuses replace the first paint's), loaded as the desk loads them, without a desk.
    ctx = Context.discover()
    assert first_paint_model(ctx).status(KEY) == "read"
    assert load_extras(ctx, list(ctx.catalog.readings)).statuses[KEY] == "read"


async def test_fast_status_changes_are_stored_in_order(
        make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("m", "m", "m", "m")  # unread -> reading -> read -> unread -> reading
        await settle(pilot)
        assert app.screen.model.status(KEY) == "reading"
    # As stored: the last of the four, not one overtaken (the desk reads it back at start:
    # test_m_cycles_the_reading_status).
    assert reading_states(Context.discover())[KEY] == "reading"


async def test_on_80_columns_the_bar_still_says_what_matters(
        course_ws: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Batch 1 closed nine reviews short, a review late, Batch 2 next: on 80 columns the bar
    drops the dates, never the days left or what was missed.

    The bar alone (harness), as wide as the desk's (the screen's width), showing the standing
    the desk's extras give it; the desk shows it as it loads: test_submit_counts_toward_..."""
    monkeypatch.setenv("PAPERDESK_NOW", "2021-04-10T12:00:00-05:00")
    write_review(KEY)
    submit(Context.discover(), KEY)  # counts toward Batch 1
    monkeypatch.setenv("PAPERDESK_NOW", "2021-06-01T12:00:00-05:00")
    write_review("sutskever2014sequence")
    submit(Context.discover(), "sutskever2014sequence")  # after both deadlines: late
    monkeypatch.setenv("PAPERDESK_NOW", "2021-04-25T12:00:00-05:00")  # Batch 1 closed
    ctx = Context.discover()
    deadlines = DeadlineBar(ctx.course.rules, id="deadlines")
    async with harness(deadlines, size=(80, 24)) as pilot:
        standing = load_extras(ctx, list(ctx.catalog.readings)).standing
        assert standing is not None
        deadlines.show(standing)
        await settle(pilot)
        assert deadlines.region.width == 80
        bar = screen_text(pilot).splitlines()[deadlines.region.y]
        assert "Batch 1" in bar and "1/10" in bar and "9 missed" in bar
        assert "Batch 2" in bar and "31d left" in bar
        assert "2/40 pts · 1 late" in bar
        gauges = list(deadlines.query(BatchGauge))
        assert all(g.bar_shown for g in gauges)  # the bars fit too
        assert gauges[1].has_class("-next") and gauges[0].has_class("-missed")


def test_the_due_text_keeps_its_point_when_short() -> None:
    due = datetime(2021, 4, 21, 16, tzinfo=UTC)
    open_ = BatchStanding("Batch 1", due, 10, ("a",), days_left=7, passed=False)
    assert due_forms(open_)[0] == "due Wed 21 Apr 16:00 · 7 days left"
    assert due_forms(open_)[-2:] == ["7d left", "7d"]
    missed = BatchStanding("Batch 1", due, 10, ("a",), days_left=-4, passed=True)
    assert due_forms(missed)[-2:] == ["9 missed", "-9"]
    full = BatchStanding("Batch 1", due, 1, ("a",), days_left=3, passed=False)
    assert due_forms(full)[-2:] == ["complete", "done"]
    today = BatchStanding("Batch 1", due, 10, (), days_left=0, passed=False)
    assert "due today 16:00" in due_forms(today)


async def test_s_on_a_review_counted_in_a_closed_batch_asks_first(
        make_app: Callable[[], PaperdeskApp], course_ws: Path,
        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """One key must not lose an on-time submission: s asks, and keeping it final is the default."""
    from textual.widgets import Button

    from paperdesk.tui.dialogs.unsubmit import UnsubmitDialog

    write_review(KEY)
    submit(Context.discover(), KEY)  # 14 April: counts toward Batch 1
    monkeypatch.setenv("PAPERDESK_NOW", "2021-04-25T12:00:00-05:00")  # Batch 1 closed
    path = course_ws / "reviews" / f"{KEY}.md"
    before = path.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, UnsubmitDialog)
        assert "Back to draft: vaswani2017attention?" in screen_text(pilot)
        loss = str(app.screen.query_one("#unsubmit-loss", Label).render())
        assert loss.startswith("Submitted Wed 14 Apr 2021 12:00 CDT, it counts toward Batch 1, "
                               "which closed Wed 21 Apr 2021 16:00 CDT")
        assert app.screen.focused is app.screen.query_one("#keep", Button)
        await pilot.press("enter")  # the default: keep it final
        await settle(pilot)
        assert not isinstance(app.screen, UnsubmitDialog)
        assert path.read_bytes() == before
        assert app.screen.model.status(KEY) == "final"

        await pilot.press("s")
        await settle(pilot)
        await pilot.click("#unsubmit")
        await settle(pilot)
        assert app.screen.model.status(KEY) == "draft"
        assert "status: draft" in path.read_text()


async def test_e_on_a_two_page_review_is_no_green_success(
        make_app: Callable[[], PaperdeskApp]) -> None:
    """Over the limit: the editor's wording, in red, not 'Exported (2 pages)'."""
    write_review(KEY, "\n\n".join(["A long paragraph of careful thoughts. " * 14] * 30))
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to(KEY)
        await pilot.press("e")
        await settle(pilot)
        shown = [n for n in app._notifications if n.title.startswith("Exported")]
        assert len(shown) == 1, [n.message for n in app._notifications]
        assert shown[0].severity == "error"
        assert shown[0].message.startswith(f"reviews/{KEY}.pdf: ")
        assert "pages: over the 1-page limit" in shown[0].message
