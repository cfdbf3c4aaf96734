"""Exporting reviews to PDF, counting their pages, and building the zip a student hands in.

``reviews/<key>.md`` is typeset to ``reviews/<key>.pdf`` beside it; a batch also gets
``reviews/batch-N.pdf`` (a cover page, then each review). Typesetting is deterministic, so an
unchanged review exports to the same bytes, and the page count is the compiled PDF's.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from paperdesk.adapters.reviewfiles import atomic_write
from paperdesk.adapters.typeset import CoverEntry, Typeset, typeset_batch, typeset_review
from paperdesk.core.course import Batch
from paperdesk.core.deadlines import missing_note
from paperdesk.core.errors import ExportError, PaperdeskError
from paperdesk.core.keyfiles import UnnamableKey, key_stem
from paperdesk.core.readable import oversize, oversize_message
from paperdesk.core.review import Review
from paperdesk.core.review_format import parse_review
from paperdesk.services.context import Context
from paperdesk.services.identity import Identity, known_identity
from paperdesk.services.reviews import (
    LoadedReview,
    all_reviews,
    current_standing,
    load_review,
    reading_of,
)

Notes = Callable[[str], None]
MANIFEST = "manifest.json"
MANIFEST_FORMAT = "paperdesk-handin"
# Zip entries carry this time (zip cannot store 1970): the same reviews give the same zip.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class ExportResult:
    key: str
    path: Path
    pages: int
    page_limit: int
    warnings: list[str] = field(default_factory=list)

    @property
    def over_limit(self) -> bool:
        return bool(self.page_limit) and self.pages > self.page_limit


@dataclass(frozen=True)
class BatchExport:
    number: int
    name: str
    reviews: list[ExportResult]
    combined: Path
    pages: int
    missing: int  # reviews the batch still needs
    warnings: list[str] = field(default_factory=list)


def _identity(ctx: Context) -> Identity | None:
    try:
        return known_identity(ctx)
    except PaperdeskError:
        return None  # an unreadable config file: the review's own front matter still names them


def _body_line_offset(text: str, body: str) -> int:
    """Lines before the body in the file, so warnings name the file's line numbers."""
    start = len(text) - len(body) if body and text.endswith(body) else 0
    return text.count("\n", 0, start)


def _typeset(ctx: Context, review: Review, text: str = "", measure: bool = False) -> Typeset:
    too_big = oversize(review.body)  # core.readable: over length, never typeset
    if too_big:
        raise ExportError(oversize_message(too_big), path=_label(review.reading))
    reading = reading_of(ctx, review.reading)
    return typeset_review(review, reading, ctx.course, ctx.catalog, _identity(ctx),
                          _body_line_offset(text, review.body), measure=measure)


def pages_of(ctx: Context, review: Review) -> int:
    """Pages of the review typeset with the course's template (what ``submit`` checks)."""
    return _typeset(ctx, review).pages


def typeset_key(ctx: Context, key: str) -> Typeset:
    """The review of ``key`` as it is on disk, typeset (nothing is written)."""
    loaded = load_review(ctx, key)
    return _typeset(ctx, _check_reading(ctx, loaded), loaded.text)


def preview_pages(ctx: Context, key: str, text: str) -> Typeset:
    """The review as it would export now, from the editor's unsaved ``text``.

    Raises ReviewError when the front matter does not parse (the editor shows it).
    """
    review = parse_review(text, _label(key))
    if not review.reading:
        review = review.replace(reading=key)
    return _typeset(ctx, review, text, measure=True)


def _label(key: str) -> str:
    """``reviews/<stem>.md``: where the review of ``key`` is, as messages name it."""
    try:
        return f"reviews/{key_stem(key)}.md"
    except UnnamableKey:
        return f"reviews/{key}.md"


def _write(path: Path, data: bytes) -> None:
    try:
        if path.exists() and path.read_bytes() == data:
            return  # unchanged: keep its time stamp, so make-like tools see nothing to do
        atomic_write(path, data)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", path=str(path)) from exc


def _check_reading(ctx: Context, loaded: LoadedReview) -> Review:
    review = loaded.review
    if review is None:
        raise loaded.problem or ExportError("cannot be read", path=loaded.label)
    if review.reading != loaded.key:
        raise ExportError(f"reviews {review.reading!r} but the file is named after "
                          f"{loaded.key!r}", path=loaded.label)
    reading_of(ctx, review.reading)
    return review


def _export_loaded(ctx: Context, loaded: LoadedReview) -> ExportResult:
    review = _check_reading(ctx, loaded)
    result = _typeset(ctx, review, loaded.text)
    pdf_path = loaded.path.with_suffix(".pdf")
    _write(pdf_path, result.pdf)
    return ExportResult(loaded.key, pdf_path, result.pages, ctx.course.rules.page_limit,
                        result.warnings)


def export_reviews(ctx: Context, keys: Iterable[str]) -> list[ExportResult]:
    """Write ``reviews/<key>.pdf`` for each key; every review is read (and checked) first."""
    loaded = [load_review(ctx, key) for key in dict.fromkeys(keys)]
    for item in loaded:
        _check_reading(ctx, item)
    return [_export_loaded(ctx, item) for item in loaded]


def _batch(ctx: Context, n: int) -> Batch:
    batches = ctx.course.rules.batches
    if not 1 <= n <= len(batches):
        raise ExportError(f"no batch {n}: the course has batches 1 to {len(batches)}")
    return batches[n - 1]


def _counted(ctx: Context, n: int) -> tuple[Batch, list[str], int, list[str]]:
    """The batch, the keys that count toward it, how many are missing, and notes about that."""
    batch = _batch(ctx, n)
    standing = current_standing(ctx)
    bs = standing.batches[n - 1]
    note = missing_note(standing, n - 1, ctx.course.timezone)
    return batch, list(bs.counted), bs.remaining, [note] if note else []


