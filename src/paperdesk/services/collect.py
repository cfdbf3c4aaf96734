"""Collecting students' reviews into a gradebook (``paperdesk collect``, and the TUI's screen).

The folders and zips are found and read by :mod:`paperdesk.adapters.studentfiles` (zips extracted
into a temporary folder removed at the end), each review is parsed and matched to the
instructor's ``readings.bib``, every final review is typeset from its Markdown with the course
template (so a hand-edited PDF cannot hide its length) in worker processes, and
:mod:`paperdesk.core.gradebook` decides what counts under ``course.toml``.
"""

from __future__ import annotations

import gc
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from paperdesk.adapters import hash_cache
from paperdesk.adapters.gradebook_rows import KnownSource
from paperdesk.adapters.studentfiles import Discovery, SourceFile, StudentItem
from paperdesk.core.course import Course
from paperdesk.core.errors import CollectError, ReviewError, failure_text
from paperdesk.core.gradebook import (
    BAD_FRONT_MATTER,
    MANIFEST,
    MERGED,
    MISSING_FRONT_MATTER,
    UNREADABLE,
    CollectedReview,
    Gradebook,
    Problem,
    StudentWork,
    grade,
)
from paperdesk.core.latex import fold
from paperdesk.core.readable import oversize
from paperdesk.core.review import Review
from paperdesk.core.review_format import parse_review
from paperdesk.services import collect_handin
from paperdesk.services.collect_typeset import IN_PROCESS_BELOW, Measure, Task, measure_all
from paperdesk.services.context import Context

Progress = Callable[[int, int, str], None]
"""``progress(done, total, message)``: called as reviews are typeset."""

DEFAULT_JOBS = 2
_NOTHING = Measure()


@dataclass(frozen=True)
class _Entry:
    source: SourceFile
    review: Review | None
    error: str = ""
    error_kind: str = ""
    error_line: int = 0
    stored: bool = False  # the review's front matter was read from the store (body left out)


@dataclass
class _Student:
    """One student while items are merged: identity, where from, what was found."""

    name: str
    email: str
    labels: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    pdf_paths: dict[str, Path] = field(default_factory=dict)  # entry file -> handed-in PDF
    pdf_sha: dict[str, str] = field(default_factory=dict)  # entry file -> its PDF's SHA-256
    claimed_pages: dict[str, tuple[str, int]] = field(default_factory=dict)  # by a manifest
    tampered: set[str] = field(default_factory=set)  # entry files of a hand-in that disagrees


def collect(paths: Sequence[str | os.PathLike[str]], ctx: Context, *, jobs: int | None = None,
            progress: Progress | None = None, store: bool = True) -> Gradebook:
    """The gradebook of the students' folders and zips at ``paths``.

    Raises CollectError only when there is nothing to collect; anything wrong with one student's
    files is a problem in that student's row, and the others are still graded. With ``store``
    (the default) what was found is recorded in the course's stored gradebook, a file typeset
    before (by its SHA-256) is not typeset again, and the result is the whole stored gradebook
    (these students and those collected before), matched to the roster.
    """
    if not paths:
        raise CollectError("no folder or zip to collect (give one or more paths)")
    missing = [str(p) for p in paths if not os.path.lexists(p)]
    if missing:  # a typo on the command line, not a broken student: stop before any work
        raise CollectError(f"no such file or folder: {', '.join(missing)}")
    with _few_gc_pauses():
        return _collect(paths, ctx, jobs, progress, store)


