"""Measuring collected reviews in worker processes: typeset page counts and handed-in PDF pages.

Typesetting is CPU-bound and the typst compiler holds the GIL, so reviews are spread over worker
processes. Each worker is given the course and catalog once (the pool's initializer) and keeps
its warm compiler (the typeset adapter's) for all the reviews it is sent, in chunks.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from paperdesk.core.course import Course
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.readable import oversize
from paperdesk.core.reading import Catalog
from paperdesk.core.review import Review


@dataclass(frozen=True)
class Task:
    file: str  # the review source's shown name: the key of the result
    review: Review | None  # typeset this one (None: only count the PDF's pages)
    pdf: str  # a handed-in PDF to count the pages of, "" when none
    sha256: str = ""  # of the source: the typesetting cache's key
    pdf_sha256: str = ""


@dataclass(frozen=True)
class Measure:
    pages: int | None = None
    typeset_error: str = ""
    pdf_pages: int | None = None
    pdf_error: str = ""
    oversize: int = 0  # the body's size in bytes when it was too big to typeset


_state: dict[str, object] = {}


def _init(course: Course, catalog: Catalog) -> None:
    _state["course"] = course
    _state["catalog"] = catalog


def measure(task: Task) -> tuple[str, Measure]:
    """One task, in a worker (or in-process): never raises for a bad review or PDF."""
    from paperdesk.adapters.pdfinfo import PdfUnreadable, count_pages
    from paperdesk.adapters.typeset import typeset_review
    from paperdesk.services.identity import Identity

    course = _state["course"]
    catalog = _state["catalog"]
    assert isinstance(course, Course) and isinstance(catalog, Catalog)
    pages: int | None = None
    typeset_error = ""
    # Far too big to typeset is over length by any count: the rule submit and status apply.
    too_big = oversize(task.review.body) if task.review is not None else 0
    if task.review is not None and not too_big:
        reading = catalog.get(task.review.reading)
        if reading is not None:
            identity = Identity(task.review.student, task.review.email)
            try:
                pages = typeset_review(task.review, reading, course, catalog, identity).pages
            except PaperdeskError as exc:
                typeset_error = f"could not be typeset: {exc.message}"
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException as exc:  # a typst panic is a BaseException
                # One review that breaks the typesetter must not stop the other students.
                typeset_error = f"could not be typeset: {type(exc).__name__}: {exc}"[:300]
    pdf_pages: int | None = None
    pdf_error = ""
    if task.pdf:
        try:
            pdf_pages = count_pages(Path(task.pdf))
        except PdfUnreadable as exc:
            pdf_error = str(exc)
    return task.file, Measure(pages, typeset_error, pdf_pages, pdf_error, too_big)


def measure_all(tasks: Sequence[Task], course: Course, catalog: Catalog, jobs: int,
                progress: Callable[[int, int, str], None] | None = None) -> dict[str, Measure]:
    """Every task measured, by ``jobs`` processes (1: in this process)."""
    total = len(tasks)
    out: dict[str, Measure] = {}

    def record(name: str, m: Measure) -> None:
        out[name] = m
        if progress:
            progress(len(out), total, name)

    if jobs > 1:
        # spawn, not fork: the TUI calls this from a thread, and forking a threaded process can
        # leave a worker holding a lock forever.
        context = multiprocessing.get_context("spawn")
        chunk = max(1, min(64, total // (jobs * 8)))
        try:
            with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init,
                                     initargs=(course, catalog)) as pool:
                for name, m in pool.map(measure, tasks, chunksize=chunk):
                    record(name, m)
        except BrokenProcessPool:
            # Workers that could not start or were killed (out of memory, a program run from
            # stdin that spawn cannot re-import): what is left is measured here instead.
            pass
    _init(course, catalog)
    for task in tasks:
        if task.file not in out:
            record(*measure(task))
    return out
