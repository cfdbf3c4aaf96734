"""The desk: the reading list, the highlighted reading's details, and the deadline bar.

Every key is a Binding with a description: the footer, the help screen and the command palette
all read these declarations. Slow work is in :mod:`paperdesk.tui.screens.desk_work` (workers).
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, Input

from paperdesk.core.reading import Reading
from paperdesk.services.context import Context
from paperdesk.tui import messages as msg
from paperdesk.tui.data.desk_model import DeskModel, group_rows
from paperdesk.tui.data.loading import feedback_of, pdf_path
from paperdesk.tui.screens.desk_work import DeskWork
from paperdesk.tui.widgets.deadline_bar import DeadlineBar
from paperdesk.tui.widgets.detail import DetailPane, ReadingDetail
from paperdesk.tui.widgets.filter_box import FilterBox
from paperdesk.tui.widgets.footer import ResponsiveFooter
from paperdesk.tui.widgets.reading_list import ReadingList
from paperdesk.tui.widgets.task_progress import TaskProgress


def breakpoint_classes(screen: Screen[Any], app: App[Any]) -> list[str]:
    """The screen's breakpoint classes (-narrow/-wide, -short/-tall) for the terminal's size now,
    as Textual sets them at the screen's first resize: a screen made with them is styled once,
    not styled again (all its widgets) when that resize adds them."""
    width, height = app.size
    found = []
    for dimension, own, apps in ((width, screen.HORIZONTAL_BREAKPOINTS, app.HORIZONTAL_BREAKPOINTS),
                                 (height, screen.VERTICAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS)):
        points = apps if own is None else own
        # Textual's rule: the largest breakpoint the dimension reaches
        found += [name for at, name in sorted(points or [], reverse=True) if dimension >= at][:1]
    return found


class DeskScreen(DeskWork, Screen[None]):
    """The main screen: where a student spends the term."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fetch", "Fetch", id="fetch",
                tooltip="Fetch metadata (arXiv, Crossref): of the marked readings (space), "
                "else of all shown (F: their PDFs)"),
        # Not in the footer (no room at 120 columns): in the help (?) and the palette.
        Binding("F", "fetch_pdfs", "Get PDFs", id="fetch-pdfs", show=False,
                tooltip="Download the PDFs of the marked readings (space), else of all shown, "
                "as fetch --pdfs does"),
        Binding("p", "pdf", "PDF", id="pdf",
                tooltip="Download the reading's PDF from arXiv, or open it when it is here"),
        Binding("o", "open_url", "URL", id="open-url",
                tooltip="Open the reading's web page (URL, DOI or arXiv) in the browser"),
        Binding("r", "review", "Review", id="review",
                tooltip="Write the review of the reading, or open it in the editor"),
        Binding("s", "submit", "Submit", id="submit",
                tooltip="Submit the review as final (it counts), or take it back to draft"),
        Binding("m", "cycle_status", "Status", id="status",
                tooltip="Mark the reading unread → reading → read"),
        Binding("e", "export", "Export", id="export",
                tooltip="Export the reading's review to PDF (reviews/<key>.pdf)"),
        Binding("a", "add", "Add", id="add",
                tooltip="Add a paper to your own my-readings.bib by its arXiv id or URL"),
        Binding("w", "week", "Week", id="week",
                tooltip="This week: the calendar, what to read next, the burn-up chart"),
        # A priority binding runs as the key arrives, so the keys typed right after "/" (already
        # on their way) reach the filter instead of running the desk's own bindings.
        Binding("slash", "filter", "Filter", key_display="/", id="filter", priority=True,
                tooltip="Filter as you type: title, authors, key, topic, abstract; Esc clears"),
        Binding("ctrl+t", "toggle_inside", "Inside PDFs", id="inside-pdfs", priority=True,
                show=False, tooltip="Filter: also search inside the downloaded PDFs (on/off)"),
        Binding("escape", "clear_filter", "Show all", id="clear-filter",
                tooltip="Clear the filter and show every reading"),
        # While typing in the filter every letter is text, "?" and "q" too: the footer says how
        # to get to the list (Tab works as well) and which key is help there.
        # (A priority binding, or the Input's own "down", scrolling nothing, would take it;
        # check_action lets it through to the list when the list has the focus.)
        Binding("down", "to_list", "List", key_display="↓/tab", id="filter-to-list",
                priority=True,
                tooltip="Leave the filter for the list (the filter stays on); Tab does too"),
        Binding("f1", "help_f1", "Help", id="help-f1",
                tooltip="Every key of this screen (while typing in the filter, ? is a letter)"),
        Binding("question_mark", "help", "Help", key_display="?", id="help",
                tooltip="Every key of this screen, with what it does"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave paperdesk"),
    ]

    # The list has the focus from the start: the footer is first drawn with the list's keys (with
    # the hidden filter box focused first, it showed the filter's until the terminal said it had
    # the focus, if it ever did).
    AUTO_FOCUS = "#readings"

    # Shown in the footer only on wide terminals (always in the help and the palette).
    FOOTER_SECONDARY = frozenset({"open_url", "cycle_status", "export", "add"})

    @property
    def footer_secondary(self) -> frozenset[str]:
        """While a filter is on, "/" gives its place in a narrow footer to "esc Show all" (the
        filter box shows what is typed): 80 columns hold one or the other beside "? Help"."""
        if self.filter_open or self.query_text:
            return self.FOOTER_SECONDARY | {"filter"}
        return self.FOOTER_SECONDARY

    @property
    def footer_hidden(self) -> frozenset[str]:
        """With a filter on, "esc Show all" takes the place of "/ Filter" at every width (at 120
        columns both, and "? Help q Quit" after them, did not fit); "/" still works."""
        if self.filter_open or self.query_text:
            return frozenset({"filter"})
        return frozenset()

    def __init__(self, ctx: Context, model: DeskModel) -> None:
        super().__init__(id="desk")
        # (made outside an app, NoActiveAppError: Textual sets them at the first resize)
        with suppress(RuntimeError):
            self.add_class(*breakpoint_classes(self, self.app), update=False)
        self.ctx = ctx
        self.model = model
        self.query_text = ""
        self.inside_pdfs = False  # the filter also searches the PDFs' text (ctrl+t)
        self._detail_pending = False  # a detail to show after the list's next frame
        self._resumed = False  # the first ScreenResume has come
        self._extras_started = False

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header(icon="▤")
        yield FilterBox(placeholder="Filter: title, author, key, topic or abstract (Esc clears)",
                        id="filter")
        with Horizontal(id="desk-body"):
            yield ReadingList(self.model, id="readings")
            yield DetailPane(id="detail")
        yield TaskProgress(id="task")
        yield DeadlineBar(self.ctx.course.rules, id="deadlines")
        yield ResponsiveFooter()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The desk's first resume comes right after its widgets were mounted, each styled then
        with the classes it has (the breakpoints' too): Textual would style all of them again
        (a tenth of the first paint). Later resumes, after the editor or a dialog, do restyle.
        (This handler runs before Screen's own, which reads ``refresh_styles``.)"""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def on_mount(self) -> None:
        course = self.ctx.course
        self.title = "paperdesk"
        self.sub_title = f"{course.name} · {course.term}" if course.term else course.name
        self.query_one(DetailPane).home = self.ctx.workspace.root
        readings = self.query_one(ReadingList)
        readings.set_rows(group_rows(self.model.readings))
        self.show_detail()  # in the first frame (its Highlighted message comes after it)
        readings.focus()
        # The extras (abstracts, search index, deadline standing) load once the list is on the
        # screen: a thread started now would compete with the first paint for the GIL.
        self.extras_pending = True
        self.set_timer(1.0, self.start_extras)  # in case the list is never drawn (no room)
        errors = [p for p in self.ctx.catalog.problems if p.severity == "error"]
        if errors:
            self.notify(f"{len(errors)} entr{'ies' if len(errors) > 1 else 'y'} of "
                        f"{self.ctx.catalog.source} could not be read (paperdesk check lists "
                        f"them); the first: {errors[0]}", title="Reading list",
                        severity="warning", timeout=12)

    # -- the list and the detail pane ---------------------------------------------------------
    @property
    def reading_list(self) -> ReadingList:
        return self.query_one(ReadingList)

    @property
    def current(self) -> Reading | None:
        return self.reading_list.highlighted

    @on(ReadingList.Highlighted)
    def highlighted(self) -> None:
        self.detail_soon()

    def detail_soon(self) -> None:
        """Show the highlighted reading's detail; while typing in the filter, right after the
        list's frame: a new detail is laid out and drawn (15-20 ms at each keystroke that moves
        the highlight), and the list is what the keystroke is for. Shown then is the reading
        highlighted then, so the last keystroke's detail is the one that stays."""
        if self.focused is not self.query_one("#filter", Input):
            self.show_detail()
        elif not self._detail_pending:
            self._detail_pending = True
            self.call_after_refresh(self._show_pending_detail)

    def _show_pending_detail(self) -> None:
        self._detail_pending = False
        self.show_detail()

    def show_detail(self, event: ReadingList.Highlighted | None = None) -> None:
        reading = self.current
        pane = self.query_one(DetailPane)
        if reading is None:
            pane.show(None)
            return
        pane.show(self.detail_of(reading))

    def detail_of(self, reading: Reading) -> ReadingDetail:
        review = self.review_file(reading.key)
        return ReadingDetail(
            reading=reading,
            status=self.model.status(reading.key),
            abstract=self.model.abstract(reading),
            pdf=pdf_path(self.ctx, reading) if reading.key in self.model.with_pdf else None,
            review=review if review is not None and review.is_file() else None,
            feedback=feedback_of(self.ctx, reading.key) if reading.key in self.model.feedback
            else None,
        )

    @on(ReadingList.Painted)
    def start_extras(self) -> None:
        """After the list's first paint: load the rest (the worker's DeskLoaded fills it in)."""
        if not self._extras_started:
            self._extras_started = True
            first_paint_done = getattr(self.app, "first_paint_done", None)
            if first_paint_done is not None:
                first_paint_done()
            self.load_extras()

    @on(ReadingList.Selected)
    def open_selected(self, event: ReadingList.Selected) -> None:
        self.action_review()

    def redraw(self, keep: str | None = None) -> None:
        """Rebuild the rows (after a filter or a change of the catalog)."""
        shown = self.model.matching(self.query_text)
        readings = self.reading_list
        readings.empty_text = (
            f"No reading matches {self.query_text!r} (Esc clears the filter)."
            if self.query_text else "No readings in readings.bib yet (a adds one).")
        current = keep or (self.current.key if self.current else None)
        readings.set_rows(group_rows(shown), keep=current)
        self.detail_soon()

    # -- the filter ---------------------------------------------------------------------------
    @property
    def filter_open(self) -> bool:
        """The filter box is shown (/ shows it, Esc hides it): its class says so."""
        return self.query_one("#filter", Input).has_class("-open")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":  # in the footer only while there is a filter to clear
            return self.filter_open or bool(self.query_text)
        typing = self.focused is self.query_one("#filter", Input)
        if action == "filter":  # while typing in the filter, "/" is just a character
            return not typing
        if action in ("to_list", "help_f1"):
            return typing
        return True

    def action_to_list(self) -> None:
        self.set_focus(self.reading_list)

    def action_help_f1(self) -> None:
        self.action_help()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        # The box's class shows it (desk.tcss): only the box is styled again. The class was the
        # screen's, and each / and Esc styled every widget of the desk again for one box.
        box.add_class("-open")
        self.set_focus(box)  # now, not at the next idle
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("-open")
        if box.value:
            box.value = ""  # Input.Changed redraws
        self.query_text = ""
        self.redraw()
        self.set_focus(self.reading_list)
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    async def filter_changed(self, event: Input.Changed) -> None:
        # No debounce: a keystroke narrows the last result (a few ms at 10,000 readings), and
        # only the visible lines are drawn; bench/tui.py measures it.
        self.apply_filter(event.value)
        # Let the list ask for its repaint before this screen goes idle: the box's new text and
        # the list are then drawn in one frame (else the box got a frame of its own first, and
        # the list waited for the next one).
        await asyncio.sleep(0)

    def apply_filter(self, text: str) -> None:
        if text != self.query_text:
            self.query_text = text
            if self.model.inside and not self.inside_pdfs:
                self.model.set_inside(set())
            self.redraw()
            if self.inside_pdfs and text.strip():
                self.search_inside(text)

    def action_toggle_inside(self) -> None:
        self.inside_pdfs = not self.inside_pdfs
        box = self.query_one("#filter", Input)
        box.placeholder = ("Filter, and inside the PDFs (ctrl+t: off; Esc clears)"
                           if self.inside_pdfs else
                           "Filter: title, author, key, topic or abstract (Esc clears)")
        self.notify("The filter searches inside the downloaded PDFs too." if self.inside_pdfs
                    else "The filter no longer searches inside the PDFs.", title="Filter")
        self.model.set_inside(set())
        self.redraw()
        self.search_inside_again()
        if self.inside_pdfs:
            self.action_filter()

    def search_inside_again(self) -> None:
        if self.inside_pdfs and self.query_text.strip():
            self.search_inside(self.query_text)

    def on_fulltext_found(self, message: msg.FulltextFound) -> None:
        if self.inside_pdfs and message.query == self.query_text:
            self.model.set_inside(message.keys)
            self.redraw()

    @on(Input.Submitted, "#filter")
    def filter_done(self) -> None:
        self.set_focus(self.reading_list)

    # -- updates from workers -----------------------------------------------------------------
    def on_desk_loaded(self, message: msg.DeskLoaded) -> None:
        model, extras = self.model, message.extras
        model.statuses = extras.statuses
        model.with_metadata = extras.with_metadata
        model.with_pdf = extras.with_pdf
        model.abstracts = extras.abstracts
        model.set_index(extras.index)
        if self.query_text.strip():  # typed before the abstracts were in the index
            self.redraw()
        else:
            self.reading_list.refresh()
            self.show_detail()
        if extras.standing is not None:
            self.query_one(DeadlineBar).show(extras.standing)
        self.index_pdfs()  # PDFs downloaded before (or by the CLI) become searchable
        settle = getattr(self.app, "settle", None)
        if settle is not None:
            settle()  # the index and the abstracts are here for the session

    def on_standing_changed(self, message: msg.StandingChanged) -> None:
        self.model.statuses = message.statuses
        self.query_one(DeadlineBar).show(message.standing)
        self.reading_list.refresh()
        self.show_detail()

    def on_status_changed(self, message: msg.StatusChanged) -> None:
        self.model.statuses[message.key] = message.status
        self.reading_list.refresh_reading(message.key)
        self.show_detail()

    # -- navigation ---------------------------------------------------------------------------
    def action_help(self) -> None:
        from paperdesk.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_week(self) -> None:
        from paperdesk.tui.screens.week import WeekScreen

        def picked(key: str | None) -> None:
            if key is not None and not self.reading_list.move_to(key):
                self.action_clear_filter()  # the filter hid it
                self.reading_list.move_to(key)

        self.app.push_screen(WeekScreen(self.ctx, self.model), picked)

    async def action_quit(self) -> None:
        await self.app.action_quit()
