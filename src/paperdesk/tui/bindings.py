"""Reading a screen's bindings back out: the help screen and the command palette list what the
footer shows, from the same ``Binding`` declarations (no second key table to drift)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class KeyHelp:
    """One binding as people read it."""

    group: str  # where it applies: the screen, a widget, or everywhere
    key: str  # as displayed ("/", "ctrl+s")
    description: str
    tooltip: str
    action: str
    node: DOMNode


def _group_name(node: DOMNode, screen: Screen[Any]) -> str:
    if isinstance(node, App):
        return "Everywhere"
    if node is screen:
        return "This screen"
    return getattr(node, "HELP_GROUP", None) or type(node).__name__


def _declared(node: DOMNode) -> set[tuple[str, str]]:
    """(action, description) of the bindings paperdesk's own classes declare on ``node``
    (Textual's stock ones, like tab for focus, are left out of the help)."""
    found: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("paperdesk."):
            for b in cls.__dict__.get("BINDINGS", []):
                if isinstance(b, Binding):
                    found.add((b.action, b.description))
    return found


def key_help(screen: Screen[Any]) -> list[KeyHelp]:
    """The bindings active on ``screen`` (its focused widget's, its own, the app's) that
    paperdesk declares with a description; a binding under several keys is listed once."""
    app = screen.app
    seen: set[tuple[int, str]] = set()
    declared: dict[int, set[tuple[str, str]]] = {}
    rows: list[KeyHelp] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description or binding.system:
            continue
        ours = declared.setdefault(id(active.node), _declared(active.node))
        if (binding.action, binding.description) not in ours:
            continue
        ident = (id(active.node), binding.action)
        if ident in seen:
            continue
        seen.add(ident)
        keys = [k for k, a in screen.active_bindings.items()
                if a.node is active.node and a.binding.action == binding.action]
        shown = " ".join(app.get_key_display(screen.active_bindings[k].binding) for k in keys)
        rows.append(KeyHelp(_group_name(active.node, screen), shown, binding.description,
                            binding.tooltip or active.tooltip, binding.action, active.node))
    order = {"This screen": 0, "Everywhere": 2}
    rows.sort(key=lambda r: order.get(r.group, 1))
    return rows
