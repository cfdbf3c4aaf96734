"""Small answers worked out from a few files, kept until one of those files changes.

``paperdesk list`` needs whose reading states to show (the course's id in ``course.toml``, the
student in the user's ``config.toml``): parsing TOML, building the course and asking platformdirs
where the config is would cost it more than the rest of the command. So the answer is kept in
``.paperdesk/cache/NAME.json`` with the files' stat (mtime and ctime in ns, size, inode; None
for a missing file) and a key of everything else it depends on. A file changed within the last
2 seconds is not trusted to show its change in that stat (the mtime's grain), so then nothing
is kept. Any problem reading the memo means "work it out again".
"""

from __future__ import annotations

import json
import os
import time

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    StrPath = str | os.PathLike[str]

_RACY_NS = 2_000_000_000


def file_stamp(path: str, ctime: bool = True) -> list[int] | None:
    """What the file's stat says of its content: mtime and ctime (ns), size, inode; None when
    there is no file. ``ctime=False``: the mtime in the ctime's place, for a file only written
    by a program that moves its ctime without writing (SQLite run as root chowns its ``-wal``
    to the database's owner at every open, a read included)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_ctime_ns if ctime else st.st_mtime_ns, st.st_size, st.st_ino]


def settled(stamp: list[int] | None) -> bool:
    """False for a file changed within the last 2 s: a second change in the same instant could
    leave the same stamp, so it cannot vouch for the content yet."""
    return stamp is None or time.time_ns() - max(stamp[0], stamp[1]) >= _RACY_NS


def _path(state_dir: StrPath, name: str) -> str:
    # os.path, not pathlib: the warm list's memos are read without importing it
    return os.path.join(state_dir, "cache", f"{name}.json")


def recall(state_dir: StrPath, name: str, key: Any) -> Any | None:
    """The value kept under ``name`` for ``key``, if none of its files changed; else None."""
    try:
        with open(_path(state_dir, name), encoding="utf-8") as kept:
            data = json.loads(kept.read())
        if data["key"] != key:
            return None
        written = data.get("written", [])
        if any(file_stamp(path, path not in written) != stamp
               for path, stamp in data["files"].items()):
            return None
        return data["value"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def remember(state_dir: StrPath, name: str, key: Any, value: Any, files: Sequence[str],
             written: Sequence[str] = ()) -> None:
    """Keep ``value`` for ``key`` while ``files`` stay as they are now (written atomically; a
    memo that cannot be written is simply not kept). ``written``: those of ``files`` whose
    ctime is not watched (:func:`file_stamp`)."""
    stamps = {path: file_stamp(path, path not in written) for path in files}
    if not all(settled(s) for s in stamps.values()):
        return
    target = _path(state_dir, name)
    folder = os.path.dirname(target)
    tmp = os.path.join(folder, f".{name}-{os.getpid()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as out:
            out.write(json.dumps({"key": key, "files": stamps, "written": list(written),
                                  "value": value}))
        os.replace(tmp, target)
    except OSError:
        import contextlib  # on failure only: the warm list does not load it

        with contextlib.suppress(OSError):
            os.unlink(tmp)
