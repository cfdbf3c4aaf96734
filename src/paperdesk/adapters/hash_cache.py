"""The SHA-256 of students' files by path and file identity (``.paperdesk/cache/file-hashes.json``):
``collect`` reads an unchanged handed-in PDF or review source once, not on every run. A cache:
anything wrong with the file means "read and hash again" (see
:class:`paperdesk.adapters.studentfiles.Discovery`)."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

MAX_ENTRIES = 40_000  # beyond: only the last collect's (a term of several folders stays under it)


def _path(state_dir: Path) -> Path:
    return state_dir / "cache" / "file-hashes.json"


def load(state_dir: Path) -> dict[str, list[Any]]:
    try:
        data = json.loads(_path(state_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: [[[[... nested too deep
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items()
            if isinstance(v, list) and len(v) == 6 and all(isinstance(x, int) for x in v[:5])}


def store(state_dir: Path, hashes: dict[str, list[Any]]) -> None:
    """Write atomically, only into a state folder that exists; a failed write is not an error."""
    if not state_dir.is_dir():
        return
    target = _path(state_dir)
    tmp = ""
    try:
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".file-hashes-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(hashes, separators=(",", ":")))
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
