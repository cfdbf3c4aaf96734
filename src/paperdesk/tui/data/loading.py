"""Loading what the desk shows, in two halves: what the first paint needs (the catalog and the
cheap marks, read with sqlite3), and the rest (abstracts, the search index, the deadline
standing), which a worker loads right after.

Nothing here imports SQLAlchemy, requests, arxiv or typst: the full store and the network belong
to workers, later.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.core.reading import Reading
from paperdesk.services import papers
from paperdesk.services.catalog import cached_abstracts, cached_refs
from paperdesk.services.context import Context
from paperdesk.services.statuses import light_reading_states
from paperdesk.tui.data.desk_model import DeskModel

if TYPE_CHECKING:
    from paperdesk.core.deadlines import Standing
    from paperdesk.core.feedback import ReviewFeedback


def reading_states(ctx: Context) -> dict[str, str]:
    """Reading states on the fast path; with another database (PAPERDESK_DB), in the worker."""
    return light_reading_states(ctx)


def metadata_marks(ctx: Context, readings: list[Reading]) -> set[str]:
    """Keys of the readings whose paper's record (from any source) is cached."""
    cached = cached_refs(ctx)
    if not cached:  # nothing fetched yet: no need to load the sources to name the papers
        return set()
    return {r.key for r in readings if papers.paper_ref(r) in cached}


def abstracts(ctx: Context, readings: list[Reading]) -> dict[str, str]:
    """Key -> the cached abstract of the reading's paper."""
    return cached_abstracts(ctx, readings)


def pdf_files(ctx: Context, readings: list[Reading]) -> set[str]:
    """Keys whose PDF is downloaded (one listing of the PDF folder, no per-file stat)."""
    folder = ctx.workspace.pdf_dir
    try:
        names = {p.name for p in folder.iterdir() if p.name.endswith(".pdf")}
    except OSError:
        return set()
    if not names:
        return set()
    return {r.key for r in readings if papers.pdf_path(ctx, r).name in names}


def pdf_path(ctx: Context, reading: Reading) -> Path | None:
    """Where the reading's PDF is, or None when it is not downloaded."""
    path = papers.pdf_path(ctx, reading)
    return path if path.is_file() else None


def first_paint_statuses(ctx: Context) -> dict[str, str]:
    """Reading states (sqlite3) with the reviews' draft/final over them (their front matter):
    right from the first paint, so a student's statuses never flicker from 'unread'."""
    from paperdesk.services.statuses import review_states

    states = reading_states(ctx)
    states.update(review_states(ctx))
    return states


def first_paint_model(ctx: Context) -> DeskModel:
    """The catalog with statuses and cached marks: what the desk draws first."""
    readings = list(ctx.catalog.readings)
    return DeskModel(
        readings=readings,
        statuses=first_paint_statuses(ctx),
        with_metadata=metadata_marks(ctx, readings),
        with_pdf=pdf_files(ctx, readings),
        feedback=feedback_marks(ctx),
    )


def feedback_marks(ctx: Context) -> dict[str, str]:
    """Reviews with imported feedback: their points, as the reading list shows them."""
    from paperdesk.services.feedback import by_key

    return {k: f"{f.points}/{f.max_points} pts" for k, f in by_key(ctx).items() if f.marked}


def feedback_of(ctx: Context, key: str) -> ReviewFeedback | None:
    from paperdesk.services.feedback import by_key

    return by_key(ctx).get(key)


@dataclass
class DeskExtras:
    statuses: dict[str, str]
    with_metadata: set[str]
    with_pdf: set[str]
    abstracts: dict[str, str]
    index: list[str]
    standing: Standing | None


def statuses(ctx: Context) -> dict[str, str]:
    """The status column: the review's status (draft, final) wins over the reading's own."""
    from paperdesk.services.statuses import combined

    return combined(ctx)


def standing(ctx: Context) -> Standing | None:
    from paperdesk.services.reviews import current_standing

    return current_standing(ctx)


def load_extras(ctx: Context, readings: list[Reading]) -> DeskExtras:
    """Everything after the first paint; runs in a thread worker."""
    texts = abstracts(ctx, readings)
    model = DeskModel(readings=readings, abstracts=texts)
    return DeskExtras(
        statuses=statuses(ctx),
        with_metadata=metadata_marks(ctx, readings),
        with_pdf=pdf_files(ctx, readings),
        abstracts=texts,
        index=model.build_index(),
        standing=standing(ctx),
    )
