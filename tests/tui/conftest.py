"""Fixtures of the TUI tests: the app on a copy of the course workspace, helpers to wait for its
workers, and the loopback arXiv of the arXiv tests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.pilot import Pilot

from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from tests.arxiv.server import FakeArxiv

SIZES = {"80x24": (80, 24), "160x48": (160, 48)}
# How long a test waits for something the app does in the background before it gives up: far
# more than it takes even under load, since the waits end as soon as the thing is done.
WAIT = 60.0


@pytest.fixture(autouse=True)
def prompt_page_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor counts pages 0.8 s after the last key (a student's pause, so that typing does
    not typeset at every letter); a test that typed and then settled waited those 0.8 s idle.
    0.1 s still comes after a burst of Pilot's keys (each 10-20 ms apart), and under load a
    count that starts sooner is only replaced by the next one (counts carry a generation)."""
    monkeypatch.setattr("paperdesk.tui.screens.editor.PAGES_DELAY", 0.1)


@pytest.fixture
def make_app(course_ws: Path) -> Callable[..., PaperdeskApp]:
    """A new app on the course workspace (built when called, so env set by a test applies).

    The editor's autosave is off unless a test asks for it (``make_app(autosave_delay=0.05)``):
    under load a 1 s timer fires while a test is still looking at the unsaved text."""

    def make(autosave_delay: float | None = None) -> PaperdeskApp:
        return PaperdeskApp(Context.discover(), autosave_delay=autosave_delay)

    return make


@pytest.fixture
def fake_arxiv(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeArxiv:
    """A fake arXiv on loopback where every well-formed id exists (and a fake Crossref where
    every DOI does, for the course's readings with a DOI only)."""
    from tests.crossref.server import FakeCrossref

    crossref = FakeCrossref(httpserver).install()
    monkeypatch.setenv("PAPERDESK_CROSSREF_API", crossref.api)
    fake = FakeArxiv(httpserver).install()
    monkeypatch.setenv("PAPERDESK_ARXIV_API", fake.api_url)
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", fake.pdf_base)
    return fake


async def settle(pilot: Pilot[object]) -> None:
    """Wait until every worker is done and its messages are handled, until the desk's extras
    (a worker started after the first paint) are in, and until the editor's page count (a timer
    that starts a worker) has come back."""
    app = pilot.app
    # A deadline, not a count of rounds: on a loaded machine 200 rounds of 20 ms ran out before
    # a worker's answer came. It ends as soon as all is done.
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        await app.workers.wait_for_complete()
        await pilot.pause()
        pending = any(getattr(s, "extras_pending", False) or getattr(s, "pages_pending", False)
                      for s in app.screen_stack)
        if not any(w.is_running for w in app.workers) and not pending:
            break
        await pilot.pause(0.01)
    await pilot.pause()


async def wait_until(check: Callable[[], object], what: str, timeout: float | None = None) -> None:
    """Let the app run until ``check()`` is true; fail, naming ``what``, after ``timeout`` s
    (generous: it only runs out when the awaited thing never comes)."""
    deadline = time.monotonic() + (WAIT if timeout is None else timeout)
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT if timeout is None else timeout:.0f} s for {what}")
        await asyncio.sleep(0.01)


def screen_text(pilot: Pilot[object]) -> str:
    """The text on the screen (the top screen over the ones it shows through), as read."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
