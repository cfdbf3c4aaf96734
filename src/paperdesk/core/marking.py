"""Marking progress: which counted reviews a grader has marked, per TA and overall. Pure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from paperdesk.core.gradebook import COUNTED, Gradebook, GradedReview, StudentGrade


@dataclass(frozen=True)
class Unmarked:
    student: StudentGrade
    review: GradedReview


@dataclass(frozen=True)
class Progress:
    marked: int
    total: int
    by_grader: tuple[tuple[str, int], ...]  # (grader, reviews marked), most first
    todo: tuple[Unmarked, ...]

    def lines(self) -> list[str]:
        out = [f"Marked: {self.marked} of {self.total} counted reviews"
               + (f" ({self.total - self.marked} to mark)" if self.total > self.marked else "")]
        out += [f"  {who or '(no grader named)'}: {n}" for who, n in self.by_grader]
        return out


def to_mark(r: GradedReview) -> bool:
    """A review a grader should read: one that counted (a late one with room counts too)."""
    return r.outcome == COUNTED


def progress(book: Gradebook) -> Progress:
    graders: Counter[str] = Counter()
    todo: list[Unmarked] = []
    total = marked = 0
    for s in book.students:
        for r in s.reviews:
            if r.override is not None:
                graders[r.override.grader] += 1
            if not to_mark(r):
                continue
            total += 1
            if r.override is not None:
                marked += 1
            else:
                todo.append(Unmarked(s, r))
    ranked = tuple(sorted(graders.items(), key=lambda kv: (-kv[1], kv[0].casefold())))
    return Progress(marked, total, ranked, tuple(todo))
