"""The batch rules: which final reviews count, toward which deadline, for how many points.

Final reviews are taken in submission order. Each goes to the earliest batch that is due on or
after its submission time and still has room; a review no batch can take is late and earns
nothing. A reading counts once, however many reviews of it there are. Every number comes from
``course.toml`` (:class:`~paperdesk.core.course.ReviewRules`).

Exceptions, the same for ``status`` and the instructor's gradebook: an extension moves one
batch's due time for one student; an excused review counts as on time (toward the first batch due
after it with room, else the last batch with room); with a late policy (``[reviews.late]``), a
review no batch took on time still counts toward a batch with room whose due time it missed by at
most ``window_hours``, less ``penalty_per_day`` points per started day.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta, tzinfo

from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from paperdesk.core.course import Batch, Extension, ReviewRules
    from paperdesk.core.review import Review

# FrozenValues, not dataclasses: ``status``, ``submit`` and ``unsubmit`` start without loading
# dataclasses and inspect.


class BatchStanding(FrozenValue):
    __slots__ = ("counted", "days_left", "due", "extended", "name", "passed", "size")
    name: str
    due: datetime
    size: int
    counted: tuple[str, ...]  # reading keys, in submission order
    days_left: int  # calendar days from today to the due date, in the due time's zone
    passed: bool  # the due time is behind us
    extended: bool  # ``due`` is this student's extension, not the course's

    def __init__(self, name: str, due: datetime, size: int, counted: tuple[str, ...],
                 days_left: int, passed: bool, extended: bool = False) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "due", due)
        init(self, "size", size)
        init(self, "counted", counted)
        init(self, "days_left", days_left)
        init(self, "passed", passed)
        init(self, "extended", extended)

    @property
    def remaining(self) -> int:
        return max(self.size - len(self.counted), 0)

    @property
    def full(self) -> bool:
        return self.remaining == 0

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "due": self.due.isoformat(),
            "size": self.size,
            "counted": list(self.counted),
            "remaining": self.remaining,
            "days_left": self.days_left,
            "passed": self.passed,
            "extended": self.extended,
        }


class Standing(FrozenValue):
    __slots__ = ("batches", "drafts", "duplicates", "excused", "late", "max_points", "now",
                 "penalties", "points", "points_per_review", "student")
    now: datetime
    student: str
    batches: tuple[BatchStanding, ...]
    late: tuple[str, ...]  # final, but after the last due time or beyond every batch's size
    duplicates: tuple[str, ...]  # final reviews of a reading that already counted
    drafts: tuple[str, ...]
    points: int
    max_points: int
    points_per_review: int
    penalties: Mapping[str, int]  # counted late: points taken
    excused: tuple[str, ...]  # counted as on time by an excusal

    def __init__(self, now: datetime, student: str, batches: tuple[BatchStanding, ...],
                 late: tuple[str, ...], duplicates: tuple[str, ...], drafts: tuple[str, ...],
                 points: int, max_points: int, points_per_review: int,
                 penalties: Mapping[str, int] | None = None, excused: tuple[str, ...] = ()
                 ) -> None:
        init = object.__setattr__
        init(self, "now", now)
        init(self, "student", student)
        init(self, "batches", batches)
        init(self, "late", late)
        init(self, "duplicates", duplicates)
        init(self, "drafts", drafts)
        init(self, "points", points)
        init(self, "max_points", max_points)
        init(self, "points_per_review", points_per_review)
        init(self, "penalties", {} if penalties is None else penalties)
        init(self, "excused", excused)

    def review_points(self, key: str) -> int:
        """What one counted review earns (0 when it does not count)."""
        if key not in self.counted:
            return 0
        return points_for(self.points_per_review, self.penalties.get(key, 0))

    @property
    def next_batch(self) -> BatchStanding | None:
        """The first batch still open (not yet due) that has room; None when none is left."""
        return next((b for b in self.batches if not b.passed and not b.full), None)

    @property
    def counted(self) -> tuple[str, ...]:
        return tuple(k for b in self.batches for k in b.counted)

    @property
    def reachable(self) -> int:
        """The most points still possible: what counts now, plus the room of open batches."""
        room = sum(b.remaining for b in self.batches if not b.passed)
        return min(self.points + room * self.points_per_review, self.max_points)

    @property
    def candidates(self) -> tuple[str, ...]:
        """Drafts whose submission now would count toward :attr:`next_batch`."""
        if self.next_batch is None:
            return ()
        finals = set(self.counted) | set(self.late)
        return tuple(k for k in self.drafts if k not in finals)

    def to_json(self) -> dict[str, Any]:
        nxt = self.next_batch
        return {
            "now": self.now.isoformat(),
            "student": self.student,
            "points": self.points,
            "max_points": self.max_points,
            "points_per_review": self.points_per_review,
            "reachable_points": self.reachable,
            "batches": [b.to_json() for b in self.batches],
            "late": list(self.late),
            "duplicates": list(self.duplicates),
            "drafts": list(self.drafts),
            "late_penalties": dict(self.penalties),
            "excused": list(self.excused),
            "next": None if nxt is None else {
                "name": nxt.name,
                "due": nxt.due.isoformat(),
                "remaining": nxt.remaining,
                "days_left": nxt.days_left,
                "candidates": list(self.candidates),
            },
        }


def days_between(now: datetime, due: datetime) -> int:
    """Calendar days from ``now`` to ``due``, counted in the due time's zone (0 = due today)."""
    zone = due.tzinfo
    return (due.date() - now.astimezone(zone).date()).days


