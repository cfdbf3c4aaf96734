"""The parsed catalog, cached as a snapshot file keyed by the bib file's SHA-256.

A warm ``paperdesk list`` reads this JSON and never imports bibtexparser's parse path, SQLAlchemy
or Textual. The snapshot is a cache: any error reading it means "parse again". It also keeps the
file's stat (:func:`paperdesk.adapters.memo.file_stamp`, taken before the file was read, and only
once the file has settled): while the stat is the same, the file is not read nor hashed again.
"""

from __future__ import annotations

import json
import operator
import os

from paperdesk.adapters.memo import file_stamp, settled
from paperdesk.core.arxiv_id import ArxivId
from paperdesk.core.reading import Catalog, Problem, Reading, reading_of

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from paperdesk.adapters.memo import StrPath

# 3: the file's shape (size, lines, keys) so an append extends the snapshot; 4: a reading is a
# list of its values (no keys to decode 10,000 times) ending with its cite name, which list prints
CACHE_FORMAT = 4


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
_PARSER_MODULES = ("adapters/bibfile.py", "adapters/bibsimple.py", "core/latex.py",
                   "core/reading.py", "core/arxiv_id.py")


def _path(state_dir: StrPath, slot: str) -> str:
    return os.path.join(state_dir, "cache", f"{slot}.json")  # os.path: no pathlib for list


# The snapshot is JSON lines: a header (code, sha256, stat), the shape, the problems, then one
# line per reading. The stat is checked without decoding the readings; a restamp rewrites the
# header alone; an append writes the readings' lines kept as they were, then the new ones.
class _Snapshot:
    __slots__ = ("_parts", "header", "raw")

    def __init__(self, header: dict[str, Any], raw: bytes) -> None:
        self.header = header
        self.raw = raw  # the shape's line onwards, as read: decoded once the header serves
        self._parts: tuple[str, str, str] | None = None

    def parts(self) -> tuple[str, str, str]:
        """(the shape's line, the problems' line, the readings' lines)."""
        if self._parts is None:
            shape, problems, rows = self.raw.decode("utf-8").split("\n", 2)
            self._parts = (shape, problems, rows)
        return self._parts

    def rows_bytes(self) -> bytes:
        """The readings' lines as read (past the shape's and the problems' lines)."""
        first = self.raw.index(b"\n")
        return self.raw[self.raw.index(b"\n", first + 1) + 1:]

    def catalog(self, label: str) -> Catalog:
        _, problems, rows = self.parts()
        if len(rows) < _BIG_ROWS:
            readings = _readings(rows)
        else:  # the cycle collector would walk the growing heap again and again, for nothing
            import gc  # built in: only a big list pays the (tiny) import

            was_enabled = gc.isenabled()
            gc.disable()
            try:
                readings = _readings(rows)
            finally:
                if was_enabled:
                    gc.enable()
        return Catalog(readings, tuple(Problem(label, p[0], p[1], p[2])
                                       for p in json.loads(problems)), label)


_BIG_ROWS = 200_000  # characters of rows (some 600 readings) past which decoding pauses the GC


def _readings(rows: str) -> tuple[Reading, ...]:
    return tuple(map(_reading, json.loads(f"[{rows.replace(chr(10), ',')}]")))


def _read(state_dir: StrPath, slot: str) -> _Snapshot | None:
    try:
        with open(_path(state_dir, slot), "rb") as snapshot:
            head, _, rest = snapshot.read().partition(b"\n")
        header = json.loads(head)
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("code") != code_stamp():
        return None
    return _Snapshot(header, rest)


def _row(r: Reading) -> list[Any]:
    """A reading as the snapshot keeps it: its values in :func:`_reading`'s order."""
    return [r.key, r.topic, r.kind, r.title, r.authors, r.year, r.venue,
            str(r.arxiv) if r.arxiv else None, r.doi, r.url, r.note, r.entry_type, r.line,
            r.personal, r.cite]


def _reading(row: list[Any]) -> Reading:
    row[4] = tuple(row[4])  # the authors
    arxiv = row[7]
    row[7] = ArxivId.from_normal(arxiv) if arxiv else None
    return reading_of(row)


_BROKEN = (ValueError, KeyError, TypeError, IndexError)  # a snapshot that does not decode


def load_cached(state_dir: StrPath, digest: str, label: str, slot: str = "catalog",
                ) -> Catalog | None:
    """The snapshot in ``slot`` (one a file: the course's list, the student's own)."""
    snapshot = _read(state_dir, slot)
    if snapshot is None or snapshot.header.get("sha256") != digest:
        return None
    try:
        return snapshot.catalog(label)
    except _BROKEN:
        return None


