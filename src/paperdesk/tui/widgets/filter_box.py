"""The desk's filter box: Textual's Input, one line as wide as the screen whatever is typed."""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterBox(Input):
    """An Input whose size never depends on its text.

    Input sets its scrollable width at every keystroke, and that reactive asks for a layout:
    the whole screen laid out and drawn once for the box, then again for the list the key
    filtered. The box's place on the screen cannot change with its text (height 1, width 1fr),
    so here the scrollable width repaints only the box (the Input scrolls its text by it).
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
