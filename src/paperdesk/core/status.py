"""The words of state, each spelled once: how far a student is with a reading, and what became
of a review when it was graded. Both are ``StrEnum``: they compare equal to (and print as) the
strings stored in the database, the review files and the JSON output."""

from __future__ import annotations

from enum import StrEnum

from paperdesk.core.owner import UNREAD as _UNREAD
from paperdesk.core.owner import Owner as Owner  # its home was here: imported from here too


class ReadingStatus(StrEnum):
    """How far the student is with a reading (``paperdesk mark``, the desk's ``m``)."""

    UNREAD = _UNREAD
    READING = "reading"
    READ = "read"

    def next(self) -> ReadingStatus:
        """The next in the cycle unread -> reading -> read -> unread."""
        order = list(ReadingStatus)
        return order[(order.index(self) + 1) % len(order)]

    @classmethod
    def parse(cls, text: str) -> ReadingStatus:
        """The status spelled ``text``; ValueError naming the choices otherwise."""
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"unknown reading status {text!r} "
                             f"(expected {', '.join(cls)})") from None


class Outcome(StrEnum):
    """What became of a review when it was graded (``collect``, the gradebook)."""

    COUNTED = "counted"
    LATE = "late"
    OVER_LENGTH = "over length"
    DUPLICATE = "duplicate"
    UNKNOWN_READING = "unknown reading"
    DRAFT = "draft"
    UNREADABLE = "unreadable"
    NOT_COUNTED = "not counted"
    TAMPERED = "tampered"  # from a hand-in whose manifest disagrees, under tampered = "zero"

    @property
    def earns(self) -> bool:
        """Only a counted review earns points (how many: ``Standing.review_points``)."""
        return self is Outcome.COUNTED