def stamp_of(path: StrPath) -> list[int] | None:
    """The file's stamp to keep with its snapshot (take it before reading the file); None while
    it cannot vouch for the content (changed just now)."""
    stamp = file_stamp(os.fspath(path))
    return stamp if settled(stamp) else None


def load_unchanged(state_dir: StrPath, path: StrPath, label: str, slot: str = "catalog",
                   ) -> Catalog | None:
    """The snapshot in ``slot`` if the file's stat is the one kept with it; else None."""
    snapshot = _read(state_dir, slot)
    if snapshot is None:
        return None
    stat = snapshot.header.get("stat")
    if stat is None or stat != file_stamp(os.fspath(path)):
        return None
    try:
        return snapshot.catalog(label)
    except _BROKEN:
        return None


class Prefix:
    """A snapshot whose file has grown by an append: its catalog and shape, to parse the tail
    against, and its readings' lines, which the extended snapshot keeps as they are."""

    __slots__ = ("catalog", "rows", "shape")

    def __init__(self, catalog: Catalog, shape: dict[str, Any], rows: bytes) -> None:
        self.catalog = catalog
        self.shape = shape
        self.rows = rows


def lookup(state_dir: StrPath, raw: bytes, digest: str, label: str, slot: str = "catalog",
           ) -> tuple[Catalog | None, Prefix | None]:
    """The snapshot read once: (its catalog if it is of ``digest``, else None; what it keeps
    if ``raw`` is its file with an append, else None)."""
    snapshot = _read(state_dir, slot)
    if snapshot is None:
        return None, None
    try:
        if snapshot.header.get("sha256") == digest:
            return snapshot.catalog(label), None
        shape = json.loads(snapshot.parts()[0])
        size = int(shape["size"])
        if not 0 < size < len(raw) or content_hash(raw[:size]) != snapshot.header.get("sha256"):
            return None, None
        return None, Prefix(snapshot.catalog(label), dict(shape), snapshot.rows_bytes())
    except _BROKEN:
        return None, None


def restamp(state_dir: StrPath, slot: str, stat: list[int] | None) -> None:
    """Keep ``stat`` with the snapshot in ``slot`` (its file was read and found the same)."""
    snapshot = _read(state_dir, slot)
    if snapshot is not None and stat is not None and snapshot.header.get("stat") != stat:
        _write(_path(state_dir, slot), {**snapshot.header, "stat": stat}, snapshot.raw)


def store_cached(state_dir: StrPath, digest: str, catalog: Catalog, slot: str = "catalog",
                 shape: dict[str, Any] | None = None, stat: list[int] | None = None,
                 prefix: Prefix | None = None) -> None:
    """Write atomically; a cache that cannot be written is simply not used. ``stat``: the
    file's :func:`stamp_of`, taken before it was read. ``prefix``: the snapshot ``catalog``
    extends (its readings come first, unchanged): their lines are written as they were read."""
    kept = 0
    rows = b""
    if prefix is not None and prefix.rows:
        kept = len(prefix.catalog.readings)
        if all(map(operator.is_, prefix.catalog.readings, catalog.readings[:kept])):
            rows = prefix.rows
        else:  # not an extension of it after all
            kept = 0
    dumps = _dumps
    more = "\n".join([dumps(_row(r)) for r in catalog.readings[kept:]]).encode("utf-8")
    head = "\n".join([dumps(shape), dumps([[p.line, p.message, p.severity]
                                           for p in catalog.problems]), ""]).encode("utf-8")
    _write(_path(state_dir, slot), {"code": code_stamp(), "sha256": digest, "stat": stat},
           b"".join([head, rows, b"\n" if rows and more else b"", more]))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(target: str, header: dict[str, Any], rest: str | bytes) -> None:
    # os.open, not tempfile (whose import costs more than writing a big bib's snapshot)
    folder = os.path.dirname(target)
    tmp = os.path.join(folder, f".catalog-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        with os.fdopen(fd, "wb") as out:
            out.write((_dumps(header) + "\n").encode("utf-8"))
            out.write(rest if isinstance(rest, bytes) else rest.encode("utf-8"))
        os.replace(tmp, target)
    except OSError:
        import contextlib  # on failure only: the warm list does not load it

        with contextlib.suppress(OSError):
            os.unlink(tmp)
