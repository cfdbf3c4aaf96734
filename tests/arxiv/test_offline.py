"""Offline: a host name that cannot be resolved fails at once, without the retry pauses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import BaseAdapter

from paperdesk.adapters.polite_http import (
    ArxivSettings,
    OfflineError,
    PoliteSession,
    UnreachableError,
)


class NoDns(BaseAdapter):
    """What requests raises when the resolver has no network (no real lookup is made)."""

    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def send(self, request: requests.PreparedRequest, **kwargs: object) -> requests.Response:
        self.calls += 1
        raise requests.ConnectionError(
            "HTTPSConnectionPool(host='export.arxiv.org', port=443): Max retries exceeded "
            "(Caused by NameResolutionError(\"Failed to resolve 'export.arxiv.org' "
            "([Errno -2] Name or service not known)\"))")

    def close(self) -> None:
        return None


def test_no_dns_fails_after_one_try_without_sleeping() -> None:
    sleeps: list[float] = []
    session = PoliteSession(ArxivSettings(delay=3.0, retries=3), sleep=sleeps.append)
    adapter = NoDns()
    session.mount("https://", adapter)
    with pytest.raises(UnreachableError, match="are you offline"):
        session.fetch("https://export.arxiv.org/api/query?id_list=1706.03762")
    assert adapter.calls == 1
    assert sleeps == []


def test_offline_pdf_run_stops_at_the_first_failure(
    course_ws: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no network, fetch --pdfs reports every paper at once instead of trying 29 times."""
    calls: list[str] = []

    def no_dns(self: PoliteSession, url: str, **kwargs: object) -> requests.Response:
        calls.append(url)
        raise OfflineError("cannot connect to arxiv.org (host name not found; are you offline?)")

    monkeypatch.setattr(PoliteSession, "fetch", no_dns)
    result = cli("fetch", "--pdfs")
    assert result.code == 1
    assert sum("/pdf/" in url for url in calls) == 1  # one try, not one a paper
    assert result.err.count("are you offline?") >= 29
    assert not list((course_ws / ".paperdesk" / "pdfs").glob("*.pdf"))
