"""The parsed catalog, cached as a snapshot file keyed by the bib file's SHA-256.

A warm ``paperdesk list`` reads this JSON and never imports bibtexparser's parse path, SQLAlchemy
or Textual. The snapshot is a cache: any error reading it means "parse again". It also keeps the
file's stat (:func:`paperdesk.adapters.memo.file_stamp`, taken before the file was read, and only
once the file has settled): while the stat is the same, the file is not read nor hashed again.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from paperdesk.adapters.memo import file_stamp, settled
from paperdesk.core.reading import Catalog, Problem, Reading

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

CACHE_FORMAT = 3  # 3: the file's shape (size, lines, keys) so an append extends the snapshot


def content_hash(raw: bytes) -> str:
    import hashlib  # not when the stat vouches for the snapshot

    return hashlib.sha256(raw).hexdigest()


def code_stamp() -> str:
    """What produced a snapshot: the format, the version and the parser modules' mtimes.

    A new release (or, while developing, an edited decoder) must not be served stale readings.
    """
    import paperdesk

    parts = [str(CACHE_FORMAT), paperdesk.__version__]
    package = os.path.dirname(str(paperdesk.__file__))  # stat the files: no module imported
    for module in _PARSER_MODULES:
        try:
            parts.append(str(os.stat(os.path.join(package, *module.split("/"))).st_mtime_ns))
        except OSError:
            parts.append("?")
    return "/".join(parts)


# The modules whose code decides what a snapshot holds (their sources, under paperdesk/).
_PARSER_MODULES = ("adapters/bibfile.py", "core/latex.py", "core/reading.py", "core/arxiv_id.py")


def _path(state_dir: Path, slot: str) -> Path:
    return state_dir / "cache" / f"{slot}.json"


def _read(state_dir: Path, slot: str) -> dict[str, Any] | None:
    try:
        data = json.loads(_path(state_dir, slot).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("code") == code_stamp() else None


def _catalog(data: dict[str, Any], label: str) -> Catalog:
    readings = tuple(Reading.from_json(r) for r in data["readings"])
    problems = tuple(Problem(label, p[0], p[1], p[2]) for p in data["problems"])
    return Catalog(readings, problems, label)


def load_cached(state_dir: Path, digest: str, label: str, slot: str = "catalog") -> Catalog | None:
    """The snapshot in ``slot`` (one a file: the course's list, the student's own)."""
    data = _read(state_dir, slot)
    if data is None or data.get("sha256") != digest:
        return None
    try:
        return _catalog(data, label)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def stamp_of(path: Path) -> list[int] | None:
    """The file's stamp to keep with its snapshot (take it before reading the file); None while
    it cannot vouch for the content (changed just now)."""
    stamp = file_stamp(str(path))
    return stamp if settled(stamp) else None


def load_unchanged(state_dir: Path, path: Path, label: str, slot: str = "catalog",
                   ) -> Catalog | None:
    """The snapshot in ``slot`` if the file's stat is the one kept with it; else None."""
    data = _read(state_dir, slot)
    if data is None or data.get("stat") is None or data.get("stat") != file_stamp(str(path)):
        return None
    try:
        return _catalog(data, label)
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def lookup(state_dir: Path, raw: bytes, digest: str, label: str, slot: str = "catalog",
           ) -> tuple[Catalog | None, tuple[Catalog, dict[str, Any]] | None]:
    """The snapshot read once: (its catalog if it is of ``digest``, else None; its catalog and
    shape if ``raw`` is its file with an append, else None)."""
    data = _read(state_dir, slot)
    if data is None:
        return None, None
    try:
        if data.get("sha256") == digest:
            return _catalog(data, label), None
        shape = data["shape"]
        size = int(shape["size"])
        if not 0 < size < len(raw) or content_hash(raw[:size]) != data.get("sha256"):
            return None, None
        return None, (_catalog(data, label), dict(shape))
    except (ValueError, KeyError, TypeError, IndexError):
        return None, None


def restamp(state_dir: Path, slot: str, stat: list[int] | None) -> None:
    """Keep ``stat`` with the snapshot in ``slot`` (its file was read and found the same)."""
    data = _read(state_dir, slot)
    if data is not None and stat is not None and data.get("stat") != stat:
        data["stat"] = stat
        _write(_path(state_dir, slot), data)


def store_cached(state_dir: Path, digest: str, catalog: Catalog, slot: str = "catalog",
                 shape: dict[str, Any] | None = None, stat: list[int] | None = None) -> None:
    """Write atomically; a cache that cannot be written is simply not used. ``stat``: the
    file's :func:`stamp_of`, taken before it was read."""
    target = _path(state_dir, slot)
    payload = {
        "code": code_stamp(),
        "sha256": digest,
        "readings": [r.to_json() for r in catalog.readings],
        "problems": [[p.line, p.message, p.severity] for p in catalog.problems],
        "shape": shape,
        "stat": stat,
    }
    _write(target, payload)


def _write(target: Path, payload: dict[str, Any]) -> None:
    import tempfile

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
