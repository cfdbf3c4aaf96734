"""A review: front matter (reading, student, status, submitted, title) and a Markdown body.

Parsing and writing the file format live in :mod:`paperdesk.core.review_format`.
"""

from __future__ import annotations

from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Any

DRAFT = "draft"
FINAL = "final"
STATUSES = (DRAFT, FINAL)


class Review(FrozenValue):
    # A FrozenValue, not a dataclass: status, submit and unsubmit load no dataclasses.
    __slots__ = ("body", "email", "extra", "reading", "status", "student", "submitted", "title")
    # ``extra`` (the front matter's other fields) is kept but never compared or hashed.
    _compared = ("reading", "body", "student", "email", "status", "submitted", "title")
    reading: str
    body: str
    student: str
    email: str
    status: str
    submitted: datetime | None
    title: str
    extra: dict[str, Any]

    def __init__(self, reading: str, body: str, student: str = "", email: str = "",
                 status: str = DRAFT, submitted: datetime | None = None, title: str = "",
                 extra: dict[str, Any] | None = None) -> None:
        init = object.__setattr__
        init(self, "reading", reading)
        init(self, "body", body)
        init(self, "student", student)
        init(self, "email", email)
        init(self, "status", status)
        init(self, "submitted", submitted)
        init(self, "title", title)
        init(self, "extra", {} if extra is None else extra)

    @property
    def is_final(self) -> bool:
        return self.status == FINAL and self.submitted is not None
