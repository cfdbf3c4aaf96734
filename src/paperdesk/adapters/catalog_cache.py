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
from json.scanner import make_scanner  # loaded by json itself

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


def content_hash(raw: bytes | memoryview) -> str:
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
# A big bib's snapshot is megabytes: it is read once, decoded once and never copied whole again
# (each copy of it cost more in page faults than its readings' decoding saves).
class Snapshot:
    __slots__ = ("_text", "body", "header", "raw")

    def __init__(self, header: dict[str, Any], raw: bytes, body: int) -> None:
        self.header = header
        self.raw = raw  # the whole file as read
        self.body = body  # where the shape's line starts, past the header's
        self._text: str | None = None

    def lines(self) -> tuple[str, int, int]:
        """The text decoded (once), where the problems' line starts, where the readings' do."""
        if self._text is None:
            self._text = self.raw.decode("utf-8")
        text = self._text
        problems = text.index("\n", text.index("\n") + 1) + 1
        return text, problems, text.index("\n", problems) + 1

    def shape(self) -> dict[str, Any]:
        text = self.lines()[0]
        shape = _SCAN(text, text.index("\n") + 1)[0]
        if not isinstance(shape, dict):
            raise TypeError("not a shape")
        return shape

    def rows_bytes(self) -> memoryview:
        """The readings' lines as read (past the shape's and the problems' lines), uncopied."""
        first = self.raw.index(b"\n", self.body)
        return memoryview(self.raw)[self.raw.index(b"\n", first + 1) + 1:]

    def catalog(self, label: str) -> Catalog:
        text, problems, rows = self.lines()
        if len(text) - rows < _BIG_ROWS:
            readings = _readings(text, rows)
        else:  # the cycle collector would walk the growing heap again and again, for nothing
            import gc  # built in: only a big list pays the (tiny) import

            was_enabled = gc.isenabled()
            gc.disable()
            try:
                readings = _readings(text, rows)
            finally:
                if was_enabled:
                    gc.enable()
        return Catalog(readings, tuple(Problem(label, p[0], p[1], p[2])
                                       for p in _SCAN(text, problems)[0]), label)


_BIG_ROWS = 200_000  # characters of rows (some 600 readings) past which decoding pauses the GC
# json's own scanner (C): one value at an index of the text, no slice of it made
_SCAN = make_scanner(json.JSONDecoder())  # type: ignore[arg-type]  # typeshed: any context


def _readings(text: str, start: int) -> tuple[Reading, ...]:
    """The readings of the rows from ``start``, one JSON array a line, each scanned in place:
    joining the lines into one array copied the megabytes of text twice."""
    readings: list[Reading] = []
    append, scan, reading, end = readings.append, _SCAN, _reading, len(text)
    at = start
    while at < end:
        row, at = scan(text, at)
        append(reading(row))
        if at < end and text[at] != "\n":
            raise ValueError("a row does not end its line")
        at += 1
    return tuple(readings)


def read_snapshot(state_dir: StrPath, slot: str = "catalog") -> Snapshot | None:
    """The snapshot in ``slot`` (one a file: the course's list, the student's own), read once
    for what a load asks of it; None if there is none of this code's."""
    try:
        with open(_path(state_dir, slot), "rb") as snapshot:
            raw = snapshot.read()
        body = raw.index(b"\n") + 1
        header = json.loads(raw[:body])
    except (OSError, ValueError):
        return None
    if not isinstance(header, dict) or header.get("code") != code_stamp():
        return None
    return Snapshot(header, raw, body)


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


# a snapshot that does not decode (StopIteration: the scanner found no value where one starts)
_BROKEN = (ValueError, KeyError, TypeError, IndexError, StopIteration)


def load_cached(state_dir: StrPath, digest: str, label: str, slot: str = "catalog",
                ) -> Catalog | None:
    """The snapshot in ``slot`` (one a file: the course's list, the student's own)."""
    snapshot = read_snapshot(state_dir, slot)
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


def load_unchanged(snapshot: Snapshot | None, path: StrPath, label: str) -> Catalog | None:
    """The catalog of ``snapshot`` if the file's stat is the one kept with it; else None."""
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

    def __init__(self, catalog: Catalog, shape: dict[str, Any], rows: bytes | memoryview,
                 ) -> None:
        self.catalog = catalog
        self.shape = shape
        self.rows = rows


def lookup(snapshot: Snapshot | None, raw: bytes, digest: str, label: str,
           ) -> tuple[Catalog | None, Prefix | None]:
    """(The catalog of ``snapshot`` if it is of ``digest``, else None; what it keeps if ``raw``
    is its file with an append, else None)."""
    if snapshot is None:
        return None, None
    try:
        if snapshot.header.get("sha256") == digest:
            return snapshot.catalog(label), None
        shape = snapshot.shape()
        size = int(shape["size"])
        if not 0 < size < len(raw) or \
                content_hash(memoryview(raw)[:size]) != snapshot.header.get("sha256"):
            return None, None
        return None, Prefix(snapshot.catalog(label), dict(shape), snapshot.rows_bytes())
    except _BROKEN:
        return None, None


def restamp(state_dir: StrPath, slot: str, stat: list[int] | None,
            snapshot: Snapshot | None) -> None:
    """Keep ``stat`` with ``snapshot``, the one in ``slot`` (its file was read and found the
    same)."""
    if snapshot is not None and stat is not None and snapshot.header.get("stat") != stat:
        _write(_path(state_dir, slot), {**snapshot.header, "stat": stat},
               [memoryview(snapshot.raw)[snapshot.body:]])


def store_cached(state_dir: StrPath, digest: str, catalog: Catalog, slot: str = "catalog",
                 shape: dict[str, Any] | None = None, stat: list[int] | None = None,
                 prefix: Prefix | None = None) -> None:
    """Write atomically; a cache that cannot be written is simply not used. ``stat``: the
    file's :func:`stamp_of`, taken before it was read. ``prefix``: the snapshot ``catalog``
    extends (its readings come first, unchanged): their lines are written as they were read."""
    kept = 0
    rows: bytes | memoryview = b""
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
           [head, rows, b"\n" if rows and more else b"", more])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write(target: str, header: dict[str, Any], rest: list[bytes | memoryview]) -> None:
    # os.open, not tempfile (whose import costs more than writing a big bib's snapshot)
    folder = os.path.dirname(target)
    tmp = os.path.join(folder, f".catalog-{os.getpid()}-{os.urandom(4).hex()}.tmp")
    try:
        os.makedirs(folder, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        with os.fdopen(fd, "wb") as out:
            out.write((_dumps(header) + "\n").encode("utf-8"))
            for chunk in rest:  # in turn: joined, they were another copy of the megabytes
                out.write(chunk)
        os.replace(tmp, target)
    except OSError:
        import contextlib  # on failure only: the warm list does not load it

        with contextlib.suppress(OSError):
            os.unlink(tmp)
