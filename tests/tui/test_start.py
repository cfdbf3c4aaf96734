"""Starting the desk on a broken workspace: one line and exit status 2, never a traceback."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.tui.app import PaperdeskApp
from tests.tui.conftest import settle


def test_a_broken_course_file_is_one_line(course_ws: Path, cli) -> None:  # type: ignore[no-untyped-def]
    (course_ws / "course.toml").write_text('[course]\nname = "x"\n', encoding="utf-8")
    result = cli()
    assert result.code == 2
    line = result.err.strip()
    assert "\n" not in line and line.startswith(f"paperdesk: {course_ws / 'course.toml'}")
    assert "timezone" in line
    assert "Traceback" not in result.err + result.out


def test_no_workspace_is_one_line(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = cli()
    assert result.code == 2
    assert result.err.startswith("paperdesk: no readings.bib in ")


async def test_unreadable_entries_are_announced(course_ws: Path) -> None:
    from paperdesk.services.context import Context
    from paperdesk.tui.app import PaperdeskApp
    from tests.tui.conftest import settle

    bib = course_ws / "readings.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + "\n@misc{broken,\n  title = {no end\n",
                   encoding="utf-8")
    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("could not be read" in w and "paperdesk check" in w for w in warnings)
        assert len(app.screen.model.readings) == 49


async def test_the_collector_paused_for_the_start_runs_again_once_drawn(
        make_app: Callable[[], PaperdeskApp]) -> None:
    """``paperdesk`` starts with the cycle collector off (cli._run_tui); the desk's first paint
    gives it back."""
    app = make_app()
    app.collector_paused = True
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert gc.isenabled() and not app.collector_paused
    finally:
        gc.enable()