class StudentExceptions(FrozenValue):
    """What applies to one student only: extended due times (batch number, 1-based, in due
    order -> new due time) and excused readings."""

    __slots__ = ("excused", "extensions")
    extensions: Mapping[int, datetime]
    excused: frozenset[str]

    def __init__(self, extensions: Mapping[int, datetime] | None = None,
                 excused: frozenset[str] = frozenset()) -> None:
        init = object.__setattr__
        init(self, "extensions", {} if extensions is None else extensions)
        init(self, "excused", excused)


def exceptions_for(entries: Iterable[Extension], who: Iterable[str]) -> StudentExceptions:
    """The entries of ``[[extensions]]`` (or the gradebook's) naming one of ``who`` (the
    student's email, SIS login, name: compared without case)."""
    names = {w.strip().casefold() for w in who if w and w.strip()}
    extensions: dict[int, datetime] = {}
    excused: set[str] = set()
    for e in entries:
        if e.student.strip().casefold() not in names:
            continue
        if e.reading:
            excused.add(e.reading)
        elif e.until is not None and e.batch and (
                e.batch not in extensions or e.until > extensions[e.batch]):
            extensions[e.batch] = e.until  # two extensions of one batch: the later wins
    return StudentExceptions(extensions, frozenset(excused))


def points_for(points_per_review: int, penalty: int = 0) -> int:
    """The points rule, the one place it is written: a counted review earns the course's points
    per review less its late penalty, never below zero (``status``, ``collect``, the gradebook).
    The total is capped at the course's maximum by :func:`standing`."""
    return max(points_per_review - penalty, 0)


