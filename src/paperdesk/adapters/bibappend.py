"""Appending one entry to a ``.bib`` file as text: every byte already there stays as it was.

The file belongs to the user (or the instructor), so it is never parsed and written back: the new
entry is formatted here, added after the old bytes, and the result replaces the file atomically
(temporary file in the same folder, fsync, rename). The file's line endings are kept.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from paperdesk.core.errors import BibError

NAME_WIDTH = len("archiveprefix")  # the longest usual field name: values line up


def bib_value(text: str) -> str:
    """A field value for braces: whitespace squashed; braces dropped unless they balance."""
    value = " ".join(text.split())
    depth = 0
    for ch in value:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            break
    if depth != 0:
        value = value.replace("{", "").replace("}", "")
    return value.rstrip("\\")  # a trailing backslash would escape the closing brace


def format_entry(entry_type: str, key: str, fields: Sequence[tuple[str, str]]) -> str:
    """``@type{key,`` then one ``  name = {value},`` line per non-empty field, then ``}``."""
    kept = [(name, bib_value(value)) for name, value in fields if value and value.strip()]
    lines = [f"@{entry_type}{{{key},"]
    for i, (name, value) in enumerate(kept):
        comma = "," if i < len(kept) - 1 else ""
        lines.append(f"  {name:<{NAME_WIDTH}} = {{{value}}}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def append_entry(path: Path, entry: str) -> None:
    """Add ``entry`` at the end of ``path`` (a blank line before it), atomically."""
    target = path.resolve()
    try:
        original = target.read_bytes()
    except OSError as exc:
        raise BibError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    newline = b"\r\n" if b"\r\n" in original else b"\n"
    if not original or original.endswith(newline * 2):
        gap = b""
    elif original.endswith(b"\n"):
        gap = newline
    else:
        gap = newline * 2
    added = entry.encode("utf-8").replace(b"\r\n", b"\n").replace(b"\n", newline)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(original + gap + added)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(target, tmp)
        if target.read_bytes() != original:
            raise BibError("changed while the entry was being added; nothing was written, "
                           "try again", path=str(path))
        os.replace(tmp, target)
    except OSError as exc:
        raise BibError(f"cannot be written: {exc.strerror}", path=str(path)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder is synced (not possible on every platform).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
