"""The plain front matter most reviews have, read and written without the YAML library.

A review's front matter is YAML, and PyYAML stays the rule for it. But importing it and running
its emitter for the first time cost ``submit`` and ``unsubmit`` more than the rest of their work,
and almost every front matter is lines of ``name: value`` with words, a time or a digest. So:

- :func:`read_plain` reads such lines into what ``yaml.safe_load`` gives for them;
- :func:`write_plain` writes a mapping as the review's ``yaml.dump`` call writes it;

and both answer None for anything else (quotes, comments, lists, numbers, ``yes``, a ``: ``
inside a value...), where the caller asks YAML. They accept only text whose meaning in YAML 1.1
is plain, by the rules of PyYAML's resolver and emitter quoted below; property tests compare
both with PyYAML (tests/reviews/test_plain_front.py).
"""

from __future__ import annotations

import re
from datetime import datetime

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

# Words PyYAML's resolver reads as booleans or null (only these start with a letter; every other
# implicit type (int, float, timestamp, merge, value) starts with a digit or a sign).
_NOT_STRINGS = frozenset((
    "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
    "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"))
_NULLS = ("null", "Null", "NULL", "~")
# A name YAML reads and writes as a simple key (PyYAML's emitter writes a long one, from about
# 128 characters, as "? name", and its scanner gives up on a key past 1024): at most 100.
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")
# A time as ``submit`` writes it: YAML's timestamp, and ``datetime.isoformat`` of an aware time.
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)")
# A hex digest (unsubmit's ``previous_body_sha256``) with a letter other than ``b``: no int
# (``0b101``, ``017``), float or timestamp of YAML's has one.
_DIGEST = re.compile(r"[0-9a-f]*[acdef][0-9a-f]*")
_WIDTH = 1000  # the review's yaml.dump width: no line of ours comes near it


def _plain_string(value: str) -> bool:
    """Whether ``value``, written bare after ``name: ``, is read back by YAML as this string
    and is written bare by PyYAML's emitter (with allow_unicode): one line of printable
    characters, starting with a letter (no indicator such as ``-``, ``&``, ``'`` or ``%``, and
    no number or time), with no ``:`` or ``#`` (``a: b``, ``a #b``), not a boolean or null."""
    if not value or value in _NOT_STRINGS or ":" in value or "#" in value:
        return False
    if not value.isprintable() or value != value.strip(" "):
        return False
    return value[0].isalpha() or _DIGEST.fullmatch(value) is not None


def read_plain(front: str) -> dict[str, Any] | None:
    """The front matter's fields (as ``yaml.safe_load``), or None when it is not plain."""
    data: dict[str, Any] = {}
    for line in front.split("\n"):
        line = line.removesuffix("\r").rstrip(" ")
        if not line:
            continue
        name, colon, value = line.partition(":")
        if not colon or not _KEY.fullmatch(name) or name in _NOT_STRINGS or name in data:
            return None
        if value and not value.startswith(" "):
            return None  # "a:b" is one string in YAML, not a field
        value = value.strip(" ")
        if not value or value in _NULLS:
            data[name] = None
        elif value == "''":
            data[name] = ""
        elif _TIME.fullmatch(value):
            try:
                data[name] = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:  # "T25:00:00": YAML's own error for it
                return None
        elif _plain_string(value):
            data[name] = value
        else:
            return None
    return data or None


def write_plain(data: dict[str, Any]) -> str | None:
    """The lines ``yaml.dump`` writes for ``data`` (with the review's options), or None when
    one of its fields is not plain."""
    lines = []
    times: set[int] = set()
    for name, value in data.items():
        if not isinstance(name, str) or not _KEY.fullmatch(name) or name in _NOT_STRINGS:
            return None
        if value is None:
            text = "null"
        elif isinstance(value, str):
            if value == "":
                text = "''"
            elif _plain_string(value):
                text = value
            else:
                return None
        elif isinstance(value, datetime):
            text = value.isoformat()
            if value.tzinfo is None or not _TIME.fullmatch(text) or id(value) in times:
                return None  # one time object twice: YAML writes an anchor and an alias
            times.add(id(value))
        else:
            return None
        line = f"{name}: {text}"
        if len(line) > _WIDTH:
            return None
        lines.append(line + "\n")
    return "".join(lines) or None
