"""The desk's actions that need the network, the database, the files or the typesetter.

Each runs in a thread worker and reports back with messages (never touching a widget from the
thread); errors the user can act on become notifications naming the reading and the cause.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from paperdesk.core.errors import IdentityError, PaperdeskError
from paperdesk.core.reading import Reading
from paperdesk.core.review import DRAFT, FINAL
from paperdesk.services.context import Context
from paperdesk.tui import messages as msg
from paperdesk.tui.data import loading
from paperdesk.tui.data.desk_model import DeskModel, next_status
from paperdesk.tui.widgets.reading_list import ReadingList
from paperdesk.tui.widgets.task_progress import TaskProgress

MAX_FAILURE_TOASTS = 3  # beyond this, one notification sums up the rest


class DeskWork(Screen[None]):
    """Workers and their message handlers; the desk screen subclasses this."""

    ctx: Context
    model: DeskModel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # Reading statuses waiting to be stored: key -> (status, status before the change).
        # One lock covers taking one and storing it, so they are stored in the order chosen.
        self._pending_status: dict[str, tuple[str, str]] = {}
        self._status_lock = threading.Lock()
        # While a review is being opened: the text typed meanwhile (the app collects it, so
        # that a fast "r" + "This paper..." types into the editor instead of running s, a...).
        self.typed_ahead: list[str] | None = None
        # From the mount until the extras worker has finished (its DeskLoaded handled): tests
        # wait for it, as the worker starts only after the first paint.
        self.extras_pending = False

    # provided by the desk screen
    @property
    def current(self) -> Reading | None:
        return self.query_one(ReadingList).highlighted

    def redraw(self, keep: str | None = None) -> None:
        raise NotImplementedError

    def show_detail(self, event: ReadingList.Highlighted | None = None) -> None:
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------------
    def _need_reading(self) -> Reading | None:
        reading = self.current
        if reading is None:
            self.notify("No reading is highlighted.", severity="warning")
        return reading

    def review_file(self, key: str) -> Path | None:
        """Where the review of ``key`` is or would be (None for a key unsafe as a file name)."""
        from paperdesk.services.statuses import review_file

        try:
            return review_file(self.ctx, key)
        except PaperdeskError:
            return None

    def _progress(self) -> Callable[[int, int, str], None]:
        """A progress callback for the services, safe to call from the worker thread."""

        def report(done: int, total: int, message: str) -> None:
            self.post_message(msg.TaskProgressed(done, total, message))

        return report

    def _fail(self, title: str, exc: Exception, key: str | None = None) -> None:
        text = str(exc)
        if key and key not in text:
            text = f"{key}: {text}"
        self.post_message(msg.failed(title, text))

    def on_notice(self, message: msg.Notice) -> None:
        if message.severity == "error":
            self.typed_ahead = None
        self.notify(message.message, title=message.title,
                    severity=message.severity,  # type: ignore[arg-type]
                    timeout=8 if message.severity == "error" else 4)
        if message.severity == "error" and self.query_one(TaskProgress).running:
            self.query_one(TaskProgress).finish()

    def on_task_progressed(self, message: msg.TaskProgressed) -> None:
        self.query_one(TaskProgress).advance(message.done, message.total, message.message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A bug (not a PaperdeskError) in a worker: say so instead of crashing the app."""
        if event.worker.group == "load" and event.worker.is_finished:
            self.extras_pending = False  # after its DeskLoaded (posted before it finished)
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", title=f"{event.worker.name} failed",
                        severity="error", timeout=10)
            self.query_one(TaskProgress).finish()

    # -- after the first paint ----------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_extras(self) -> None:
        try:
            extras = loading.load_extras(self.ctx, list(self.model.readings))
        except PaperdeskError as exc:
            self._fail("Loading", exc)
            return
        self.post_message(msg.DeskLoaded(extras))

    # -- search inside the PDFs: indexed in the background, never in the desk's way ----------
    @work(thread=True, exclusive=True, exit_on_error=False, group="index")
    def index_pdfs(self) -> None:
        from textual.worker import get_current_worker

        from paperdesk.services.search import index_pdfs

        worker = get_current_worker()
        try:
            report = index_pdfs(self.ctx, list(self.model.readings),
                                stop=lambda: worker.is_cancelled)
        except PaperdeskError as exc:
            self._fail("Indexing PDFs", exc)
            return
        self.post_message(msg.PdfsIndexed(report.indexed, report.empty))

    def on_pdfs_indexed(self, message: msg.PdfsIndexed) -> None:
        for key in message.empty:  # said once: the index remembers a PDF without text
            self.notify(f"{key}: its PDF has no text to search (a scan?)", title="Search",
                        severity="warning")
        if message.indexed:
            self.search_inside_again()

    def search_inside_again(self) -> None:
        """Overridden by the desk: run the "inside PDFs" filter again on a fresh index."""

    @work(thread=True, exclusive=True, exit_on_error=False, group="fulltext")
    def search_inside(self, query: str) -> None:
        from paperdesk.services.search import pdf_matches

        try:
            keys = pdf_matches(self.ctx, query)
        except PaperdeskError as exc:
            self._fail("Search", exc)
            return
        self.post_message(msg.FulltextFound(query, keys))

    @work(thread=True, exclusive=True, exit_on_error=False, group="standing")
    def refresh_standing(self) -> None:
        try:
            standing = loading.standing(self.ctx)
            statuses = loading.statuses(self.ctx)
        except PaperdeskError as exc:
            self._fail("Deadlines", exc)
            return
        if standing is not None:
            self.post_message(msg.StandingChanged(standing, statuses))

    # -- f: metadata --------------------------------------------------------------------------
    def action_fetch(self) -> None:
        task = self.query_one(TaskProgress)
        if task.running:
            self.notify("A fetch is already running.", severity="warning")
            return
        from paperdesk.services.papers import paper_ref

        chosen, what = self._targets(lambda r: paper_ref(r) is not None)
        if not chosen:
            self.notify("None of these readings has an arXiv id or a DOI: nothing to fetch.")
            return
        task.start(f"Fetching {what} papers", total=len(chosen))
        self.fetch_metadata([r.key for r in chosen])

    def _targets(self, wanted: Callable[[Reading], bool]) -> tuple[list[Reading], str]:
        """What f and F work on: the marked readings if any are shown, else all shown; and how
        to count them in the task bar ("3 marked" or "3")."""
        shown = self.query_one(ReadingList).shown_readings
        marked = [r for r in shown if r.key in self.model.marked]
        chosen = [r for r in (marked or shown) if wanted(r)]
        return chosen, f"{len(chosen)} marked" if marked else f"{len(chosen)}"

    @work(thread=True, exclusive=True, exit_on_error=False, group="fetch")
    def fetch_metadata(self, keys: list[str]) -> None:
        from paperdesk.services.fetch import fetch_metadata

        try:
            report = fetch_metadata(self.ctx, keys, progress=self._progress())
            readings = list(self.model.readings)
            marks = loading.metadata_marks(self.ctx, readings)
            texts = loading.abstracts(self.ctx, readings)
            pdfs = loading.pdf_files(self.ctx, readings)
        except PaperdeskError as exc:
            self._fail("Fetch failed", exc)
            return
        self.post_message(msg.FetchFinished("metadata", report, marks, pdfs, texts))

    def on_fetch_finished(self, message: msg.FetchFinished) -> None:
        self.query_one(TaskProgress).finish()
        model = self.model
        model.with_metadata = message.with_metadata
        model.with_pdf = message.with_pdf
        if message.abstracts != model.abstracts:
            model.abstracts = message.abstracts
            model.invalidate_index()
        self.query_one(ReadingList).refresh()
        self.show_detail()
        report = message.report
        noun = "record" if message.what == "metadata" else "PDF"
        plural = "s" if len(report.stored) != 1 else ""
        if report.stored:
            self.notify(f"{len(report.stored)} {noun}{plural} fetched "
                        f"({report.requests} request{'s' if report.requests != 1 else ''}).",
                        title="Fetch")
        elif not report.failures and message.open_after is None:
            self.notify(f"All {noun}s were already here.", title="Fetch")
        failures = list(report.failures)
        for key, why in failures[:MAX_FAILURE_TOASTS]:
            self.notify(f"{key}: {why}", title="Fetch failed", severity="error", timeout=10)
        if len(failures) > MAX_FAILURE_TOASTS:
            rest = failures[MAX_FAILURE_TOASTS:]
            self.notify(f"{len(rest)} more failed: {', '.join(k for k, _ in rest)}",
                        title="Fetch failed", severity="error", timeout=10)
        if message.what == "pdf" and report.stored:
            self.index_pdfs()  # the new PDF becomes searchable, in the background
        if message.open_after and message.open_after in model.with_pdf:
            self.open_pdf(message.open_after)

    # -- F: the PDFs ---------------------------------------------------------------------------
    def action_fetch_pdfs(self) -> None:
        from paperdesk.services.papers import has_pdf_source

        task = self.query_one(TaskProgress)
        if task.running:
            self.notify("A fetch is already running.", severity="warning")
            return
        chosen, what = self._targets(
            lambda r: r.key not in self.model.with_pdf and has_pdf_source(r))
        if not chosen:
            self.notify("Every PDF of these readings is here already (or they have none to "
                        "download).", title="Fetch PDFs")
            return
        task.start(f"Downloading {what} PDF{'s' if len(chosen) != 1 else ''}", total=len(chosen))
        self.fetch_many_pdfs([r.key for r in chosen])

    @work(thread=True, exclusive=True, exit_on_error=False, group="fetch")
    def fetch_many_pdfs(self, keys: list[str]) -> None:
        from paperdesk.services.fetch import fetch_pdfs

        try:
            report = fetch_pdfs(self.ctx, keys, progress=self._progress())
            pdfs = loading.pdf_files(self.ctx, list(self.model.readings))
        except PaperdeskError as exc:
            self._fail("Download failed", exc)
            return
        for skipped, why in report.skipped:
            self.post_message(msg.Notice("PDF", f"{skipped}: {why}", "warning"))
        self.post_message(msg.FetchFinished("pdf", report, set(self.model.with_metadata), pdfs,
                                            dict(self.model.abstracts)))

    # -- p: the PDF, o: the web page ----------------------------------------------------------
    def action_pdf(self) -> None:
        reading = self._need_reading()
        if reading is None:
            return
        if reading.key in self.model.with_pdf:
            self.open_pdf(reading.key)
            return
        if reading.arxiv is None and not reading.url:
            self.notify(f"{reading.key}: no arXiv id and no URL, so no PDF to get.",
                        severity="warning")
            return
        task = self.query_one(TaskProgress)
        if task.running:
            self.notify("A download is already running.", severity="warning")
            return
        task.start(f"Downloading the PDF of {reading.key}", total=1)
        self.fetch_pdf(reading.key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="fetch")
    def fetch_pdf(self, key: str) -> None:
        from paperdesk.services.fetch import fetch_pdfs

        try:
            report = fetch_pdfs(self.ctx, [key], progress=self._progress())
            readings = list(self.model.readings)
            pdfs = loading.pdf_files(self.ctx, readings)
        except PaperdeskError as exc:
            self._fail("Download failed", exc, key)
            return
        reading = self.ctx.catalog.get(key)
        # A web page that is no PDF is still there to read: say which key shows it.
        hint = " (o opens it in the browser)" if reading and reading.url else ""
        for skipped, why in report.skipped:
            self.post_message(msg.Notice("PDF", f"{skipped}: {why}{hint}", "warning"))
        self.post_message(msg.FetchFinished("pdf", report, set(self.model.with_metadata), pdfs,
                                            dict(self.model.abstracts), open_after=key))

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_pdf(self, key: str) -> None:
        from paperdesk.services.fetch import open_reading

        try:
            target = open_reading(self.ctx, key)
        except PaperdeskError as exc:
            self._fail("Open", exc, key)
            return
        root = str(self.ctx.workspace.root) + "/"
        self.post_message(msg.Notice("Opened", target.removeprefix(root)))

    def action_open_url(self) -> None:
        reading = self._need_reading()
        if reading is None:
            return
        if not reading.web_url:
            self.notify(f"{reading.key} has no URL, DOI or arXiv id.", severity="warning")
            return
        self.open_url(reading.key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_url(self, key: str) -> None:
        from paperdesk.services.fetch import open_web_page

        try:
            url = open_web_page(self.ctx, key)
        except PaperdeskError as exc:
            self._fail("Open", exc, key)
            return
        self.post_message(msg.Notice("Opened", url))

    # -- r: review ----------------------------------------------------------------------------
    def action_review(self) -> None:
        reading = self._need_reading()
        if reading is not None:
            self.typed_ahead = []
            self.open_review(reading.key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="review")
    def open_review(self, key: str, name: str = "", email: str = "") -> None:
        from paperdesk.services.reviews import create_review

        def ask(prompt: str) -> str:
            return email if "email" in prompt.lower() else name

        try:
            loaded = create_review(self.ctx, key, ask if name else None)
        except IdentityError:
            self.post_message(msg.IdentityNeeded(key))
            return
        except PaperdeskError as exc:
            self._fail("Review", exc, key)
            return
        self.post_message(msg.ReviewReady(loaded))

    def on_identity_needed(self, message: msg.IdentityNeeded) -> None:
        from paperdesk.services.identity import identity_file
        from paperdesk.tui.dialogs.identity import IdentityDialog

        self.typed_ahead = None
        def answered(identity: tuple[str, str] | None) -> None:
            if identity:
                self.open_review(message.key, *identity)

        self.app.push_screen(IdentityDialog(str(identity_file())), answered)

    def on_review_ready(self, message: msg.ReviewReady) -> None:
        from paperdesk.tui.screens.editor import AUTOSAVE_DELAY, EditorScreen

        loaded = message.loaded
        reading = self.ctx.catalog.get(loaded.key)
        if reading is None:
            return
        typed, self.typed_ahead = "".join(self.typed_ahead or ()), None

        def closed(_result: None) -> None:
            self.refresh_standing()

        editor = EditorScreen(self.ctx, reading, loaded, self.model.abstract(reading), typed,
                              autosave_delay=getattr(self.app, "autosave_delay", AUTOSAVE_DELAY))
        self.app.push_screen(editor, closed)

    # -- s: submit ----------------------------------------------------------------------------
    def action_submit(self) -> None:
        reading = self._need_reading()
        if reading is None:
            return
        review = self.review_file(reading.key)
        if review is None or not review.is_file():
            # The service's hint names the command line; here it is a key.
            self.notify(f"{reading.key}: no review to submit yet (r starts one).",
                        title="Submit", severity="error")
            return
        self.submit_review(reading.key, undo=self.model.status(reading.key) == FINAL)

    @work(thread=True, exclusive=True, exit_on_error=False, group="submit")
    def submit_review(self, key: str, undo: bool, force: bool = False) -> None:
        from paperdesk.services import reviews

        try:
            if undo:
                reviews.unsubmit(self.ctx, key, force=force)
            else:
                reviews.submit(self.ctx, key)
            standing = reviews.current_standing(self.ctx)
            statuses = loading.statuses(self.ctx)
        except reviews.UnsubmitRefused as refused:
            self.post_message(msg.UnsubmitAsked(key, reviews.loss_text(self.ctx, refused.loss)))
            return
        except PaperdeskError as exc:
            self._fail("Submit" if not undo else "Unsubmit", exc, key)
            return
        self.post_message(msg.StandingChanged(standing, statuses))
        if undo:
            self.post_message(msg.Notice("Back to draft", f"{key} no longer counts."))
            return
        batch = next((b for b in standing.batches if key in b.counted), None)
        where = (f"counts toward {batch.name} ({len(batch.counted)}/{batch.size})" if batch
                 else "is late: it earns no points" if key in standing.late
                 else f"is final, but does not count: {reviews.own_note(self.ctx)}"
                 if reviews.is_own(self.ctx, key)
                 else "is final")
        self.post_message(msg.Notice("Submitted", f"{key} {where}."))

    def on_unsubmit_asked(self, message: msg.UnsubmitAsked) -> None:
        from paperdesk.tui.dialogs.unsubmit import UnsubmitDialog

        def answered(anyway: bool | None) -> None:
            if anyway:
                self.submit_review(message.key, undo=True, force=True)

        self.app.push_screen(UnsubmitDialog(message.key, message.loss), answered)

    # -- m: reading status --------------------------------------------------------------------
    def action_cycle_status(self) -> None:
        reading = self._need_reading()
        if reading is None:
            return
        current = self.model.status(reading.key)
        if current in (DRAFT, FINAL):
            self.notify(f"{reading.key} has a {current} review: its status follows the review.")
            return
        new = next_status(current)
        self.post_message(msg.StatusChanged(reading.key, new))  # shown at once; undone on error
        with self._status_lock:
            before = self._pending_status.get(reading.key, (new, current))[1]
            self._pending_status[reading.key] = (new, before)
        self.save_statuses()

    @work(thread=True, exclusive=True, exit_on_error=False, group="status")
    def save_statuses(self) -> None:
        """Store the chosen statuses (the first use opens the database: SQLAlchemy loads here)."""
        from paperdesk.services.reviews import set_reading_status

        while True:
            with self._status_lock:
                if not self._pending_status:
                    return
                key, (status, before) = next(iter(self._pending_status.items()))
                del self._pending_status[key]
                try:
                    set_reading_status(self.ctx, key, status)
                except PaperdeskError as exc:
                    self.post_message(msg.StatusChanged(key, before))
                    self._fail("Status", exc, key)

    # -- e: export ----------------------------------------------------------------------------
    def action_export(self) -> None:
        reading = self._need_reading()
        if reading is None:
            return
        if self.model.status(reading.key) not in (DRAFT, FINAL):
            self.notify(f"{reading.key} has no review yet: r starts one.", severity="warning")
            return
        self.query_one(TaskProgress).start(f"Exporting the review of {reading.key}")
        self.export_review(reading.key)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export_review(self, key: str) -> None:
        from paperdesk.services.export import export_reviews  # typst loads in the worker

        try:
            results = export_reviews(self.ctx, [key])
        except PaperdeskError as exc:
            self._fail("Export failed", exc, key)
            return
        self.post_message(msg.ExportFinished(key, results))

    def on_export_finished(self, message: msg.ExportFinished) -> None:
        self.query_one(TaskProgress).finish()
        root = self.ctx.workspace.root
        for result in message.results:
            if getattr(result, "over_limit", False):  # the editor's wording, and its red
                self.notify(f"{describe_export(result, root)} (submit refuses it until it is "
                            "shortened)", title="Exported, over the limit", severity="error",
                            timeout=10)
            else:
                self.notify(describe_export(result, root), title="Exported")
            for warning in getattr(result, "warnings", None) or []:
                self.notify(f"{message.key}: {warning}", title="Export warning",
                            severity="warning", timeout=8)

    # -- a: add a paper -----------------------------------------------------------------------
    def action_add(self) -> None:
        from paperdesk.tui.dialogs.add_paper import AddPaperDialog, AddRequest

        topic = self.current.topic if self.current else None

        def chosen(request: AddRequest | None) -> None:
            if request is not None:
                self.query_one(TaskProgress).start(f"Adding {request.id_or_url}")
                self.add_paper(request.id_or_url, request.topic)

        self.app.push_screen(AddPaperDialog(self.ctx.catalog.topics(), topic), chosen)

    @work(thread=True, exclusive=True, exit_on_error=False, group="add")
    def add_paper(self, id_or_url: str, topic: str | None) -> None:
        from paperdesk.services.add import add_paper

        try:
            reading = add_paper(self.ctx, id_or_url, topic)
        except PaperdeskError as exc:
            self._fail("Add failed", exc)
            return
        self.post_message(msg.PaperAdded(reading))

    def on_paper_added(self, message: msg.PaperAdded) -> None:
        self.query_one(TaskProgress).finish()
        self.model.readings = list(self.ctx.catalog.readings)
        self.model.invalidate_index()
        self.redraw(keep=message.reading.key)
        added = message.reading
        self.notify(f"{added.key}: {added.title}" + (
            "\nUnder 'My readings': your own list, never counted toward the course."
            if added.personal else ""), title="Added")
        self.load_extras()


def describe_export(result: object, root: Path) -> str:
    """One line about an export result (services.export.ExportResult): where, how many pages."""
    from paperdesk.core.review_format import pages_phrase

    path = getattr(result, "path", None)
    pages = getattr(result, "pages", None)
    limit = getattr(result, "page_limit", 0)
    if isinstance(path, Path):
        text = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    else:
        text = str(result)
    if isinstance(pages, int):
        text += f": {pages_phrase(pages, limit if isinstance(limit, int) else 0)}"
    return text
