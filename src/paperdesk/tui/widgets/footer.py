"""The footer, from the screen's bindings like Textual's, but fitting 80 columns: compact when
narrow, and there without the keys the screen calls secondary (``footer_secondary``: they stay
in help and palette); keys in the screen's ``footer_hidden`` are left out at any width."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 120  # columns


class ResponsiveFooter(Footer):
    def compose(self) -> ComposeResult:
        secondary: frozenset[str] = getattr(self.screen, "footer_secondary", frozenset())
        hidden: frozenset[str] = getattr(self.screen, "footer_hidden", frozenset())
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in hidden:
                continue
            if isinstance(widget, FooterKey) and widget.action in secondary:
                widget.add_class("-secondary")
            yield widget

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.compact = narrow
        self.set_class(narrow, "-narrow")