def standing(reviews: Iterable[Review], rules: ReviewRules, now: datetime,
             student: str = "", exceptions: StudentExceptions | None = None) -> Standing:
    """Where the student stands at ``now`` (an aware time) under ``rules``."""
    reviews = list(reviews)
    exc = exceptions or StudentExceptions()
    finals = sorted((r for r in reviews if r.is_final),
                    key=lambda r: (r.submitted, r.reading))
    batches: list[Batch] = sorted(rules.batches, key=lambda b: b.due)
    dues = [exc.extensions.get(i + 1, b.due) for i, b in enumerate(batches)]
    counted: list[list[str]] = [[] for _ in batches]
    seen: set[str] = set()
    late: list[Review] = []
    excused: list[Review] = []
    duplicates: list[str] = []

    def room(i: int) -> bool:
        return len(counted[i]) < batches[i].size

    for review in finals:
        assert review.submitted is not None  # is_final guarantees it
        if review.reading in seen:
            duplicates.append(review.reading)
            continue
        seen.add(review.reading)  # a second review of it would be later still
        if review.reading in exc.excused:
            excused.append(review)
            continue
        for i in range(len(batches)):
            if review.submitted <= dues[i] and room(i):
                counted[i].append(review.reading)
                break
        else:
            late.append(review)
    excused_counted: list[str] = []
    for review in excused:  # as if on time: after the others took their places
        assert review.submitted is not None
        free = [i for i in range(len(batches)) if room(i)]
        after = [i for i in free if review.submitted <= dues[i]]
        if free:
            counted[after[0] if after else free[-1]].append(review.reading)
            excused_counted.append(review.reading)
        else:
            late.append(review)
    penalties: dict[str, int] = {}
    still_late: list[str] = []
    for review in sorted(late, key=lambda r: (r.submitted, r.reading)):
        assert review.submitted is not None
        taken = _late_batch(review.submitted, dues, room, rules)
        if taken is None:
            still_late.append(review.reading)
            continue
        counted[taken].append(review.reading)
        assert rules.late is not None
        days = math.ceil((review.submitted - dues[taken]) / timedelta(days=1))
        penalties[review.reading] = days * rules.late.penalty_per_day
    final_keys = {r.reading for r in finals}
    drafts = tuple(dict.fromkeys(
        r.reading for r in reviews if not r.is_final and r.reading not in final_keys))
    earned = sum(points_for(rules.points_per_review, penalties.get(k, 0))
                 for c in counted for k in c)
    return Standing(
        now=now,
        student=student,
        batches=tuple(
            BatchStanding(b.name, due, b.size, tuple(c), days_between(now, due), now > due,
                          extended=due != b.due)
            for b, due, c in zip(batches, dues, counted, strict=True)
        ),
        late=tuple(still_late),
        duplicates=tuple(duplicates),
        drafts=drafts,
        points=min(earned, rules.max_points),
        max_points=rules.max_points,
        points_per_review=rules.points_per_review,
        penalties=penalties,
        excused=tuple(excused_counted),
    )


def _late_batch(submitted: datetime, dues: list[datetime], room: Any,
                rules: ReviewRules) -> int | None:
    """The batch a late review still counts toward under the late policy, None when none."""
    if rules.late is None:
        return None
    window = timedelta(hours=rules.late.window_hours)
    for i, due in enumerate(dues):
        if due < submitted <= due + window and room(i):
            return i
    return None


def when_text(value: datetime, tz: tzinfo) -> str:
    """'Wed 21 Apr 2021 16:00 CDT': a time as the student reads it, in the course's zone."""
    return value.astimezone(tz).strftime("%a %d %b %Y %H:%M %Z").strip()


def days_phrase(batch: BatchStanding) -> str:
    """'in 6 days', 'tomorrow', 'today', 'earlier today', 'yesterday', '3 days ago'."""
    n = batch.days_left
    if batch.passed:
        return "earlier today" if n == 0 else "yesterday" if n == -1 else f"{-n} days ago"
    return "today" if n == 0 else "tomorrow" if n == 1 else f"in {n} days"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def missing_note(st: Standing, index: int, tz: tzinfo) -> str | None:
    """What batch ``index`` still lacks, in one sentence; None when it is complete.

    'Batch 1 has 7 of 10 reviews; 3 missing: due Wed 21 Apr 2021 16:00 CDT (in 6 days);
    2 drafts would count once submitted: a, b (1 more to write)'.
    """
    bs = st.batches[index]
    if not bs.remaining:
        return None
    note = f"{bs.name} has {len(bs.counted)} of {bs.size} reviews; {bs.remaining} missing"
    due = f"{when_text(bs.due, tz)} ({days_phrase(bs)})"
    if bs.passed:
        return f"{note}: it closed {due}, so no review can count toward it now"
    note += f": due {due}"
    nxt = st.next_batch
    if nxt is not None and nxt is not bs:
        return f"{note}; reviews submitted now count toward {nxt.name} first"
    drafts = st.candidates[: bs.remaining]
    if not drafts:
        return f"{note}; no drafts waiting (paperdesk review KEY starts one)"
    more = bs.remaining - len(drafts)
    return (f"{note}; {_plural(len(drafts), 'draft')} would count once submitted: "
            f"{', '.join(drafts)}" + (f" ({more} more to write)" if more else ""))
