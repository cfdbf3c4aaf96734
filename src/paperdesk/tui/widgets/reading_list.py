"""The reading list: topics and readings drawn line by line, so 10,000 entries cost no more to
show than 20 (only the visible lines are ever rendered, like DataTable but without per-cell
bookkeeping)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperdesk.core.reading import Reading
from paperdesk.core.reading import surname as family_name
from paperdesk.tui.data.desk_model import DeskModel, Row, TopicRow

HEADER_HEIGHT = 1
MAX_KEPT_LINES = 4096  # lines kept for drawing again (a screen is 50; scrolling 10,000 adds up)
CITATION_WIDTH = 18  # an author column this wide says "et al." ("Goodfellow et al." fits)


@dataclass(frozen=True)
class Columns:
    """Cell widths of one line; a width of 0 hides the column."""

    kind: int
    year: int
    title: int
    author: int
    status: int

    @classmethod
    def for_width(cls, width: int) -> Columns:
        kind = 8 if width >= 64 else 0
        author = 20 if width >= 110 else CITATION_WIDTH if width >= 88 else 13 if width >= 72 else 0
        year = 4 if width >= 48 else 0
        status = 7
        fixed = 4 + sum(w + 1 for w in (kind, year, author, status) if w)
        return cls(kind, year, max(width - fixed - 1, 8), author, status)


def _fit(text: str, width: int) -> str:
    """``text`` padded or cut (with an ellipsis) to exactly ``width`` cells."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def short_author(reading: Reading, width: int = 0) -> str:
    """The first author's surname and a word on the others, by one rule for a whole column: as
    citations say it ('Kingma & Welling', 'Vaswani et al.') with no ``width`` or one of at least
    CITATION_WIDTH cells, else with a count ('Kingma +1', 'Vaswani +7'). A surname too long
    for ``width`` is cut, never what follows it."""
    if not reading.authors:
        return ""
    name = family_name(reading.authors[0])
    others = len(reading.authors) - 1
    if not others:
        return name if not width else _fit(name, width).rstrip()
    if width and width < CITATION_WIDTH:
        suffix = f" +{others}"
    elif others == 1:
        both = f"{name} & {family_name(reading.authors[1])}"
        return both if not width else _fit(both, width).rstrip()
    else:
        suffix = " et al."
    if width and cell_len(name) + len(suffix) > width:
        name = _fit(name, width - len(suffix))
    return name + suffix


