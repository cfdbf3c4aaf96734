"""The footer, from the screen's bindings like Textual's, but fitting 80 columns: compact when
narrow, and there without the keys the screen calls secondary (``footer_secondary``: they stay
in help and palette); keys in the screen's ``footer_hidden`` are left out at any width.

It is drawn with its keys from the first frame, and built again only when the keys it would
show change (Textual's footer starts empty and is built again at every change of focus)."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

NARROW = 120  # columns

KeyLook = tuple[object, ...]


def _looks(widgets: Iterable[Widget]) -> list[KeyLook]:
    """What the footer's widgets show and do, to tell whether building it again would change
    anything (-compact follows the footer's own, by data binding)."""
    return [(type(w), w.key, w.key_display, w.description, w.action, w.disabled, w.tooltip,
             frozenset(w.classes - {"-compact"})) if isinstance(w, FooterKey)
            else (type(w), frozenset(w.classes - {"-compact"})) for w in widgets]


class ResponsiveFooter(Footer):
    def __init__(self) -> None:
        narrow = False
        with suppress(RuntimeError):  # NoActiveAppError: made outside an app
            narrow = self.app.size.width < NARROW  # as wide as the terminal
        super().__init__(compact=narrow, classes="-narrow" if narrow else None)
        # The keys are there for the first compose: the screen's bindings do not wait for the
        # focus (the list's own keys are not in the footer).
        self.set_reactive(Footer._bindings_ready, True)

    def compose(self) -> ComposeResult:
        secondary: frozenset[str] = getattr(self.screen, "footer_secondary", frozenset())
        hidden: frozenset[str] = getattr(self.screen, "footer_hidden", frozenset())
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.action in hidden:
                    continue
                # Born with the compactness the footer's data binding gives it (a key starts
                # compact and the binding undoes it: each key styled twice more). The palette's
                # key is not bound: compact, as Textual draws it. Classes set before the DOM.
                if not widget.has_class("-command-palette"):
                    widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(widget.compact, "-compact", update=False)
                if widget.action in secondary:
                    widget.add_class("-secondary", update=False)
            yield widget

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:  # its screen was closed meanwhile (the week view, a dialog)
            return
        if _looks(self.children) != _looks(self.compose()):
            await self.recompose()

    def on_resize(self, event: events.Resize) -> None:
        narrow = event.size.width < NARROW
        self.compact = narrow
        self.set_class(narrow, "-narrow")
