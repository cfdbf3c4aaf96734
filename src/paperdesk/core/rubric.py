"""Marking by rubric: ``[[reviews.rubric]]`` items, and a review's points as their sum.

Pure. An item has a name, the points it is worth and a one-line description; a grader gives each
item a score from 0 to its points (1 and 0 make it a checkbox), and the review earns the sum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from paperdesk.core.errors import CourseError, PaperdeskError
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any


class RubricItem(FrozenValue):
    __slots__ = ("description", "name", "points")
    name: str
    points: int
    description: str

    def __init__(self, name: str, points: int, description: str = "") -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "points", points)
        init(self, "description", description)


def parse_rubric(raw: Any, points_per_review: int) -> tuple[RubricItem, ...]:
    """``[[reviews.rubric]]`` as items; their points may not add up past a review's."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, Mapping) for x in raw):
        raise CourseError("[[reviews.rubric]] must be tables with name, points, description")
    items: list[RubricItem] = []
    for i, x in enumerate(raw, 1):
        where = f"[[reviews.rubric]] #{i}"
        name = str(x.get("name", "")).strip()
        points = x.get("points")
        if not name:
            raise CourseError(f"{where}: needs a name")
        if any(it.name.casefold() == name.casefold() for it in items):
            raise CourseError(f"{where}: the name {name!r} is used twice")
        if isinstance(points, bool) or not isinstance(points, int) or points < 1:
            raise CourseError(f"{where} points: expected a whole number >= 1, got {points!r}")
        items.append(RubricItem(name, points, " ".join(str(x.get("description", "")).split())))
    total = sum(it.points for it in items)
    if total > points_per_review:
        raise CourseError(f"[[reviews.rubric]]: the items add up to {total} points, more than "
                          f"[reviews] points_per_review ({points_per_review})")
    return tuple(items)


def rubric_points(items: Sequence[RubricItem], scores: Mapping[str, int]) -> int:
    """The sum of the scores, each checked against its item; every item must be scored."""
    by_name = {it.name.casefold(): it for it in items}
    given: dict[str, int] = {}
    for name, score in scores.items():
        item = by_name.get(name.casefold())
        if item is None:
            raise PaperdeskError(f"the rubric has no item {name!r} (it has "
                                 f"{', '.join(it.name for it in items)})")
        if not 0 <= score <= item.points:
            raise PaperdeskError(f"{item.name}: a score from 0 to {item.points}, not {score}")
        given[item.name] = score
    missing = [it.name for it in items if it.name not in given]
    if missing:
        raise PaperdeskError(f"score every rubric item: {', '.join(missing)} not given")
    return sum(given.values())


def parse_scores(pairs: Sequence[str]) -> dict[str, int]:
    """``NAME=SCORE`` arguments as a mapping."""
    out: dict[str, int] = {}
    for pair in pairs:
        name, sep, value = pair.rpartition("=")
        if not sep or not name.strip():
            raise PaperdeskError(f"--rubric {pair!r}: expected NAME=SCORE")
        try:
            out[name.strip()] = int(value)
        except ValueError as exc:
            raise PaperdeskError(f"--rubric {pair!r}: the score is not a whole number") from exc
    return out
