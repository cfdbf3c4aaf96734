"""SQLite's failures as one line each, for the SQLModel store and the sqlite3 light stores alike.

A busy database, a full disk, an I/O error, a read-only folder, real corruption: each is a
:class:`StoreError` whose message says what happened and that nothing was lost. Standard library
only, so the light stores (``store_light``, ``gradebook_light``) report the same lines as the full
store without importing SQLAlchemy.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from paperdesk.core.errors import StoreError

# SQLite's primary result codes (extended codes keep them in the low byte).
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
CORRUPTION = {CORRUPT, NOTADB}
TRANSLATED = {BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB}
_NEARLY_FULL = 1 << 20  # an I/O error with less free space than this is a full disk


def shown_url(url: str) -> str:
    """A database URL fit for a message: its password, if any, masked."""
    return re.sub(r"(://[^/:@]*:)[^/@]*@", r"\1***@", url)


def sqlite_code(exc: BaseException) -> int | None:
    """The primary result code of a sqlite3 error (or of a SQLAlchemy error wrapping one)."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def reason(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def existing(folder: Path) -> Path:
    """``folder``, or while it does not exist its nearest parent that does."""
    return next((p for p in (folder, *folder.parents) if p.exists()), folder)


def writable(folder: Path) -> bool:
    """Whether files can be made in ``folder`` (or in the nearest parent, to make it).
    ``os.access`` says no on a read-only mount even to root."""
    return os.access(existing(folder), os.W_OK)


def _free_bytes(folder: Path) -> int | None:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def sqlite_problem(exc: BaseException, url: str, path: Path | None) -> StoreError:
    """One line for a failure of the database at ``url`` (its file ``path``, None when it is not
    a SQLite file); ``corrupt`` only for real corruption."""
    code = sqlite_code(exc)
    why = reason(exc)
    where = str(path or shown_url(url))
    folder = path.parent if path is not None else None
    if code in (BUSY, LOCKED) or "locked" in why or "busy" in why:
        # Another paperdesk holds it: healthy, just busy. Never move that aside.
        return StoreError("the database is busy (another paperdesk is writing to it); "
                          "try again", path=where)
    free = _free_bytes(folder) if folder is not None else None
    if code == FULL or (code == IOERR and free is not None and free < _NEARLY_FULL):
        return StoreError("the disk is full: nothing could be saved, and nothing was lost; "
                          "free some space and try again", path=where)
    if code == IOERR:
        return StoreError(f"disk I/O error on the database ({why}); it was left as it is",
                          path=where)
    if code == READONLY or (folder is not None and not writable(folder)):
        return StoreError("the folder is read-only: nothing can be saved in it",
                          path=str(existing(folder) if folder else where))
    if code in CORRUPTION:
        return StoreError(f"unreadable database ({why})", path=where, corrupt=True)
    return StoreError(f"cannot open the database {shown_url(url)}: {why}")
