"""The deadline bar, always at the bottom of the desk: each batch's progress, due date, days left,
and the points so far. The next deadline and anything late stand out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar

if TYPE_CHECKING:
    from paperdesk.core.course import ReviewRules
    from paperdesk.core.deadlines import BatchStanding, Standing


BAR_CELLS = {"-narrow": 6, "-wide": 8}  # the progress bar's width by screen class (desk.tcss)


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


class BatchGauge(Horizontal):
    """One batch: its name, a progress bar of counted / size, and when it is due."""

    def __init__(self, index: int, name: str = "", size: int = 0) -> None:
        super().__init__(classes="batch-gauge")
        self.index = index
        self.name_text = name
        self.size_text = f"…/{size}" if size else ""  # until the standing is loaded
        self.standing: BatchStanding | None = None

    def compose(self) -> ComposeResult:
        # Drawn with the course's names from the first frame; the counts follow with the standing.
        yield Label(self.name_text, classes="batch-name")
        yield ProgressBar(total=10, show_eta=False, show_percentage=False)
        yield Label(self.size_text, classes="batch-count")
        yield Label("", classes="batch-due")

    def on_resize(self) -> None:
        self.call_after_refresh(self._show_due)  # once the label has its new width

    def _show_due(self) -> None:
        """The longest form that fits (weekday, time, 'days left'), down to a few letters."""
        batch = self.standing
        if batch is None:
            return
        forms = due_forms(batch)
        # Too narrow for the progress bar and a word about the deadline: the word wins.
        fixed = len(batch.name) + len(f"{len(batch.counted)}/{batch.size}") + 3
        bar = self.query_one(ProgressBar)
        cells = BAR_CELLS["-narrow" if self.screen.has_class("-narrow") else "-wide"]
        wanted = self.size.width >= fixed + cells + 1 + len(forms[-2])
        if self.size.width and bar.display != wanted:
            bar.display = wanted
            self.call_after_refresh(self._show_due)
        label = self.query_one(".batch-due", Label)
        room = label.size.width or self.size.width // 2
        label.update(next((f for f in forms if len(f) <= room), forms[-1]))

    def show(self, batch: BatchStanding, is_next: bool) -> None:
        self.query_one(".batch-name", Label).update(batch.name)
        self.query_one(ProgressBar).update(total=max(batch.size, 1), progress=len(batch.counted))
        self.query_one(".batch-count", Label).update(f"{len(batch.counted)}/{batch.size}")
        self.standing = batch
        self._show_due()
        self.call_after_refresh(self._show_due)
        due = batch.due
        self.set_class(is_next, "-next")
        self.set_class(batch.full, "-full")
        self.set_class(batch.passed and not batch.full, "-missed")
        self.tooltip = (f"{batch.name}: {len(batch.counted)} of {batch.size} final reviews "
                        f"count; due {due:%A %d %B %Y, %H:%M %Z}")


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