@contextmanager
def _few_gc_pauses() -> Iterator[None]:
    """The cycle collector off while a collect runs: it builds ~100,000 objects that all live
    to the end, and each full collection walks them all again (15% of a collect over 4,000
    unchanged reviews). What it leaves is collected when it is back on."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _collect(paths: Sequence[str | os.PathLike[str]], ctx: Context, jobs: int | None,
             progress: Progress | None, store: bool) -> Gradebook:
    course, catalog = ctx.course, ctx.course_catalog  # never a my-readings.bib
    with tempfile.TemporaryDirectory(prefix="paperdesk-collect-") as scratch:
        # With the store, a review file unchanged since a collect read it is not read again:
        # its text and front matter are those stored for its SHA-256.
        discovery = Discovery(Path(scratch), hash_cache.load(ctx.workspace.state_dir),
                              defer_sources=store)
        items = discovery.items([Path(p) for p in paths])
        stored = _known_sources(ctx, items) if store else {}
        discovery.fill_sources(items, {sha: k.text for sha, k in stored.items()})
        _keep_hashes(ctx, discovery)
        known = {sha: k.review for sha, k in stored.items()}
        students = _merge(_identify_guarded(item, course, known) for item in items)
        tasks = _tasks(students, catalog.by_key)
        cache = _Cache(ctx, tasks) if store else None
        todo = _full(cache.todo, students) if cache is not None else tasks
        measured = measure_all(todo, course, catalog, _jobs(jobs, len(todo)), progress)
        if cache is not None:
            measured = cache.merge(measured)
        works = [_work_guarded(s, measured) for s in students]
    if not store:
        return grade(works, catalog.by_key, course.rules, ctx.now(), course=course.name)
    from paperdesk.services import gradebook

    gradebook.record(ctx, works)
    return gradebook.build(ctx, save=True)


class _Cache:
    """Page counts known from earlier collects: by the source's SHA-256 (and what else the
    typesetting depends on), and by the handed-in PDF's SHA-256."""

    def __init__(self, ctx: Context, tasks: list[Task]) -> None:
        from paperdesk.services.gradebook import db, fingerprint

        self.db = db(ctx)
        self.keys: dict[str, tuple[str, str]] = {}  # task file -> (sha256, fingerprint)
        self.pdf_keys: dict[str, tuple[str, str]] = {}
        fingerprints: dict[str, str] = {}  # by reading: 30 readings, 4,000 reviews
        for t in tasks:
            if t.review is not None and t.sha256:
                reading = ctx.catalog.get(t.review.reading)
                if reading is not None and not oversize(t.review.body):
                    if reading.key not in fingerprints:
                        fingerprints[reading.key] = fingerprint(ctx.course, reading)
                    self.keys[t.file] = (t.sha256, fingerprints[reading.key])
            if t.pdf and t.pdf_sha256:
                self.pdf_keys[t.file] = (t.pdf_sha256, "pdf")
        self.known = self.db.measures([*self.keys.values(), *self.pdf_keys.values()])
        self.todo: list[Task] = []
        for t in tasks:
            review = None if self.keys.get(t.file) in self.known else t.review
            pdf = "" if self.pdf_keys.get(t.file) in self.known else t.pdf
            if review is not None or pdf:
                self.todo.append(replace(t, review=review, pdf=pdf))
        self.tasks = tasks

    def merge(self, measured: dict[str, Measure]) -> dict[str, Measure]:
        out: dict[str, Measure] = {}
        fresh: list[tuple[str, str, int | None, str]] = []
        for t in self.tasks:
            m = measured.get(t.file, _NOTHING)
            pages, typeset_error, pdf_pages, pdf_error = (m.pages, m.typeset_error, m.pdf_pages,
                                                          m.pdf_error)
            key, pdf_key = self.keys.get(t.file), self.pdf_keys.get(t.file)
            known = self.known.get(key) if key is not None else None
            if known is not None:
                pages, typeset_error = known.pages, known.error
            elif key is not None:
                fresh.append((*key, m.pages, m.typeset_error))
            known = self.known.get(pdf_key) if pdf_key is not None else None
            if known is not None:
                pdf_pages, pdf_error = known.pages, known.error
            elif pdf_key is not None and t.pdf:
                fresh.append((*pdf_key, m.pdf_pages, m.pdf_error))
            out[t.file] = Measure(pages, typeset_error, pdf_pages, pdf_error, m.oversize)
        self.db.save_measures(fresh)
        return out


