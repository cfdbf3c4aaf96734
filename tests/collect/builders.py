"""Building an instructor's workspace and students' folders and zips, in the test itself."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from paperdesk.core.review import Review
from paperdesk.core.review_format import render_review

NOW = "2021-06-01T12:00:00-05:00"  # after both deadlines: every batch is settled
READINGS = [f"r{i:02d}" for i in range(25)]

COURSE_TOML = """\
[course]
name = "Deep Generative Models"
term = "Spring 2021"
instructor = "Bryan Pardo"
timezone = "America/Chicago"

[reviews]
points_per_review = 2
page_limit = 1

[[reviews.batches]]
name = "Batch 1"
due = 2021-04-21T16:00:00
size = 10

[[reviews.batches]]
name = "Batch 2"
due = 2021-05-26T16:00:00
size = 10
"""

SHORT = ("The paper asks how to model a distribution with a latent variable, and answers with an "
         "evidence lower bound $\\mathbb{E}_q[\\log p(x|z)] - \\mathrm{KL}(q \\| p)$.\n\n"
         "It is clear and convincing; the experiments could be larger.\n")
LONG = ("A long review that goes on and on about every detail of the paper. " * 70) + "\n"


def bib_text(keys: Iterable[str] = READINGS) -> str:
    return "\n".join(
        f"@misc{{{k},\n  title = {{Reading {k} on generative models}},\n"
        f"  author = {{Ada Author and Bob Writer}},\n  year = {{2020}},\n"
        f"  topic = {{Topic {i % 3}}},\n  kind = {{paper}},\n}}\n"
        for i, k in enumerate(keys))


def make_workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "readings.bib").write_text(bib_text(), encoding="utf-8")
    (root / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    (root / "reviews").mkdir(exist_ok=True)
    return root


@dataclass
class Spec:
    """One review file to write: reading, submitted (None: a draft), body, file name."""

    reading: str
    submitted: str | None
    body: str = SHORT
    file: str = ""


def review_text(spec: Spec, student: str, email: str) -> str:
    when = datetime.fromisoformat(spec.submitted) if spec.submitted else None
    return render_review(Review(reading=spec.reading, body=spec.body, student=student,
                                email=email, status="final" if when else "draft",
                                submitted=when))


def write_reviews(folder: Path, specs: Iterable[Spec], student: str, email: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for spec in specs:
        name = spec.file or f"{spec.reading}.md"
        (folder / name).write_text(review_text(spec, student, email), encoding="utf-8")
    return folder


def zip_folder(folder: Path, target: Path, under: str = "") -> Path:
    """Zip everything below ``folder`` (names relative to it, prefixed with ``under``)."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, under + path.relative_to(folder).as_posix())
    return target


def on_time(n: int, start: int = 0, day: int = 1, month: int = 4) -> list[Spec]:
    """``n`` final reviews of readings r{start}.., submitted on consecutive days from the date."""
    return [Spec(READINGS[start + i], f"2021-{month:02d}-{day + i:02d}T10:00:00-05:00")
            for i in range(n)]


# The PDF of each review already typeset in this process, by (review, course, readings): typst
# gives the same bytes for the same input (typeset_review is deterministic), and many tests hand
# in the same reviews (on_time's), each typeset anew at a compile each before.
_TYPESET: dict[tuple[str, str, str], bytes] = {}


def export_pdfs(ws: Path, reviews: Path) -> None:
    """What a student's ``paperdesk export`` leaves beside each source: its PDF, really typeset
    (once a process for the same review, course and readings: the same bytes)."""
    from paperdesk.adapters.coursefile import load_course
    from paperdesk.adapters.typeset import typeset_review
    from paperdesk.core.review_format import parse_review
    from paperdesk.services.catalog import load_catalog

    inputs = ((ws / "course.toml").read_text(encoding="utf-8"),
              (ws / "readings.bib").read_text(encoding="utf-8"))
    course = catalog = None
    for md in sorted(reviews.glob("*.md")):
        source = md.read_text(encoding="utf-8")
        pdf = _TYPESET.get((source, *inputs))
        if pdf is None:
            if course is None or catalog is None:
                course = load_course(ws / "course.toml")
                catalog = load_catalog(ws / "readings.bib")
            review = parse_review(source, md.name)
            reading = catalog.get(review.reading)
            assert reading is not None
            pdf = _TYPESET[(source, *inputs)] = typeset_review(review, reading, course,
                                                               catalog).pdf
        md.with_suffix(".pdf").write_bytes(pdf)


def typst_pdf(pages: int) -> bytes:
    import typst

    body = "\n#pagebreak()\n".join(f"Page {i + 1}" for i in range(pages))
    data = typst.compile(body.encode(), format="pdf")
    assert isinstance(data, bytes)
    return data