class ReadingList(ScrollView, can_focus=True):
    """Readings grouped under topic headings, with a cursor that skips the headings."""

    HELP_GROUP = "In the reading list"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reading-list--header",
        "reading-list--topic",
        "reading-list--cursor",
        "reading-list--dim",
        "reading-list--mark",
        "reading-list--cached",
        "reading-list--status-unread",
        "reading-list--status-reading",
        "reading-list--status-read",
        "reading-list--status-draft",
        "reading-list--status-final",
        "reading-list--feedback",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "edge(0)", "First reading", show=False),
        Binding("end", "edge(1)", "Last reading", show=False),
        Binding("space", "toggle_mark", "Mark", show=False,
                tooltip="Mark the reading; f fetches the marked ones"),
        Binding("enter", "select", "Review", show=False,
                tooltip="Write the review of the reading, or open it in the editor"),
    ]

    cursor: reactive[int] = reactive(-1, init=False)

    class Highlighted(Message):
        """The cursor moved to another reading (None: the list is empty)."""

        def __init__(self, reading: Reading | None) -> None:
            super().__init__()
            self.reading = reading

    class Selected(Message):
        """Enter or a double click on a reading."""

        def __init__(self, reading: Reading) -> None:
            super().__init__()
            self.reading = reading

    class Painted(Message):
        """The list drew its lines after a change (the benchmark waits for this)."""

    def __init__(self, model: DeskModel, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self._styles: dict[str, Style] = {}  # per render pass: rich_style is costly to compute
        self._width = 0
        self._columns = Columns.for_width(80)
        self.rows: list[Row] = []
        self._row_index: dict[str, int] | None = None  # key -> row, built when first asked
        self._notify_paint = False
        self.empty_text = "No readings."
        # Lines drawn, kept while the look (style, focus, width) stays: a filter keystroke
        # mostly shows again readings it showed before. Key: what the line shows.
        self._look: tuple[object, ...] | None = None
        self._lines: dict[object, tuple[Row | None, Strip]] = {}

    # -- content ------------------------------------------------------------------------------
    def set_rows(self, rows: list[Row], keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on reading ``keep`` when it is still shown."""
        self.rows = rows
        self._row_index = None
        size = Size(0, len(rows) + HEADER_HEIGHT)
        if size != self.virtual_size:
            # The list is as high as the screen gives it (1fr), whatever it holds: a new count of
            # rows changes the scrollbar, never the layout. (The reactive would lay out the whole
            # screen at every filter keystroke.) A scrollbar that appears or goes still does.
            self.set_reactive(ReadingList.virtual_size, size)
            self._scroll_update(size)
            if (size.height > self.app.size.height and not self.show_vertical_scrollbar
                    and self.styles.overflow_y == "auto"):
                # Taller than the terminal: the scrollbar is certain. Said before the first
                # layout, it is in the first frame (Textual decides it after a layout, and
                # draws it one layout and one frame later).
                self.show_vertical_scrollbar = True
        target = self._find(keep) if keep else -1
        if target < 0:
            target = self._first_reading(0, 1)
        self._notify_paint = True
        old = self.cursor
        self.set_reactive(ReadingList.cursor, target)
        self._cursor_changed(old, target, force=True)
        self.refresh()

    @property
    def highlighted(self) -> Reading | None:
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            if isinstance(row, Reading):
                return row
        return None

    @property
    def shown_readings(self) -> list[Reading]:
        return [r for r in self.rows if isinstance(r, Reading)]

    @property
    def _row_of(self) -> dict[str, int]:
        if self._row_index is None:
            self._row_index = {r.key: i for i, r in enumerate(self.rows) if isinstance(r, Reading)}
        return self._row_index

    def _find(self, key: str) -> int:
        """The row of reading ``key`` (-1: not shown), without building the whole key map: a
        filter keystroke needs one key, and the cursor's reading is mostly near the top."""
        if self._row_index is not None:
            return self._row_index.get(key, -1)
        for i, row in enumerate(self.rows):
            if getattr(row, "key", None) == key:
                return i
        return -1

    def move_to(self, key: str) -> bool:
        index = self._row_of.get(key)
        if index is None:
            return False
        self.cursor = index
        return True

    def refresh_reading(self, key: str) -> None:
        index = self._row_of.get(key)
        if index is not None:
            self.refresh_lines(index + HEADER_HEIGHT - int(self.scroll_y), 1)

    # -- cursor -------------------------------------------------------------------------------
    def _first_reading(self, start: int, step: int) -> int:
        i = start
        while 0 <= i < len(self.rows):
            if isinstance(self.rows[i], Reading):
                return i
            i += step
        return -1

    def validate_cursor(self, value: int) -> int:
        if not self.rows:
            return -1
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._cursor_changed(old, new)

    def _cursor_changed(self, old: int, new: int, force: bool = False) -> None:
        if new >= 0 and not isinstance(self.rows[new], Reading):
            step = 1 if new >= old else -1
            fixed = self._first_reading(new, step)
            if fixed < 0:
                fixed = self._first_reading(new, -step)
            self.set_reactive(ReadingList.cursor, fixed)
            new = fixed
        if old == new and not force:
            return
        self.refresh()
        if new >= 0:
            self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True,
                                  spacing=Spacing(HEADER_HEIGHT, 0, 0, 0))
        self.post_message(self.Highlighted(self.highlighted))

    def action_cursor(self, step: int) -> None:
        target = self._first_reading(self.cursor + step, step)
        if target >= 0:
            self.cursor = target

    def action_page(self, direction: int) -> None:
        height = max(self.scrollable_content_region.height - HEADER_HEIGHT - 1, 1)
        target = max(0, min(self.cursor + direction * height, len(self.rows) - 1))
        found = self._first_reading(target, direction)
        self.cursor = found if found >= 0 else self._first_reading(target, -direction)

    def action_edge(self, end: int) -> None:
        self.cursor = self._first_reading(len(self.rows) - 1, -1) if end else \
            self._first_reading(0, 1)

    def action_toggle_mark(self) -> None:
        reading = self.highlighted
        if reading is None:
            return
        self.model.marked ^= {reading.key}
        self.refresh_reading(reading.key)
        self.action_cursor(1)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self.highlighted))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_HEIGHT:
            return
        index = offset.y - HEADER_HEIGHT + int(self.scroll_y)
        if 0 <= index < len(self.rows) and isinstance(self.rows[index], Reading):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    def _on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.rows) + HEADER_HEIGHT)

    # -- drawing ------------------------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._look = None  # a new theme or new classes: every line is drawn again
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        look = (self.rich_style, self.has_focus, width)  # the cursor's style follows the focus
        if look != self._look:
            self._look = look
            self._styles = {"": self.rich_style}
            self._width = width
            self._columns = Columns.for_width(width)
            self._lines.clear()
        elif len(self._lines) > MAX_KEPT_LINES:
            self._lines.clear()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._width
        base = self._styles.get("") or self.rich_style
        if y < HEADER_HEIGHT:
            strip = self._header_line(width)
        else:
            index = y - HEADER_HEIGHT + int(self.scroll_y)
            if index >= len(self.rows):
                if not self.rows and index == 0:
                    strip = Strip([Segment(" " + self.empty_text, self._style("dim"))])
                else:
                    strip = Strip.blank(width, base)
            else:
                row = self.rows[index]
                key = self._line_key(row, index == self.cursor)
                kept = self._lines.get(key)
                if kept is not None and kept[0] is (None if key is row else row):
                    strip = kept[1]  # a topic row is its own key; a reading, the same object
                else:
                    if isinstance(row, TopicRow):
                        strip = self._topic_line(row, width)
                    else:
                        strip = self._reading_line(row, width, index == self.cursor)
                    strip = strip.adjust_cell_length(width, base)
                    self._lines[key] = (None if key is row else row, strip)
            if self._notify_paint and y == self.size.height - 1:
                self._notify_paint = False
                self.post_message(self.Painted())
        return strip.adjust_cell_length(width, base)

    def _line_key(self, row: Row, is_cursor: bool) -> object:
        """Everything a row's line shows besides the row itself (the width and the styles are
        the look, which clears the kept lines when it changes)."""
        if isinstance(row, TopicRow):
            return row
        model, key = self.model, row.key
        return (key, is_cursor, key in model.marked, key in model.with_metadata,
                key in model.with_pdf, model.feedback.get(key), model.status(key))

    def _style(self, name: str) -> Style:
        """The component's style over the widget's (colours with alpha, like $text-muted, are
        blended with the background by Textual, so they read in light themes too)."""
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(f"reading-list--{name}",
                                                  default=self._styles.get("") or Style())
            self._styles[name] = style
        return style

    def _header_line(self, width: int) -> Strip:
        cols = self._columns
        style = self._style("header")
        parts = [" MP "]
        if cols.kind:
            parts.append(_fit("Kind", cols.kind) + " ")
        if cols.year:
            parts.append(_fit("Year", cols.year) + " ")
        parts.append(_fit("Title", cols.title) + " ")
        if cols.author:
            parts.append(_fit("First author", cols.author) + " ")
        parts.append(_fit("Status", cols.status))
        return Strip([Segment("".join(parts), style)])

    def _topic_line(self, row: TopicRow, width: int) -> Strip:
        style = self._style("topic")
        label = f" {row.topic} ({row.count}) "
        return Strip([Segment(_fit(label, width), style)])

    def _reading_line(self, r: Reading, width: int, is_cursor: bool) -> Strip:
        cols = self._columns
        model = self.model
        base = self._styles.get("") or self.rich_style
        dim, cached, mark = self._style("dim"), self._style("cached"), self._style("mark")
        status = model.status(r.key)
        arxiv = r.arxiv is not None or bool(r.doi)  # a paper some source can describe
        segments = [
            Segment("•" if r.key in model.marked else " ", mark),
            Segment("M" if r.key in model.with_metadata else "·" if arxiv else " ",
                    cached if r.key in model.with_metadata else dim),
            Segment("P" if r.key in model.with_pdf else "·" if arxiv else " ",
                    cached if r.key in model.with_pdf else dim),
            Segment(" ", base),
        ]
        if cols.kind:
            segments.append(Segment(_fit(r.kind, cols.kind) + " ", dim))
        if cols.year:
            segments.append(Segment(_fit(r.year, cols.year) + " ", dim))
        segments.append(Segment(_fit(r.title, cols.title) + " ", base))
        if cols.author:
            segments.append(Segment(_fit(short_author(r, cols.author), cols.author) + " ", dim))
        if r.key in model.feedback:  # marked by the course: the points say more than "final"
            segments.append(Segment(_fit(model.feedback[r.key], cols.status),
                                    self._style("feedback")))
        else:
            segments.append(Segment(_fit(status, cols.status), self._style(f"status-{status}")))
        if is_cursor:  # one style over the whole line, like DataTable's row cursor
            cursor = self._style("cursor")
            segments = [Segment(text, cursor) for text, _, _ in segments]
        return Strip(segments)