def _keep_hashes(ctx: Context, discovery: Discovery) -> None:
    """The PDFs' hashes for the next collect, when this one read any it did not know."""
    known, seen = discovery.hashes, discovery.seen
    if all(known.get(path) == entry for path, entry in seen.items()):
        return
    kept = {**known, **seen}
    hash_cache.store(ctx.workspace.state_dir,
                     kept if len(kept) <= hash_cache.MAX_ENTRIES else seen)


def _jobs(jobs: int | None, tasks: int) -> int:
    if jobs is not None:
        return max(1, jobs)
    if tasks < IN_PROCESS_BELOW:  # starting worker processes costs more than these typesets
        return 1
    return max(1, min(DEFAULT_JOBS, os.cpu_count() or 1))


def _known_sources(ctx: Context, items: list[StudentItem]) -> dict[str, KnownSource]:
    """The front matter and text of files collected before, by SHA-256: reading and parsing
    4,000 files is most of what a second collect over unchanged folders would do. The bodies
    are left out of the front matter (""): a file that must be typeset again is parsed again
    (:func:`_full`)."""
    from paperdesk.services.gradebook import db

    shas = [s.sha256 for item in items for s in item.sources
            if s.sha256 and (s.text is not None or s.unread is not None)]
    return db(ctx).front_matter(shas)


def _full(tasks: list[Task], students: list[_Student]) -> list[Task]:
    """Tasks whose review came from the stored front matter, with the review parsed whole."""
    stored = {e.source.name: e.source.text for s in students for e in s.entries
              if e.stored and e.source.text is not None}
    out = []
    for t in tasks:
        text = stored.get(t.file)
        if t.review is not None and text is not None:
            t = replace(t, review=parse_review(text, t.file))
        out.append(t)
    return out


def _parse(source: SourceFile, known: dict[str, Review] | None = None) -> _Entry:
    if source.text is None:  # why is among the item's problems already
        return _Entry(source, None, "could not be read")
    review = known.get(source.sha256) if known and source.sha256 else None
    if review is not None:
        return _Entry(source, review, stored=True)
    try:
        return _Entry(source, parse_review(source.text, source.name))
    except ReviewError as exc:
        first = source.text.lstrip("\ufeff").lstrip("\n").split("\n", 1)[0].rstrip()
        kind = BAD_FRONT_MATTER if first == "---" else MISSING_FRONT_MATTER
        return _Entry(source, None, exc.message, kind, exc.line or 0)


def _identify(item: StudentItem, course: Course,
              known: dict[str, Review] | None = None) -> _Student:
    """Who the item belongs to: the name most of its reviews give, else the hand-in manifest's,
    else its folder or zip name."""
    entries = [_parse(source, known) for source in item.sources]
    names = Counter(e.review.student for e in entries if e.review and e.review.student)
    emails = Counter(e.review.email.strip() for e in entries if e.review and e.review.email)
    handin = collect_handin.check(item, [(e.source, e.review) for e in entries], course.name,
                                  [b.due for b in course.rules.batches])
    name = names.most_common(1)[0][0] if names else (handin.student or item.label)
    email = emails.most_common(1)[0][0] if emails else handin.email
    student = _Student(name, email, [item.label], [item.origin], entries,
                       [*item.notices, *handin.problems])
    if len(names) > 1:
        listed = ", ".join(f"{n} ({c})" for n, c in names.most_common())
        student.problems.append(Problem(MERGED, item.origin, f"the reviews name more than one "
                                        f"student: {listed}; graded as {name}"))
    for e in entries:
        pdf = item.pdfs.get(e.source.stem)
        if pdf is not None:
            student.pdf_paths[e.source.name] = pdf.path
            student.pdf_sha[e.source.name] = pdf.sha256
        if any(p.kind == MANIFEST for p in handin.problems):
            student.tampered.add(e.source.name)
        if e.source.name in handin.pages:
            student.claimed_pages[e.source.name] = (item.manifest_name,
                                                    handin.pages[e.source.name])
    return student


def _identify_guarded(item: StudentItem, course: Course,
                      known: dict[str, Review] | None = None) -> _Student:
    """:func:`_identify`, where anything a student's files make it raise is that student's
    problem (a manifest or front matter no parser can follow): the others are still graded."""
    try:
        return _identify(item, course, known)
    except Exception as exc:
        return _Student(item.label, "", [item.label], [item.origin], [], [*item.notices, Problem(
            UNREADABLE, item.origin, f"could not be read: {failure_text(exc)}")])


