"""A ``.bib`` file's bytes, read with its limits: what every load does first, parsed or not.

Apart from :mod:`bibfile` (the parser) so that a load served from the snapshot never imports it.
"""

from __future__ import annotations

import os
import stat

from paperdesk.core.errors import BibError

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from paperdesk.adapters.memo import StrPath

MAX_BIB_BYTES = 20 * 1024 * 1024


def read_bytes_checked(path: StrPath) -> bytes:
    """The file's bytes, or a BibError naming it (missing, a folder, unreadable, too big)."""
    path = os.fspath(path)  # os, not pathlib: the catalog's loading path imports none
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise BibError("no such file", path=path) from exc
    except OSError as exc:
        raise BibError(f"cannot be read: {exc.strerror}", path=path) from exc
    if stat.S_ISDIR(info.st_mode):
        raise BibError("is a folder, not a .bib file", path=path)
    if not stat.S_ISREG(info.st_mode):  # a device or a pipe could be endless
        raise BibError("is not a regular file", path=path)
    if info.st_size > MAX_BIB_BYTES:
        raise BibError(_too_big(info.st_size), path=path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BIB_BYTES + 1)  # the file may have grown since stat()
    except OSError as exc:
        raise BibError(f"cannot be read: {exc.strerror}", path=path) from exc
    if len(raw) > MAX_BIB_BYTES:
        raise BibError(_too_big(len(raw)), path=path)
    return raw


def _too_big(size: int) -> str:
    return (f"is {size / 1e6:.0f} MB; paperdesk reads bibliographies up to "
            f"{MAX_BIB_BYTES // (1024 * 1024)} MB")
