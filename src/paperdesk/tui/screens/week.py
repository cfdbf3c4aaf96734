"""This week: the course calendar with today's week highlighted, the week's topic and what is
due, the readings to review next, and the burn-up chart beside them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from paperdesk.core.course import Week
from paperdesk.core.deadlines import Standing
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.reading import Reading
from paperdesk.core.review import Review
from paperdesk.core.status import ReadingStatus
from paperdesk.services.context import Context
from paperdesk.tui import messages as msg
from paperdesk.tui import stylesheets
from paperdesk.tui.data import loading
from paperdesk.tui.data.desk_model import DeskModel
from paperdesk.tui.data.week_plan import burnup, read_next, topics_of_week
from paperdesk.tui.widgets.burnup import BurnUpChart
from paperdesk.tui.widgets.deadline_bar import days_phrase
from paperdesk.tui.widgets.footer import ResponsiveFooter
from paperdesk.tui.widgets.reading_list import short_author


def calendar_widths(screen_width: int, due: list[str]) -> tuple[int, int]:
    """Widths of the calendar's Topic and Due columns, so that the table fits the left pane
    (week.tcss: 3fr beside a burn-up of 2fr, at least 40; a 39-column burn-up when narrow).
    What is due gets its whole text where there is room ("Initial proposal" was cut to
    "Initial propo" at 120 columns); the topic takes the rest and ends in "…" if it must."""
    wide = screen_width >= 120
    left = screen_width - (max(40, screen_width * 2 // 5) if wide else 39)
    # 2 columns of padding a cell, Wk (2) and Date (6), and a column for a scrollbar
    room = left - 4 * 2 - 2 - 6 - 1
    longest = max((len(text) for text in due), default=0)
    due_w = max(min(longest, room - 13), 11)
    return max(room - due_w, 8), due_w


@dataclass
class WeekLoaded(Message):
    reviews: list[Review]
    standing: Standing | None
    statuses: dict[str, str]


class WeekScreen(Screen[str | None]):
    """Dismisses with the key of a reading picked in "what to read next" (or None)."""

    CSS_PATH = stylesheets.WEEK

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,w", "back", "Desk", id="week-back", tooltip="Back to the desk"),
        Binding("t", "today", "This week", id="week-today",
                tooltip="Move the calendar back to the current week"),
        Binding("question_mark", "help", "Help", key_display="?", id="week-help",
                tooltip="Every key of this screen, with what it does"),
    ]

    def __init__(self, ctx: Context, model: DeskModel) -> None:
        super().__init__(id="week")
        self.ctx = ctx
        self.model = model
        self.current = ctx.course.week_of(ctx.now())
        self.standing: Standing | None = None
        self.statuses = dict(model.statuses)

    def compose(self) -> ComposeResult:
        yield Header(icon="▦")
        with Horizontal(id="week-body"):
            with Vertical(id="week-left"):
                yield DataTable(id="calendar", cursor_type="row", zebra_stripes=False)
                yield Static("", id="week-summary")
                yield OptionList(id="read-next")
            yield BurnUpChart(id="burnup")
        yield ResponsiveFooter()

    def on_mount(self) -> None:
        course = self.ctx.course
        self.title = "This week"
        self.sub_title = f"{self.ctx.now().astimezone(course.timezone):%A %d %B %Y}"
        self.query_one("#read-next").border_title = "What to read next (enter: go to it)"
        self._fill_calendar()
        self.action_today()
        self.query_one("#calendar", DataTable).focus()
        self.show_week(self.current)
        self.load()

    def _fill_calendar(self) -> None:
        course = self.ctx.course
        table = self.query_one("#calendar", DataTable)
        topic_w, due_w = calendar_widths(self.app.size.width,
                                         [", ".join(w.deliverables) for w in course.calendar])
        table.add_column("Wk", key="week", width=2)
        table.add_column("Date", key="date", width=6)
        table.add_column("Topic", key="topic", width=topic_w)
        table.add_column("Due", key="due", width=due_w)
        for week in course.calendar:
            here = week == self.current
            style = "bold" if here else ""
            table.add_row(
                Text(f"{week.number}", style),
                Text(f"{week.date:%b %d}", style),
                Text(("▶ " if here else "") + week.topic, style, overflow="ellipsis",
                     no_wrap=True),
                Text(", ".join(week.deliverables), "bold", overflow="ellipsis", no_wrap=True),
                key=str(week.number),
            )

    @work(thread=True, exclusive=True, exit_on_error=False, group="week")
    def load(self) -> None:
        from paperdesk.services.reviews import all_reviews

        try:
            reviews = all_reviews(self.ctx)
            standing = loading.standing(self.ctx)
            statuses = loading.statuses(self.ctx)
        except PaperdeskError as exc:
            self.post_message(msg.failed("This week", str(exc)))
            return
        self.post_message(WeekLoaded(reviews, standing, statuses))

    async def on_week_loaded(self, message: WeekLoaded) -> None:
        self.standing = message.standing
        self.statuses = message.statuses
        course = self.ctx.course
        points = burnup(course, message.reviews, self.ctx.now())
        await self.query_one(BurnUpChart).show(points, course.rules.total_reviews,
                                               message.standing)
        self.show_week(self.selected_week())

    def on_notice(self, message: msg.Notice) -> None:
        self.notify(message.message, title=message.title,
                    severity=message.severity)  # type: ignore[arg-type]

    def selected_week(self) -> Week | None:
        table = self.query_one("#calendar", DataTable)
        calendar = self.ctx.course.calendar
        if 0 <= table.cursor_row < len(calendar):
            return calendar[table.cursor_row]
        return self.current

    @on(DataTable.RowHighlighted, "#calendar")
    def week_highlighted(self) -> None:
        self.show_week(self.selected_week())

    def show_week(self, week: Week | None) -> None:
        self.query_one("#week-summary", Static).update(self.summary(week))
        needed = self.standing.next_batch.remaining if self.standing and \
            self.standing.next_batch else 0
        plan = read_next(week, self.model.readings, self.statuses, needed)
        options = self.query_one("#read-next", OptionList)
        options.clear_options()
        topics = topics_of_week(week, [r.topic for r in self.model.readings]) if week else []
        if not plan.this_week and topics:
            options.add_option(Option(Text("Every reading of this week's topics has a review.",
                                           "italic"), disabled=True))
        for reading in plan.this_week:
            options.add_option(self._option(reading))
        if plan.others:
            options.add_option(Option(Text("then, from other topics" if plan.this_week or topics
                                           else "from the list, in order", "italic"),
                                      disabled=True))
            for reading in plan.others:
                options.add_option(self._option(reading))

    def summary(self, week: Week | None) -> Content:
        lines: list[Content] = []
        if week is None:
            lines.append(Content.styled("The term has not started yet.", "bold"))
        else:
            when = "This week" if week == self.current else f"Week {week.number}"
            lines.append(Content.assemble((f"{when}: {week.topic}", "bold"),
                                          (f" ({week.date:%a %b %d})", "$text-muted")))
            if week.deliverables:
                lines.append(Content.assemble(("Due in class: ", "$text-muted"),
                                              (", ".join(week.deliverables), "$text-warning")))
        nxt = self.standing.next_batch if self.standing else None
        if nxt is not None:
            lines.append(Content.assemble(
                ("Next: ", "$text-muted"), (f"{nxt.name}, {nxt.due:%a %b %d}", "bold"),
                f" ({days_phrase(nxt)}), {nxt.remaining} more final review"
                f"{'s' if nxt.remaining != 1 else ''}"))
        elif self.standing is not None:
            missed = sum(b.remaining for b in self.standing.batches)
            lines.append(Content.styled(
                "No deadline left to meet." + (f" {missed} reviews were missed." if missed else ""),
                "$text-warning" if missed else "$text-success"))
        return Content("\n").join(lines)

    def _option(self, reading: Reading) -> Option:
        status = self.statuses.get(reading.key, ReadingStatus.UNREAD)
        text = Text.assemble(
            reading.title,
            (f" — {short_author(reading)}" if reading.authors else "", "dim"),
            (f" [{status}]" if status != ReadingStatus.UNREAD else "", "dim"),
            no_wrap=True, overflow="ellipsis",
        )
        return Option(text, id=reading.key)

    @on(OptionList.OptionSelected, "#read-next")
    def go_to_reading(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_today(self) -> None:
        table = self.query_one("#calendar", DataTable)
        if self.current is not None:
            table.move_cursor(row=self.ctx.course.calendar.index(self.current))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from paperdesk.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
