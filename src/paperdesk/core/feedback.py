"""Feedback on reviews, as the instructor sends it and the student reads it back.

Pure: the records and their JSON. The instructor's ``paperdesk feedback export`` makes one
:class:`FeedbackFile` per student from the gradebook; the student's ``feedback import`` checks it
with :func:`parse_manifest` and keeps it under ``feedback/``.
"""

from __future__ import annotations

from paperdesk.core.errors import PaperdeskError
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

FORMAT = "paperdesk-feedback"
VERSION = 1
MANIFEST = "manifest.json"
PDF = "feedback.pdf"


class FeedbackError(PaperdeskError):
    """A feedback zip that cannot be imported, and why."""


# FrozenValues, not dataclasses: status and show read feedback without loading dataclasses.


class RubricLine(FrozenValue):
    __slots__ = ("description", "name", "points", "score")
    name: str
    score: float
    points: float
    description: str

    def __init__(self, name: str, score: float, points: float, description: str = "") -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "score", score)
        init(self, "points", points)
        init(self, "description", description)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score, "points": self.points,
                "description": self.description}


class ReviewFeedback(FrozenValue):
    """What one review earned and what its marker said."""

    __slots__ = ("comment", "marked", "marked_at", "marked_by", "max_points", "outcome", "points",
                 "reading", "rubric", "title")
    reading: str
    title: str
    outcome: str
    points: int
    max_points: int
    marked: bool
    comment: str
    marked_by: str
    marked_at: str
    rubric: tuple[RubricLine, ...]

    def __init__(self, reading: str, title: str, outcome: str, points: int, max_points: int,
                 marked: bool, comment: str = "", marked_by: str = "", marked_at: str = "",
                 rubric: tuple[RubricLine, ...] = ()) -> None:
        init = object.__setattr__
        init(self, "reading", reading)
        init(self, "title", title)
        init(self, "outcome", outcome)
        init(self, "points", points)
        init(self, "max_points", max_points)
        init(self, "marked", marked)
        init(self, "comment", comment)
        init(self, "marked_by", marked_by)
        init(self, "marked_at", marked_at)
        init(self, "rubric", rubric)

    def to_json(self) -> dict[str, Any]:
        return {"reading": self.reading, "title": self.title, "outcome": self.outcome,
                "points": self.points, "max_points": self.max_points, "marked": self.marked,
                "comment": self.comment, "marked_by": self.marked_by,
                "marked_at": self.marked_at, "rubric": [r.to_json() for r in self.rubric]}

    def short_json(self) -> dict[str, Any]:
        """What ``status --json`` shows per reading."""
        return {"points": self.points, "comment": self.comment, "marked_by": self.marked_by,
                "marked_at": self.marked_at or None}


class FeedbackFile(FrozenValue):
    """One student's feedback: who, which course, their standing, one entry per review."""

    __slots__ = ("course", "course_id", "created", "email", "files", "max_points", "points",
                 "reviews", "student", "term")
    course_id: str
    course: str
    term: str
    student: str
    email: str
    created: str  # ISO time of the export: a newer file replaces an older one
    points: int
    max_points: int
    reviews: tuple[ReviewFeedback, ...]
    files: dict[str, str]  # name -> SHA-256

    def __init__(self, course_id: str, course: str, term: str, student: str, email: str,
                 created: str, points: int, max_points: int,
                 reviews: tuple[ReviewFeedback, ...] = (), files: dict[str, str] | None = None
                 ) -> None:
        init = object.__setattr__
        init(self, "course_id", course_id)
        init(self, "course", course)
        init(self, "term", term)
        init(self, "student", student)
        init(self, "email", email)
        init(self, "created", created)
        init(self, "points", points)
        init(self, "max_points", max_points)
        init(self, "reviews", reviews)
        init(self, "files", {} if files is None else files)

    def to_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "version": VERSION, "course_id": self.course_id,
                "course": self.course, "term": self.term, "student": self.student,
                "email": self.email, "created": self.created, "points": self.points,
                "max_points": self.max_points, "reviews": [r.to_json() for r in self.reviews],
                "files": dict(sorted(self.files.items()))}

    def by_key(self) -> dict[str, ReviewFeedback]:
        return {r.reading: r for r in self.reviews}


def _s(d: dict[str, Any], key: str) -> str:
    v = d.get(key, "")
    if not isinstance(v, str):
        raise FeedbackError(f"the manifest's {key!r} is not text")
    return v


def _n(d: dict[str, Any], key: str) -> int:
    v = d.get(key, 0)
    if isinstance(v, bool) or not isinstance(v, int):
        raise FeedbackError(f"the manifest's {key!r} is not a whole number")
    return v


def _f(d: dict[str, Any], key: str) -> float:
    v = d.get(key, 0)
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise FeedbackError(f"the manifest's {key!r} is not a number")
    return float(v)


def parse_manifest(data: Any) -> FeedbackFile:
    """A manifest read back (from an untrusted zip): every field checked for its type."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise FeedbackError("is not a paperdesk feedback file (its manifest says otherwise)")
    if data.get("version") != VERSION:
        raise FeedbackError(f"is feedback of format version {data.get('version')!r}; this "
                            f"paperdesk reads version {VERSION}")
    raw_reviews = data.get("reviews", [])
    files = data.get("files", {})
    if not isinstance(raw_reviews, list) or not isinstance(files, dict):
        raise FeedbackError("the manifest's reviews or files are malformed")
    reviews = []
    for r in raw_reviews:
        if not isinstance(r, dict) or not isinstance(r.get("rubric", []), list):
            raise FeedbackError("the manifest lists a malformed review")
        rubric = tuple(RubricLine(_s(x, "name"), _f(x, "score"), _f(x, "points"),
                                  _s(x, "description"))
                       for x in r.get("rubric", []) if isinstance(x, dict))
        reviews.append(ReviewFeedback(
            _s(r, "reading"), _s(r, "title"), _s(r, "outcome"), _n(r, "points"),
            _n(r, "max_points"), bool(r.get("marked")), _s(r, "comment"), _s(r, "marked_by"),
            _s(r, "marked_at"), rubric))
    return FeedbackFile(
        _s(data, "course_id"), _s(data, "course"), _s(data, "term"), _s(data, "student"),
        _s(data, "email"), _s(data, "created"), _n(data, "points"), _n(data, "max_points"),
        tuple(reviews), {str(k): str(v) for k, v in files.items()})