def _merge(students: Iterable[_Student]) -> list[_Student]:
    """One student per identity: the same email, or the same name where an email is missing."""
    merged: list[_Student] = []
    by_email: dict[str, _Student] = {}
    by_name: dict[str, list[_Student]] = {}
    for s in students:
        email, name = s.email.casefold(), fold(s.name)
        same = by_email.get(email) if email else None
        if same is None:
            # Without an email on one side, the same name is the same student.
            same = next((m for m in by_name.get(name, []) if not (email and m.email)), None)
        if same is None:
            merged.append(s)
            if email:
                by_email[email] = s
            by_name.setdefault(name, []).append(s)
            continue
        who = same.name + (f" <{same.email or s.email}>" if same.email or s.email else "")
        same.problems.append(Problem(MERGED, s.origins[0], f"the same student as "
                                     f"{', '.join(same.origins)} ({who}): graded together"))
        if not same.email and s.email:
            same.email = s.email
            by_email[email] = same
        seen = {e.source.sha256 for e in same.entries if e.source.sha256}
        for entry in s.entries:
            if entry.source.sha256 and entry.source.sha256 in seen:
                continue  # the very same file in both: counted once, silently
            same.entries.append(entry)
        same.labels += s.labels
        same.origins += s.origins
        same.problems += s.problems
        same.pdf_paths.update(s.pdf_paths)
        same.pdf_sha.update(s.pdf_sha)
        same.tampered |= s.tampered
        same.claimed_pages.update(s.claimed_pages)
    return merged


def _tasks(students: list[_Student], known: Container[str]) -> list[Task]:
    """What to measure: final reviews of known readings (typeset), and their handed-in PDFs."""
    tasks: list[Task] = []
    for s in students:
        for e in s.entries:
            pdf = s.pdf_paths.get(e.source.name)
            review = e.review
            typeset = review is not None and review.is_final and review.reading in known
            if typeset or pdf is not None:
                tasks.append(Task(e.source.name, review if typeset else None,
                                  str(pdf) if pdf is not None else "", e.source.sha256,
                                  s.pdf_sha.get(e.source.name, "")))
    return tasks


def _work(s: _Student, measured: dict[str, Measure]) -> StudentWork:
    reviews = []
    problems = list(s.problems)
    for e in s.entries:
        name = e.source.name
        m = measured.get(name, Measure())
        pdf = s.pdf_paths.get(name)
        reviews.append(CollectedReview(
            file=name, text=e.source.text, review=e.review, error=e.error,
            error_kind=e.error_kind, error_line=e.error_line, pages=m.pages,
            typeset_error=m.typeset_error,
            pdf_file=_pdf_name(name) if pdf is not None else "",
            pdf_pages=m.pdf_pages, pdf_error=m.pdf_error, oversize=m.oversize,
            sha256=e.source.sha256, tampered=name in s.tampered))
        if name in s.claimed_pages:
            where, claimed = s.claimed_pages[name]
            problems += collect_handin.pages_problem(where, Path(name).name, claimed, m.pages)
    return StudentWork(s.name, s.email, tuple(dict.fromkeys(s.labels)),
                       tuple(dict.fromkeys(s.origins)), tuple(reviews), tuple(problems))


def _work_guarded(s: _Student, measured: dict[str, Measure]) -> StudentWork:
    try:
        return _work(s, measured)
    except Exception as exc:  # one student's files must never stop the class
        return StudentWork(s.name, s.email, tuple(dict.fromkeys(s.labels)),
                           tuple(dict.fromkeys(s.origins)), (), (*s.problems, Problem(
                               UNREADABLE, s.origins[0], f"could not be graded: "
                               f"{failure_text(exc)}")))


def _pdf_name(source_name: str) -> str:
    return source_name[: -len(".md")] + ".pdf" if source_name.endswith(".md") else source_name
