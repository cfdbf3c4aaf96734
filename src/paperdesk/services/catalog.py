"""Loading the workspace's catalog, through the content-hash cache."""

from __future__ import annotations

import os

from paperdesk.adapters import catalog_cache
from paperdesk.adapters.workspace import BIB_NAME, Workspace
from paperdesk.core.reading import MY_READINGS, Catalog, Problem, Reading
from paperdesk.core.values import FrozenValue
from paperdesk.services.context import Context

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from pathlib import Path

    from paperdesk.adapters.memo import StrPath

MY_BIB_NAME = "my-readings.bib"


def load_catalog(path: StrPath, state_dir: StrPath | None = None, label: str | None = None,
                 slot: str = "catalog") -> Catalog:
    """Parse ``path`` (or take the cached parse when the file's bytes have not changed)."""
    name = label or os.fspath(path)
    if state_dir is not None:  # the file's stat is the one kept with its snapshot: no read
        snapshot = catalog_cache.read_snapshot(state_dir, slot)  # read once for all below
        unchanged = catalog_cache.load_unchanged(snapshot, path, name)
        if unchanged is not None:
            return unchanged
        stat = catalog_cache.stamp_of(path)  # before reading: a change after it is seen next time
    from paperdesk.adapters import bibbytes  # (and its errors) not while the snapshot serves

    raw = bibbytes.read_bytes_checked(path)
    digest = catalog_cache.content_hash(raw)
    if state_dir is not None:
        cached, prefix = catalog_cache.lookup(snapshot, raw, digest, name)
        if cached is not None:
            catalog_cache.restamp(state_dir, slot, stat, snapshot)  # the same bytes (a touch)
            return cached
    # the parser (bibtexparser, logging, the LaTeX decoder) only when the snapshot cannot serve
    from paperdesk.adapters.bibfile import (
        BibShape,
        parse_appended,
        parse_bib_bytes,
        parse_bib_bytes_shaped,
    )

    if state_dir is None:
        return parse_bib_bytes(raw, name)
    # An append (``add``, or an editor adding an entry at the end): parse only the new tail.
    appended = None
    if prefix is not None:
        try:
            appended = parse_appended(prefix.catalog, BibShape.from_json(prefix.shape), raw, name)
        except (ValueError, KeyError, TypeError):
            appended = None
    catalog, shape = appended or parse_bib_bytes_shaped(raw, name)
    catalog_cache.store_cached(state_dir, digest, catalog, slot, shape.to_json(), stat,
                               prefix if appended else None)
    return catalog


class MyBib(FrozenValue):
    """The student's own reading list: ``my-readings.bib`` beside the course's, which ``add``
    writes; or a file the student already keeps (a Zotero / Better BibTeX auto-export), named by
    ``PAPERDESK_MY_BIB`` or ``[library] bib`` in the user config, which paperdesk only reads."""

    __slots__ = ("file", "origin", "writable")
    file: str  # its path as text (os.fspath of what it was made with): list reads it so
    origin: str  # where it was named: "my-readings.bib", "PAPERDESK_MY_BIB", "[library] bib"
    writable: bool

    def __init__(self, path: StrPath, origin: str, writable: bool) -> None:
        object.__setattr__(self, "file", os.fspath(path))
        object.__setattr__(self, "origin", origin)
        object.__setattr__(self, "writable", writable)

    @property
    def path(self) -> Path:
        from pathlib import Path

        return Path(self.file)

    @property
    def name(self) -> str:
        return os.path.basename(self.file) if self.writable else self.file


def my_bib(ws: Workspace, environ: Mapping[str, str]) -> MyBib:
    """Where the student's own readings are (see :class:`MyBib`)."""
    named = environ.get("PAPERDESK_MY_BIB", "").strip()
    if named:
        from pathlib import Path  # a file the student named: spelled as pathlib spells it

        return MyBib(Path(named).expanduser(), "PAPERDESK_MY_BIB", False)
    from paperdesk.services.settings import settings

    found = settings(ws, environ)  # the memo of [library] bib in the user's config
    if found["library"]:
        return MyBib(found["library"], f"[library] bib in {found['config']}", False)
    return MyBib(ws.join(MY_BIB_NAME), MY_BIB_NAME, True)


