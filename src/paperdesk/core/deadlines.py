"""The batch rules: which final reviews count, toward which deadline, for how many points.

Final reviews are taken in submission order. Each goes to the earliest batch that is due on or
after its submission time and still has room; a review no batch can take is late and earns
nothing. A reading counts once, however many reviews of it there are. Every number comes from
``course.toml`` (:class:`~paperdesk.core.course.ReviewRules`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from paperdesk.core.course import Batch, ReviewRules
from paperdesk.core.review import Review


@dataclass(frozen=True)
class BatchStanding:
    name: str
    due: datetime
    size: int
    counted: tuple[str, ...]  # reading keys, in submission order
    days_left: int  # calendar days from today to the due date, in the due time's zone
    passed: bool  # the due time is behind us

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
        }


@dataclass(frozen=True)
class Standing:
    now: datetime
    student: str
    batches: tuple[BatchStanding, ...]
    late: tuple[str, ...]  # final, but after the last due time or beyond every batch's size
    duplicates: tuple[str, ...]  # final reviews of a reading that already counted
    drafts: tuple[str, ...]
    points: int
    max_points: int
    points_per_review: int

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


def standing(reviews: Iterable[Review], rules: ReviewRules, now: datetime,
             student: str = "") -> Standing:
    """Where the student stands at ``now`` (an aware time) under ``rules``."""
    reviews = list(reviews)
    finals = sorted((r for r in reviews if r.is_final),
                    key=lambda r: (r.submitted, r.reading))
    batches: list[Batch] = sorted(rules.batches, key=lambda b: b.due)
    counted: list[list[str]] = [[] for _ in batches]
    seen: set[str] = set()
    late: list[str] = []
    duplicates: list[str] = []
    for review in finals:
        assert review.submitted is not None  # is_final guarantees it
        if review.reading in seen:
            duplicates.append(review.reading)
            continue
        for i, batch in enumerate(batches):
            if review.submitted <= batch.due and len(counted[i]) < batch.size:
                counted[i].append(review.reading)
                seen.add(review.reading)
                break
        else:
            late.append(review.reading)
            seen.add(review.reading)  # a second review of it would be later still
    final_keys = {r.reading for r in finals}
    drafts = tuple(dict.fromkeys(
        r.reading for r in reviews if not r.is_final and r.reading not in final_keys))
    total = sum(len(c) for c in counted)
    return Standing(
        now=now,
        student=student,
        batches=tuple(
            BatchStanding(b.name, b.due, b.size, tuple(c), days_between(now, b.due), now > b.due)
            for b, c in zip(batches, counted, strict=True)
        ),
        late=tuple(late),
        duplicates=tuple(duplicates),
        drafts=drafts,
        points=min(total * rules.points_per_review, rules.max_points),
        max_points=rules.max_points,
        points_per_review=rules.points_per_review,
    )


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
