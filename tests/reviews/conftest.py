"""Helpers for the reviews tests: the course's rules, review texts, files in a workspace."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from paperdesk.core.course import Batch, ReviewRules
from paperdesk.core.review import DRAFT, FINAL, Review

CHICAGO = ZoneInfo("America/Chicago")
DUE_1 = datetime(2021, 4, 21, 16, 0, tzinfo=CHICAGO)
DUE_2 = datetime(2021, 5, 26, 16, 0, tzinfo=CHICAGO)
RULES = ReviewRules(
    batches=(Batch("Batch 1", DUE_1, 10), Batch("Batch 2", DUE_2, 10)),
    points_per_review=2,
    page_limit=1,
)


def at(text: str) -> datetime:
    """An aware time from ISO 8601; naive means Chicago (the course's zone)."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=CHICAGO)


def final(key: str, when: str) -> Review:
    return Review(reading=key, body="A review.\n", student="Ada", status=FINAL, submitted=at(when))


def draft(key: str) -> Review:
    return Review(reading=key, body="Half a review.\n", student="Ada", status=DRAFT)


def review_text(key: str, body: str = "I read it and have thoughts.\n", status: str = "draft",
                submitted: str | None = None) -> str:
    lines = ["---", f"reading: {key}", "student: Ada Lovelace", f"status: {status}"]
    if submitted:
        lines.append(f"submitted: {submitted}")
    return "\n".join([*lines, "---", ""]) + body


@pytest.fixture
def keys(course_ws: Path) -> list[str]:
    """Citekeys of the course workspace's readings, in file order."""
    from paperdesk.services.context import Context

    return [r.key for r in Context.discover(str(course_ws)).catalog.readings]


def write(ws: Path, name: str, data: str | bytes) -> Path:
    path = ws / "reviews" / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path
