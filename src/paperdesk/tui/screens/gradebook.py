"""The gradebook screen: students, the highlighted student's reviews and problems (beside the
students on wide terminals, under them on narrow ones); students whose identity or hand-in is in
doubt are marked ``!`` in red. Enter on a review opens it rendered (``s``: its source as the
student wrote it, read-only), with what became of it and its problems; ``p`` opens its PDF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Label, Markdown, Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

from paperdesk.core.gradebook import (
    COUNTED,
    DRAFTED,
    LATE,
    OVER,
    Gradebook,
    GradedReview,
    Problem,
    StudentGrade,
    pdf_matches,
)
from paperdesk.core.gradebook_report import flag, short_batch, short_file, short_when, when
from paperdesk.core.safetext import printable

if TYPE_CHECKING:
    from paperdesk.services.context import Context

STYLES = Path(__file__).resolve().parent.parent / "styles" / "gradebook.tcss"
_OUTCOME_STYLE: dict[str, str] = {COUNTED: "green", LATE: "red", OVER: "red", DRAFTED: "yellow"}
READING_WIDTH = 24  # the longest course citekeys; longer ones end in "…"


def _pdf_cell(r: GradedReview) -> str:
    if not r.entry.pdf_file:
        return "none"
    return {True: "yes", False: "differs", None: "?"}[pdf_matches(r.entry)]


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _problem_lines(problems: tuple[Problem, ...] | list[Problem],
                   origins: tuple[str, ...]) -> Text:
    """Problems as ``• kind: file: message``, paths shortened to below the student's folder."""
    out = Text()
    for n, p in enumerate(problems):
        out.append("\n" if n else "")
        out.append(f"• {p.kind}: ", style="bold")
        file = short_file(p.file, origins)
        out.append(printable(f"{file}: {p.message}" if file else p.message))
    return out


def concerns(p: Problem, r: GradedReview) -> bool:
    """Whether problem ``p`` is about review ``r``: its source (any line of it) or its PDF."""
    files = {r.entry.file, r.entry.pdf_file} - {""}
    return p.file in files or any(p.file.startswith(f + ":") for f in files)


def _rendered(text: str | None, reading_title: str = "") -> str:
    """The review's body as Markdown to render, under the heading the PDF prints (front matter
    left out); "" when unreadable."""
    if text is None:
        return ""
    from paperdesk.core.errors import ReviewError
    from paperdesk.core.review_format import parse_review

    try:
        review = parse_review(text, "review")
    except ReviewError:
        return ""
    heading = f"# Review of {reading_title}\n\n" if reading_title else ""
    title = f"## {review.title}\n\n" if review.title else ""
    return printable(heading + title + review.body, keep="\n\t")


