"""The real arXiv recordings in ../shared/fixtures/arxiv/, served by a loopback arXiv."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.arxiv.conftest import arxiv_bib, make_ws, stored_ids

FEEDS = "fixtures/arxiv"


@pytest.fixture
def serve(httpserver: HTTPServer, shared: Path, monkeypatch: pytest.MonkeyPatch):
    """serve(name, status=200): answer every query with that recording."""
    monkeypatch.setenv("PAPERDESK_ARXIV_API", httpserver.url_for("/api/query"))

    def install(name: str, status: int = 200) -> HTTPServer:
        body = (shared / FEEDS / name).read_bytes()
        httpserver.expect_request("/api/query").respond_with_data(
            body, status=status, content_type="application/atom+xml; charset=utf-8")
        return httpserver

    return install


def queries(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(req.args) for req, _ in server.log]


def record(ws: Path, cli, key: str) -> dict:
    shown = cli("show", key, "--json")
    assert shown.code == 0, shown.err
    return json.loads(shown.out)["metadata"]


def test_single_paper(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"stanley2016heat": "1605.08386"}), monkeypatch)
    server = serve("01_single_1605.08386.xml")

    result = cli("fetch")

    assert result.code == 0, result.err
    assert queries(server)[0]["id_list"] == "1605.08386"
    meta = record(ws, cli, "stanley2016heat")
    assert meta["title"] == "Heat-bath random walks with Markov bases"
    assert meta["authors"] == ["Caprice Stanley", "Tobias Windisch"]
    assert meta["categories"] == ["math.CO", "math.ST"] and meta["primary_category"] == "math.CO"
    assert meta["comment"] == "20 pages, 3 figures" and meta["version"] == 1
    assert meta["published"].startswith("2016-05-26T17:59:46")
    assert meta["pdf_url"] == "https://arxiv.org/pdf/1605.08386v1"
    assert meta["abstract"].startswith("Graphs on lattice points") and "\n" not in meta["abstract"]


def test_batch_with_a_missing_id(serve) -> None:
    """The recorded request, id for id (0808.05394 is not even well formed: arXiv skips it)."""
    from paperdesk.adapters.arxiv_client import ArxivClient
    from paperdesk.adapters.polite_http import ArxivSettings
    from paperdesk.core.arxiv_id import ArxivId

    server = serve("02_batch_0808.05394+1707.08567.xml")
    client = ArxivClient(ArxivSettings(api=server.url_for("/api/query"), delay=0))

    [outcome] = client.fetch([ArxivId("0808.05394"), ArxivId("1707.08567")])

    assert queries(server)[0]["id_list"] == "0808.05394,1707.08567"
    assert list(outcome.found) == ["1707.08567"]
    assert outcome.failures == {"0808.05394": "arXiv has no paper 0808.05394 (not in its answer)"}
    paper = outcome.found["1707.08567"]
    assert len(paper.authors) == 34 and any(not a.isascii() for a in paper.authors)


def test_batch_with_a_missing_reading_keeps_the_rest(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"ghost2008": "0808.0539",
                                             "found2017": "1707.08567"}), monkeypatch)
    server = serve("02_batch_0808.05394+1707.08567.xml")

    result = cli("fetch")

    assert result.code == 1
    assert len(server.log) == 1
    assert result.err.splitlines() == [
        "paperdesk: ghost2008: arXiv has no paper 0808.0539 (not in its answer)"]
    assert stored_ids(ws) == {"1707.08567"}  # what came back is kept
    meta = record(ws, cli, "found2017")
    assert len(meta["authors"]) == 34
    assert "1 stored, 1 failed" in result.out


def test_error_feed_with_http_400(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"a2017": "1706.03762", "b2018": "1810.04805"}),
                 monkeypatch)
    server = serve("04_error_id_abc_http400.xml", status=400)

    result = cli("fetch")

    assert result.code == 1
    assert len(server.log) == 1  # a 400 is arXiv's final word: not retried
    assert result.err.splitlines() == [
        f"paperdesk: {key}: arXiv rejected the request: incorrect id format for abc"
        for key in ("a2017", "b2018")]
    assert stored_ids(ws) == set()


def test_empty_feed(serve) -> None:
    from paperdesk.adapters.arxiv_client import ArxivClient
    from paperdesk.adapters.polite_http import ArxivSettings
    from paperdesk.core.arxiv_id import ArxivId

    server = serve("05_empty_0000.0000.xml")
    client = ArxivClient(ArxivSettings(api=server.url_for("/api/query"), delay=0))

    [outcome] = client.fetch([ArxivId("0000.0000")])

    assert queries(server)[0]["id_list"] == "0000.0000"
    assert outcome.found == {}
    assert outcome.failures == {"0000.0000": "arXiv has no paper 0000.0000 (not in its answer)"}


def test_empty_feed_for_a_reading(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"nothing": "2101.99999"}), monkeypatch)
    server = serve("05_empty_0000.0000.xml")

    result = cli("fetch")

    assert result.code == 1 and len(server.log) == 1
    assert result.err.splitlines() == [
        "paperdesk: nothing: arXiv has no paper 2101.99999 (not in its answer)"]
    assert stored_ids(ws) == set()


def test_legacy_2016_format_with_doi_and_journal_ref(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"legacy2011": "1111.2011v2"}), monkeypatch)
    server = serve("06_legacy2016_single_1111.2011v2_doi_journalref.xml")

    result = cli("fetch")

    assert result.code == 0, result.err
    assert queries(server)[0]["id_list"] == "1111.2011"  # unversioned: the latest comes back
    meta = record(ws, cli, "legacy2011")
    assert meta["arxiv_id"] == "1111.2011" and meta["version"] == 2
    assert meta["doi"] and meta["journal_ref"]
    assert "\n" not in meta["abstract"] and "  " not in meta["abstract"]
    assert "\n" not in meta["title"]


def test_old_style_versioned_id(tmp_path, monkeypatch, serve, cli) -> None:
    ws = make_ws(tmp_path / "ws", arxiv_bib({"quantum2002": "quant-ph/0201082v1"}), monkeypatch)
    server = serve("07_oldstyle_versioned_quant-ph_0201082v1.xml")

    result = cli("fetch")

    assert result.code == 0, result.err
    assert queries(server)[0]["id_list"] == "quant-ph/0201082"
    assert stored_ids(ws) == {"quant-ph/0201082"}
    meta = record(ws, cli, "quantum2002")
    assert meta["version"] == 1 and meta["title"]
    shown = cli("show", "quantum2002")
    assert "arXiv quant-ph/0201082v1" in shown.out
