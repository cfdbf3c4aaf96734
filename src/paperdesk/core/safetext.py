"""Text that came from a student, made safe to print on the instructor's terminal.

A name, a file name or a message read from a hand-in may hold escape sequences (``ESC[2J`` clears
the screen, ``ESC]0;...BEL`` sets the window title) or bidirectional overrides that make text
read backwards. :func:`printable` shows each such character as an escape (``\\x1b``, ``\\u202e``):
visible, never run. Every output of student text (terminal, CSV, Markdown, the TUI) goes through
it; JSON escapes them by itself.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible characters that reorder or split what is shown:
# bidirectional marks, embeddings, overrides and isolates, and the Unicode line separators.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
                     "\u2066-\u2069]")


def _shown(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with every control character shown as an escape; those in ``keep`` (say
    ``"\\n\\t"`` for a multi-line text) are left as they are."""
    if text.isprintable():  # the common case: nothing to do (controls are never printable)
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _shown(m.group()), text)
