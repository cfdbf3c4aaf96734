"""The plain entries of a ``.bib`` text read without bibtexparser: a whole file, or a tail.

Importing bibtexparser (and the logging, inspect and dataclasses it pulls in) costs far more than
reading the one entry ``paperdesk add`` appends, and its splitter reads a plain file ten times
slower than this (the course's bib: 80 ms against 6). So a text is read here when it is plain enough
that bibtexparser's splitter provably reads it the same way: ``@type{key,`` then ``name = value``
fields, each value ``{...}`` (braces counted as the splitter counts them: not after a
backslash), ``"..."`` with no braces, backslash or ``@``, a number or a macro name, or such pieces
joined by ``#``; only white space between entries; no ``@`` but the entries' own. For anything
else (a comment or ``@string`` block, parentheses, a field given twice, a broken entry) the answer
is None and the caller asks bibtexparser, which then also words the problem.
"""

from __future__ import annotations

import re
from bisect import bisect_left

# What the splitter gives for one entry: its key, its type, its line (1-based), and its fields
# (name as written, value as written, the line of its "=").
SimpleField = tuple[str, str, int]
SimpleEntry = tuple[str, str, int, list[SimpleField]]

# ``@type{key,``: the splitter's block start (``@`` and word characters) with ``{`` right after;
# a key of characters that are none of its marks (nor a backslash, which hides a mark).
_HEAD = re.compile(r"@(\w+)\{\s*([^\s,{}\"=@\\]+)\s*,")
_NAME = re.compile(r"\s*([A-Za-z_][\w\-]*)\s*=\s*")
_QUOTED = re.compile(r'"[^"{}@\\]*"')
_WORD = re.compile(r"[\w.:+\-/]+")
_GAP = re.compile(r"\s*")
_NEWLINE = re.compile("\n")
_BRACE = re.compile(r"(?<!\\)[{}]")  # the splitter's rule: a brace after a backslash is text
# Block types the splitter reads apart (by prefix: ``@commentary{`` is a comment to it).
_SPECIAL = ("comment", "preamble", "string")


def simple_entries(text: str) -> list[SimpleEntry] | None:
    """The entries of ``text`` as bibtexparser's splitter reads them; None unless it is plain."""
    entries: list[SimpleEntry] = []
    newlines = [m.start() for m in _NEWLINE.finditer(text)]  # a line is found by bisection
    pos, end = 0, len(text)
    while True:
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]  # \s* always matches
        if pos == end:
            break
        head = _HEAD.match(text, pos)
        if head is None or head.group(1).lower().startswith(_SPECIAL):
            return None
        fields = _fields(text, head.end(), newlines)
        if fields is None:
            return None
        found, pos = fields
        entries.append((head.group(2), head.group(1), bisect_left(newlines, head.start()) + 1,
                        found))
    if text.count("@") != len(entries):  # an "@" in a value may start a block to the splitter
        return None
    return entries


def _fields(text: str, pos: int, newlines: list[int]) -> tuple[list[SimpleField], int] | None:
    """The fields from ``pos`` (just past ``key,``) to the entry's closing brace, and the
    position after it; None where the text is not plain."""
    found: list[SimpleField] = []
    names: set[str] = set()
    while True:
        pos = _GAP.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith("}", pos):
            return found, pos + 1
        name = _NAME.match(text, pos)
        if name is None or name.group(1).lower() in names:  # a field given twice: bibtexparser
            return None
        names.add(name.group(1).lower())
        start = name.end()
        stop = _value_end(text, start)
        if stop is None:
            return None
        equals = text.index("=", name.start(1))
        found.append((name.group(1), text[start:stop], bisect_left(newlines, equals) + 1))
        pos = _GAP.match(text, stop).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("}", pos):
            return None


def _value_end(text: str, pos: int) -> int | None:
    """The end of the value at ``pos``: pieces joined by ``#``; None if one is not plain."""
    while True:
        if text.startswith("{", pos):
            stop = _braced_end(text, pos)
        else:
            piece = (_QUOTED if text.startswith('"', pos) else _WORD).match(text, pos)
            stop = piece.end() if piece else None
        if stop is None:
            return None
        after = _GAP.match(text, stop).end()  # type: ignore[union-attr]
        if not text.startswith("#", after):
            return stop
        pos = _GAP.match(text, after + 1).end()  # type: ignore[union-attr]


def _braced_end(text: str, pos: int) -> int | None:
    """The position after the brace that closes the one at ``pos``; None if none does."""
    depth = 0
    for brace in _BRACE.finditer(text, pos):
        depth += 1 if brace.group(0) == "{" else -1
        if depth == 0:
            return brace.end()
    return None
