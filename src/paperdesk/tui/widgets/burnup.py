"""A burn-up chart of final reviews, week by week, against the pace the deadlines need.

Built from Textual widgets: a column per week (two bars: the pace needed, and the reviews done,
green when on pace and in the warning colour when behind), an axis, a legend and a verdict.
"""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from paperdesk.core.deadlines import Standing
from paperdesk.tui.data.week_plan import BurnPoint

_EIGHTHS = " ▁▂▃▄▅▆▇█"


def bar_cells(value: float, scale: float, height: int) -> list[str]:
    """A vertical bar of ``value`` as ``height`` cells (top first), in eighths of a cell."""
    eighths = round(value / scale * 8) if scale > 0 else 0
    cells = []
    for row in range(height - 1, -1, -1):
        fill = min(max(eighths - row * 8, 0), 8)
        cells.append(_EIGHTHS[fill])
    return cells


class WeekColumn(Widget):
    """One week: the needed bar, the done bar, and the week number under them."""

    DEFAULT_CSS = """
    WeekColumn { width: 3; height: 1fr; }
    """

    def __init__(self, point: BurnPoint, total: int) -> None:
        super().__init__(classes="-current" if point.current else "")
        self.point = point
        self.total = total
        behind = point.done is not None and point.done < point.needed
        self.tooltip = (
            f"Week {point.week.number} ({point.week.date:%b %d}): "
            + (f"{point.done} final by its end" if point.done is not None else "not started")
            + f"; the pace needs {point.needed}" + (" — behind" if behind else "")
        )

    def render(self) -> Content:
        height = max(self.size.height - 1, 1)
        bar = max((self.size.width - 1) // 2, 1)  # two bars and a gap
        scale = max(self.total, 1) / height
        p = self.point
        needed = bar_cells(p.needed, scale, height)
        done = bar_cells(p.done or 0, scale, height) if p.done is not None else [" "] * height
        behind = p.done is not None and p.done < p.needed
        done_style = "$warning" if behind else "$success"
        lines = [
            Content.assemble((n * bar, "$foreground 35%"), (d * bar, done_style))
            for n, d in zip(needed, done, strict=True)
        ]
        label_style = "bold reverse" if p.current else "$text-muted"
        lines.append(Content.styled(f"{p.week.number:>{bar * 2}}", label_style))
        return Content("\n").join(lines)


class BurnUpChart(Vertical):
    """The chart with its axis, legend and a one-line verdict for the current week."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Burn-up: final reviews"

    def compose(self) -> ComposeResult:
        yield Label("", id="burnup-verdict")
        yield Horizontal(id="burnup-plot")
        yield Static(Content.assemble(("█", "$foreground 35%"), " pace needed  ",
                                      ("█", "$success"), " final  ", ("█", "$warning"),
                                      " behind"), id="burnup-legend")

    async def show(self, points: list[BurnPoint], total: int,
                   standing: Standing | None = None) -> None:
        plot = self.query_one("#burnup-plot", Horizontal)
        await plot.remove_children()
        await plot.mount(Axis(total), *[WeekColumn(p, total) for p in points])
        self.query_one("#burnup-verdict", Label).update(verdict(points, standing))


class Axis(Widget):
    """The y axis, drawn to the plot's height."""

    DEFAULT_CSS = """
    Axis { width: 4; height: 1fr; color: $text-muted; }
    """

    def __init__(self, total: int) -> None:
        super().__init__()
        self.total = total

    def render(self) -> str:
        return axis_lines(self.total, max(self.size.height - 1, 1))


def axis_lines(total: int, height: int) -> str:
    """A y axis: the total at the top, half of it where the bars reach it, 0 at the bottom,
    then the label row's "W" (for week)."""
    rows = [f"{'':>2}│"] * height
    rows[0] = f"{total:>2}┤"
    if height >= 4 and total >= 2:
        half = total // 2
        row = height - math.ceil(half * height / total)  # the cell a bar of ``half`` tops
        rows[min(max(row, 1), height - 2)] = f"{half:>2}┤"
    rows[-1] = f"{0:>2}┤"
    return "\n".join([*rows, "  W"])


def verdict(points: list[BurnPoint], standing: Standing | None = None) -> str:
    """One line on the current week; with ``standing``, the deadlines already missed too (the
    pace after a missed batch is the next one's, so "on pace" alone would hide them)."""
    closed = [b for b in standing.batches if b.passed] if standing else []
    missed = sum(b.remaining for b in closed)
    if standing is not None and closed and len(closed) == len(standing.batches):
        counted = sum(len(b.counted) for b in standing.batches)
        total = sum(b.size for b in standing.batches)
        return (f"Every deadline has passed: {counted} of {total} reviews counted"
                + (f", {missed} missed." if missed else "."))
    later = ""
    if missed:
        later = f" {missed} missed at {'a deadline' if len(closed) == 1 else 'earlier deadlines'}."
    now = next((p for p in points if p.current), None)
    if now is None:
        started = [p for p in points if p.done is not None]
        if not started:
            return "The term has not started."
        now = started[-1]
    done = now.done or 0
    if done >= now.needed:
        return (f"On pace: {done} final, the pace needs {now.needed} by week "
                f"{now.week.number}'s end.{later}")
    return (f"Behind: {done} final, the pace needs {now.needed} by week "
            f"{now.week.number}'s end ({now.needed - done} to go).{later}")
