"""What every command reads from the course's and the user's settings files: the course's id and
the student (whose reading states these are) and the student's own bib named in the config.

Worked out from ``course.toml`` and the user's ``config.toml`` (TOML, the course's time zone,
platformdirs), then kept in a memo (:mod:`paperdesk.adapters.memo`) until either file changes, so
``paperdesk list`` and the one-row commands import none of that. The memo's key is what the
answer depends on besides those files: the student's environment variables, and what platformdirs
reads to find the config folder (the platform, the user, ``$HOME`` and ``$XDG_*``).
"""

from __future__ import annotations

import os
import sys

from paperdesk.adapters import memo
from paperdesk.adapters.workspace import COURSE_NAME, STATE_DIR, Workspace

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Mapping

_VERSION = 2  # of what is kept (bump when the value's shape or meaning changes)


def _key(environ: Mapping[str, str]) -> list[object]:
    env = sorted((k, v) for k, v in environ.items()
                 if k in ("HOME", "PAPERDESK_STUDENT", "PAPERDESK_EMAIL")
                 or k.startswith("XDG_"))
    uid = os.getuid() if hasattr(os, "getuid") else -1
    return [_VERSION, sys.platform, uid, [list(kv) for kv in env]]


def settings(ws: Workspace, environ: Mapping[str, str]) -> dict[str, str]:
    """``course``: the course's id ("" when course.toml cannot be read); ``student``: the
    student's email in lower case, else name ("" when unknown or the config is broken);
    ``library``: the bib named by ``[library] bib`` in the config, as an absolute path ("" for
    none); ``config``: the config file; ``identity``: "known" (then ``name`` and ``email`` are
    the student's, "" where set nowhere) or "broken" (the config cannot be read:
    :func:`~paperdesk.services.identity.known_identity` reads it again and says why)."""
    kept = kept_settings(ws, environ)
    if kept is not None:
        return kept
    key = _key(environ)
    found = _work_out(ws, environ)
    state = ws.join(STATE_DIR)
    if os.path.isdir(state):
        memo.remember(state, "settings", key, found, [ws.join(COURSE_NAME), found["config"]])
    return found


def kept_settings(ws: Workspace, environ: Mapping[str, str]) -> dict[str, str] | None:
    """What the memo keeps, if it still holds; None (nothing worked out) otherwise."""
    state = ws.join(STATE_DIR)  # os.path: the warm list imports no pathlib
    kept = memo.recall(state, "settings", _key(environ)) if os.path.isdir(state) else None
    if isinstance(kept, dict) and all(isinstance(kept.get(k), str) for k in _FIELDS):
        return kept
    return None


_FIELDS = ("course", "student", "library", "config", "identity", "name", "email")


def _work_out(ws: Workspace, environ: Mapping[str, str]) -> dict[str, str]:
    from collections.abc import Mapping
    from pathlib import Path

    from paperdesk.adapters.coursefile import load_course
    from paperdesk.adapters.userconfig import config_path, load_config
    from paperdesk.core.errors import CourseError, IdentityError
    from paperdesk.services.identity import identity_from

    try:
        course = load_course(ws.course_file).id
    except CourseError:
        course = ""
    try:
        who, identity = identity_from(environ), "known"
    except IdentityError:
        who, identity = None, "broken"
    config = config_path()
    try:
        library = load_config(config).get("library", {})
    except IdentityError:  # a broken config file: the identity commands report it
        library = {}
    named = library.get("bib") if isinstance(library, Mapping) else None
    bib = ""
    if isinstance(named, str) and named.strip():
        path = Path(named.strip()).expanduser()
        bib = str(path if path.is_absolute() else config.parent / path)
    return {"course": course, "student": (who.email.lower() or who.name) if who else "",
            "library": bib, "config": str(config), "identity": identity,
            "name": who.name if who else "", "email": who.email if who else ""}
