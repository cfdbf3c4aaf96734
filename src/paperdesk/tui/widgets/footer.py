"""The footer: the screen's keys on one line, drawn as Textual's Footer draws them, but fitting 80
columns: compact when narrow, and there without the keys the screen calls secondary
(``footer_secondary``: they stay in help and palette); keys in the screen's ``footer_hidden`` are
left out at any width.

One widget draws the whole line. Textual's Footer mounts a widget per key (13 on the desk), each
styled, laid out and drawn on its own: a quarter of the desk's first frame. Here a key is a span
of the line; the pointer's column says which key it hovers, shows the tooltip of, or presses."""

from __future__ import annotations

from contextlib import suppress
from typing import Any, ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

NARROW = 120  # columns
DIM = Style(dim=True)  # a disabled key


class FooterKey(NamedTuple):
    """One key as the footer shows it."""

    key: str
    key_display: str
    description: str
    action: str
    disabled: bool
    tooltip: str
    palette: bool = False  # the command palette's key, drawn at the right end


class Span(NamedTuple):
    start: int
    end: int
    key: FooterKey


class ResponsiveFooter(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key", "footer--description", "footer--hover", "footer--palette-border"}
    # The look of Textual's Footer and FooterKey (their DEFAULT_CSS), as components of one line.
    DEFAULT_CSS = """
    ResponsiveFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        & > .footer--hover { background: $block-hover-background; }
        & > .footer--palette-border { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        narrow = False
        with suppress(RuntimeError):  # NoActiveAppError: made outside an app
            narrow = self.app.size.width < NARROW  # as wide as the terminal
        super().__init__(classes="-narrow" if narrow else None)
        self.compact = narrow
        self._keys: list[FooterKey] | None = None  # None: to be read from the screen's bindings
        self._spans: list[Span] = []
        self._hover: FooterKey | None = None

    # -- which keys ---------------------------------------------------------------------------
    def footer_keys(self) -> list[FooterKey]:
        """The keys the footer shows now: the screen's active bindings with ``show``, one per
        action, then the command palette's."""
        screen = self.screen
        secondary: frozenset[str] = getattr(screen, "footer_secondary", frozenset())
        hidden: frozenset[str] = getattr(screen, "footer_hidden", frozenset())
        app = self.app
        active = screen.active_bindings
        keys: dict[str, FooterKey] = {}
        for _node, binding, enabled, tooltip in active.values():
            if not binding.show or binding.action in keys or binding.action in hidden:
                continue
            if self.compact and binding.action in secondary:
                continue
            keys[binding.action] = FooterKey(binding.key, app.get_key_display(binding),
                                             binding.description, binding.action,
                                             not enabled, tooltip)
        found = list(keys.values())
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, _tooltip = active[app.COMMAND_PALETTE_BINDING]
            found.append(FooterKey(binding.key, app.get_key_display(binding),
                                   binding.description, binding.action, not enabled,
                                   binding.tooltip or binding.description, palette=True))
        return found

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self._update_keys()

    def _update_keys(self) -> None:
        keys = self.footer_keys()
        if keys != self._keys:
            self._keys = keys
            self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.set_class(narrow, "-narrow")
        if narrow != self.compact:
            self.compact = narrow
            self._update_keys()

    # -- drawing ------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        """The line, as segments: each key's (as FooterKey draws it) and the blanks between,
        which carry the footer's background alone, as the Footer container's own blank does."""
        if self._keys is None:
            self._keys = self.footer_keys()
        width = self.size.width
        blank = Style(bgcolor=self.rich_style.bgcolor)
        key_style = self.get_component_rich_style("footer--key")
        description_style = self.get_component_rich_style("footer--description")
        hover = Style(bgcolor=self.get_component_rich_style("footer--hover").bgcolor)
        right: list[Segment] = []
        palette = [k for k in self._keys if k.palette]
        for key in palette:  # docked right: a border, the key compact, a space after it
            right.append(Segment("▏", self.get_component_rich_style("footer--palette-border")))
            right += self._key_segments(key, True, key_style, description_style)
            right.append(Segment(" ", blank))
        room = max(width - Segment.get_line_length(right), 0)
        left: list[Segment] = []
        spans: list[Span] = []
        x = 0
        for key in self._keys:
            if key.palette:
                continue
            styles = ((key_style + hover, description_style + hover) if key == self._hover
                      else (key_style, description_style))
            segments = self._key_segments(key, self.compact, *styles)
            end = x + Segment.get_line_length(segments)
            left += segments
            spans.append(Span(x, end, key))
            x = end
            if self.compact:  # the keys' margin
                left.append(Segment(" ", blank))
                x += 1
        line = Segment.adjust_line_length(left, room, blank)
        spans += [Span(room, width, key) for key in palette]
        self._spans = spans
        return Strip([*line, *right]).crop(0, width)

    @staticmethod
    def _key_segments(key: FooterKey, compact: bool, key_style: Style,
                      description_style: Style) -> list[Segment]:
        """A key as FooterKey draws it: " f " "Fetch " (compact: "f" " Fetch"), dim when
        disabled."""
        if key.disabled:
            key_style, description_style = key_style + DIM, description_style + DIM
        if not key.description:
            return [Segment(key.key_display, key_style)]
        if compact:
            return [Segment(key.key_display, key_style),
                    Segment(" " + key.description, description_style)]
        return [Segment(f" {key.key_display} ", key_style),
                Segment(key.description + " ", description_style)]

    # -- the pointer --------------------------------------------------------------------------
    def key_at(self, x: int) -> FooterKey | None:
        return next((s.key for s in self._spans if s.start <= x < s.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        if key != self._hover:
            self._hover = key
            self.tooltip = (key.tooltip or key.description) if key else None
            self.refresh()

    def on_leave(self, _event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.disabled:
            self.app.bell()
        else:
            self.app.simulate_key(key.key)