def workspace_catalog(ws: Workspace, mine: MyBib | None = None) -> Catalog:
    """The course's readings, then the student's own (``mine``, under "My readings"); problems
    are named relative to the workspace. A key in both files is the course's."""
    # paths as text (os.path): a warm list imports no pathlib
    state_dir = ws.state_folder_made()  # None: a read-only course folder, read without a cache
    course = load_catalog(ws.join(BIB_NAME), state_dir, label=BIB_NAME)
    if mine is None:
        return course
    if not os.path.isfile(mine.file):
        if mine.writable:  # my-readings.bib: made by the first add
            return course
        problem = Problem(mine.file, 0, f"not found (named by {mine.origin}); only the "
                          "course's readings are shown", "warning")
        return Catalog(course.readings, (*course.problems, problem), course.source)
    from paperdesk.core.errors import PaperdeskError  # not for a list without one's own bib

    try:
        own = load_catalog(mine.file, state_dir, label=mine.name, slot="my-catalog")
    except PaperdeskError as exc:  # the course list still shows
        problem = Problem(mine.file, exc.line or 0, exc.message, "warning")
        return Catalog(course.readings, (*course.problems, problem), course.source)
    return merge_own(course, own)


def merge_own(course: Catalog, own: Catalog) -> Catalog:
    """The course's catalog with the student's own readings after it, under "My readings"."""
    taken = {k.lower() for k in course.by_key}
    readings = list(course.readings)
    problems = [*course.problems, *own.problems]
    for r in own.readings:
        if r.key.lower() in taken:
            problems.append(Problem(own.source, r.line, f"{r.key}: also a key in "
                                    f"{course.source}: the course's entry is used, this one "
                                    "is skipped"))
            continue
        taken.add(r.key.lower())
        readings.append(r.replace(topic=MY_READINGS, personal=True))
    return Catalog(tuple(readings), tuple(problems), course.source)


def reading_by_key(catalog: Catalog, key: str) -> Reading:
    """The reading ``key``, or an UnknownReadingError that names the keys meant most likely."""
    reading = catalog.get(key)
    if reading is not None:
        return reading
    near = similar_keys(key, list(catalog.by_key))
    hint = f" (did you mean {', '.join(near)}?)" if near else " (paperdesk list shows the keys)"
    from paperdesk.core.errors import UnknownReadingError

    raise UnknownReadingError(f"no reading {key!r} in {catalog.source}{hint}")


def similar_keys(key: str, keys: list[str], most: int = 3) -> list[str]:
    """Keys that start with or contain ``key`` (``vaswani``), then near spellings of it."""
    import difflib

    needle = key.lower()
    starts = [k for k in keys if k.lower().startswith(needle)] if needle else []
    inside = [k for k in keys if needle in k.lower()] if len(needle) >= 3 else []
    near = difflib.get_close_matches(key, keys, n=most, cutoff=0.6)
    return list(dict.fromkeys(near + starts + inside))[:most]


# -- what the cache knows, on the fast path where it can ----------------------------------------
def _light(ctx: Context) -> bool:
    from paperdesk.adapters import store_light  # sqlite3: not for list's snapshot

    ws = ctx.workspace
    return store_light.usable(ws.db_url(ctx.environ), ws.db_path, ctx.environ)


def cached_refs(ctx: Context) -> set[tuple[str, str]]:
    """(source, id) of every cached paper record (sqlite3 on the workspace's own database)."""
    from paperdesk.adapters import store_light

    if _light(ctx):
        return store_light.cached_refs(ctx.workspace.db_path)
    return set(ctx.store.papers())


def cached_abstracts(ctx: Context, readings: Iterable[Reading]) -> dict[str, str]:
    """Key -> the cached abstract of each reading's paper (from whichever source it came)."""
    from paperdesk.adapters import store_light
    from paperdesk.adapters.sources import ref_of

    if _light(ctx):
        texts = store_light.abstracts(ctx.workspace.db_path)
    else:
        texts = {ref: paper.abstract for ref, paper in ctx.store.papers().items()}
    out = {}
    for reading in readings:
        ref = ref_of(reading)
        if ref is not None and texts.get(ref):
            out[reading.key] = texts[ref]
    return out


def search_readings(ctx: Context, readings: list[Reading], query: str) -> list[Reading]:
    """The desk's filter, for ``paperdesk list --search``: titles, authors, keys, topics and the
    cached abstracts, ignoring case and accents (:mod:`paperdesk.core.search`)."""
    from paperdesk.core.search import search

    if not query.split():
        return readings
    return search(readings, query, cached_abstracts(ctx, readings))
