"""Fetching from a loopback arXiv: a progress bar while it runs, marks and abstracts after, and
an error notification naming the reading and the cause when the server fails."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from werkzeug import Response

from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.widgets.reading_list import ReadingList
from paperdesk.tui.widgets.task_progress import TaskProgress
from tests.arxiv.server import FakeArxiv
from tests.tui.conftest import screen_text, settle, wait_until


async def test_f_fetches_all_with_a_progress_bar(fake_arxiv: FakeArxiv,
                                                 make_app: Callable[[], PaperdeskApp],
                                                 monkeypatch) -> None:  # type: ignore[no-untyped-def]
    steps: list[tuple[int, int]] = []
    advance = TaskProgress.advance

    def watched(self: TaskProgress, done: int, total: int, message: str) -> None:
        steps.append((done, total))  # what the progress bar was told, in order
        advance(self, done, total, message)

    monkeypatch.setattr(TaskProgress, "advance", watched)
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        # 29 arXiv papers, and 3 readings with a DOI only (the fake Crossref describes them)
        papers = [r for r in app.screen.model.readings if r.arxiv or r.doi]
        assert len(papers) == 32
        assert not app.screen.model.with_metadata
        await pilot.press("f")
        task = app.screen.query_one(TaskProgress)
        await settle(pilot)
        assert steps[0] == (0, 32) and steps[-1] == (32, 32)
        assert not task.running and not task.has_class("-active")
        model = app.screen.model
        assert model.with_metadata == {r.key for r in papers}
        assert fake_arxiv.api_queries  # it went to the loopback server
        assert any("32 records fetched" in n.message for n in app._notifications)
        # the abstract is in the detail pane and searched by the filter
        app.screen.query_one(ReadingList).move_to("vaswani2017attention")
        await pilot.pause()
        assert "Paper 1706.03762" in screen_text(pilot)
        await pilot.press("slash", *"paper 1706.03762")
        await pilot.pause()
        assert [r.key for r in app.screen.query_one(ReadingList).shown_readings] == \
            ["vaswani2017attention"]


async def test_progress_is_shown_while_the_server_is_slow(
        fake_arxiv: FakeArxiv, make_app: Callable[[], PaperdeskApp]) -> None:
    arrived, release = threading.Event(), threading.Event()

    def held(request):  # type: ignore[no-untyped-def]
        arrived.set()
        release.wait(10)  # answered only once the test has looked at the screen
        return fake_arxiv._api(request)

    fake_arxiv.server.clear()
    fake_arxiv.server.expect_request("/api/query").respond_with_handler(held)
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await wait_until(arrived.is_set, "the fetch's request at the server")
        await pilot.pause()
        task = app.screen.query_one(TaskProgress)
        assert task.running
        assert "Fetching 32 papers" in screen_text(pilot)
        await pilot.press("down")  # the UI keeps answering while the worker waits
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert not task.running


async def test_marked_readings_only(fake_arxiv: FakeArxiv,
                                    make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        readings = app.screen.query_one(ReadingList)
        assert readings.move_to("vaswani2017attention")
        await pilot.press("space")
        assert readings.move_to("goodfellow2014generative")
        await pilot.press("space", "f")
        await settle(pilot)
        marked = {"vaswani2017attention", "goodfellow2014generative"}
        assert app.screen.model.with_metadata == marked


async def test_a_failing_server_is_a_notification(fake_arxiv: FakeArxiv,
                                                  make_app: Callable[[], PaperdeskApp]) -> None:
    fake_arxiv.server.clear()
    fake_arxiv.server.expect_request("/api/query").respond_with_response(
        Response("arXiv is down", status=503))
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("vaswani2017attention")
        await pilot.press("slash", *"vaswani", "enter", "f")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert errors, [n.message for n in app._notifications]
        assert "vaswani2017attention" in errors[0].message
        assert "503" in errors[0].message or "unavailable" in errors[0].message.lower()
        assert not app.screen.query_one(TaskProgress).running
        assert app.is_running  # never a crash


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The file a fake viewer (PAPERDESK_OPENER) writes what it was asked to open into."""
    opened = tmp_path / "opened.txt"
    viewer = tmp_path / "viewer.sh"
    viewer.write_text(f"#!/bin/sh\necho \"$1\" >> {opened}\n")
    viewer.chmod(0o755)
    monkeypatch.setenv("PAPERDESK_OPENER", str(viewer))
    return opened


async def wait_opened(opened: Path) -> str:
    await wait_until(opened.exists, "the viewer (it runs in a worker)")
    return opened.read_text().strip()


