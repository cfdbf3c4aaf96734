"""A review: front matter (reading, student, status, submitted, title) and a Markdown body.

Parsing and writing the file format live in :mod:`paperdesk.core.review_format`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

DRAFT = "draft"
FINAL = "final"
STATUSES = (DRAFT, FINAL)


@dataclass(frozen=True)
class Review:
    reading: str
    body: str
    student: str = ""
    email: str = ""
    status: str = DRAFT
    submitted: datetime | None = None
    title: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def is_final(self) -> bool:
        return self.status == FINAL and self.submitted is not None
