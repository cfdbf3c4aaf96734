"""Taking a final review back to draft without losing its submission time for nothing.

Un-submitting keeps, in the review's own front matter, when it was submitted and a SHA-256 of
the body as it was then. Submitting again with that same body brings the earlier time back: a
student who un-submits by mistake and re-submits unchanged loses nothing. A changed body is a new
submission, stamped with the new time.

Why the front matter and not the database: the time is part of the student's work (it decides
which batch a review counts toward), and the database is a cache that may be deleted; the file
is written anyway when it turns back into a draft, so nothing is written that was not asked for.
"""

from __future__ import annotations

from datetime import datetime

from paperdesk.core.review import DRAFT, Review
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from paperdesk.core.deadlines import Standing

PREVIOUS_SUBMITTED = "previously_submitted"
PREVIOUS_BODY = "previous_body_sha256"


def body_digest(body: str) -> str:
    """The SHA-256 of a body, blind to line endings and trailing blank space (an editor that
    adds a final newline has not changed the review)."""
    import hashlib  # at the first digest: status with no reviews needs none

    text = "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").split("\n")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def withdrawn(review: Review) -> Review:
    """``review`` as a draft that remembers when it was final, and with what body."""
    extra = {k: v for k, v in review.extra.items() if k not in (PREVIOUS_SUBMITTED, PREVIOUS_BODY)}
    if review.submitted is not None:
        extra[PREVIOUS_SUBMITTED] = review.submitted
        extra[PREVIOUS_BODY] = body_digest(review.body)
    return review.replace(status=DRAFT, submitted=None, extra=extra)


def earlier_submission(review: Review) -> datetime | None:
    """The time the review was last final, if its body is the same as then; else None."""
    when = review.extra.get(PREVIOUS_SUBMITTED)
    digest = review.extra.get(PREVIOUS_BODY)
    if isinstance(when, str):
        try:
            when = datetime.fromisoformat(when.strip())
        except ValueError:
            return None
    if not isinstance(when, datetime) or when.tzinfo is None:
        return None
    return when if digest == body_digest(review.body) else None


def without_history(review: Review) -> Review:
    """The review without the fields :func:`withdrawn` added (once it is final again)."""
    extra = {k: v for k, v in review.extra.items() if k not in (PREVIOUS_SUBMITTED, PREVIOUS_BODY)}
    return review.replace(extra=extra)


class UnsubmitLoss(FrozenValue):
    """What un-submitting a review would lose: its on-time place in a batch that has closed."""

    __slots__ = ("batch", "due", "key", "submitted")
    key: str
    submitted: datetime
    batch: str
    due: datetime

    def __init__(self, key: str, submitted: datetime, batch: str, due: datetime) -> None:
        init = object.__setattr__
        init(self, "key", key)
        init(self, "submitted", submitted)
        init(self, "batch", batch)
        init(self, "due", due)


def unsubmit_loss(standing: Standing, review: Review) -> UnsubmitLoss | None:
    """The loss when ``review`` counts toward a batch that has closed (it could never count there
    again once edited); None when taking it back costs nothing that cannot be redone."""
    if not review.is_final or review.submitted is None:
        return None
    for batch in standing.batches:
        if review.reading in batch.counted and batch.passed:
            return UnsubmitLoss(review.reading, review.submitted, batch.name, batch.due)
    return None
