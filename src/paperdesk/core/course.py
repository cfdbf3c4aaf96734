"""The course: its calendar and its review rules, as read from ``course.toml``.

Every number the program uses (batch sizes, due times, points, page limit) lives here, parsed from
the course file, so another course only edits its own ``course.toml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from paperdesk.core.errors import CourseError
from paperdesk.core.rubric import RubricItem, parse_rubric
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

# FrozenValues, not dataclasses: every command that reads the course (status, submit) would
# load dataclasses and inspect for them.


class Batch(FrozenValue):
    __slots__ = ("due", "name", "size")
    name: str
    due: datetime  # aware, in the course time zone
    size: int

    def __init__(self, name: str, due: datetime, size: int) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "due", due)
        init(self, "size", size)


_Date = date  # ``date`` inside Week is the field's name


class Week(FrozenValue):
    __slots__ = ("date", "deliverables", "number", "topic")
    number: int
    date: date
    topic: str
    deliverables: tuple[str, ...]

    def __init__(self, number: int, date: _Date, topic: str,
                 deliverables: tuple[str, ...] = ()) -> None:
        init = object.__setattr__
        init(self, "number", number)
        init(self, "date", date)
        init(self, "topic", topic)
        init(self, "deliverables", deliverables)


class LatePolicy(FrozenValue):
    """``[reviews.late]``: a review up to ``window_hours`` after a due time still counts toward
    that batch, less ``penalty_per_day`` points per started day late."""

    __slots__ = ("penalty_per_day", "window_hours")
    window_hours: float
    penalty_per_day: int

    def __init__(self, window_hours: float, penalty_per_day: int = 0) -> None:
        init = object.__setattr__
        init(self, "window_hours", window_hours)
        init(self, "penalty_per_day", penalty_per_day)


class Extension(FrozenValue):
    """One entry of ``[[extensions]]`` (or ``paperdesk extend`` / ``excuse``): for one student,
    a later due time for batch ``batch`` (1-based), or a review ``reading`` counted as on time."""

    __slots__ = ("batch", "reading", "reason", "student", "until")
    student: str  # email, SIS login or name, as the instructor wrote it
    batch: int
    until: datetime | None
    reading: str
    reason: str

    def __init__(self, student: str, batch: int = 0, until: datetime | None = None,
                 reading: str = "", reason: str = "") -> None:
        init = object.__setattr__
        init(self, "student", student)
        init(self, "batch", batch)
        init(self, "until", until)
        init(self, "reading", reading)
        init(self, "reason", reason)


class ReviewRules(FrozenValue):
    __slots__ = ("batches", "late", "marked", "page_limit", "points_per_review")
    batches: tuple[Batch, ...]
    points_per_review: int
    page_limit: int
    late: LatePolicy | None  # None: a late review earns nothing
    # [grading] mode = "marked": a counted review earns its points only once a grader marks it
    marked: bool

    def __init__(self, batches: tuple[Batch, ...], points_per_review: int, page_limit: int,
                 late: LatePolicy | None = None, marked: bool = False) -> None:
        init = object.__setattr__
        init(self, "batches", batches)
        init(self, "points_per_review", points_per_review)
        init(self, "page_limit", page_limit)
        init(self, "late", late)
        init(self, "marked", marked)

    @property
    def max_points(self) -> int:
        return self.points_per_review * sum(b.size for b in self.batches)

    @property
    def total_reviews(self) -> int:
        return sum(b.size for b in self.batches)


class Course(FrozenValue):
    __slots__ = ("calendar", "extensions", "id", "institution", "instructor", "lms_assignment",
                 "lms_assignment_id", "name", "rubric", "rules", "tampered", "term", "timezone",
                 "url")
    name: str
    term: str
    instructor: str
    timezone: ZoneInfo
    rules: ReviewRules
    calendar: tuple[Week, ...]
    institution: str
    url: str
    # ``[course] id``, else made from name and term: what state kept per course is filed under
    id: str
    extensions: tuple[Extension, ...]
    lms_assignment: str  # [lms] assignment: the Canvas column's name
    lms_assignment_id: str  # [lms] assignment_id: Canvas's id, when known
    tampered: str  # [collect] tampered: count | flag | zero
    rubric: tuple[RubricItem, ...]  # [[reviews.rubric]]: a review's points are their sum

    def __init__(self, name: str, term: str, instructor: str, timezone: ZoneInfo,
                 rules: ReviewRules, calendar: tuple[Week, ...] = (), institution: str = "",
                 url: str = "", id: str = "", extensions: tuple[Extension, ...] = (),
                 lms_assignment: str = "Reading reviews", lms_assignment_id: str = "",
                 tampered: str = "flag", rubric: tuple[RubricItem, ...] = ()) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "term", term)
        init(self, "instructor", instructor)
        init(self, "timezone", timezone)
        init(self, "rules", rules)
        init(self, "calendar", calendar)
        init(self, "institution", institution)
        init(self, "url", url)
        init(self, "id", id)
        init(self, "extensions", extensions)
        init(self, "lms_assignment", lms_assignment)
        init(self, "lms_assignment_id", lms_assignment_id)
        init(self, "tampered", tampered)
        init(self, "rubric", rubric)

    def week_of(self, when: datetime) -> Week | None:
        """The calendar week that ``when`` falls in (from its date until the next week's)."""
        local = when.astimezone(self.timezone).date()
        current: Week | None = None
        for week in self.calendar:
            if week.date <= local:
                current = week
        return current


def _require(table: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in table:
        raise CourseError(f"{where} has no {key!r}")
    return table[key]


def _tables(value: Any, name: str) -> list[Mapping[str, Any]]:
    """An array of tables (``[[name]]`` blocks), or a CourseError saying what it is instead."""
    if not isinstance(value, list) or not all(isinstance(v, Mapping) for v in value):
        raise CourseError(f"{name} must be written as [[{name}]] blocks, one per item")
    return value


def _to_datetime(value: Any, tz: ZoneInfo, where: str) -> datetime:
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        dt = datetime.combine(value, time(0, 0))
    elif isinstance(value, str):
        try:
            dt = datetime.fromisoformat(value)
        except ValueError as exc:
            raise CourseError(f"{where}: {value!r} is not an ISO 8601 date and time") from exc
    else:
        raise CourseError(f"{where}: expected a date and time, got {value!r}")
    return dt.replace(tzinfo=tz) if dt.tzinfo is None else dt


def _positive_int(value: Any, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CourseError(f"{where}: expected a whole number >= 0, got {value!r}")
    return value


def _week(w: Mapping[str, Any], i: int, where: str) -> Week:
    day = _require(w, "date", where)
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError as exc:
            raise CourseError(f"{where}: {day!r} is not an ISO date") from exc
    if isinstance(day, datetime):
        day = day.date()
    if not isinstance(day, date):
        raise CourseError(f"{where}: date must be a date like 2021-03-31, got {day!r}")
    number = w.get("week", i)
    if not isinstance(number, int) or isinstance(number, bool):
        raise CourseError(f"{where}: week must be a whole number, got {number!r}")
    deliverables = w.get("deliverables", []) or []
    if isinstance(deliverables, str):
        deliverables = [deliverables]
    if not isinstance(deliverables, list):
        raise CourseError(f"{where}: deliverables must be a list of strings")
    return Week(number=number, date=day, topic=str(w.get("topic", "")),
                deliverables=tuple(str(d) for d in deliverables))


def course_from_mapping(data: Mapping[str, Any]) -> Course:
    """Build a :class:`Course` from the parsed TOML tables; raises CourseError naming the field."""
    info = data.get("course")
    if not isinstance(info, Mapping):
        raise CourseError("missing the [course] table")
    tz_name = str(_require(info, "timezone", "[course]"))
    try:
        tz = ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise CourseError(f"[course] timezone {tz_name!r} is not a known time zone") from exc

    reviews = data.get("reviews")
    if not isinstance(reviews, Mapping):
        raise CourseError("missing the [reviews] table")
    raw_batches = _tables(_require(reviews, "batches", "[reviews]"), "reviews.batches")
    if not raw_batches:
        raise CourseError("[reviews] needs at least one [[reviews.batches]]")
    batches = []
    for i, b in enumerate(raw_batches, 1):
        where = f"[[reviews.batches]] #{i}"
        batches.append(
            Batch(
                name=str(b.get("name", f"Batch {i}")),
                due=_to_datetime(_require(b, "due", where), tz, f"{where} due"),
                size=_positive_int(_require(b, "size", where), f"{where} size"),
            )
        )
    batches.sort(key=lambda b: b.due)
    rules = ReviewRules(
        batches=tuple(batches),
        points_per_review=_positive_int(
            _require(reviews, "points_per_review", "[reviews]"), "[reviews] points_per_review"
        ),
        page_limit=_positive_int(
            _require(reviews, "page_limit", "[reviews]"), "[reviews] page_limit"
        ),
    )
    late = reviews.get("late")
    if late is not None:
        if not isinstance(late, Mapping):
            raise CourseError("[reviews.late] must be a table with window_hours, penalty_per_day")
        hours = _require(late, "window_hours", "[reviews.late]")
        if not isinstance(hours, int | float) or isinstance(hours, bool) or hours < 0:
            raise CourseError(f"[reviews.late] window_hours: expected a number >= 0, got {hours!r}")
        rules = ReviewRules(rules.batches, rules.points_per_review, rules.page_limit, LatePolicy(
            float(hours), _positive_int(late.get("penalty_per_day", 0),
                                        "[reviews.late] penalty_per_day")))
    grading = data.get("grading", {})
    if not isinstance(grading, Mapping):
        raise CourseError("[grading] must be a table")
    mode = grading.get("mode", "automatic")
    if mode not in GRADING_MODES:
        raise CourseError(f"[grading] mode: expected one of {', '.join(GRADING_MODES)}, "
                          f"got {mode!r}")
    rules = rules.replace(marked=mode == "marked")
    rubric = parse_rubric(reviews.get("rubric"), rules.points_per_review)
    extensions = [_extension(e, i, tz, len(batches))
                  for i, e in enumerate(_tables(data.get("extensions", []), "extensions"), 1)]
    lms = data.get("lms", {})
    collect = data.get("collect", {})
    if not isinstance(lms, Mapping) or not isinstance(collect, Mapping):
        raise CourseError("[lms] and [collect] must be tables")
    tampered = str(collect.get("tampered", "flag"))
    if tampered not in TAMPERED_MODES:
        raise CourseError(f"[collect] tampered: expected one of {', '.join(TAMPERED_MODES)}, "
                          f"got {tampered!r}")
    weeks = []
    for i, w in enumerate(_tables(data.get("calendar", []), "calendar"), 1):
        where = f"[[calendar]] #{i}"
        weeks.append(_week(w, i, where))
    return Course(
        name=str(_require(info, "name", "[course]")),
        term=str(info.get("term", "")),
        instructor=str(info.get("instructor", "")),
        timezone=tz,
        rules=rules,
        calendar=tuple(sorted(weeks, key=lambda w: w.date)),
        institution=str(info.get("institution", "")),
        url=str(info.get("url", "")),
        id=course_id(info),
        extensions=tuple(extensions),
        lms_assignment=str(lms.get("assignment", "Reading reviews")),
        lms_assignment_id=str(lms.get("assignment_id", "")),
        tampered=tampered,
        rubric=rubric,
    )


def course_id(info: Mapping[str, Any]) -> str:
    """``[course] id`` if set, else name and term as a slug: 'deep-generative-models-spring-2021'.

    It names the course in state shared between courses (one database, several terms), so it
    stays the same when the rest of course.toml changes."""
    explicit = info.get("id")
    if explicit is not None:
        if not isinstance(explicit, str) or not explicit.strip():
            raise CourseError(f"[course] id: expected a non-empty string, got {explicit!r}")
        return explicit.strip()
    words = f"{info.get('name', '')} {info.get('term', '')}"
    ascii_only = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only.lower()).strip("-")


TAMPERED_MODES = ("count", "flag", "zero")
GRADING_MODES = ("automatic", "marked")


def _extension(e: Mapping[str, Any], i: int, tz: ZoneInfo, batches: int) -> Extension:
    where = f"[[extensions]] #{i}"
    student = str(_require(e, "student", where)).strip()
    reading = str(e.get("reading", "")).strip()
    if reading:
        return Extension(student, reading=reading, reason=str(e.get("reason", "")))
    batch = _positive_int(_require(e, "batch", where), f"{where} batch")
    if not 1 <= batch <= batches:
        raise CourseError(f"{where} batch: expected 1 to {batches}, got {batch}")
    until = _to_datetime(_require(e, "until", where), tz, f"{where} until")
    return Extension(student, batch=batch, until=until, reason=str(e.get("reason", "")))
