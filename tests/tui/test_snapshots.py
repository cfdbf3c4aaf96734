"""SVG snapshots of each screen at 80x24 and 160x48, with PAPERDESK_NOW fixed (conftest).

After a deliberate change of the look: ``pytest tests/tui/test_snapshots.py --snapshot-update``,
then open the SVGs in ``__snapshots__/`` and check them before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from paperdesk.services.context import Context
from paperdesk.services.reviews import create_review, save_review, submit
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from tests.tui.conftest import SIZES, settle

REVIEW = """
The paper replaces recurrence with attention: every position looks at every other one through
scaled dot products, $\\mathrm{softmax}(QK^\\top / \\sqrt{d_k}) V$, in several heads at once.

## What convinced me

Training is parallel across positions, so the base model trains in twelve hours on eight GPUs,
and it beats the recurrent baselines on WMT 2014.
"""


@pytest.fixture
def desk_with_work(make_app: Callable[[], PaperdeskApp],
                   monkeypatch: pytest.MonkeyPatch) -> PaperdeskApp:
    """The desk one week into the term: a final review, a draft, a reading in progress.

    snap_compare runs it with ``run()``, in the test process: the desk's ``run`` is for a process
    that is the desk (it freezes the whole heap for the session, then unfreezes it all), so here
    it runs as Textual's, as ``run_test`` does; it froze earlier tests' garbage and then undid
    the suite's own freeze (tests/conftest.py), for every later test of the worker."""
    monkeypatch.setattr(PaperdeskApp, "run", App.run)
    ctx = Context.discover()
    for key in ("vaswani2017attention", "sutskever2014sequence"):
        loaded = create_review(ctx, key)
        save_review(ctx, loaded, loaded.text + REVIEW)
    submit(ctx, "sutskever2014sequence")
    return make_app()


def run(*keys: str) -> Callable[[Pilot[Any]], Any]:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        # A blinking cursor is drawn or not depending on when the picture is taken (under load,
        # any time): both kinds of cursor stay on.
        for area in pilot.app.screen.query(TextArea):
            area.cursor_blink = False
            for _ in range(200):  # the editor focuses its text once shown: wait for it
                if pilot.app.focused is area:
                    break
                await pilot.pause(0.01)
            # TextArea caches its lines with no cursor in the key once blinking is off, so a
            # line drawn in a blink's dark half stayed dark (seen under load): draw them anew.
            area.notify_style_update()
            area.refresh()
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return before


@pytest.mark.parametrize("size", SIZES)
def test_desk(snap_compare: Any, desk_with_work: PaperdeskApp, size: str) -> None:
    assert snap_compare(desk_with_work, terminal_size=SIZES[size], run_before=run("down"))


@pytest.mark.parametrize("size", SIZES)
def test_desk_filtered(snap_compare: Any, desk_with_work: PaperdeskApp, size: str) -> None:
    assert snap_compare(desk_with_work, terminal_size=SIZES[size],
                        run_before=run("slash", *"transformer"))


@pytest.mark.parametrize("size", SIZES)
def test_editor(snap_compare: Any, desk_with_work: PaperdeskApp, size: str) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(ReadingList).move_to("vaswani2017attention")
        await pilot.press("r")
        # The editor is pushed once its file is read (a worker, then a message): under load that
        # can come after run()'s settle, which then found no text area to steady the cursor of.
        for _ in range(1000):
            if isinstance(pilot.app.focused, TextArea):
                break
            await pilot.pause(0.01)
        await run()(pilot)

    assert snap_compare(desk_with_work, terminal_size=SIZES[size], run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare: Any, desk_with_work: PaperdeskApp, size: str) -> None:
    assert snap_compare(desk_with_work, terminal_size=SIZES[size], run_before=run("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_week(snap_compare: Any, desk_with_work: PaperdeskApp, size: str) -> None:
    assert snap_compare(desk_with_work, terminal_size=SIZES[size], run_before=run("w"))


def test_week_at_120_columns(snap_compare: Any, desk_with_work: PaperdeskApp) -> None:
    """120 columns: what is due is whole ("Initial proposal", "Project presentation and
    website"), the long topic gives way with "…"."""
    assert snap_compare(desk_with_work, terminal_size=(120, 40), run_before=run("w"))
