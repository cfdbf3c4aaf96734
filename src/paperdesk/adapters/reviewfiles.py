"""Review files on disk: ``reviews/<key>.md`` (the key made a safe name by core.keyfiles),
atomic saves, conflict detection.

A review is the student's work, so a save never leaves a half-written file (a temporary file in
the same folder, fsync, rename, fsync of the folder) and never overwrites a change made on disk
since the review was loaded (the caller holds a :class:`FileToken` of what it loaded).
"""

from __future__ import annotations

import os
import re

from paperdesk.adapters.workspace import REVIEW_SUFFIX, REVIEWS_NOTE, review_names
from paperdesk.core.errors import ReviewConflictError, ReviewError
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # paths given are Paths
    from pathlib import Path

SUFFIX = REVIEW_SUFFIX
NOTE_NAME = REVIEWS_NOTE
# The keys that named their review file as they are, before keys were encoded (core.keyfiles).
_LEGACY = r"\w[\w.:+-]{0,199}"  # compiled at first use (re caches it): listing needs none


class FileToken(FrozenValue):
    """What a file held when it was read: enough to tell whether it changed since."""

    __slots__ = ("mtime_ns", "sha256", "size")
    sha256: str
    mtime_ns: int
    size: int

    def __init__(self, sha256: str, mtime_ns: int, size: int) -> None:
        object.__setattr__(self, "sha256", sha256)
        object.__setattr__(self, "mtime_ns", mtime_ns)
        object.__setattr__(self, "size", size)


def check_key(key: str) -> str:
    """The file stem of ``key``'s review (:func:`paperdesk.core.keyfiles.key_stem`): any key
    BibTeX accepts names a file inside ``reviews/``; ReviewError for a key too long for one."""
    from paperdesk.core.keyfiles import UnnamableKey, key_stem

    try:
        return key_stem(key)
    except UnnamableKey as exc:
        raise ReviewError(f"{exc}; nothing was read or written", path="reviews/") from None


def review_file(folder: Path, key: str) -> Path:
    """``folder/<stem>.md``, checked to be directly inside ``folder``.

    A review saved before keys were encoded (``vaswani:2017.md``, the key as it is) is still
    found there, until the new name exists.
    """
    stem = check_key(key)
    path = folder / f"{stem}{SUFFIX}"
    if path.parent != folder or path.name != f"{stem}{SUFFIX}":  # key_stem makes this impossible
        raise ReviewError(f"{key!r} does not name a file inside {folder}", path=str(path))
    if stem != key and re.fullmatch(_LEGACY, key) and ".." not in key:
        legacy = folder / f"{key}{SUFFIX}"
        if legacy.parent == folder and legacy.is_file() and not path.exists():
            return legacy
    return path


def review_files(folder: Path) -> list[Path]:
    """The review files of ``folder`` by name; hidden and temporary files and the folder's
    README (a note for students) are not reviews."""
    return [folder / name for name in review_names(folder)]


def token_of(data: bytes, stat: os.stat_result) -> FileToken:
    import hashlib  # not for the commands that only list the files

    return FileToken(hashlib.sha256(data).hexdigest(), stat.st_mtime_ns, stat.st_size)


def current_token(path: Path) -> FileToken | None:
    """The token of the file as it is now; None when there is no file."""
    try:
        with open(path, "rb") as f:
            data = f.read()
            return token_of(data, os.fstat(f.fileno()))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ReviewError(f"cannot be read: {exc.strerror}", path=str(path)) from exc


def read_review_file(path: Path, label: str | None = None) -> tuple[str, FileToken]:
    """The file's text and token; ReviewError naming it when it is missing or unreadable (the
    rule of :mod:`paperdesk.core.readable`, the same ``collect`` applies)."""
    from paperdesk.core.readable import MAX_REVIEW_BYTES, check_size, review_text

    name = label or str(path)
    try:
        with open(path, "rb") as f:
            stat = os.fstat(f.fileno())
            check_size(stat.st_size, name)
            data = f.read(MAX_REVIEW_BYTES + 1)
    except FileNotFoundError as exc:
        raise ReviewError("no such review file", path=name) from exc
    except IsADirectoryError as exc:
        raise ReviewError("is a folder, not a review file", path=name) from exc
    except OSError as exc:
        raise ReviewError(f"cannot be read: {exc.strerror}", path=name) from exc
    return review_text(data, name), token_of(data, stat)


def write_review_file(path: Path, text: str, expected: FileToken | None,
                      label: str | None = None) -> FileToken:
    """Save ``text`` atomically, if the file still holds what ``expected`` describes.

    ``expected`` None means the file must not exist yet. Raises ReviewConflictError (and writes
    nothing) when the file changed on disk since it was loaded.
    """
    from paperdesk.core.readable import check_text

    name = label or str(path)
    check_text(text, name)  # never write what would be refused when read back
    now = current_token(path)
    if now is not None and (expected is None or now.sha256 != expected.sha256):
        what = "was created" if expected is None else "changed on disk"
        raise ReviewConflictError(f"{what} since it was loaded; not overwritten (reload it, or "
                                  "save your text elsewhere)", path=name)
    if now is None and expected is not None:
        raise ReviewConflictError("was deleted since it was loaded; not written back (save "
                                  "again to recreate it)", path=name)
    data = text.encode("utf-8")
    try:
        atomic_write(path, data)
        stat = os.stat(path)
    except OSError as exc:
        raise ReviewError(f"cannot be saved: {exc.strerror}", path=name) from exc
    return token_of(data, stat)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: readers see the old bytes or the new, never a mix."""
    import contextlib  # here: listing the reviews (the warm list) needs none

    folder = path.parent
    tmp = folder / f".{path.name}.{os.urandom(4).hex()}.tmp"
    # os.open with 0o666 lets the umask decide the mode, as for any file the user creates.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, os.stat(path).st_mode & 0o7777)  # keep the mode the user gave it
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible, nor needed, on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temporaries(folder: Path, older_than_s: float = 3600.0) -> int:
    """Delete temporary files left by an interrupted save (a crash, a kill) long ago."""
    import contextlib
    import time

    removed = 0
    cutoff = time.time() - older_than_s
    for tmp in folder.glob(f".*{SUFFIX}.*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
    return removed