def export_batch(ctx: Context, n: int) -> BatchExport:
    """Export each review counted in batch ``n``, and ``reviews/batch-N.pdf`` with a cover."""
    batch, keys, missing, notes = _counted(ctx, n)
    if not keys:
        raise ExportError(f"no review counts toward {batch.name} yet: submit reviews first")
    loaded = [load_review(ctx, key) for key in keys]
    results = [_export_loaded(ctx, item) for item in loaded]
    entries = []
    for item, result in zip(loaded, results, strict=True):
        review = _check_reading(ctx, item)
        entries.append(CoverEntry(review, reading_of(ctx, item.key), result.pages))
    combined = typeset_batch(entries, batch.name, batch.due, ctx.course, ctx.catalog,
                             _identity(ctx))
    path = ctx.workspace.reviews_dir / f"batch-{n}.pdf"
    _write(path, combined.pdf)
    return BatchExport(n, batch.name, results, path, combined.pages, missing,
                       notes + combined.warnings)


def export_all(ctx: Context) -> list[ExportResult]:
    """Export every final review."""
    keys = sorted({r.reading for r in all_reviews(ctx) if r.is_final})
    return export_reviews(ctx, keys)


def _safe_name(text: str) -> str:
    """'Zoë O'Brien' -> 'Zoe-OBrien': ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text)
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def handin_name(student: str, n: int) -> str:
    return f"{_safe_name(student) or 'student'}-batch-{n}"


def handin(ctx: Context, n: int, notes: Notes | None = None,
           output: Path | None = None) -> Path:
    """Build ``<Student>-batch-N.zip``: each counted review's .md and fresh .pdf, the batch PDF
    ``batch-N.pdf`` (the cover, then every review: one file for the instructor to read), and a
    manifest listing them.

    Refuses while a review of the batch is over the page limit. ``notes`` hears what is missing
    for the batch. The zip goes to ``output`` (a folder or a .zip path; default: the workspace).
    """
    batch, keys, _missing, gaps = _counted(ctx, n)
    if not keys:
        raise ExportError("nothing to hand in: " + (gaps[0] if gaps else
                                                    f"no review counts toward {batch.name}"))
    for gap in gaps:
        if notes:
            notes(gap)
    loaded = [load_review(ctx, key) for key in keys]
    reviews = [_check_reading(ctx, item) for item in loaded]
    typeset = [_typeset(ctx, review, item.text) for review, item in zip(reviews, loaded,
                                                                          strict=True)]
    limit = ctx.course.rules.page_limit
    over = [f"{item.key} ({t.pages} pages)" for item, t in zip(loaded, typeset, strict=True)
            if limit and t.pages > limit]
    if over:
        raise ExportError(f"not handed in: over the {limit}-page limit: {', '.join(over)}; "
                          "shorten them and submit again")
    identity = _identity(ctx)
    student = next((r.student for r in reviews if r.student), "") or (
        identity.name if identity else "")
    email = next((r.email for r in reviews if r.email), "") or (identity.email if identity else "")
    stem = handin_name(student, n)
    files: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    for item, review, t in zip(loaded, reviews, typeset, strict=True):
        md = item.path.read_bytes()
        _write(item.path.with_suffix(".pdf"), t.pdf)  # the exported PDF matches the handed-in
        name = key_stem(item.key)  # DBLP:conf/x -> DBLP%3Aconf%2Fx: a name safe in any zip
        files[f"{name}.md"] = md
        files[f"{name}.pdf"] = t.pdf
        entries.append({
            "reading": item.key,
            "title": reading_of(ctx, item.key).title,
            "submitted": _iso(review.submitted),
            "pages": t.pages,
            "md": f"{name}.md",
            "md_sha256": _sha256(md),
            "pdf": f"{name}.pdf",
            "pdf_sha256": _sha256(t.pdf),
        })
    combined = typeset_batch(
        [CoverEntry(review, reading_of(ctx, item.key), t.pages)
         for item, review, t in zip(loaded, reviews, typeset, strict=True)],
        batch.name, batch.due, ctx.course, ctx.catalog, identity)
    batch_pdf = f"batch-{n}.pdf"
    _write(ctx.workspace.reviews_dir / batch_pdf, combined.pdf)  # as export --batch writes it
    files[batch_pdf] = combined.pdf
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "course": ctx.course.name,
        "term": ctx.course.term,
        "student": student,
        "email": email,
        "batch": n,
        "batch_name": batch.name,
        # When the hand-in was made: a review claiming a later submission, or a hand-in made
        # after the due time of reviews claiming to be on time, is shown to the instructor.
        "created": ctx.now().isoformat(timespec="seconds"),
        "due": batch.due.isoformat(),
        "page_limit": limit,
        "reviews": entries,
        "batch_pdf": {"file": batch_pdf, "pages": combined.pages,
                      "sha256": _sha256(combined.pdf)},
        "files": {name: _sha256(data) for name, data in sorted(files.items())},
    }
    files[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode()
    target = _target(ctx, output, stem)
    _write(target, _zip_bytes(stem, files))
    return target


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def _target(ctx: Context, output: Path | None, stem: str) -> Path:
    if output is None:
        return ctx.workspace.root / f"{stem}.zip"
    if output.suffix.lower() == ".zip":
        return output
    if not output.is_dir():
        raise ExportError("is not a folder (give a folder or a .zip path)", path=str(output))
    return output / f"{stem}.zip"


def _zip_bytes(folder: str, files: dict[str, bytes]) -> bytes:
    """A zip of ``files`` inside ``folder/``, in a fixed order with fixed times."""
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{name}", _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, files[name])
    return buffer.getvalue()
