"""Offline: a host name that cannot be resolved fails at once, without the retry pauses."""

from __future__ import annotations

import pytest
import requests
from requests.adapters import BaseAdapter

from paperdesk.adapters.polite_http import ArxivSettings, PoliteSession, UnreachableError


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
