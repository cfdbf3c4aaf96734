"""Faults of the query API: each is one plain line per reading, exit 1, and a consistent cache."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from werkzeug import Response

from paperdesk.adapters.arxiv_client import ArxivClient
from paperdesk.adapters.polite_http import ArxivSettings, retry_after_seconds
from paperdesk.core.arxiv_id import ArxivId
from paperdesk.services.context import Context
from paperdesk.services.fetch import fetch_metadata
from tests.arxiv.conftest import SMALL_ARXIV, arxiv_bib, make_ws, pdf_dir_state, stored_ids
from tests.arxiv.feeds import feed_xml, generated_ids, papers_for
from tests.arxiv.server import FakeArxiv, RawServer, http_reply, refused_url


def failure_lines(err: str) -> dict[str, str]:
    lines = err.strip().splitlines()
    assert all(line.startswith("paperdesk: ") for line in lines), err
    assert "Traceback" not in err
    return dict(line[len("paperdesk: "):].split(": ", 1) for line in lines)


def assert_consistent(ws: Path, ids: set[str]) -> None:
    assert stored_ids(ws) == ids
    _pdfs, other = pdf_dir_state(ws)
    assert other == []


def test_503_then_200_is_retried_and_stored(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    fake_arxiv.api_faults.append(Response("busy", status=503, headers={"Retry-After": "0"}))

    result = cli("fetch")

    assert result.code == 0, result.err
    assert len(fake_arxiv.api_queries) == 2
    assert "3 stored (2 requests)" in result.out
    assert_consistent(small_ws, set(SMALL_ARXIV.values()))


def test_503_forever_gives_up_cleanly(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    fake_arxiv.api_faults.extend(Response("busy", status=503) for _ in range(10))

    result = cli("fetch")

    assert result.code == 1
    assert len(fake_arxiv.api_queries) == 4  # one try and three retries: bounded
    failures = failure_lines(result.err)
    assert set(failures) == set(SMALL_ARXIV)
    host = fake_arxiv.api_url.split("/")[2]
    assert set(failures.values()) == {
        f"arXiv ({host}) answered HTTP 503 (service unavailable); gave up after 4 tries, "
        "try again later"}
    assert_consistent(small_ws, set())


def test_hung_server_times_out(small_ws: Path, hung_server: RawServer, cli,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_API", hung_server.url("/api/query"))
    # Short: the server never answers, so every try times out whatever the value (its connection
    # is made at once, by the kernel, on loopback).
    monkeypatch.setenv("PAPERDESK_ARXIV_TIMEOUT", "0.05")

    result = cli("fetch")

    assert result.code == 1
    assert hung_server.accepted(4) == 4
    failures = failure_lines(result.err)
    assert set(failures) == set(SMALL_ARXIV)
    assert all("did not answer within 0.05 s (timed out); gave up after 4 tries" in m
               for m in failures.values())
    assert_consistent(small_ws, set())


def test_html_instead_of_xml(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    page = b"<!DOCTYPE html><html><body><h1>Rate exceeded</h1></body></html>"
    fake_arxiv.api_faults.append(Response(page, status=200, content_type="text/html"))

    result = cli("fetch")

    assert result.code == 1
    assert len(fake_arxiv.api_queries) == 1
    failures = failure_lines(result.err)
    assert set(failures) == set(SMALL_ARXIV)
    assert all(m.endswith("sent an HTML page instead of an Atom feed") for m in failures.values())
    assert_consistent(small_ws, set())


def test_truncated_feed_stores_nothing_of_it(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    whole = feed_xml(list(papers_for(SMALL_ARXIV.values()).values()))
    fake_arxiv.api_faults.append(Response(whole[: len(whole) * 2 // 3], status=200,
                                          content_type="application/atom+xml"))

    result = cli("fetch")

    assert result.code == 1
    assert all("cut off or not valid XML" in m for m in failure_lines(result.err).values())
    assert_consistent(small_ws, set())  # not even the entries before the cut


def test_refused_connection(small_ws: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    url = refused_url("/api/query")
    monkeypatch.setenv("PAPERDESK_ARXIV_API", url)

    result = cli("fetch")

    assert result.code == 1
    failures = failure_lines(result.err)
    assert set(failures) == set(SMALL_ARXIV)
    host = url.split("/")[2]
    assert all(m.startswith(f"cannot connect to arXiv ({host}) (connection refused)")
               for m in failures.values())
    assert_consistent(small_ws, set())


def test_wrong_endpoint_is_not_retried(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    fake_arxiv.server.expect_request("/api/nothing").respond_with_data("Not Found", status=404)
    monkeypatch.setenv("PAPERDESK_ARXIV_API", fake_arxiv.server.url_for("/api/nothing"))

    result = cli("fetch")

    assert result.code == 1 and len(fake_arxiv.server.log) == 1
    assert all("HTTP 404 (not found) (is PAPERDESK_ARXIV_API right?)" in m
               for m in failure_lines(result.err).values())


def test_later_batch_failing_keeps_earlier_batches(tmp_path: Path, fake_arxiv: FakeArxiv,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    ids = generated_ids(150)
    ws = make_ws(tmp_path / "ws", arxiv_bib({f"p{i}": x for i, x in enumerate(ids)}), monkeypatch)
    ctx = Context.discover()
    first = fake_arxiv._api

    def second_batch_down(request):  # the first batch answers, every later request is a 503
        if len(fake_arxiv.api_queries) >= 1:
            fake_arxiv.api_queries.append(dict(request.args))
            return Response("down", status=503)
        return first(request)

    fake_arxiv.server.clear()
    fake_arxiv.server.expect_request("/api/query").respond_with_handler(second_batch_down)

    report = fetch_metadata(ctx)

    assert report.requests == 5
    assert len(report.stored) == 100 and len(report.failures) == 50
    assert stored_ids(ws) == set(ids[:100])
    assert {key for key, _ in report.failures} == {f"p{i}" for i in range(100, 150)}


def test_a_rejected_id_is_set_aside_and_the_rest_fetched(small_ws: Path, fake_arxiv: FakeArxiv,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.arxiv.feeds import error_feed

    fake_arxiv.api_faults.append(Response(error_feed("incorrect id format for 1312.6114"),
                                          status=400, content_type="application/atom+xml"))

    report = fetch_metadata(Context.discover())

    assert report.requests == 2
    assert "1312.6114" not in fake_arxiv.api_queries[1]["id_list"]
    assert report.failures == [
        ("kingma2013auto", "arXiv rejected the request: incorrect id format for 1312.6114")]
    assert sorted(report.stored) == ["old2002quantum", "vaswani2017attention"]


# -- Retry-After and pacing, without waiting: the session's sleep is recorded -----------------
class FakeClock:
    """Time that passes only when slept: sleeps are recorded, not waited for."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds

    def clock(self) -> float:
        return self.now


