"""Offline: a host name that cannot be resolved fails at once, without the retry pauses.

No lookup is made: a requests adapter raises what the resolver would, and every endpoint
points at 127.0.0.1.
"""

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


def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every request fails as it does with no network; returns the URLs that were tried."""
    calls: list[str] = []

    def no_dns(self: PoliteSession, url: str, **kwargs: object) -> requests.Response:
        calls.append(url)
        raise OfflineError(f"cannot connect to {url.split('/')[2]} (host name not found; "
                           "are you offline?)")

    monkeypatch.setattr(PoliteSession, "fetch", no_dns)
    return calls


def test_offline_pdf_run_stops_at_the_first_failure(
    course_ws: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no network, a PDF run reports every paper at once instead of trying 29 times."""
    from paperdesk.services.context import Context
    from paperdesk.services.fetch import fetch_pdfs

    calls = no_network(monkeypatch)
    report = fetch_pdfs(Context.discover())
    assert sum("/pdf/" in url for url in calls) == 1  # one try, not one a paper
    assert report.offline and len(report.failures) == 30  # 29 arXiv + one PDF URL
    assert all("are you offline?" in message for _, message in report.failures)
    assert not list((course_ws / ".paperdesk" / "pdfs").glob("*.pdf"))


def test_offline_fetch_pdfs_asks_once_and_skips_the_pdfs(
    course_ws: Path, cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The metadata requests find no network: the PDF phase is not tried at all.

    (Before, the PDF phase tried once more; the first failed request already said it all.)
    arXiv and Crossref are asked at once (two hosts, each paced on its own), so each finds it
    out for itself: one try for arXiv, at most one per Crossref slot, none repeated.
    """
    calls = no_network(monkeypatch)
    result = cli("fetch", "--pdfs")
    assert result.code == 1
    assert sum("/api/query" in url for url in calls) == 1
    assert len(calls) == len(set(calls)) <= 1 + 3  # no retry, no second round
    assert not any("/pdf/" in url for url in calls)
    # each reading named once: 29 arXiv papers and 3 DOIs
    assert result.err.count("are you offline?") == 32
    assert "PDFs: not tried, no network" in result.out
    assert not list((course_ws / ".paperdesk" / "pdfs").glob("*.pdf"))


def test_offline_metadata_asks_once_for_many_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """250 ids are three batches; with no network the second and third are not asked for."""
    from paperdesk.services.context import Context
    from paperdesk.services.fetch import fetch_metadata
    from tests.arxiv.conftest import arxiv_bib, make_ws
    from tests.arxiv.feeds import generated_ids

    ids = generated_ids(250)
    make_ws(tmp_path / "ws", arxiv_bib({f"p{i}": x for i, x in enumerate(ids)}), monkeypatch)
    calls = no_network(monkeypatch)
    seen: list[int] = []
    report = fetch_metadata(Context.discover(), progress=lambda done, total, _: seen.append(done))
    assert len(calls) == 1
    assert len(report.failures) == 250 and report.offline
    assert seen[-1] == 250  # progress still reaches the end
