"""``add`` and ``fetch`` by DOI against a loopback Crossref: the entry appended, politeness, and
every failure as one line with readings.bib byte for byte unchanged. doi.org and crossref.org
URLs are only input and text here; requests go to 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from werkzeug import Response

from paperdesk.adapters.crossref_client import CrossrefClient, CrossrefSettings, rate_spacing
from tests.arxiv.server import RawServer, refused_url
from tests.crossref import works
from tests.crossref.server import FakeCrossref


def added(bib: Path, before: bytes) -> str:
    after = bib.read_bytes()
    assert after.startswith(before)
    return after[len(before):].decode("utf-8")


@pytest.mark.parametrize("typed", ["10.1000/journal.2020.1", "doi:10.1000/JOURNAL.2020.1",
                                   "https://doi.org/10.1000/journal.2020.1",
                                   "https://dx.doi.org/10.1000/journal.2020.1"])
def test_add_by_doi_appends_the_entry(doi_ws: Path, crossref: FakeCrossref, cli: Any,
                                      typed: str) -> None:
    crossref.works = works.bodies(works.ARTICLE)
    bib = doi_ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", typed, "--topic", "ethics", "--course")

    assert result.code == 0, result.err
    assert result.out.startswith("added mendonca2021growth to readings.bib")
    assert added(bib, before) == (
        "\n"
        "@article{mendonca2021growth,\n"
        "  topic         = {Ethics},\n"
        "  kind          = {paper},\n"
        "  title         = {Growth of H$_{2}$O films on Escherichia coli & DNA},\n"
        "  author        = {Mendonça, Jéssica da C. and {The ATLAS Collaboration}},\n"
        "  year          = {2021},\n"
        "  journal       = {Journal of Things},\n"
        "  volume        = {12},\n"
        "  number        = {3},\n"
        "  pages         = {100--120},\n"
        "  doi           = {10.1000/JOURNAL.2020.1},\n"
        "  url           = {https://doi.org/10.1000/JOURNAL.2020.1}\n"
        "}\n")
    assert [d.lower() for d in crossref.requests] == ["10.1000/journal.2020.1"]
    shown = cli("show", "mendonca2021growth")
    assert "Crossref: journal-article · Journal of Things, 12, 100–120 · 2021" in shown.out
    assert "We grow films." in shown.out


def test_polite_pool_mailto_in_user_agent_and_query(doi_ws: Path, crossref: FakeCrossref,
                                                    cli: Any) -> None:
    crossref.works = works.bodies(works.PARROTS)
    assert cli("fetch").code == 0
    assert crossref.queries == [{"mailto": "ada@example.edu"}]
    assert crossref.user_agents[0].startswith("paperdesk/")
    assert "mailto:ada@example.edu" in crossref.user_agents[0]


def test_fetch_fills_metadata_of_a_doi_reading(doi_ws: Path, crossref: FakeCrossref,
                                               cli: Any) -> None:
    crossref.works = works.bodies(works.PARROTS)
    result = cli("fetch")
    assert result.code == 0, result.err
    assert "metadata: 1 stored (1 request)" in result.out
    again = cli("fetch")
    assert "1 already there" in again.out and len(crossref.requests) == 1
    shown = cli("show", "bender2021dangers", "--json")
    assert '"source": "crossref"' in shown.out and '"entry_type": "inproceedings"' in shown.out


def test_a_doi_already_listed_is_refused(doi_ws: Path, crossref: FakeCrossref, cli: Any) -> None:
    bib = doi_ws / "readings.bib"
    before = bib.read_bytes()
    result = cli("add", "https://doi.org/10.1145/3442188.3445922", "--course")
    assert result.code == 2
    assert "already in readings.bib as bender2021dangers" in result.err
    assert crossref.requests == [] and bib.read_bytes() == before


def test_a_datacite_arxiv_doi_goes_to_arxiv(doi_ws: Path, fake_crossref: FakeCrossref, cli: Any,
                                            fake_arxiv: Any) -> None:
    result = cli("add", "10.48550/arXiv.2312.07559", "--course")
    assert result.code == 0, result.err
    assert fake_crossref.requests == [] and fake_arxiv.api_queries[0]["id_list"] == "2312.07559"
    assert "eprint        = {2312.07559}" in (doi_ws / "readings.bib").read_text("utf-8")


def one_line(result: Any) -> str:
    lines = result.err.strip().splitlines()
    assert result.code == 2 and len(lines) == 1, result.err
    assert "Traceback" not in result.err
    return lines[0]


@pytest.mark.parametrize(("fault", "words"), [
    (Response("Resource not found.", status=404, content_type="text/plain"),
     "Crossref has no record of the DOI 10.1000/nothing.here (HTTP 404 (not found))"),
    (Response("<!DOCTYPE html><html><body>Sign in</body></html>", status=200,
              content_type="text/html"), "sent an HTML page instead of JSON"),
    (Response("", status=200, content_type="application/json"), "sent an empty answer"),
    (Response('{"status":"ok","message-type":"work-list","message":{}}', status=200,
              content_type="application/json"), "not a work record"),
])
def test_bad_answers_are_one_line_and_leave_the_file(doi_ws: Path, crossref: FakeCrossref,
                                                     cli: Any, fault: Response,
                                                     words: str) -> None:
    crossref.faults.append(fault)
    bib = doi_ws / "readings.bib"
    before = bib.read_bytes()
    line = one_line(cli("add", "10.1000/nothing.here", "--course"))
    assert words in line and line.endswith("; readings.bib was not changed")
    assert bib.read_bytes() == before


def test_429_with_a_long_retry_after_is_reported_not_slept(doi_ws: Path, crossref: FakeCrossref,
                                                           cli: Any) -> None:
    crossref.faults.append(Response("slow down", status=429, headers={"Retry-After": "3600"}))
    before = (doi_ws / "readings.bib").read_bytes()
    line = one_line(cli("add", "10.1000/x.1", "--course"))
    assert "HTTP 429 (too many requests) and asks to wait 3600 s; try again later" in line
    assert len(crossref.requests) == 1 and (doi_ws / "readings.bib").read_bytes() == before


def test_503_is_retried_then_one_line(doi_ws: Path, crossref: FakeCrossref, cli: Any) -> None:
    crossref.faults.extend(Response("busy", status=503) for _ in range(4))
    before = (doi_ws / "readings.bib").read_bytes()
    line = one_line(cli("add", "10.1000/x.1", "--course"))
    assert "HTTP 503 (service unavailable); gave up after 4 tries" in line
    assert len(crossref.requests) == 4 and (doi_ws / "readings.bib").read_bytes() == before


def test_a_silent_server_times_out(doi_ws: Path, cli: Any,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    server = RawServer(None)
    try:
        monkeypatch.setenv("PAPERDESK_CROSSREF_API", server.url(""))
        # short: a server that never answers times out whatever the value
        monkeypatch.setenv("PAPERDESK_CROSSREF_TIMEOUT", "0.05")
        before = (doi_ws / "readings.bib").read_bytes()
        line = one_line(cli("add", "10.1000/x.1", "--course"))
    finally:
        server.close()
    assert "did not answer within 0.05 s (timed out)" in line
    assert (doi_ws / "readings.bib").read_bytes() == before


def test_refused_connection(doi_ws: Path, cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_CROSSREF_API", refused_url(""))
    before = (doi_ws / "readings.bib").read_bytes()
    assert "(connection refused)" in one_line(cli("add", "10.1000/x.1", "--course"))
    assert (doi_ws / "readings.bib").read_bytes() == before


def test_no_network_is_one_line_without_retries(doi_ws: Path, cli: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.arxiv.test_offline import no_network

    calls = no_network(monkeypatch)
    before = (doi_ws / "readings.bib").read_bytes()
    line = one_line(cli("add", "10.1000/x.1", "--course"))
    assert "are you offline?" in line and len(calls) == 1
    assert (doi_ws / "readings.bib").read_bytes() == before
    fetched = cli("fetch")  # the DOI reading: one try, one line
    assert fetched.code == 1 and len(calls) == 2
    assert fetched.err.count("are you offline?") == 1


def test_retry_after_is_honoured(crossref: FakeCrossref) -> None:
    crossref.faults.append(Response("wait", status=429, headers={"Retry-After": "7"}))
    sleeps: list[float] = []
    client = CrossrefClient(CrossrefSettings(api=crossref.api, backoff=0.5), sleep=sleeps.append)
    [batch] = client.fetch(["10.1000/x.1"])
    assert list(batch.found) == ["10.1000/x.1"] and sleeps == [7.0]
    assert client.requests_made == 2


def test_rate_limit_headers_space_the_requests(crossref: FakeCrossref) -> None:
    assert rate_spacing("50", "1s") == pytest.approx(0.02)
    assert rate_spacing("5", "2000ms") == pytest.approx(0.4)
    assert rate_spacing(None, "1s") is None and rate_spacing("0", "1s") is None
    assert rate_spacing("x", "1s") is None and rate_spacing("5", "soon") is None
    crossref.headers = {"X-Rate-Limit-Limit": "2", "X-Rate-Limit-Interval": "1s"}
    client = CrossrefClient(CrossrefSettings(api=crossref.api, mailto="a@b.c"))
    client.fetch(["10.1000/x.1"])
    assert client.pacer.delay == pytest.approx(0.5)
    assert client.settings.concurrency == 3
    assert CrossrefSettings().concurrency == 1  # no email: the public pool, one at a time


def test_fetch_pdfs_uses_crossrefs_open_pdf_link(doi_ws: Path, crossref: FakeCrossref,
                                                 cli: Any) -> None:
    from tests.arxiv.feeds import minimal_pdf

    server = crossref.server
    server.expect_request("/oa/parrots.pdf").respond_with_data(
        minimal_pdf("Stochastic Parrots"), content_type="application/pdf")
    link = dict(works.PARROTS, link=[
        {"URL": "https://publisher.example/similarity.pdf", "content-type": "application/pdf",
         "intended-application": "similarity-checking"},
        {"URL": server.url_for("/oa/parrots.pdf"), "content-type": "application/pdf",
         "intended-application": "text-mining"}])
    crossref.works = works.bodies(link)

    result = cli("fetch", "--pdfs")

    assert result.code == 0, result.err
    pdf = doi_ws / ".paperdesk" / "pdfs" / "bender2021dangers.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert "PDFs: 1 downloaded" in result.out


def test_no_pdf_link_and_no_pdf_url_means_no_download(doi_ws: Path, crossref: FakeCrossref,
                                                      cli: Any) -> None:
    crossref.works = works.bodies(works.BOOK | {"DOI": "10.1145/3442188.3445922"})
    result = cli("fetch", "--pdfs")
    assert result.code == 0, result.err
    assert not (doi_ws / ".paperdesk" / "pdfs" / "bender2021dangers.pdf").exists()
    assert len(crossref.requests) == 1  # the metadata only: nothing scraped from doi.org
