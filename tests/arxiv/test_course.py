"""The course's 29 arXiv readings: one request, 29 stored; then offline; batches past 100."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.services.context import Context
from paperdesk.services.fetch import fetch_metadata, record_for
from tests.arxiv.conftest import arxiv_bib, make_ws, stored_ids
from tests.arxiv.feeds import generated_ids
from tests.arxiv.server import FakeArxiv
from tests.crossref.server import FakeCrossref


def test_course_takes_one_request(course_ws: Path, fake_arxiv: FakeArxiv,
                                  fake_crossref: FakeCrossref, cli) -> None:
    ctx = Context.discover()
    ids = {r.arxiv.base for r in ctx.catalog.arxiv_readings if r.arxiv}
    assert len(ids) == 29
    dois = {r.doi.lower() for r in ctx.catalog.readings if r.doi and not r.arxiv}

    result = cli("fetch")

    assert result.code == 0, result.err
    assert len(fake_arxiv.api_queries) == 1
    query = fake_arxiv.api_queries[0]
    assert set(query["id_list"].split(",")) == ids
    assert int(query["max_results"]) >= 29
    assert stored_ids(course_ws) == ids
    # The readings with a DOI and no arXiv id: one Crossref request each.
    assert {d.lower() for d in fake_crossref.requests} == dois and len(dois) == 3
    assert f"{29 + len(dois)} stored" in result.out and "(4 requests)" in result.out
    assert all(ua.startswith("paperdesk/") for ua in fake_arxiv.user_agents)


def test_fetched_metadata_is_shown_offline(course_ws: Path, fake_arxiv: FakeArxiv, cli,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli("fetch").code == 0
    monkeypatch.setenv("PAPERDESK_ARXIV_API", "http://127.0.0.1:9/api/query")  # arXiv gone

    again = cli("fetch")
    shown = cli("show", "vaswani2017attention")
    as_json = cli("show", "vaswani2017attention", "--json")

    assert again.code == 0 and "32 already there" in again.out
    assert len(fake_arxiv.api_queries) == 1
    assert shown.code == 0
    assert "Abstract" in shown.out and "Paper 1706.03762" in shown.out
    data = json.loads(as_json.out)
    assert data["key"] == "vaswani2017attention"
    assert data["metadata"]["arxiv_id"] == "1706.03762"
    assert data["metadata"]["authors"][2] == "Aäron van den Oord"
    assert data["pdf"]["downloaded"] is False
    assert data["review"]["path"].endswith("vaswani2017attention.md")


def test_refresh_asks_again(course_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    assert cli("fetch").code == 0
    assert cli("fetch", "--refresh").code == 0
    assert len(fake_arxiv.api_queries) == 2


def test_named_keys_only(course_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    result = cli("fetch", "vaswani2017attention", "goodfellow2016deep")
    assert result.code == 0
    assert fake_arxiv.api_queries[0]["id_list"] == "1706.03762"
    assert "goodfellow2016deep: no arXiv id and no DOI" in result.out
    assert stored_ids(course_ws) == {"1706.03762"}


def test_unknown_key_is_one_line(course_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    result = cli("fetch", "vaswani2017atention")
    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "paperdesk: no reading 'vaswani2017atention' in readings.bib "
        "(did you mean vaswani2017attention?)"]
    assert fake_arxiv.api_queries == []


def test_250_ids_take_three_requests_of_at_most_100(tmp_path: Path, fake_arxiv: FakeArxiv,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    ids = generated_ids(250)
    ws = make_ws(tmp_path / "big", arxiv_bib({f"p{i}": x for i, x in enumerate(ids)}),
                 monkeypatch)
    calls: list[tuple[int, int, str]] = []

    report = fetch_metadata(Context.discover(), progress=lambda d, t, m: calls.append((d, t, m)))

    assert report.requests == 3 and not report.failures
    sizes = [len(q["id_list"].split(",")) for q in fake_arxiv.api_queries]
    assert sizes == [100, 100, 50]
    assert all(int(q["max_results"]) >= n for q, n in zip(fake_arxiv.api_queries, sizes,
                                                           strict=True))
    assert len(report.stored) == 250 and stored_ids(ws) == set(ids)
    assert [c[0] for c in calls] == [0, 100, 200, 250] and calls[-1][1] == 250


def test_record_fields(small_ws: Path, fake_arxiv: FakeArxiv) -> None:
    ctx = Context.discover()
    fetch_metadata(ctx)
    reading = ctx.catalog.get("vaswani2017attention")
    assert reading is not None
    record = record_for(ctx, reading)
    assert record is not None
    assert record.title.startswith("On ") and record.abstract.startswith("We study")
    assert record.published.startswith("2017-06-15") and record.updated.startswith("2017-06-28")
    assert record.primary_category == record.categories[0]
    assert record.pdf_url == f"https://arxiv.org/pdf/1706.03762v{record.version}"
    assert record.fetched_at.startswith("2021-04-14")
    blog = ctx.catalog.get("alammar2018illustrated")
    assert blog is not None and record_for(ctx, blog) is None