class ReviewSource(ModalScreen[None]):
    """One review: rendered as it would print, or its file read-only; with what became of it
    and its problems; its PDF a key away."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", tooltip="Back to the gradebook"),
        Binding("s", "toggle_source", "Source/rendered",
                tooltip="Switch between the rendered review and its source file"),
        Binding("p", "open_pdf", "Open PDF",
                tooltip="Typeset the review with the course template and open the PDF"),
    ]
    CSS_PATH = STYLES

    def __init__(self, book: Gradebook, student: StudentGrade, review: GradedReview,
                 ctx: Context | None = None) -> None:
        super().__init__()
        self.book = book
        self.student = student
        self.review = review
        self.ctx = ctx
        reading = ctx.catalog.get(review.reading) if ctx is not None and review.reading else None
        self.rendered = _rendered(review.entry.text, reading.title if reading else "")

    def compose(self) -> ComposeResult:
        r = self.review
        pages = "?" if r.entry.pages is None else str(r.entry.pages)
        with Vertical(id="source-dialog"):
            yield Label(Text(printable(r.entry.file)), id="source-file")
            yield Static(Text(f"{printable(self.student.name)} · "
                              f"{printable(r.reading) or 'no reading'} · "
                             f"submitted {when(self.book, r.submitted)} · {r.outcome}"
                             f"{' (' + r.batch + ')' if r.batch else ''} · {pages} page(s) · "
                             f"PDF {_pdf_cell(r)} · {r.points} points"), id="source-facts")
            mine = [p for p in self.student.problems if concerns(p, r)]
            yield Static(_problem_lines(mine, self.student.origins), id="source-problems",
                         classes="" if mine else "-empty")
            text = r.entry.text if r.entry.text is not None else f"(not readable: {r.entry.error})"
            area = TextArea(printable(text, keep="\n\t"), read_only=True, soft_wrap=True,
                            show_line_numbers=True, id="source-text")
            area.display = not self.rendered
            yield area
            with VerticalScroll(id="source-rendered") as scroll:
                scroll.display = bool(self.rendered)
                yield Markdown(self.rendered)
            yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        try:
            area.language = "markdown"
        except LanguageDoesNotExist:  # no Markdown grammar installed: plain text is fine
            area.language = None
        (self.query_one("#source-rendered") if self.rendered else area).focus()

    def action_toggle_source(self) -> None:
        area = self.query_one(TextArea)
        rendered = self.query_one("#source-rendered", VerticalScroll)
        if not self.rendered:
            self.notify("This review cannot be rendered: its source is shown.")
            return
        area.display, rendered.display = not area.display, area.display
        (area if area.display else rendered).focus()

    def action_open_pdf(self) -> None:
        text = self.review.entry.text
        if self.ctx is None or text is None:
            self.notify("No PDF: the review's file could not be read.", severity="error")
            return
        self.notify("Typesetting the review…")
        self._typeset(text)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _typeset(self, text: str) -> None:
        from paperdesk.core.errors import PaperdeskError
        from paperdesk.services.gradebook import open_review_pdf

        assert self.ctx is not None
        try:
            path = open_review_pdf(self.ctx, text, self.review.entry.file)
        except PaperdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Opened {path.name}")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class GradebookScreen(Screen[None]):
    """Browse students and their reviews; open any review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_review", "Open review", priority=True,
                tooltip="Show the review's source"),
        Binding("tab", "switch_pane", "Next pane",
                tooltip="Move between students, reviews and problems"),
        Binding("m", "mark", "Mark", tooltip="Read and mark the highlighted review"),
        Binding("escape,q", "close", "Close", tooltip="Leave the gradebook"),
    ]
    # Side by side from 120 columns; under each other below (80x24 is enough).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    CSS_PATH = STYLES

    def __init__(self, book: Gradebook, *, quit_on_close: bool = False,
                 ctx: Context | None = None) -> None:
        super().__init__()
        self.book = book
        self.quit_on_close = quit_on_close
        self.ctx = ctx  # to typeset a review's PDF; None: no PDFs
        self.student: StudentGrade | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="gradebook"):
            with Vertical(id="students-pane"):
                yield DataTable(id="students", cursor_type="row", zebra_stripes=True)
                yield Static(id="totals")
            with Vertical(id="student-pane"):
                yield Static(id="student-facts")
                yield DataTable(id="reviews", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="problems-box"):
                    yield Static(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        book = self.book
        self.title = f"Gradebook · {book.course}" if book.course else "Gradebook"
        students = self.query_one("#students", DataTable)
        students.add_columns("Student", *[short_batch(n) for n in book.batch_names],
                             "Late", "Over", "Points")
        self._fill_students()
        reviews = self.query_one("#reviews", DataTable)
        reviews.add_columns("Reading", "Submitted", "Pages", "PDF", "Outcome")
        self._show_totals()
        if book.students:
            self._show(book.students[0])
        students.focus()

    def _fill_students(self) -> None:
        students = self.query_one("#students", DataTable)
        row = students.cursor_row
        students.clear()
        for i, s in enumerate(self.book.students):
            doubt = s.serious or bool(flag(s))
            name = Text(("! " if doubt else "") + printable(s.name),
                        style="bold red" if doubt else "")
            students.add_row(name, *[str(c) for c in s.batch_counts],
                             str(s.count(LATE)), str(s.count(OVER)),
                             Text(f"{s.points}/{s.max_points}",
                                  style="bold" if s.points == s.max_points else ""),
                             key=str(i))
        if students.row_count:
            students.move_cursor(row=min(row, students.row_count - 1))

    def _show_totals(self) -> None:
        """The class at a glance, and how far the marking is (overall and per TA)."""
        from paperdesk.core.marking import progress

        book = self.book
        problems = sum(len(s.problems) for s in book.students)
        marking = progress(book)
        # the header says it on narrow terminals too, where the totals line is hidden (short
        # enough to fit 80 columns beside the course's name; the table lists the students)
        self.sub_title = f"{problems} problems · {marking.marked}/{marking.total} marked"
        by_ta = ", ".join(f"{printable(who or 'no grader named')} {n}"
                          for who, n in marking.by_grader)
        self.query_one("#totals", Static).update(
            f"{len(book.students)} students · {book.review_count} review files · {problems} "
            f"problems · page limit {book.rules.page_limit} · {book.rules.max_points} points "
            f"at most\nMarked {marking.marked} of {marking.total} counted reviews"
            + (f" ({by_ta})" if by_ta else ""))

    @on(DataTable.RowHighlighted, "#students")
    def _student_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self._show(self.book.students[int(event.row_key.value)])

    @on(DataTable.RowSelected, "#students")
    def _student_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#reviews", DataTable).focus()

    @on(DataTable.RowSelected, "#reviews")
    def _review_selected(self, event: DataTable.RowSelected) -> None:
        self._open(event.cursor_row)

    def _show(self, s: StudentGrade) -> None:
        self.student = s
        facts = Text()
        facts.append(printable(s.name), style="bold")
        if s.email:
            facts.append(f" <{printable(s.email)}>")
        facts.append(f" · {s.points}/{s.max_points} points · ", style="bold")
        facts.append(" · ".join(f"{b.name} {len(b.counted)}/{b.size}"
                                for b in s.standing.batches))
        facts.append(f"\n{len(s.problems)} problem{'s' if len(s.problems) != 1 else ''} · from "
                     + printable(", ".join(s.origins) or "nothing handed in"), style="dim")
        if flag(s) or s.serious:
            why = flag(s) or "see the problems"
            facts.append(f"\n! look at this student first: {why}", style="bold red")
        for note in s.notes:
            facts.append(f"\n{printable(note)}", style="italic")
        self.query_one("#student-facts", Static).update(facts)
        table = self.query_one("#reviews", DataTable)
        table.clear()
        for r in s.reviews:
            pages = "—" if r.entry.pages is None else str(r.entry.pages)
            outcome = r.outcome + (f" ({r.batch})" if r.batch else "")
            table.add_row(Text(_clip(printable(r.label), READING_WIDTH)),
                          short_when(self.book, r.submitted), pages, _pdf_cell(r),
                          Text(outcome, style=_OUTCOME_STYLE.get(r.outcome, "")))
        listing = (_problem_lines(s.problems, s.origins) if s.problems
                   else Text("No problems.", style="green"))
        self.query_one("#problems", Static).update(listing)
        self.query_one("#problems-box", VerticalScroll).scroll_home(animate=False)

    def _open(self, row: int) -> None:
        if self.student is not None and 0 <= row < len(self.student.reviews):
            self.app.push_screen(ReviewSource(self.book, self.student,
                                              self.student.reviews[row], self.ctx))

    def action_open_review(self) -> None:
        table = self.query_one("#reviews", DataTable)
        if self.focused is self.query_one("#students", DataTable):
            table.focus()
        elif self.focused is table and table.row_count:
            self._open(table.cursor_row)

    def action_mark(self) -> None:
        from paperdesk.tui.screens.marking import MarkingScreen

        if self.ctx is None:
            self.notify("Marking needs the course's workspace.", severity="error")
            return
        table = self.query_one("#reviews", DataTable)
        s = self.student
        reading = ""
        if s is not None and s.reviews and 0 <= table.cursor_row < len(s.reviews):
            reading = s.reviews[table.cursor_row].reading
        self.app.push_screen(MarkingScreen(self.ctx, self.book, s.key if s else "", reading),
                             self._marked)

    def _marked(self, _result: None) -> None:
        """Back from marking: the gradebook as it is now stored."""
        from paperdesk.services.gradebook import build

        if self.ctx is None:
            return
        self.book = build(self.ctx)
        self._fill_students()  # the points column too, not only the highlighted student
        self._show_totals()
        if self.student is not None:
            again = next((s for s in self.book.students if s.key == self.student.key), None)
            if again is not None:
                self._show(again)

    def action_switch_pane(self) -> None:
        panes: list[Widget] = [self.query_one("#students", DataTable),
                               self.query_one("#reviews", DataTable),
                               self.query_one("#problems-box", VerticalScroll)]
        now = panes.index(self.focused) if self.focused in panes else -1
        panes[(now + 1) % len(panes)].focus()

    def action_close(self) -> None:
        if self.quit_on_close:
            self.app.exit()
        else:
            self.dismiss(None)
