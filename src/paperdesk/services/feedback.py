"""Feedback that reaches the student: exported from the gradebook, imported in their workspace.

``export`` writes ``OUTDIR/<Student>-feedback.zip`` per student: ``manifest.json`` (course id,
student, standing, and per review the points, outcome, comment, rubric lines, who marked it and
when) and ``feedback.pdf``. ``import_zip`` checks such a zip (safely: it is a file from elsewhere)
against the student's course and identity and keeps it under ``feedback/`` of the workspace.
"""

from __future__ import annotations

import json
from pathlib import Path

from paperdesk.core.feedback import (
    MANIFEST,
    PDF,
    FeedbackError,
    FeedbackFile,
    ReviewFeedback,
    RubricLine,
    parse_manifest,
)
from paperdesk.core.values import FrozenValue
from paperdesk.services.context import Context

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # the gradebook's types only: the desk, status and show read feedback without
    # it (zips and hashing load only for the instructor's side and for imports)
    from paperdesk.core.gradebook import GradedReview, StudentGrade

FEEDBACK_DIR = "feedback"
MAX_FEEDBACK_BYTES = 20 * 1024 * 1024  # 20 MB
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# -- the instructor's side -------------------------------------------------------------------

def review_feedback(ctx: Context, r: GradedReview) -> ReviewFeedback:
    o = r.override
    reading = ctx.catalog.get(r.reading)
    return ReviewFeedback(
        reading=r.reading, title=reading.title if reading else r.reading, outcome=r.outcome,
        points=r.points, max_points=ctx.course.rules.points_per_review, marked=o is not None,
        comment=o.comment if o else "", marked_by=o.grader if o else "",
        marked_at=o.at if o else "", rubric=_rubric_lines(ctx, o.rubric if o else ()))


def _rubric_lines(ctx: Context, scores: tuple[tuple[str, int], ...]) -> tuple[RubricLine, ...]:
    items = {it.name: it for it in ctx.course.rubric}
    return tuple(RubricLine(name, score, items[name].points if name in items else score,
                            items[name].description if name in items else "")
                 for name, score in scores)


def feedback_of(ctx: Context, g: StudentGrade, everything: bool = False) -> FeedbackFile:
    """One student's feedback: their marked reviews (every review with ``everything``)."""
    reviews = tuple(review_feedback(ctx, r) for r in g.reviews
                    if r.reading and (everything or r.override is not None))
    course = ctx.course
    return FeedbackFile(course.id, course.name, course.term, g.name, g.email,
                        ctx.now().isoformat(timespec="seconds"), g.points, g.max_points, reviews)


