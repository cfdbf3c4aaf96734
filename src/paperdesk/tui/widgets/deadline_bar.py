"""The deadline bar, always at the bottom of the desk: each batch's progress, due date, days left,
and the points so far. The next deadline and anything late stand out."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.renderables.bar import Bar as BarRenderable
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

if TYPE_CHECKING:
    from paperdesk.core.course import ReviewRules
    from paperdesk.core.deadlines import BatchStanding, Standing


BAR_CELLS = {"-narrow": 6, "-wide": 8}  # the progress bar's width by the screen's class


def days_phrase(batch: BatchStanding, short: bool = False) -> str:
    if batch.passed:
        return "closed"
    d = batch.days_left
    if d <= 0:
        return "due today"
    if d == 1:
        return "1d left" if short else "tomorrow"
    return f"{d}d left" if short else f"{d} days left"


def due_forms(batch: BatchStanding) -> list[str]:
    """What the bar says about a batch's deadline, longest first: the bar shows the first that
    fits. Every form says what matters most (days left, complete, or how many were missed),
    so a narrow terminal drops the date, never that; the last but one is the shortest that
    still reads as words (the progress bar gives way to it)."""
    due = batch.due
    if batch.full:
        return [f"due {due:%a %d %b %H:%M} · complete", f"{due:%b %d} · complete", "complete",
                "done"]
    if batch.passed:
        missed = f"{batch.remaining} missed"
        return [f"closed {due:%a %d %b %H:%M} · {missed}", f"closed {due:%b %d} · {missed}",
                f"{due:%b %d} · {missed}", missed, f"-{batch.remaining}"]
    if batch.days_left <= 0:
        return [f"due today, {due:%a %d %b %H:%M}", f"due today {due:%H:%M}", "due today",
                "today", "today"]
    long, short = days_phrase(batch), days_phrase(batch, short=True)
    return [f"due {due:%a %d %b %H:%M} · {long}", f"due {due:%a %b %d} · {long}",
            f"{due:%b %d} · {long}", f"{due:%b %d} · {short}", short, f"{batch.days_left}d"]


class BatchGauge(Widget):
    """One batch on one line: its name, a progress bar of counted / size, the count, and when it
    is due (the longest form that fits).

    One widget draws it all, as the labels and the progress bar it was made of drew it (five
    widgets a batch, a fifth of the desk's first frame)."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "batch--name", "batch--count", "batch--due", "batch--bar", "batch--bar-complete"}

    def __init__(self, index: int, name: str = "", size: int = 0) -> None:
        super().__init__(classes="batch-gauge")
        self.index = index
        self.name_text = name
        self.count_text = f"…/{size}" if size else ""  # until the standing is loaded
        self.progress = 0
        self.total = 10
        self.bar_shown = True
        self.standing: BatchStanding | None = None

    def show(self, batch: BatchStanding, is_next: bool) -> None:
        self.name_text = batch.name
        self.total, self.progress = max(batch.size, 1), len(batch.counted)
        self.count_text = f"{len(batch.counted)}/{batch.size}"
        self.standing = batch
        due = batch.due
        self.set_class(is_next, "-next")
        self.set_class(batch.full, "-full")
        self.set_class(batch.passed and not batch.full, "-missed")
        self.tooltip = (f"{batch.name}: {len(batch.counted)} of {batch.size} final reviews "
                        f"count; due {due:%A %d %B %Y, %H:%M %Z}")
        self.refresh()

    def _bar_cells(self) -> int:
        return BAR_CELLS["-narrow" if self.screen.has_class("-narrow") else "-wide"]

    def due_text(self, width: int) -> str:
        """The longest form of the deadline that fits (weekday, time, 'days left'), down to a
        few letters; too narrow for the progress bar and a word about the deadline, the word
        wins (``bar_shown``)."""
        batch = self.standing
        if batch is None:
            return ""
        forms = due_forms(batch)
        cells = self._bar_cells()
        fixed = len(self.name_text) + len(self.count_text) + 3
        self.bar_shown = width >= fixed + cells + 1 + len(forms[-2])
        room = width - fixed + 1 - (cells + 1 if self.bar_shown else 0)
        return next((f for f in forms if len(f) <= room), forms[-1])

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        blank = Style(bgcolor=self.rich_style.bgcolor)
        due = self.due_text(width)
        segments = [Segment(self.name_text, self.get_component_rich_style("batch--name")),
                    Segment(" ", blank)]
        if self.bar_shown:
            segments += [*self._bar_segments(blank), Segment(" ", blank)]
        segments += [Segment(self.count_text, self.get_component_rich_style("batch--count")),
                     Segment(" ", blank),
                     Segment(due, self.get_component_rich_style("batch--due"))]
        return Strip(Segment.adjust_line_length(segments, width, blank)).crop(0, width)

    def _bar_segments(self, blank: Style) -> list[Segment]:
        """The progress bar as Textual's ProgressBar draws it, its percentage rounded to a half
        cell as there."""
        cells = self._bar_cells()
        share = int(self.progress / self.total * cells * 2) / (cells * 2)
        look = self.get_component_rich_style("batch--bar" if share < 1 else "batch--bar-complete")
        bar = BarRenderable(highlight_range=(0, cells * share),
                            highlight_style=Style.from_color(look.color),
                            background_style=Style.from_color(look.bgcolor))
        console = self.app.console
        return [Segment(text, blank + style if style else blank)
                for text, style, _ in console.render(bar, console.options.update_width(cells))
                if text != "\n"]


class DeadlineBar(Horizontal):
    """All batches side by side, then the points (and late reviews, in the error colour)."""

    def __init__(self, rules: ReviewRules, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rules = rules
        self.standing: Standing | None = None

    def compose(self) -> ComposeResult:
        for i, batch in enumerate(self.rules.batches):
            yield BatchGauge(i, batch.name, batch.size)
        yield Label(f"…/{self.rules.max_points} pts", id="points")

    def show(self, standing: Standing) -> None:
        self.standing = standing
        upcoming = standing.next_batch
        for gauge, batch in zip(self.query(BatchGauge), standing.batches, strict=False):
            gauge.show(batch, upcoming is not None and batch.name == upcoming.name)
        points = self.query_one("#points", Label)
        text = f"{standing.points}/{standing.max_points} pts"
        if standing.late:
            text += f" · {len(standing.late)} late"
        points.update(text)
        points.set_class(bool(standing.late), "-late")
        points.tooltip = (
            f"{standing.points} of {standing.max_points} points; "
            f"{len(standing.drafts)} drafts not submitted"
            + (f"; late (no points): {', '.join(standing.late)}" if standing.late else "")
        )
