"""arXiv's 3 s pause is between two of its requests, never before the first: the course (one
request) and a fetch that finds everything cached (no request) wait for nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.arxiv.server import FakeArxiv
from tests.arxiv.test_faults import FakeClock


def test_one_request_waits_for_nothing_and_a_second_waits_its_turn(
        course_ws: Path, fake_arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch, cli) -> None:
    from paperdesk.adapters import polite_http

    clock = FakeClock()  # sleeps are recorded, not waited for
    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "3")
    monkeypatch.setattr(polite_http, "_arxiv_pacers",
                        {3.0: polite_http.Pacer(3.0, sleep=clock.sleep, clock=clock.clock)})

    assert cli("fetch").code == 0
    assert len(fake_arxiv.api_queries) == 1 and clock.slept == []  # 29 ids, one request
    assert cli("fetch").code == 0
    assert len(fake_arxiv.api_queries) == 1 and clock.slept == []  # all cached: not asked
    # A second request of the same process (the desk fetching again) keeps arXiv's pace.
    assert cli("fetch", "--refresh").code == 0
    assert len(fake_arxiv.api_queries) == 2 and clock.slept == [3.0]
