"""Measuring collected reviews in worker processes: typeset page counts and handed-in PDF pages.

Typesetting is CPU-bound and the typst compiler holds the GIL, so reviews are spread over worker
processes. Each worker is given the course and catalog once (the pool's initializer) and keeps
its warm compiler (the typeset adapter's) for all the reviews it is sent. The reviews go in
batches of :data:`BATCH`, each batch set as one typst document (``typeset.page_counts``: less than
half the typst work of one compile a review); a batch typst refuses is set again one review at
a time, so the review at fault gets its own error and the others their pages.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


BATCH = 20  # reviews a typst document: one student's, in a class of 20 reviews each
IN_PROCESS_BELOW = 200  # fewer reviews than this are set here: starting workers costs more

_state: dict[str, object] = {}


def _init(course: Course, catalog: Catalog) -> None:
    _state["course"] = course
    _state["catalog"] = catalog


def _context() -> tuple[Course, Catalog]:
    course = _state["course"]
    catalog = _state["catalog"]
    assert isinstance(course, Course) and isinstance(catalog, Catalog)
    return course, catalog


def _too_big(task: Task) -> int:
    # Far too big to typeset is over length by any count: the rule submit and status apply.
    return oversize(task.review.body) if task.review is not None else 0


def measure(task: Task) -> tuple[str, Measure]:
    """One task, alone, in a worker (or in-process): never raises for a bad review or PDF."""
    from paperdesk.adapters.typeset import typeset_review
    from paperdesk.services.identity import Identity

    course, catalog = _context()
    pages: int | None = None
    typeset_error = ""
    too_big = _too_big(task)
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
    pdf_pages, pdf_error = _pdf_pages(task)
    return task.file, Measure(pages, typeset_error, pdf_pages, pdf_error, too_big)


def measure_batch(tasks: Sequence[Task]) -> list[tuple[str, Measure]]:
    """Tasks measured together: their reviews set as one typst document. Never raises for a bad
    review or PDF: a batch typst refuses is measured again task by task (:func:`measure`)."""
    from paperdesk.adapters.typeset import page_counts
    from paperdesk.services.identity import Identity

    course, catalog = _context()
    todo = []
    for task in tasks:
        reading = catalog.get(task.review.reading) if task.review is not None else None
        if task.review is not None and reading is not None and not _too_big(task):
            todo.append((task, reading))
    if len(todo) < 2:
        return [measure(task) for task in tasks]
    try:
        counts = page_counts([(t.review, reading, Identity(t.review.student, t.review.email))
                              for t, reading in todo if t.review is not None], course, catalog)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # one review typst refuses (or a panic): each alone says which
        return [measure(task) for task in tasks]
    pages = {t.file: n for (t, _), n in zip(todo, counts, strict=True)}
    out = []
    for task in tasks:
        pdf_pages, pdf_error = _pdf_pages(task)
        out.append((task.file, Measure(pages.get(task.file), "", pdf_pages, pdf_error,
                                       _too_big(task))))
    return out


def _pdf_pages(task: Task) -> tuple[int | None, str]:
    from paperdesk.adapters.pdfinfo import PdfUnreadable, count_pages

    if not task.pdf:
        return None, ""
    try:
        return count_pages(Path(task.pdf)), ""
    except PdfUnreadable as exc:
        return None, str(exc)


def measure_all(tasks: Sequence[Task], course: Course, catalog: Catalog, jobs: int,
                progress: Callable[[int, int, str], None] | None = None) -> dict[str, Measure]:
    """Every task measured, by ``jobs`` processes (1: in this process)."""
    total = len(tasks)
    out: dict[str, Measure] = {}

    def record(name: str, m: Measure) -> None:
        out[name] = m
        if progress:
            progress(len(out), total, name)

    batches = [tasks[i:i + BATCH] for i in range(0, total, BATCH)]
    if jobs > 1 and len(batches) > 1:
        import multiprocessing  # here: a collect with nothing to typeset needs no pool
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        # spawn, not fork: the TUI calls this from a thread, and forking a threaded process can
        # leave a worker holding a lock forever.
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init,
                                     initargs=(course, catalog)) as pool:
                for measured in pool.map(measure_batch, batches):
                    for name, m in measured:
                        record(name, m)
        except BrokenProcessPool:
            # Workers that could not start or were killed (out of memory, a program run from
            # stdin that spawn cannot re-import): what is left is measured here instead.
            pass
    _init(course, catalog)
    for batch in batches:
        left = [task for task in batch if task.file not in out]
        if left:
            for name, m in measure_batch(left):
                record(name, m)
    return out
