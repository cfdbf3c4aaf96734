"""Whose state it is, and the state of a reading nobody marked: what a warm ``paperdesk list``
needs of :mod:`paperdesk.core.status`, without building that module's two ``StrEnum`` classes
(enum's metaclass work costs the list more than reading its snapshot)."""

from __future__ import annotations

from paperdesk.core.values import FrozenValue

UNREAD = "unread"  # ReadingStatus.UNREAD is this word: the status column's default


class Owner(FrozenValue):
    """Whose state it is: a course (``Course.id``) and a student (email, else name)."""

    __slots__ = ("course", "student")
    course: str
    student: str

    def __init__(self, course: str, student: str) -> None:
        object.__setattr__(self, "course", course)
        object.__setattr__(self, "student", student)
