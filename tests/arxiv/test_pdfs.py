"""PDF downloads: whole PDFs or nothing in .paperdesk/pdfs/; paced, skipped when present;
``open`` through an injectable opener."""

from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import pytest
from werkzeug import Request, Response

from paperdesk.services.context import Context
from paperdesk.services.fetch import fetch_pdfs, open_reading, pdf_path
from tests.arxiv.conftest import SMALL_ARXIV, make_ws, pdf_dir_state
from tests.arxiv.feeds import minimal_pdf
from tests.arxiv.server import FakeArxiv, RawServer, http_reply

SMALL_PDFS = sorted(f"{key}.pdf" for key in SMALL_ARXIV)


def test_fetch_pdfs_downloads_each_arxiv_paper(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    result = cli("fetch", "--pdfs")

    assert result.code == 0, result.err
    assert pdf_dir_state(small_ws) == (SMALL_PDFS, [])
    # pinned versions are asked for as pinned; the rest as the latest
    assert fake_arxiv.pdf_requests == ["1706.03762", "1312.6114v10", "quant-ph/0201082v1"]
    assert "PDFs: 3 downloaded (3 requests)" in result.out
    assert all(ua.startswith("paperdesk/") for ua in fake_arxiv.user_agents)

    again = cli("fetch", "--pdfs")

    assert again.code == 0
    assert len(fake_arxiv.pdf_requests) == 3  # present: not fetched again
    assert "PDFs: 0 downloaded, 3 already there" in again.out


def test_metadata_and_pdfs_share_the_pause_between_arxiv_requests(
    small_ws: Path, fake_arxiv: FakeArxiv, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fetch --pdfs: the first PDF waits for the pause after the metadata request too."""
    # The pause counts from the end of a request, which the server saw begin: every gap it
    # sees is at least the pause, however loaded the machine, so a short one proves as much.
    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "0.1")
    assert cli("fetch", "--pdfs").code == 0
    times = fake_arxiv.request_times
    assert len(times) == 4  # one metadata request, three PDFs
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.09


def test_two_threads_take_turns(small_ws: Path, fake_arxiv: FakeArxiv,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk may fetch metadata while a PDF downloads: still one arXiv request at a time."""
    import threading

    from paperdesk.services.fetch import fetch_metadata

    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "0.12")  # not 0.1: its own pacer, not the above
    ctx = Context.discover()
    ctx.store.papers()  # open the database before the threads do
    threads = [threading.Thread(target=fetch_pdfs, args=(ctx,)),
               threading.Thread(target=fetch_metadata, args=(ctx,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(fake_arxiv.request_times)
    assert len(times) == 4
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.11


def test_truncated_pdf_leaves_nothing(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    whole = minimal_pdf(pad_to=20000)
    server = RawServer(http_reply("200 OK", {"Content-Type": "application/pdf",
                                             "Content-Length": str(len(whole))}, whole[:9000]))
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", server.url("/pdf"))
    try:
        result = cli("fetch", "--pdfs", "vaswani2017attention")
    finally:
        server.close()

    assert result.code == 1
    assert result.err.splitlines() == [
        "paperdesk: vaswani2017attention: the PDF of 1706.03762 was cut off: the connection "
        "ended before the whole file arrived"]
    assert pdf_dir_state(small_ws) == ([], [])


def test_pdf_without_its_end_is_refused(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    fake_arxiv.pdf_body = lambda arxiv_id: minimal_pdf(pad_to=5000)[:4000]  # no %%EOF

    result = cli("fetch", "--pdfs", "vaswani2017attention")

    assert result.code == 1
    assert "end marker (%%EOF) is missing" in result.err
    assert pdf_dir_state(small_ws) == ([], [])


def test_html_served_as_the_pdf(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    page = b"<!DOCTYPE html><html><body>PDF unavailable, try later" + b"." * 5000 + b"</html>"
    fake_arxiv.pdf_faults.append(Response(page, status=200, content_type="text/html"))
    fake_arxiv.pdf_faults.append(Response(page, status=200, content_type="application/pdf"))

    result = cli("fetch", "--pdfs", "vaswani2017attention", "kingma2013auto")

    assert result.code == 1
    assert result.err.splitlines() == [
        "paperdesk: vaswani2017attention: the PDF of 1706.03762: the server sent an HTML page, "
        "not a PDF",
        "paperdesk: kingma2013auto: the PDF of 1312.6114v10: the server sent an HTML page, "
        "not a PDF"]
    assert pdf_dir_state(small_ws) == ([], [])


def test_pdf_503_then_200(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    fake_arxiv.pdf_faults.append(Response("busy", status=503))

    result = cli("fetch", "--pdfs", "old2002quantum")

    assert result.code == 0, result.err
    assert fake_arxiv.pdf_requests == ["quant-ph/0201082v1"] * 2
    assert pdf_dir_state(small_ws) == (["old2002quantum.pdf"], [])


def test_pdf_404_is_one_line(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    fake_arxiv.pdf_faults.append(Response("no", status=404))

    result = cli("fetch", "--pdfs", "vaswani2017attention")

    assert result.code == 1 and len(fake_arxiv.pdf_requests) == 1
    host = fake_arxiv.pdf_base.split("/")[2]
    assert result.err == (f"paperdesk: vaswani2017attention: the PDF of 1706.03762: {host} "
                          "answered HTTP 404 (not found)\n")


def test_refused_pdf_host(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.arxiv.server import refused_url

    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", refused_url("/pdf"))
    result = cli("fetch", "--pdfs")
    assert result.code == 1
    assert len(result.err.splitlines()) == 3 and "(connection refused)" in result.err
    assert pdf_dir_state(small_ws) == ([], [])


def _web_reading_ws(tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    bib = ("@misc{notes2020,\n  kind = {tutorial},\n  title = {Lecture notes},\n"
           f"  url = {{{url}}}\n}}\n\n"
           "@misc{blog2020,\n  kind = {blog},\n  title = {A blog post},\n"
           f"  url = {{{url.rsplit('/', 1)[0]}/post.html}}\n}}\n")
    return make_ws(tmp_path / "ws", bib, monkeypatch)


def test_non_arxiv_reading_whose_url_serves_a_pdf(tmp_path: Path, fake_arxiv: FakeArxiv,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    server = fake_arxiv.server
    server.expect_request("/notes.pdf").respond_with_data(minimal_pdf(),
                                                          content_type="application/pdf")
    server.expect_request("/post.html").respond_with_data("<html>a post</html>",
                                                          content_type="text/html")
    ws = _web_reading_ws(tmp_path, server.url_for("/notes.pdf"), monkeypatch)
    ctx = Context.discover()

    everything = fetch_pdfs(ctx)  # all readings: only the URL ending in .pdf is tried
    named = fetch_pdfs(ctx, ["blog2020"])  # a named reading's page is looked at, not kept

    assert everything.stored == ["notes2020"] and everything.requests == 1
    assert named.stored == [] and not named.failures
    assert named.skipped == [("blog2020", f"{server.url_for('/post.html')} is a web page, "
                                          "not a PDF")]
    assert pdf_dir_state(ws) == (["notes2020.pdf"], [])


# -- open -------------------------------------------------------------------------------------
def recording_opener(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """PAPERDESK_OPENER = a script that writes what it was asked to open into a file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "opener.py"
    script.write_text(f"import sys\nopen({str(log)!r}, 'a').write(sys.argv[1] + '\\n')\n")
    monkeypatch.setenv("PAPERDESK_OPENER", f"{sys.executable} {script}")
    return log


def wait_for(path: Path, timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().endswith("\n"):
            return path.read_text()
        time.sleep(0.02)
    raise AssertionError(f"{path} was not written")


def test_open_downloads_then_opens_the_pdf(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                                           tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    log = recording_opener(tmp_path, monkeypatch)

    result = cli("open", "vaswani2017attention")

    pdf = small_ws / ".paperdesk" / "pdfs" / "vaswani2017attention.pdf"
    assert result.code == 0, result.err
    assert result.out == f"opened {pdf}\n"
    assert wait_for(log) == f"{pdf}\n"
    assert fake_arxiv.pdf_requests == ["1706.03762"]


def test_open_a_web_reading_opens_its_url(small_ws: Path, fake_arxiv: FakeArxiv, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = Context.discover()
    fake_arxiv.server.expect_request("/post").respond_with_data("<html></html>",
                                                                content_type="text/html")
    opened: list[str] = []
    # the course's blog URL is on the internet: point the reading at the loopback instead
    reading = ctx.catalog.get("alammar2018illustrated")
    assert reading is not None
    bib = ctx.workspace.bib
    bib.write_text(bib.read_text().replace(reading.url, fake_arxiv.server.url_for("/post")))
    ctx.reload_catalog()

    target = open_reading(ctx, "alammar2018illustrated", opener=opened.append)

    assert opened == [target] == [fake_arxiv.server.url_for("/post")]
    assert not pdf_path(ctx, ctx.catalog.by_key["alammar2018illustrated"]).exists()


def test_open_a_web_reading_whose_site_is_unreachable_still_opens_its_url(
    small_ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser may have the page cached, or show its own offline page: paperdesk need not."""
    from tests.arxiv.server import refused_url

    ctx = Context.discover()
    reading = ctx.catalog.by_key["alammar2018illustrated"]
    url = refused_url("/post")
    ctx.workspace.bib.write_text(ctx.workspace.bib.read_text().replace(reading.url, url))
    ctx.reload_catalog()
    opened: list[str] = []

    assert open_reading(ctx, "alammar2018illustrated", opener=opened.append) == url
    assert opened == [url]
    assert pdf_dir_state(small_ws) == ([], [])


def test_open_fails_in_one_line_when_the_download_fails(small_ws: Path, fake_arxiv: FakeArxiv,
                                                        cli, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    log = recording_opener(tmp_path, monkeypatch)
    fake_arxiv.pdf_faults.append(Response("gone", status=410))

    result = cli("open", "kingma2013auto")

    assert result.code == 2
    assert result.err.startswith("paperdesk: kingma2013auto: the PDF of 1312.6114v10: ")
    assert "HTTP 410" in result.err and len(result.err.splitlines()) == 1
    time.sleep(0.2)
    assert not log.exists()


def test_open_without_a_viewer(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_OPENER", "no-such-viewer-anywhere")
    result = cli("open", "vaswani2017attention")
    assert result.code == 2
    assert "no-such-viewer-anywhere not found; set PAPERDESK_OPENER" in result.err


def test_pdf_paths_are_safe_names(small_ws: Path) -> None:
    from paperdesk.core.reading import Reading

    ctx = Context.discover()
    path = pdf_path(ctx, Reading(key="doe:2020+x", topic="t", kind="paper", title="T"))
    assert path.parent == ctx.workspace.pdf_dir and path.name == "doe_2020+x.pdf"
    assert os.sep not in path.name


def test_part_file_never_survives(small_ws: Path, fake_arxiv: FakeArxiv) -> None:
    def fail_midway(request: Request) -> Response:
        raise RuntimeError("server crashed")  # werkzeug answers 500: retried, then given up

    fake_arxiv.server.clear()
    fake_arxiv.server.expect_request("/pdf/1706.03762").respond_with_handler(fail_midway)
    report = fetch_pdfs(Context.discover(), ["vaswani2017attention"])
    assert len(report.failures) == 1 and "HTTP 500" in report.failures[0][1]
    assert pdf_dir_state(small_ws) == ([], [])


# -- the opener's verdict ------------------------------------------------------------------------
FAILING_OPENER = "sh -c 'echo \"xdg-open: no method available for opening $0\" >&2; exit 3'"


def test_open_says_when_the_opener_fails(small_ws: Path, fake_arxiv: FakeArxiv, cli,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """xdg-open on a machine without a desktop exits 3: not 'opened', but where the file is."""
    from paperdesk.adapters import opener

    monkeypatch.setattr(opener, "WAIT_SECONDS", 60.0)  # its exit decides, however slow the box
    monkeypatch.setenv("PAPERDESK_OPENER", FAILING_OPENER)

    result = cli("open", "vaswani2017attention")

    pdf = small_ws / ".paperdesk" / "pdfs" / "vaswani2017attention.pdf"
    assert result.code == 2 and result.out == ""
    assert len(result.err.splitlines()) == 1
    assert f"could not open {pdf} (sh exited with status 3: xdg-open: no method" in result.err
    assert "PAPERDESK_OPENER" in result.err


def _zombie_children() -> list[int]:
    """Our child processes that exited and were never waited on (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_the_opener_is_waited_for(tmp_path: Path) -> None:
    from paperdesk.adapters.opener import open_target

    before = _zombie_children()
    open_target(str(tmp_path / "x.pdf"), {"PAPERDESK_OPENER": "true"}, wait=60.0)
    assert _zombie_children() == before


def test_a_viewer_that_stays_open_counts_as_opened(tmp_path: Path) -> None:
    """A viewer named in PAPERDESK_OPENER may run until it is closed: still running is fine."""
    from paperdesk.adapters.opener import open_target

    stop = tmp_path / "stop"
    script = tmp_path / "viewer.py"
    # It closes when told (stop), and on its own once the test's folder is gone (a passed test's
    # tmp_path is removed at its end, maybe before the viewer looked) or after a minute: a viewer
    # left running outlived the test run.
    script.write_text(f"import os, time\nend = time.monotonic() + 60\n"
                      f"while not os.path.exists({str(stop)!r})"
                      f" and os.path.isdir({str(tmp_path)!r}) and time.monotonic() < end:\n"
                      "    time.sleep(0.05)\n")
    viewer = f"{sys.executable} {script}"
    open_target(str(tmp_path / "x.pdf"), {"PAPERDESK_OPENER": viewer}, wait=0.05)
    stop.touch()  # the viewer closes; the reaper thread waits for it
