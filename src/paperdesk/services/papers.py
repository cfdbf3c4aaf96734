"""What is known offline of a reading's paper: its cached record and where its PDF is or would be.

Read-only, and light on purpose: ``paperdesk show`` and the desk's detail pane need these and
nothing of fetching (:mod:`paperdesk.services.fetch`, which uses them too, loads its reports,
threads and the sources' clients).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from paperdesk.services.catalog import reading_by_key

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Protocol

    from paperdesk.core.paper import Paper
    from paperdesk.core.reading import Reading
    from paperdesk.services.context import Context

    class PaperStore(Protocol):
        def papers(self, refs: Iterable[tuple[str, str]] | None = None,
                   ) -> dict[tuple[str, str], Paper]: ...


def select_readings(ctx: Context, keys: Iterable[str] | None) -> list[Reading]:
    """The readings named (in the order given), or all of them; unknown keys are an error."""
    catalog = ctx.catalog
    if keys is None:
        return list(catalog.readings)
    return [reading_by_key(catalog, key) for key in dict.fromkeys(keys)]


def get_reading(ctx: Context, key: str) -> Reading:
    return select_readings(ctx, [key])[0]


def paper_ref(reading: Reading) -> tuple[str, str] | None:
    """(source, id) of the reading's paper (arXiv before Crossref), None when it names none."""
    from paperdesk.adapters.sources import ref_of

    return ref_of(reading)


def records(ctx: Context) -> PaperStore:
    """Where cached records are read: sqlite3 on the workspace's file when it is at this
    schema version (or not made yet), else the full store."""
    return ctx.light or ctx.store


def record_for(ctx: Context, reading: Reading) -> Paper | None:
    """The cached metadata of a reading (None when it names no paper, or before a fetch)."""
    ref = paper_ref(reading)
    if ref is None:
        return None
    return records(ctx).papers([ref]).get(ref)  # one row: sqlite3 where it can


_UNSAFE = re.compile(r"[^\w.+-]")


def pdf_path(ctx: Context, reading: Reading) -> Path:
    """Where the reading's PDF is, or would be once downloaded."""
    return ctx.workspace.pdf_dir / f"{_UNSAFE.sub('_', reading.key)}.pdf"


def web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def pdf_like(url: str) -> bool:
    return web_url(url) and urlsplit(url).path.lower().endswith(".pdf")


def has_pdf_source(reading: Reading) -> bool:
    """Whether ``fetch_pdfs`` of all readings would try to download this one's PDF."""
    return reading.arxiv is not None or pdf_like(reading.url)
