"""This week: which calendar week ``now`` is in, its readings still to review, and the burn-up
of final reviews against the pace each deadline needs. Pure: dates in, numbers out."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from paperdesk.core.course import Course, Week
from paperdesk.core.deadlines import standing
from paperdesk.core.latex import fold
from paperdesk.core.reading import Reading
from paperdesk.core.review import DRAFT, FINAL, Review
from paperdesk.core.status import ReadingStatus

# Words that say nothing about a topic ("Basic VAEs", "Creating GANs", "Course basics").
_GENERIC = frozenset(
    """a an and the of to on for with in at by other others help basic basics advanced intro
    introduction creating getting know folks course final project projects part review reviews
    applications application""".split()  # noqa: SIM905 (a word list reads better as text)
)
REVIEWED = (DRAFT, FINAL)


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", fold(text))
    return {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words} - _GENERIC


def topics_of_week(week: Week, topics: Sequence[str]) -> list[str]:
    """The reading-list topics that a calendar topic is about, by shared significant words
    ('Transformers (& other autoregressive models)' -> 'Advanced Transformers', ...)."""
    wanted = _stems(week.topic)
    return [t for t in topics if wanted & _stems(t)]


def week_end(course: Course, week: Week) -> date:
    """The day after the week's last day: the next class, or a week after the last one."""
    later = [w.date for w in course.calendar if w.date > week.date]
    return min(later) if later else week.date + timedelta(days=7)


@dataclass(frozen=True)
class ReadNext:
    """What to read next: the week's own unreviewed readings, then others (in list order)."""

    this_week: list[Reading]
    others: list[Reading]
    needed: int  # final reviews still missing for the next deadline


def read_next(week: Week | None, readings: Sequence[Reading], statuses: Mapping[str, str],
              needed: int, at_least: int = 5) -> ReadNext:
    topics = list(dict.fromkeys(r.topic for r in readings))
    chosen = set(topics_of_week(week, topics)) if week else set()
    open_ = [r for r in readings if statuses.get(r.key, ReadingStatus.UNREAD) not in REVIEWED]
    mine = [r for r in open_ if r.topic in chosen]
    want = max(needed, at_least) - len(mine)
    others = [r for r in open_ if r.topic not in chosen][: max(want, 0)]
    return ReadNext(mine, others, needed)


@dataclass(frozen=True)
class BurnPoint:
    """One calendar week of the burn-up: reviews final by its end, and what the pace needs."""

    week: Week
    done: int | None  # None for a week that has not started
    needed: int
    current: bool


def pace(course: Course, when: datetime, closed: Mapping[str, int] | None = None) -> float:
    """Final reviews the deadlines need by ``when``: straight lines from the first class to
    each due time, each batch adding its size. ``closed`` holds what the batches already
    closed got: past its due time a closed batch adds only that, so a missed batch does not
    leave the student "behind" forever, and the pace after it is the next batch's."""
    start = datetime.combine(course.calendar[0].date, datetime.min.time(),
                             course.timezone) if course.calendar else None
    total = 0.0
    previous = start
    for batch in course.rules.batches:
        if previous is None or when >= batch.due:
            total += (closed or {}).get(batch.name, batch.size)
            previous = batch.due
            continue
        span = (batch.due - previous).total_seconds()
        part = (when - previous).total_seconds() / span if span > 0 else 1.0
        return total + batch.size * min(max(part, 0.0), 1.0)
    return total


def burnup(course: Course, reviews: Iterable[Review], now: datetime) -> list[BurnPoint]:
    reviews = list(reviews)
    finals = sorted(r.submitted for r in reviews if r.is_final and r.submitted is not None)
    closed = {b.name: len(b.counted) for b in standing(reviews, course.rules, now).batches
              if b.passed}
    current = course.week_of(now)
    points = []
    total = course.rules.total_reviews
    for week in course.calendar:
        end = datetime.combine(week_end(course, week), datetime.min.time(), course.timezone)
        started = datetime.combine(week.date, datetime.min.time(), course.timezone) <= now
        upto = min(end, now)
        done = min(sum(1 for t in finals if t <= upto), total) if started else None
        needed = min(math.ceil(pace(course, end, closed) - 1e-9), total)
        points.append(BurnPoint(week, done, needed, current is not None and week == current))
    return points
