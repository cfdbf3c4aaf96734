"""Reading ``course.toml``.

With a workspace's state folder, the parsed tables are also kept in a memo
(:mod:`paperdesk.adapters.memo`, ``.paperdesk/cache/course.json``) until the file changes:
``status``, ``submit`` and ``unsubmit`` then build the course from them without importing
tomllib (which imports typing). The course is still built by
:func:`~paperdesk.core.course.course_from_mapping` every time, so the memo holds no second copy
of its rules: only TOML's values, with their dates and times tagged (JSON has none).
"""

from __future__ import annotations

import contextlib
import re
from datetime import date, datetime, time
from pathlib import Path

from paperdesk.adapters import memo
from paperdesk.core.course import Course, course_from_mapping
from paperdesk.core.errors import CourseError

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

_MEMO = "course"
_VERSION = 1  # of the memo's encoding
_TAG = "\0"  # a JSON object {"\0": kind, "v": text} is a TOML date, time or date-time


class _Unkept(Exception):
    """A table key that could be taken for a tag."""


def load_course(path: Path, state_dir: Path | None = None) -> Course:
    """The course in ``path``; CourseError naming the file (and line) when it is wrong.

    ``state_dir``: the workspace's ``.paperdesk`` folder, where the parsed file is kept (only
    when the folder exists: reading a course never makes it)."""
    folder = state_dir if state_dir is not None and state_dir.is_dir() else None
    key = [_VERSION, str(path)]
    if folder is not None:
        kept = memo.recall(folder, _MEMO, key)
        if isinstance(kept, dict):
            try:
                data = _decode(kept)
            except (ValueError, TypeError, KeyError):
                data = None
            if isinstance(data, dict):
                return _built(data, path)
    data = _parsed(path)
    course = _built(data, path)
    if folder is not None:
        with contextlib.suppress(_Unkept):  # such a course is read from its file each time
            memo.remember(folder, _MEMO, key, _encode(data), [str(path)])
    return course


def _built(data: dict[str, Any], path: Path) -> Course:
    try:
        return course_from_mapping(data)
    except CourseError as exc:
        raise CourseError(exc.message, path=str(path)) from exc


def _parsed(path: Path) -> dict[str, Any]:
    import tomllib  # typing with it: only when the memo does not hold

    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise CourseError("not found (paperdesk init writes one to fill in)",
                          path=str(path)) from exc
    except OSError as exc:
        raise CourseError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise CourseError("is not valid UTF-8", path=str(path), line=bad_line) from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        line = int(m.group(1)) if m else None
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise CourseError(msg, path=str(path), line=line) from exc
    except RecursionError:  # tomllib recurses into arrays: thousands deep, it gives up
        raise CourseError("is nested too deeply to be read (arrays or tables inside one "
                          "another thousands of levels deep)", path=str(path)) from None


# datetime before date: a datetime is a date too.
_KINDS: tuple[tuple[str, type[Any]], ...] = (("datetime", datetime), ("date", date),
                                             ("time", time))


def _encode(value: Any) -> Any:
    """TOML's values as JSON: tables, arrays, strings, numbers and booleans as they are (JSON
    writes inf and nan too); dates and times tagged."""
    if isinstance(value, dict):
        if any(k.startswith(_TAG) for k in value):
            raise _Unkept
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    for kind, cls in _KINDS:
        if isinstance(value, cls):
            return {_TAG: kind, "v": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    """What :func:`_encode` made, back as tomllib gave it."""
    if isinstance(value, dict):
        kind = value.get(_TAG)
        if kind is not None:
            return dict(_KINDS)[kind].fromisoformat(value["v"])
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value