def feedback_zip(ctx: Context, fb: FeedbackFile) -> bytes:
    """The zip's bytes: the same feedback at the same time gives the same bytes."""
    import hashlib
    import io
    import zipfile

    from paperdesk.adapters.feedback_typeset import typeset_feedback

    pdf = typeset_feedback(fb, ctx.catalog).pdf
    files = {PDF: pdf}
    fb = fb.replace(files={PDF: hashlib.sha256(pdf).hexdigest()})
    files[MANIFEST] = (json.dumps(fb.to_json(), ensure_ascii=False, indent=2) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buffer.getvalue()


class Exported(FrozenValue):
    __slots__ = ("marked", "path", "reviews", "student")
    path: Path
    student: str
    reviews: int
    marked: int

    def __init__(self, path: Path, student: str, reviews: int, marked: int) -> None:
        init = object.__setattr__
        init(self, "path", path)
        init(self, "student", student)
        init(self, "reviews", reviews)
        init(self, "marked", marked)


def export(ctx: Context, outdir: Path, everything: bool = False) -> list[Exported]:
    """Write one feedback zip per student with something to say (see :func:`feedback_of`)."""
    from paperdesk.services.export import _safe_name
    from paperdesk.services.gradebook import build

    book = build(ctx)
    if not book.students:
        raise FeedbackError("the gradebook is empty: paperdesk collect PATH... fills it")
    outdir.mkdir(parents=True, exist_ok=True)
    done: list[Exported] = []
    taken: set[str] = set()
    for g in book.students:
        fb = feedback_of(ctx, g, everything)
        if not fb.reviews:
            continue
        stem = _safe_name(g.name) or _safe_name(g.email) or "student"
        name, n = stem, 1
        while name.casefold() in taken:  # two students of one safe name: both kept
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        target = outdir / f"{name}-feedback.zip"
        partial = target.with_suffix(".part")
        partial.write_bytes(feedback_zip(ctx, fb))
        partial.replace(target)
        done.append(Exported(target, g.name, len(fb.reviews),
                             sum(r.marked for r in fb.reviews)))
    return done


# -- the student's side ----------------------------------------------------------------------

def feedback_dir(ctx: Context) -> Path:
    return ctx.workspace.root / FEEDBACK_DIR


def load(ctx: Context) -> FeedbackFile | None:
    """The feedback imported into this workspace, or None (also when it cannot be read)."""
    try:
        return parse_manifest(json.loads((feedback_dir(ctx) / MANIFEST).read_text("utf-8")))
    except (OSError, ValueError, FeedbackError):
        return None


def by_key(ctx: Context) -> dict[str, ReviewFeedback]:
    fb = load(ctx)
    return fb.by_key() if fb else {}


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _check_owner(ctx: Context, fb: FeedbackFile) -> None:
    from paperdesk.services.identity import known_identity

    course = ctx.course
    if fb.course_id != course.id:
        raise FeedbackError(f"is feedback for the course {fb.course_id!r}, not this "
                            f"workspace's ({course.id!r}); nothing was imported")
    me = known_identity(ctx)
    if me is None:
        raise FeedbackError("who are you? Set PAPERDESK_STUDENT and PAPERDESK_EMAIL (or "
                            "[student] in your config) before importing feedback")
    ok = _same(me.email, fb.email) if me.email and fb.email else _same(me.name, fb.student)
    if not ok:
        who = fb.student + (f" <{fb.email}>" if fb.email else "")
        raise FeedbackError(f"is feedback for {who}, not for you ({me.name}"
                            + (f" <{me.email}>" if me.email else "") + "); nothing was imported")


def import_zip(ctx: Context, path: Path) -> FeedbackFile:
    """Check ``path`` and keep it under ``feedback/``; raises FeedbackError, changing nothing."""
    import hashlib
    import shutil
    import tempfile

    from paperdesk.adapters.safezip import Budget, ZipRefused, extract

    state = ctx.workspace.ensure_state_dir()
    tmp = Path(tempfile.mkdtemp(prefix="feedback-", dir=state))
    try:
        try:
            # every entry is extracted: one besides the manifest and the PDF refuses the zip
            got = extract(path, tmp / "x", Budget(MAX_FEEDBACK_BYTES), wanted=("",))
        except ZipRefused as exc:
            raise FeedbackError(str(exc), path=str(path)) from exc
        if got.refused:
            name, why = got.refused[0]
            raise FeedbackError(f"refused: {name!r}: {why}; nothing was imported",
                                path=str(path))
        if set(got.written) != {MANIFEST, PDF}:
            raise FeedbackError(f"is not a feedback zip (it should hold {MANIFEST} and {PDF} "
                                "and nothing else); nothing was imported", path=str(path))
        root = got.root
        try:
            fb = parse_manifest(json.loads((root / MANIFEST).read_text("utf-8")))
        except (ValueError, UnicodeDecodeError) as exc:
            raise FeedbackError(f"its {MANIFEST} is not JSON; nothing was imported",
                                path=str(path)) from exc
        except FeedbackError as exc:
            raise FeedbackError(exc.message, path=str(path)) from exc
        pdf = (root / PDF).read_bytes()
        if fb.files.get(PDF) != hashlib.sha256(pdf).hexdigest():
            raise FeedbackError(f"its {PDF} is not the one its manifest lists; nothing was "
                                "imported", path=str(path))
        try:
            _check_owner(ctx, fb)
        except FeedbackError as exc:
            raise FeedbackError(exc.message, path=str(path)) from exc
        old = load(ctx)
        if old is not None and old.created > fb.created:
            raise FeedbackError(f"is older ({fb.created}) than the feedback already imported "
                                f"({old.created}); kept that one", path=str(path))
        _install(feedback_dir(ctx), root)
        return fb
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _install(target: Path, source: Path) -> None:
    """Replace ``target``'s manifest and PDF with ``source``'s: the PDF first, the manifest
    (what everything reads) last, each by an atomic rename."""
    import shutil

    target.mkdir(exist_ok=True)
    for name in (PDF, MANIFEST):
        part = target / f".{name}.part"
        shutil.copyfile(source / name, part)
        part.replace(target / name)
