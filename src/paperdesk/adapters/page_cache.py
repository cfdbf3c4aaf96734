"""Page counts of typeset reviews, remembered by what was typeset (``.paperdesk/cache/pages.json``).

``paperdesk status`` counts the pages of every final review, as ``collect`` does, so the two agree
on what is over length; a review unchanged since the last run is not typeset again. The key is a
SHA-256 of everything the page count depends on (the caller's), plus this code's version and the
typesetting modules' mtimes. A cache: anything wrong with it means "typeset again".
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

import paperdesk

MAX_ENTRIES = 5000
_SOURCES = ("adapters/typeset.py", "adapters/markdown_typst.py", "adapters/tex_math.py",
            "templates/review.typ")


def code_stamp() -> str:
    """The version and the typesetting code's mtimes: a new template is not served old counts."""
    root = Path(paperdesk.__file__).parent
    parts = [paperdesk.__version__]
    for name in _SOURCES:
        try:
            parts.append(str((root / name).stat().st_mtime_ns))
        except OSError:
            parts.append("?")
    return "/".join(parts)


def _path(state_dir: Path) -> Path:
    return state_dir / "cache" / "pages.json"


def load(state_dir: Path) -> dict[str, int]:
    try:
        data = json.loads(_path(state_dir).read_text(encoding="utf-8"))
        if data.get("code") != code_stamp():
            return {}
        return {str(k): int(v) for k, v in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def store(state_dir: Path, pages: dict[str, int]) -> None:
    """Write atomically, only into a state folder that exists; a failed write is not an error."""
    if not state_dir.is_dir():
        return
    target = _path(state_dir)
    kept = dict(list(pages.items())[-MAX_ENTRIES:])
    tmp = ""
    try:
        target.parent.mkdir(exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".pages-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps({"code": code_stamp(), "pages": kept}, separators=(",", ":")))
        os.replace(tmp, target)
    except OSError:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
