"""SVG snapshots of the gradebook screen at 80x24 (students above their reviews) and 160x48
(side by side). After a deliberate change of the look: ``pytest
tests/collect/test_gradebook_snapshots.py --snapshot-update``, then check the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from paperdesk.tui.gradebook_app import GradebookApp
from tests.collect.builders import LONG, Spec, on_time, write_reviews

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}


@pytest.fixture
def app(ctx: Context, submissions: Path) -> GradebookApp:
    write_reviews(submissions / "hana" / "reviews", on_time(10) + on_time(3, start=10, month=5),
                  "Hana Hill", "hana@uni.edu")
    write_reviews(submissions / "ivan" / "reviews",
                  [*on_time(2), Spec("r05", "2021-04-10T10:00:00-05:00", body=LONG),
                   Spec("r06", "2021-05-27T10:00:00-05:00"), Spec("r07", None)],
                  "Ivan Ivers", "ivan@uni.edu")
    # Relative to the instructor's workspace (the cwd): the same paths on every machine.
    return GradebookApp(collect([Path("../submissions")], ctx))


async def _ivan(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("down")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_gradebook(snap_compare: Any, app: GradebookApp, size: str) -> None:
    assert snap_compare(app, terminal_size=SIZES[size], run_before=_ivan)
