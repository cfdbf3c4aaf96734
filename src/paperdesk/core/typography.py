"""Typewriter punctuation made typographic, as pandoc's ``smart`` extension does for prose.

``"quoted"`` becomes “quoted”, ``don't`` becomes don’t, ``1--2`` an en dash, ``---`` an em dash
and ``...`` an ellipsis. Text that looks like code keeps its characters: a quote right after a
word and a bracket (``read("x")``) or before a symbol (``"@preview/x"``) stays straight, and so
does its partner, and ``--flag`` keeps its hyphens. A paragraph arrives as pieces (text runs
between emphasis, links, code and math); ``None`` stands for code or math, which is never
changed and counts as a word for the quotes around it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_OPAQUE = "\ufffc"  # stands for a code or math piece while the quotes are decided
_OPENERS = "([{"
_DASHES = "—–-"
_DASH = re.compile(r"---|--")
_YEARS = re.compile(r"\d\d(?:s\b|(?!\w))")  # '90s, '21: an elision, not an opening quote
_ELLIPSIS = re.compile(r"(?<!\.)\.\.\.(?!\.)")


def _word(ch: str) -> bool:
    return ch.isalnum() or ch == _OPAQUE


def _opens(before: str, before2: str, after: str) -> bool:
    """A quote here may open: after a space, a dash or an opening bracket (not a call's)."""
    if not (_word(after) or after in "'\"‘“"):
        return False
    if before == "" or before.isspace() or before in _DASHES or before in "‘“":
        return True
    return before in _OPENERS and not _word(before2)


def _closes(before: str, after: str) -> bool:
    return before != "" and not before.isspace() and (
        after == "" or after.isspace() or after in ".,;:!?)]}—–-’”'\"")


def _quotes(text: str) -> str:
    """Quotes decided left to right; an opening quote never closed goes back to straight."""
    out = list(text)
    double: int | None = None  # where the open “ is
    single: int | None = None
    for i, ch in enumerate(text):
        if ch not in "'\"":
            continue
        before = out[i - 1] if i else ""  # as already decided: “‘ (nested quotes)
        before2 = out[i - 2] if i > 1 else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch == '"':
            if double is not None and _closes(before, after):
                out[i], double = "”", None
            elif double is None and _opens(before, before2, after):
                out[i], double = "“", i
        elif (_word(before) and _word(after)) or _YEARS.match(text, i + 1):
            out[i] = "’"  # don't, Doersch's, the '90s
        elif single is not None and _closes(before, after):
            out[i], single = "’", None
        elif single is None and _opens(before, before2, after):
            out[i], single = "‘", i
        elif before in "sS" and _closes(before, after):
            out[i] = "’"  # the authors' claims
    for unclosed in (double, single):
        if unclosed is not None:
            out[unclosed] = text[unclosed]
    return "".join(out)


def _dashes(text: str) -> str:
    def dash(m: re.Match[str]) -> str:
        if m.group() == "---":
            return "—"
        start = m.start()
        flag = (start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "-")) and \
            m.end() < len(text) and text[m.end()].isalpha()
        return "--" if flag else "–"

    return _ELLIPSIS.sub("…", _DASH.sub(dash, text))


def smarten(pieces: Sequence[str | None]) -> list[str]:
    """The text pieces of one paragraph with typographic punctuation (``None`` pieces: "")."""
    joined = "".join(_OPAQUE if p is None else p.replace(_OPAQUE, " ") for p in pieces)
    quoted = _quotes(joined)
    out: list[str] = []
    pos = 0
    for piece in pieces:
        if piece is None:
            out.append("")
            pos += 1
            continue
        out.append(_dashes(quoted[pos : pos + len(piece)]))
        pos += len(piece)
    return out
