"""The gradebook screen: students on the left, the highlighted student's reviews and problems on
the right; Enter on a review opens its source as the student wrote it (read-only)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Label, Static, TextArea
from textual.widgets.text_area import LanguageDoesNotExist

from paperdesk.core.gradebook import (
    COUNTED,
    DRAFTED,
    LATE,
    OVER,
    Gradebook,
    GradedReview,
    StudentGrade,
    pdf_matches,
)

STYLES = Path(__file__).resolve().parent.parent / "styles" / "gradebook.tcss"
_OUTCOME_STYLE = {COUNTED: "green", LATE: "red", OVER: "red", DRAFTED: "yellow"}


def _pdf_cell(r: GradedReview) -> str:
    if not r.entry.pdf_file:
        return "none"
    return {True: "yes", False: "differs", None: "?"}[pdf_matches(r.entry)]


class ReviewSource(ModalScreen[None]):
    """One review's file, read-only, with what became of it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "dismiss", "Close", tooltip="Back to the gradebook"),
    ]
    CSS_PATH = STYLES

    def __init__(self, student: StudentGrade, review: GradedReview) -> None:
        super().__init__()
        self.student = student
        self.review = review

    def compose(self) -> ComposeResult:
        r = self.review
        pages = "?" if r.entry.pages is None else str(r.entry.pages)
        with Vertical(id="source-dialog"):
            yield Label(Text(r.entry.file), id="source-file")
            yield Label(Text(f"{self.student.name} · {r.reading or 'no reading'} · {r.outcome}"
                             f"{' (' + r.batch + ')' if r.batch else ''} · {pages} page(s) · "
                             f"PDF {_pdf_cell(r)} · {r.points} points"), id="source-facts")
            text = r.entry.text if r.entry.text is not None else f"(not readable: {r.entry.error})"
            area = TextArea(text, read_only=True, soft_wrap=True, show_line_numbers=True,
                            id="source-text")
            yield area
            yield Footer()

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        try:
            area.language = "markdown"
        except LanguageDoesNotExist:  # no Markdown grammar installed: plain text is fine
            area.language = None
        area.focus()

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)


class GradebookScreen(Screen[None]):
    """Browse students and their reviews; open any review."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_review", "Open review", priority=True,
                tooltip="Show the review's source"),
        Binding("tab", "switch_pane", "Students/reviews", tooltip="Move between the two tables"),
        Binding("escape,q", "close", "Close", tooltip="Leave the gradebook"),
    ]
    CSS_PATH = STYLES

    def __init__(self, book: Gradebook, *, quit_on_close: bool = False) -> None:
        super().__init__()
        self.book = book
        self.quit_on_close = quit_on_close
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
                yield Static(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        book = self.book
        self.title = f"Gradebook · {book.course}" if book.course else "Gradebook"
        self.sub_title = f"{len(book.students)} students · {book.review_count} review files"
        students = self.query_one("#students", DataTable)
        students.add_columns("Student", *[n.replace("Batch ", "B") for n in book.batch_names],
                             "Late", "Over", "Points")
        for i, s in enumerate(book.students):
            students.add_row(Text(s.name), *[str(c) for c in s.batch_counts],
                             str(s.count(LATE)), str(s.count(OVER)),
                             Text(f"{s.points}/{s.max_points}",
                                  style="bold" if s.points == s.max_points else ""),
                             key=str(i))
        reviews = self.query_one("#reviews", DataTable)
        reviews.add_columns("Reading", "Submitted", "Pages", "PDF", "Outcome", "Pts")
        problems = sum(len(s.problems) for s in book.students)
        self.query_one("#totals", Static).update(
            f"{len(book.students)} students · {problems} problems · page limit "
            f"{book.rules.page_limit} · {book.rules.max_points} points at most")
        if book.students:
            self._show(book.students[0])
        students.focus()

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
        facts.append(s.name, style="bold")
        if s.email:
            facts.append(f"  <{s.email}>")
        facts.append(f"\n{s.points}/{s.max_points} points · ")
        facts.append(" · ".join(f"{b.name} {len(b.counted)}/{b.size}"
                                for b in s.standing.batches))
        facts.append("\nfrom " + ", ".join(s.origins), style="dim")
        self.query_one("#student-facts", Static).update(facts)
        table = self.query_one("#reviews", DataTable)
        table.clear()
        for r in s.reviews:
            when = r.submitted.strftime("%Y-%m-%d %H:%M") if r.submitted else "—"
            pages = "—" if r.entry.pages is None else str(r.entry.pages)
            outcome = r.outcome + (f" ({r.batch})" if r.batch else "")
            table.add_row(Text(r.label), when, pages, _pdf_cell(r),
                          Text(outcome, style=_OUTCOME_STYLE.get(r.outcome, "")), str(r.points))
        listing = Text()
        if not s.problems:
            listing.append("No problems.", style="green")
        for p in s.problems:
            listing.append(f"• {p.kind}: ", style="bold")
            listing.append(str(p) + "\n")
        self.query_one("#problems", Static).update(listing)

    def _open(self, row: int) -> None:
        if self.student is not None and 0 <= row < len(self.student.reviews):
            self.app.push_screen(ReviewSource(self.student, self.student.reviews[row]))

    def action_open_review(self) -> None:
        table = self.query_one("#reviews", DataTable)
        if self.focused is self.query_one("#students", DataTable):
            table.focus()
        elif table.row_count:
            self._open(table.cursor_row)

    def action_switch_pane(self) -> None:
        students = self.query_one("#students", DataTable)
        target = self.query_one("#reviews", DataTable) if self.focused is students else students
        target.focus()

    def action_close(self) -> None:
        if self.quit_on_close:
            self.app.exit()
        else:
            self.dismiss(None)
