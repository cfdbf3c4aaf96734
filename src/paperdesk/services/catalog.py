"""Loading the workspace's catalog, through the content-hash cache."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from paperdesk.adapters import catalog_cache, store_light
from paperdesk.adapters.bibfile import parse_bib_bytes, read_bytes_checked
from paperdesk.adapters.workspace import Workspace
from paperdesk.core.errors import UnknownReadingError, WorkspaceError
from paperdesk.core.reading import Catalog, Reading
from paperdesk.services.context import Context


def load_catalog(path: Path, state_dir: Path | None = None, label: str | None = None) -> Catalog:
    """Parse ``path`` (or take the cached parse when the file's bytes have not changed)."""
    name = label or str(path)
    raw = read_bytes_checked(path)
    digest = catalog_cache.content_hash(raw)
    if state_dir is not None:
        cached = catalog_cache.load_cached(state_dir, digest, name)
        if cached is not None:
            return cached
    catalog = parse_bib_bytes(raw, name)
    if state_dir is not None:
        catalog_cache.store_cached(state_dir, digest, catalog)
    return catalog


def workspace_catalog(ws: Workspace) -> Catalog:
    """The workspace's readings; problems are named relative to the workspace."""
    try:
        state_dir: Path | None = ws.ensure_state_dir()
    except WorkspaceError:  # a read-only course folder: read the list, just without the cache
        state_dir = None
    return load_catalog(ws.bib, state_dir, label=ws.bib.name)


def reading_by_key(catalog: Catalog, key: str) -> Reading:
    """The reading ``key``, or an UnknownReadingError that names the keys meant most likely."""
    reading = catalog.get(key)
    if reading is not None:
        return reading
    near = similar_keys(key, list(catalog.by_key))
    hint = f" (did you mean {', '.join(near)}?)" if near else " (paperdesk list shows the keys)"
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
    ws = ctx.workspace
    return store_light.usable(ws.db_url(ctx.environ), ws.db_path, ctx.environ)


def cached_refs(ctx: Context) -> set[tuple[str, str]]:
    """(source, id) of every cached paper record (sqlite3 on the workspace's own database)."""
    if _light(ctx):
        return store_light.cached_refs(ctx.workspace.db_path)
    return set(ctx.store.papers())


def cached_abstracts(ctx: Context, readings: Iterable[Reading]) -> dict[str, str]:
    """Key -> the cached abstract of each reading's paper (from whichever source it came)."""
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
