"""The parsed catalog, cached as a snapshot file keyed by the bib file's SHA-256.

A warm ``paperdesk list`` reads this JSON and never imports bibtexparser's parse path, SQLAlchemy
or Textual. The snapshot is a cache: any error reading it means "parse again".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from paperdesk.core.reading import Catalog, Problem, Reading

CACHE_FORMAT = 2


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def code_stamp() -> str:
    """What produced a snapshot: the format, the version and the parser modules' mtimes.

    A new release (or, while developing, an edited decoder) must not be served stale readings.
    """
    import paperdesk
    from paperdesk.adapters import bibfile
    from paperdesk.core import arxiv_id, latex, reading

    parts = [str(CACHE_FORMAT), paperdesk.__version__]
    for module in (bibfile, latex, reading, arxiv_id):
        try:
            parts.append(str(os.stat(str(module.__file__)).st_mtime_ns))
        except (OSError, TypeError):
            parts.append("?")
    return "/".join(parts)


def _path(state_dir: Path, slot: str) -> Path:
    return state_dir / "cache" / f"{slot}.json"


def load_cached(state_dir: Path, digest: str, label: str, slot: str = "catalog") -> Catalog | None:
    """The snapshot in ``slot`` (one a file: the course's list, the student's own)."""
    try:
        data = json.loads(_path(state_dir, slot).read_text(encoding="utf-8"))
        if data.get("code") != code_stamp() or data.get("sha256") != digest:
            return None
        readings = tuple(Reading.from_json(r) for r in data["readings"])
        problems = tuple(Problem(label, p[0], p[1], p[2]) for p in data["problems"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
    return Catalog(readings, problems, label)


def store_cached(state_dir: Path, digest: str, catalog: Catalog, slot: str = "catalog") -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    target = _path(state_dir, slot)
    payload = {
        "code": code_stamp(),
        "sha256": digest,
        "readings": [r.to_json() for r in catalog.readings],
        "problems": [[p.line, p.message, p.severity] for p in catalog.problems],
    }
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".catalog-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)
