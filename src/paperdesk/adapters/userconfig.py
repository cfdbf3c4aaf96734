"""The user's own settings: ``config.toml`` in the platform's config folder (platformdirs).

It holds what belongs to the person rather than the course, such as the student's name:

    [student]
    name = "Ada Lovelace"
    email = "ada@example.edu"
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from paperdesk.adapters.reviewfiles import atomic_write
from paperdesk.core.errors import IdentityError

CONFIG_NAME = "config.toml"


def config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("paperdesk", appauthor=False)) / CONFIG_NAME


def load_config(path: Path) -> dict[str, Any]:
    """The parsed file; {} when there is none; IdentityError naming the line when it is broken."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise IdentityError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IdentityError("is not valid UTF-8", path=str(path), line=line) from exc
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        msg = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise IdentityError(msg, path=str(path), line=int(m.group(1)) if m else None) from exc
    except RecursionError:  # tomllib recurses into nested arrays
        raise IdentityError("is nested too deeply to be read", path=str(path)) from None


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON's escapes are valid TOML basic strings


def save_student(path: Path, name: str, email: str) -> None:
    """Record the student's name and email, keeping whatever else the file holds."""
    existing = load_config(path)
    table = f"[student]\nname = {_toml_string(name)}\nemail = {_toml_string(email)}\n"
    if "student" in existing:
        raise IdentityError("already has a [student] table: set name and email in it",
                            path=str(path))
    if path.exists():
        old = path.read_text(encoding="utf-8")
        text = old + ("" if old.endswith("\n") or not old else "\n") + "\n" + table
    else:
        text = "# paperdesk's settings for this user (the course's own live in course.toml)\n\n" \
            + table
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise IdentityError(f"cannot be written: {exc.strerror}", path=str(path)) from exc


_TABLE = re.compile(r"^\s*\[\s*student\s*\]\s*(#.*)?$")
_ANY_TABLE = re.compile(r"^\s*\[")


def _key_line(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{name}\s*=")


def update_student(path: Path, name: str | None = None, email: str | None = None) -> None:
    """Set ``name`` and/or ``email`` in the ``[student]`` table, keeping every other line of the
    file (comments, other tables) as it was; written atomically. The result is parsed back and
    checked, so a layout this cannot edit (an inline table, dotted keys) is refused, untouched.
    """
    existing = load_config(path)
    if "student" not in existing:
        current = {}
    else:
        current = existing["student"]
        if not isinstance(current, dict):
            raise IdentityError("'student' should be a table: [student] with name and email",
                                path=str(path))
    wanted = {k: v for k, v in (("name", name), ("email", email)) if v is not None}
    if not path.exists() or "student" not in existing:
        save_student(path, wanted.get("name", str(current.get("name", ""))),
                     wanted.get("email", str(current.get("email", ""))))
        return
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _TABLE.match(line)), None)
    if start is None:
        raise IdentityError("its student settings are not a plain [student] table; set name and "
                            "email there by hand", path=str(path))
    end = next((i for i in range(start + 1, len(lines)) if _ANY_TABLE.match(lines[i])),
               len(lines))
    for key, value in wanted.items():
        line = f"{key} = {_toml_string(value)}\n"
        at = next((i for i in range(start + 1, end) if _key_line(key).match(lines[i])), None)
        if at is not None:
            lines[at] = line
        else:
            insert = end
            while insert > start + 1 and not lines[insert - 1].strip():
                insert -= 1  # before the blank lines that end the table
            if insert > 0 and not lines[insert - 1].endswith("\n"):
                lines[insert - 1] += "\n"
            lines.insert(insert, line)
            end += 1
    text = "".join(lines)
    try:
        check = tomllib.loads(text).get("student", {})
    except tomllib.TOMLDecodeError:
        check = {}
    if not isinstance(check, dict) or any(check.get(k) != v for k, v in wanted.items()):
        raise IdentityError("its [student] table has a layout paperdesk cannot edit safely; set "
                            "name and email there by hand", path=str(path))
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise IdentityError(f"cannot be written: {exc.strerror}", path=str(path)) from exc