async def test_p_downloads_then_opens_the_pdf(fake_arxiv: FakeArxiv, course_ws,  # type: ignore[no-untyped-def]
                                              opened: Path) -> None:
    from paperdesk.services.context import Context

    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("vaswani2017attention")
        await pilot.press("p")
        await settle(pilot)
        assert "vaswani2017attention" in app.screen.model.with_pdf
        assert (course_ws / ".paperdesk" / "pdfs" / "vaswani2017attention.pdf").is_file()
        assert (await wait_opened(opened)).endswith("vaswani2017attention.pdf")


async def test_o_opens_the_web_page(course_ws, opened: Path) -> None:  # type: ignore[no-untyped-def]
    from paperdesk.services.context import Context

    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("bender2021dangers")
        await pilot.press("o")
        await settle(pilot)
        assert await wait_opened(opened) == "https://doi.org/10.1145/3442188.3445922"


async def test_o_opens_what_open_opens(course_ws, opened: Path) -> None:  # type: ignore[no-untyped-def]
    """A reading with only a DOI: o, paperdesk open and show give the same address."""
    from paperdesk.services.context import Context
    from tests.arxiv.test_web_url import DOI_ONLY

    with (course_ws / "readings.bib").open("a", encoding="utf-8") as bib:
        bib.write(DOI_ONLY)
    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("doionly2020")
        await pilot.pause()
        assert "https://doi.org/10.1000/xyz.123" in str(
            app.screen.query_one("#detail-body").render())
        await pilot.press("o")
        await settle(pilot)
        assert await wait_opened(opened) == "https://doi.org/10.1000/xyz.123"


async def test_p_on_a_web_page_says_o_opens_it(course_ws, httpserver) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/post").respond_with_data("<html>a blog</html>",
                                                         content_type="text/html")
    with (course_ws / "readings.bib").open("a", encoding="utf-8") as bib:
        bib.write(f"\n@misc{{blog2024post, title = {{A Post}}, topic = {{Background}}, "
                  f"kind = {{blog}}, url = {{{httpserver.url_for('/post')}}}}}\n")
    from paperdesk.services.context import Context

    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("blog2024post")
        await pilot.pause()
        detail = str(app.screen.query_one("#detail-body").render())
        assert "p tries the web page, o opens it" in detail
        await pilot.press("p")
        await settle(pilot)
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert any("web page" in m and "o opens it in the browser" in m for m in warnings)
        assert "blog2024post" not in app.screen.model.with_pdf


async def test_work_of_unknown_length_shows_no_percentage(
        make_app: Callable[[], PaperdeskApp]) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        task = app.screen.query_one(TaskProgress)
        assert not task.children  # made at the first task, not in the desk's first frame
        task.start("Adding 2006.11239")  # as a adds a paper: one request, no steps to count
        await pilot.pause()
        assert "Adding 2006.11239" in screen_text(pilot) and "--%" not in screen_text(pilot)
        task.start("Fetching 29 papers", total=29)
        task.advance(3, 29, "asking arXiv")
        await pilot.pause()
        assert "10%" in screen_text(pilot)


async def test_a_failing_opener_is_an_error_naming_the_url(
        course_ws, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """xdg-open exits 3 without a desktop: the desk says so, with the URL to open another way."""
    from paperdesk.adapters import opener
    from paperdesk.services.context import Context

    monkeypatch.setattr(opener, "WAIT_SECONDS", 60.0)  # its exit decides, however slow the box
    monkeypatch.setenv("PAPERDESK_OPENER", "sh -c 'exit 3'")
    app = PaperdeskApp(Context.discover())
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        app.screen.query_one(ReadingList).move_to("bender2021dangers")
        await pilot.press("o")
        await settle(pilot)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1, [n.message for n in app._notifications]
        assert "could not open https://doi.org/10.1145/3442188.3445922" in errors[0].message
        assert "exited with status 3" in errors[0].message
        assert "PAPERDESK_OPENER" in errors[0].message
        assert not any(n.title == "Opened" for n in app._notifications)


async def test_shift_f_downloads_the_pdfs_of_the_marked_readings(
        fake_arxiv: FakeArxiv, make_app: Callable[[], PaperdeskApp], course_ws) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(120, 34)) as pilot:
        await settle(pilot)
        readings = app.screen.query_one(ReadingList)
        readings.move_to("vaswani2017attention")
        await pilot.press("space")
        readings.move_to("goodfellow2014generative")
        await pilot.press("space", "F")
        await settle(pilot)
        marked = {"vaswani2017attention", "goodfellow2014generative"}
        assert app.screen.model.with_pdf == marked
        assert sorted(fake_arxiv.pdf_requests) == ["1406.2661", "1706.03762"]
        pdfs = course_ws / ".paperdesk" / "pdfs"
        assert sorted(p.name for p in pdfs.iterdir()) == sorted(f"{k}.pdf" for k in marked)
        assert any(n.title == "Fetch" and "2 PDFs fetched" in n.message
                   for n in app._notifications)
