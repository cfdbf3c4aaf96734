"""Reading ``course.toml``."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from paperdesk.core.course import Course, course_from_mapping
from paperdesk.core.errors import CourseError


def load_course(path: Path) -> Course:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise CourseError("not found (paperdesk init writes one to fill in)",
                          path=str(path)) from exc
    except OSError as exc:
        raise CourseError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
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
    try:
        return course_from_mapping(data)
    except CourseError as exc:
        raise CourseError(exc.message, path=str(path)) from exc
