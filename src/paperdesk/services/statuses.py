"""The status column: a reading's own status (unread, reading, read) or its review's (draft, final).

Read on the fast path: sqlite3 for the reading states, the review files' front matter for the rest,
each kept in a memo (:mod:`paperdesk.adapters.memo`) until its files change.
"""

from __future__ import annotations

import os

from paperdesk.adapters import memo
from paperdesk.adapters.workspace import DB_NAME, REVIEWS_DIR, STATE_DIR, review_names
from paperdesk.core.owner import Owner  # not core.status: its enums are not for list
from paperdesk.services.context import Context

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from pathlib import Path  # paths as text here (os.path): a warm list imports no pathlib


def owner(ctx: Context) -> Owner:
    """Whose reading states these are: this course, this student (email, else name).

    A course.toml or user config that cannot be read leaves that part empty rather than hiding
    the list: the command that needs them (status, review) reports the problem. Read through
    the settings memo (:mod:`paperdesk.services.settings`): no TOML on the fast path."""
    from paperdesk.services.settings import settings

    found = settings(ctx.workspace, ctx.environ)
    return Owner(found["course"], found["student"])


def light_reading_states(ctx: Context) -> dict[str, str]:
    """The reading states if sqlite3 can read them now (the workspace's own database); else {}
    (another database: the full store, in a worker, later)."""
    states = _sqlite_states(ctx)
    return {} if states is None else states


def reading_states(ctx: Context) -> dict[str, str]:
    states = _sqlite_states(ctx)
    return ctx.store.reading_statuses(owner(ctx)) if states is None else states


def _sqlite_states(ctx: Context) -> dict[str, str] | None:
    """The owner's states read from the workspace's own SQLite file; None for another database.

    Kept in a memo (``.paperdesk/cache/reading-states.json``) with the stat of the database
    and its ``-wal`` (where a commit lands first in WAL mode; the file itself in other
    journal modes): while neither changes, ``list`` imports no sqlite3 (and its datetime).
    ``PAPERDESK_DB`` is in the key, so a memo made from the file never answers for another
    database."""
    ws = ctx.workspace
    who = owner(ctx)
    db = ws.join(STATE_DIR, DB_NAME)
    key = [_READING_STATES_VERSION, ctx.environ.get("PAPERDESK_DB", ""), db, who.course,
           who.student]
    state = ws.join(STATE_DIR)
    kept = memo.recall(state, "reading-states", key) if os.path.isdir(state) else None
    if isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values()):
        return kept
    from paperdesk.adapters import store_light

    if not store_light.usable(ws.db_url(ctx.environ), ws.db_path, ctx.environ):
        return None
    found = store_light.reading_statuses(ws.db_path, who)
    if os.path.isdir(state):
        wal = f"{db}-wal"  # its ctime moves at every open when SQLite runs as root
        memo.remember(state, "reading-states", key, found, [db, wal], written=[wal])
    return found


_READING_STATES_VERSION = 1  # of what the memo keeps (bump when the query's answer changes)


def review_states(ctx: Context) -> dict[str, str]:
    """Key -> 'draft' or 'final' for each review file.

    Kept in a memo (:mod:`paperdesk.adapters.memo`, ``.paperdesk/cache/review-states.json``)
    until a review file or the folder's listing changes: the desk's first paint and ``list``
    read no review and import no YAML while the reviews stay as they were."""
    folder = ctx.workspace.join(REVIEWS_DIR)
    names = review_names(folder)
    if not names:
        return {}  # no review yet: no YAML, deadlines or identity to import
    state = ctx.workspace.join(STATE_DIR)
    key = [_REVIEW_STATES_VERSION, folder]
    kept = memo.recall(state, "review-states", key) if os.path.isdir(state) else None
    if isinstance(kept, dict) and all(isinstance(v, str) for v in kept.values()):
        return kept
    from paperdesk.services.reviews import review_statuses  # deferred: YAML only when needed

    found = review_statuses(ctx)
    if os.path.isdir(state):  # the folder's stamp changes when a review is added or removed
        memo.remember(state, "review-states", key, found,
                      [folder, *(os.path.join(folder, name) for name in names)])
    return found


_REVIEW_STATES_VERSION = 1  # of what the memo keeps (bump when the rule of a status changes)


def review_file(ctx: Context, key: str) -> Path:
    """Where the review of ``key`` is or would be: services.reviews.review_path's answer without
    the review rules that module loads (the desk's detail pane asks it for its first paint);
    ReviewError for a key unsafe as a file name."""
    from paperdesk.adapters.reviewfiles import review_file as file_in

    return file_in(ctx.workspace.reviews_dir, key)


def combined(ctx: Context) -> dict[str, str]:
    """The status to show per key: a review's status wins over the reading's own."""
    states = reading_states(ctx)
    states.update(review_states(ctx))
    return states


def set_reading_status(ctx: Context, key: str, status: str) -> None:
    """Record how far the student is with a reading of this course: unread, reading or read."""
    from paperdesk.core.errors import PaperdeskError
    from paperdesk.core.status import ReadingStatus
    from paperdesk.services.catalog import reading_by_key

    try:
        parsed = ReadingStatus.parse(status)
    except ValueError as exc:
        raise PaperdeskError(str(exc)) from exc
    reading_by_key(ctx.catalog, key)
    who = owner(ctx)
    light = ctx.light  # one row: sqlite3 where the database is there (else SQLModel makes it)
    if light is None or not light.writable or not light.set_reading_status(who, key, parsed):
        ctx.store.set_reading_status(who, key, parsed)  # also the one to say what went wrong
