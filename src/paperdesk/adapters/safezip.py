"""Extracting untrusted zip files into a temporary folder, refusing what could do harm.

Students' zips are untrusted. Before anything is written the archive is checked as a whole (its
size on disk, its number of entries, the sum of the sizes its entries declare), then each entry
by itself: a name with ``..``, an absolute path, a drive letter or a NUL byte, a symbolic link, or
a file over the size limit is refused and reported, and the rest is still extracted. Sizes
declared in the archive are not trusted either: bytes are counted while they are written, and an
entry that inflates past its limit is removed. Nothing is ever written outside the destination.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB
MAX_ZIP_BYTES = 200 * MB
MAX_ZIP_ENTRIES = 10_000
CHUNK = 64 * 1024

# What a broken archive raises, from zipfile itself or the decompressors under it.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError,
              RuntimeError, ValueError, zlib.error)
_DRIVE = re.compile(r"^[A-Za-z]:")
_JUNK = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


class ZipRefused(Exception):
    """The whole archive is refused (too big, too many entries, not a zip); ``str`` says why."""


@dataclass
class Budget:
    """Bytes that may still be written by all extractions of one run (nested zips included)."""

    remaining: int

    def take(self, n: int) -> bool:
        if n > self.remaining:
            return False
        self.remaining -= n
        return True


@dataclass
class Extraction:
    """What came out of one archive: files written, entries refused or skipped, with reasons."""

    root: Path
    written: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (entry name, why)


def entry_parts(name: str) -> tuple[str, ...] | str:
    """The safe relative parts of an entry name, or a string saying why it is refused."""
    if "\x00" in name:
        return "its name holds a NUL byte"
    unified = name.replace("\\", "/")
    if unified.startswith("/") or _DRIVE.match(unified):
        return "its path is absolute"
    parts = tuple(p for p in PurePosixPath(unified).parts if p not in ("", "."))
    if ".." in parts:
        return "its path climbs out of the archive with '..'"
    if not parts:
        return "its name is empty"
    return parts


def is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _is_special(info: zipfile.ZipInfo) -> bool:
    """A device, FIFO or socket recorded by a Unix zip: never a review."""
    mode = info.external_attr >> 16
    kind = stat.S_IFMT(mode)
    return kind != 0 and kind not in (stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK)


def check_archive(path: Path) -> zipfile.ZipFile:
    """Open ``path`` as a zip after the whole-archive checks; raises :class:`ZipRefused`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ZipRefused(f"cannot be read: {exc.strerror}") from exc
    if size > MAX_ZIP_BYTES:
        raise ZipRefused(f"is {size / MB:.0f} MB; zips over {MAX_ZIP_BYTES // MB} MB are refused")
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise ZipRefused(f"is not a readable zip file ({_reason(exc)})") from exc
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        archive.close()
        raise ZipRefused(f"has {len(infos):,} entries; zips over {MAX_ZIP_ENTRIES:,} are refused")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ZIP_BYTES:
        archive.close()
        raise ZipRefused(f"would expand to {declared / MB:,.0f} MB; zips over "
                         f"{MAX_ZIP_BYTES // MB} MB uncompressed are refused")
    return archive


def extract(path: Path, dest: Path, budget: Budget,
            wanted: tuple[str, ...] = (".md", ".pdf", ".zip", ".json")) -> Extraction:
    """Extract the entries of ``path`` whose names end in ``wanted`` into the new folder ``dest``.

    Raises :class:`ZipRefused` when the archive as a whole is refused; a refused entry is listed
    in ``Extraction.refused`` and the others are still extracted.
    """
    archive = check_archive(path)
    dest.mkdir(parents=True, exist_ok=False)
    root = dest.resolve()
    result = Extraction(root)
    with archive:
        for info in archive.infolist():
            name = info.filename
            parts = entry_parts(name)
            if isinstance(parts, str):
                result.refused.append((name, parts))
                continue
            if any(p in _JUNK for p in parts) or info.is_dir():
                continue
            if is_symlink(info):
                result.refused.append((name, "it is a symbolic link"))
                continue
            if _is_special(info) or not parts[-1].lower().endswith(wanted):
                continue
            limit = MAX_ZIP_BYTES if parts[-1].lower().endswith(".zip") else MAX_FILE_BYTES
            if info.file_size > limit:
                result.refused.append((name, f"it is {info.file_size / MB:.1f} MB; files over "
                                       f"{limit // MB} MB are refused"))
                continue
            why = _write_entry(archive, info, root, parts, limit, budget)
            if why:
                result.refused.append((name, why))
            else:
                result.written.append("/".join(parts))
    return result


def _write_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, root: Path,
                 parts: tuple[str, ...], limit: int, budget: Budget) -> str | None:
    """Write one entry below ``root``; None when done, else why it was refused."""
    target = root.joinpath(*parts)
    # Belt and braces: whatever the name checks missed, the resolved target must stay inside.
    if not target.resolve().is_relative_to(root):
        return "its path leads outside the extraction folder"
    allowed = min(info.file_size, limit)
    if not budget.take(allowed):
        return "the run's extraction budget is spent (too much data across all zips)"
    written = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.parent.resolve().is_relative_to(root):
            return "its folder leads outside the extraction folder"
        with archive.open(info) as src, open(target, "xb") as out:
            while chunk := src.read(CHUNK):
                written += len(chunk)
                if written > allowed:
                    out.close()
                    target.unlink()
                    return (f"it inflates past the {allowed:,} bytes it declares "
                            "(a zip bomb or a corrupt entry)")
                out.write(chunk)
    except FileExistsError:
        return "the archive holds this name twice"
    except ZIP_ERRORS as exc:
        with contextlib.suppress(OSError):
            target.unlink()
        return f"it cannot be extracted ({_reason(exc)})"
    return None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return text or type(exc).__name__


def regular_file_size(path: Path) -> int | None:
    """The size of ``path`` if it is a regular file and not a symbolic link, else None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None
