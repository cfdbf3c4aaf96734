"""The marking screen: one review rendered as it prints, what became of it, and keys to mark it.

Opened from the gradebook screen (``m``) on a review. Digits give points (0 up to the course's
``points_per_review``), ``c`` writes a comment (Markdown; ``ctrl+s`` stores it), ``]`` / ``[``
move to the next / previous review, ``u`` to the next one nobody has marked, ``p`` typesets it and
opens the PDF. Every mark is stored at once (the gradebook's override, with grader and time).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static, TextArea

from paperdesk.core.gradebook import Gradebook, GradedReview, StudentGrade
from paperdesk.core.safetext import printable
from paperdesk.tui.screens.gradebook import STYLES, _rendered

if TYPE_CHECKING:
    from paperdesk.services.context import Context

# $...$ and $$...$$ shown as their TeX source in a code span: set apart from the prose
_MATH = re.compile(r"(?<!\\)(\$\$[^$]+\$\$|\$[^$\n]+\$)")


def math_as_source(markdown: str) -> str:
    return _MATH.sub(lambda m: "`" + m.group(1).replace("`", "'") + "`", markdown)


def items(book: Gradebook) -> list[tuple[StudentGrade, GradedReview]]:
    """Every review of a reading, student by student: what the screen moves through."""
    return [(s, r) for s in book.students for r in s.reviews if r.reading]


class MarkingScreen(Screen[None]):
    """Read one review and mark it; move on to the next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(str(n), f"mark({n})", f"{n} points", show=n <= 2,
                  tooltip=f"Give the review {n} points (stored at once)") for n in range(10)],
        Binding("i", "next_item", "Rubric item", tooltip="Score the next rubric item"),
        Binding("c", "comment", "Comment", tooltip="Write a comment (Markdown); ctrl+s stores"),
        Binding("ctrl+s", "save_comment", "Store comment", show=False,
                tooltip="Store the comment with the review's points"),
        Binding("right_square_bracket", "move(1)", "Next", tooltip="The next review"),
        Binding("left_square_bracket", "move(-1)", "Previous", tooltip="The previous review"),
        Binding("u", "next_unmarked", "Next unmarked",
                tooltip="The next counted review nobody has marked"),
        Binding("p", "open_pdf", "PDF", tooltip="Typeset the review and open the PDF"),
        Binding("escape", "close", "Back", tooltip="Back to the gradebook"),
    ]
    CSS_PATH = STYLES
    DEFAULT_CSS = """
    MarkingScreen #marking-facts { height: auto; padding: 0 1; background: $boost; }
    MarkingScreen #marking-mark { height: auto; padding: 0 1; }
    MarkingScreen #marking-review { height: 1fr; }
    MarkingScreen #marking-comment { height: 8; display: none; }
    MarkingScreen #marking-comment.-shown { display: block; }
    MarkingScreen #marking-review MarkdownBlock Code, MarkingScreen .code_inline {
        color: $text-accent;
    }
    """

    def __init__(self, ctx: Context, book: Gradebook, student: str = "",
                 reading: str = "") -> None:
        super().__init__()
        self.ctx = ctx
        self.book = book
        self.items = items(book)
        self.index = next((i for i, (s, r) in enumerate(self.items)
                           if s.key == student and r.reading == reading), 0)
        self.rubric = ctx.course.rubric
        self.scores: dict[str, int] = {}  # by rubric: the item scores given so far
        self.item = 0  # the rubric item the digits score

    @property
    def current(self) -> tuple[StudentGrade, GradedReview] | None:
        return self.items[self.index] if self.items else None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(id="marking-facts")
            yield Static(id="marking-mark")
            with VerticalScroll(id="marking-review"):
                yield Markdown("", id="marking-markdown")
            yield TextArea("", id="marking-comment", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Marking · {self.book.course}" if self.book.course else "Marking"
        self.show_current()

    def show_current(self) -> None:
        cur = self.current
        limit = self.book.rules.points_per_review
        if cur is None:
            self.query_one("#marking-facts", Static).update("Nothing collected to mark.")
            return
        s, r = cur
        reading = self.ctx.catalog.get(r.reading)
        pages = "?" if r.entry.pages is None else str(r.entry.pages)
        facts = Text()
        facts.append(printable(s.name), style="bold")
        facts.append(f"  ({self.index + 1} of {len(self.items)})\n", style="dim")
        if reading is not None:
            from paperdesk.core.citation import byline

            facts.append(printable(byline(reading)) + ". ", style="italic")
            facts.append(printable(reading.title) + "\n")
        facts.append(f"{r.reading} · {pages} page{'s' if pages != '1' else ''} · {r.outcome}"
                     + (f" ({r.batch})" if r.batch else "") + f" · {r.points} of {limit} points")
        self.query_one("#marking-facts", Static).update(facts)
        mark = Text()
        o = r.override
        if o is None:
            mark.append("Not marked yet", style="bold yellow")
            mark.append(f": 0–{limit} gives points, c a comment", style="dim")
        else:
            mine = o.grader == self._grader()
            mark.append(f"Marked {o.points} of {limit}", style="bold green")
            mark.append(f" by {o.grader or 'someone'}" + (f", {o.at[:16].replace('T', ' ')}"
                                                        if o.at else ""),
                        style="" if mine else "bold magenta")
            if o.rubric:
                mark.append(" · " + ", ".join(f"{n} {v}" for n, v in o.rubric))
            if o.comment:
                first = o.comment.strip().splitlines()[0]
                mark.append(f"\n“{printable(first)[:200]}”", style="italic")
        if self.rubric:
            given = dict(o.rubric) if o else {}
            for k, it in enumerate(self.rubric):
                score = self.scores.get(it.name, given.get(it.name))
                cursor = "▸ " if k == self.item else "  "
                mark.append(f"\n{cursor}{it.name} ", style="bold" if k == self.item else "")
                mark.append(f"[{'-' if score is None else score}/{it.points}] ")
                mark.append(printable(it.description), style="dim")
        self.query_one("#marking-mark", Static).update(mark)
        title = reading.title if reading else ""
        body = _rendered(r.entry.text, title) or f"*(not readable: {r.entry.error})*"
        self.query_one("#marking-markdown", Markdown).update(math_as_source(body))
        self.query_one("#marking-review", VerticalScroll).scroll_home(animate=False)
        self.query_one("#marking-comment", TextArea).text = o.comment if o else ""

    def _grader(self) -> str:
        from paperdesk.services.gradebook import grader

        return grader(self.ctx)

    def _store(self, points: int, comment: str,
               rubric: dict[str, int] | None = None) -> None:
        from paperdesk.core.errors import PaperdeskError
        from paperdesk.services.gradebook import build, set_points

        cur = self.current
        if cur is None:
            return
        s, r = cur
        try:
            set_points(self.ctx, s.key, r.reading, points, comment, rubric)
        except PaperdeskError as exc:
            self.notify(str(exc), severity="error")
            return
        here = (s.key, r.reading)
        self.book = build(self.ctx)
        self.items = items(self.book)
        self.index = next((i for i, (st, rv) in enumerate(self.items)
                           if (st.key, rv.reading) == here), 0)
        self.notify(f"{r.reading}: {points} point{'s' if points != 1 else ''} stored")
        self.show_current()

    def action_mark(self, points: int) -> None:
        if self.rubric:
            self._score(points)
            return
        limit = self.book.rules.points_per_review
        if points > limit:
            self.notify(f"A review is worth at most {limit} points.", severity="warning")
            return
        cur = self.current
        if cur is None:
            return
        o = cur[1].override
        self._store(points, o.comment if o else "")

    def _score(self, score: int) -> None:
        """By rubric: the digit scores the current item; the last one stores the sum."""
        cur = self.current
        if cur is None:
            return
        item = self.rubric[self.item]
        if score > item.points:
            self.notify(f"{item.name} is worth at most {item.points}.", severity="warning")
            return
        self.scores[item.name] = score
        if len(self.scores) < len(self.rubric):
            self.item = next(k for k, it in enumerate(self.rubric) if it.name not in self.scores)
            self.show_current()
            return
        scores, self.scores, self.item = self.scores, {}, 0
        o = cur[1].override
        self._store(sum(scores.values()), o.comment if o else "", scores)

    def action_next_item(self) -> None:
        if self.rubric:
            self.item = (self.item + 1) % len(self.rubric)
            self.show_current()

    def action_comment(self) -> None:
        self._show_comment(True)
        self.query_one("#marking-comment", TextArea).focus()

    def action_save_comment(self) -> None:
        cur = self.current
        if cur is None:
            return
        _s, r = cur
        points = r.override.points if r.override else r.points
        rubric = dict(r.override.rubric) if r.override and r.override.rubric else None
        self._store(points, self.query_one("#marking-comment", TextArea).text, rubric)
        self._show_comment(False)
        self.query_one("#marking-review").focus()

    def _show_comment(self, shown: bool) -> None:
        """Show or hide the comment box. Its own class does it (only the box is styled again): a
        class on the screen styled every widget of the screen again at each c, ctrl+s and move."""
        self.query_one("#marking-comment", TextArea).set_class(shown, "-shown")

    @property
    def commenting(self) -> bool:
        """The comment box is shown (c): its keys are text, not marks."""
        return self.query_one("#marking-comment", TextArea).has_class("-shown")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # while the comment is being written, its keys are text, not marks
        busy = ("mark", "comment", "next_unmarked", "open_pdf", "next_item")
        if action == "next_item" and not self.rubric:
            return False  # no rubric: not in the footer
        return not (self.commenting and action in busy)

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = (self.index + step) % len(self.items)
            self.scores, self.item = {}, 0
            self._show_comment(False)
            self.show_current()

    def action_next_unmarked(self) -> None:
        from paperdesk.core.marking import to_mark

        n = len(self.items)
        for k in range(1, n + 1):
            i = (self.index + k) % n
            if self.items[i][1].override is None and to_mark(self.items[i][1]):
                self.index = i
                self.scores, self.item = {}, 0
                self.show_current()
                return
        self.notify("Every counted review is marked.")

    def action_open_pdf(self) -> None:
        cur = self.current
        if cur is None or cur[1].entry.text is None:
            self.notify("No PDF: the review's file could not be read.", severity="error")
            return
        self.notify("Typesetting the review…")
        self._typeset(cur[1].entry.text, cur[1].entry.file)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _typeset(self, text: str, file: str) -> None:
        from paperdesk.core.errors import PaperdeskError
        from paperdesk.services.gradebook import open_review_pdf

        try:
            path = open_review_pdf(self.ctx, text, file)
        except PaperdeskError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self.notify, f"Opened {path.name}")

    def action_close(self) -> None:
        if self.commenting:
            self._show_comment(False)
            self.query_one("#marking-review").focus()
            return
        self.dismiss(None)