def client_with_clock(url: str, delay: float = 0.0) -> tuple[ArxivClient, list[float]]:
    from paperdesk.adapters.arxiv_client import ArxivApiSession
    from paperdesk.adapters.polite_http import Pacer

    fake = FakeClock()
    settings = ArxivSettings(api=url, delay=delay)
    pacer = Pacer(delay, sleep=fake.sleep, clock=fake.clock)
    return ArxivClient(settings, ArxivApiSession(settings, pacer, sleep=fake.sleep)), fake.slept


def test_retry_after_is_honoured(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.api_faults.append(Response("slow down", status=429, headers={"Retry-After": "7"}))
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake_arxiv.api_faults.append(Response("busy", status=503, headers={"Retry-After": when}))
    client, slept = client_with_clock(fake_arxiv.api_url)

    [outcome] = client.fetch([ArxivId("1706.03762")])

    assert list(outcome.found) == ["1706.03762"]
    assert slept[0] == 7.0 and 25 < slept[1] <= 30 and len(slept) == 2


def test_backoff_grows_and_pacing_keeps_three_seconds(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.api_faults.extend(Response("busy", status=502) for _ in range(2))
    client, slept = client_with_clock(fake_arxiv.api_url, delay=3.0)

    client.fetch([ArxivId(i) for i in generated_ids(150)])

    assert len(fake_arxiv.api_queries) == 4  # two retries, then the two batches
    assert slept == [3.0, 6.0, 3.0]  # backoff x 1, x 2; then the pause between the batches


def test_a_long_retry_after_is_reported_not_slept(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.api_faults.append(Response("later", status=503, headers={"Retry-After": "3600"}))
    client, slept = client_with_clock(fake_arxiv.api_url)

    [outcome] = client.fetch([ArxivId("1706.03762")])

    assert slept == [] and len(fake_arxiv.api_queries) == 1
    assert outcome.failures["1706.03762"].endswith("and asks to wait 3600 s; try again later")


def test_retry_after_forms() -> None:
    now = datetime(2026, 4, 12, 12, 0, tzinfo=UTC)
    assert retry_after_seconds("120", now) == 120
    assert retry_after_seconds("Sun, 12 Apr 2026 12:01:00 GMT", now) == 60
    assert retry_after_seconds("Sun, 12 Apr 2026 11:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


def test_bad_delay_setting_is_one_line(small_ws: Path, cli,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "three")
    result = cli("fetch")
    assert result.code == 2
    assert result.err == "paperdesk: PAPERDESK_ARXIV_DELAY='three' is not a number of seconds\n"


def test_raw_truncated_feed_body(small_ws: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = feed_xml(list(papers_for(SMALL_ARXIV.values()).values()))
    server = RawServer(http_reply("200 OK", {"Content-Type": "application/atom+xml",
                                             "Content-Length": str(len(whole))}, whole[:500]))
    monkeypatch.setenv("PAPERDESK_ARXIV_API", server.url("/api/query"))
    try:
        result = cli("fetch")
    finally:
        server.close()
    assert result.code == 1
    assert all("answer was cut off" in m for m in failure_lines(result.err).values())
    assert_consistent(small_ws, set())
