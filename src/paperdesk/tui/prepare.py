"""The desk's first paint reads the catalog snapshot and the memos (course, settings, reading and
review states) in ``.paperdesk/cache/``. When they are missing or stale (the first start, an
edited readings.bib or course.toml, a new review), making them costs a tenth of a second or
more (the BibTeX parser, TOML, YAML): a child process makes them while this one imports Textual
(0.3 s), on another core, and the desk then starts as from warm memos.

No Textual here: this runs before it is imported."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from contextlib import suppress

from paperdesk.services.context import Context

WAIT_SECONDS = 10.0  # a child still at work by then is ended; the desk does the work itself


def prepare_in_background(ctx: Context) -> Callable[[], None]:
    """Start making what the first paint reads; the returned function waits until it is made.

    Only where fork is (POSIX), in a process of one thread (a child forked beside other
    threads may find a lock held for ever, the import lock among them: ``paperdesk`` starts so,
    a test runner need not), and when the database is the workspace's own SQLite file (with
    ``PAPERDESK_DB`` the reading states come from the server, in the desk's worker: nothing to
    make ahead). Whatever fails in the child is done, or reported, by the desk as before."""
    if (not hasattr(os, "fork") or threading.active_count() > 1
            or ctx.environ.get("PAPERDESK_DB")):
        return _nothing
    try:
        pid = os.fork()
    except OSError:
        return _nothing
    if pid == 0:  # pragma: no cover -- the child (coverage does not follow a fork)
        _make_first_paint_memos(ctx)
    return lambda: _wait(pid)


def _make_first_paint_memos(ctx: Context) -> None:
    """In the child: load the first paint's model and the course (which write the memos),
    silently (the parent's terminal is about to be the desk's), and leave at once (no atexit,
    no flushing of the parent's buffers)."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        from paperdesk.tui.data.loading import first_paint_model

        first_paint_model(ctx)  # makes .paperdesk/, where the course's memo is kept
        ctx.course  # noqa: B018 -- the app reads it first
        code = 0
    finally:
        os._exit(code)


def _wait(pid: int) -> None:
    """Until the child is done (at once, as a rule: Textual took longer to import)."""
    deadline = time.monotonic() + WAIT_SECONDS
    with suppress(ChildProcessError):
        while os.waitpid(pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(pid, 9)  # SIGKILL (the signal module is not loaded for this)
                os.waitpid(pid, 0)
                return
            time.sleep(0.001)


def _nothing() -> None:
    pass
