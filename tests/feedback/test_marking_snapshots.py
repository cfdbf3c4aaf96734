"""SVG snapshots of the marking screen at 80x24 and 120x40: a review marked by another TA, with
its comment, the rendered review with its math as TeX source. After a deliberate change of the
look: ``pytest tests/feedback/test_marking_snapshots.py --snapshot-update``, then check the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.pilot import Pilot

from paperdesk.services.context import Context
from paperdesk.services.gradebook import build
from paperdesk.tui.gradebook_app import GradebookApp

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def app(marked_class: Path) -> GradebookApp:
    ctx = Context.discover()
    with ctx.store.engine.begin() as conn:  # the marks' times as on every machine
        conn.execute(text("UPDATE gb_exception SET at = '2021-06-01T12:00:00-05:00'"))
    return GradebookApp(build(ctx), ctx)


async def _mark(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_marking_screen(snap_compare: Any, app: GradebookApp, size: str) -> None:
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_mark)
