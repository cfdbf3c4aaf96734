"""Messages that thread workers post back to the UI: the only way their results reach a widget
(a worker never touches a widget or a reactive itself)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from paperdesk.core.deadlines import Standing
from paperdesk.core.reading import Reading
from paperdesk.tui.data.loading import DeskExtras


@dataclass
class Notice(Message):
    """Something for the user to read: a notification (errors name the reading and the cause)."""

    title: str
    message: str
    severity: str = "information"  # information | warning | error


def failed(title: str, message: str) -> Notice:
    return Notice(title, message, "error")


@dataclass
class DeskLoaded(Message):
    """The slow half of the desk, loaded after the first paint."""

    extras: DeskExtras


@dataclass
class StandingChanged(Message):
    standing: Standing
    statuses: dict[str, str]


@dataclass
class StatusChanged(Message):
    key: str
    status: str


@dataclass
class TaskProgressed(Message):
    """``done`` of ``total`` steps of a long task; ``message`` names the current one."""

    done: int
    total: int
    message: str


@dataclass
class FetchFinished(Message):
    """A metadata or PDF fetch ended; ``report`` is the service's FetchReport."""

    what: str  # "metadata" or "pdf"
    report: Any
    with_metadata: set[str]
    with_pdf: set[str]
    abstracts: dict[str, str]
    open_after: str | None = None  # a key whose PDF to open once it is here


@dataclass
class PaperAdded(Message):
    reading: Reading


@dataclass
class ReviewReady(Message):
    """A review is loaded (or started from the template): open it in the editor."""

    loaded: Any  # services.reviews.LoadedReview


@dataclass
class IdentityNeeded(Message):
    """A review cannot be started before the student says who they are."""

    key: str


@dataclass
class UnsubmitAsked(Message):
    """Taking the review back to draft would lose its place in a closed batch: ask first."""

    key: str
    loss: str  # what would be lost, in words


@dataclass
class ExportFinished(Message):
    key: str
    results: list[Any]  # services.export.ExportResult


@dataclass
class ReviewSaved(Message):
    loaded: Any  # services.reviews.LoadedReview, with the new token


@dataclass
class SaveConflict(Message):
    """The review file changed on disk since it was loaded: nothing was written."""

    label: str


@dataclass
class PagesCounted(Message):
    """The typeset preview's page count (None when it could not be typeset) and a phrase."""

    generation: int
    pages: int | None
    phrase: str


@dataclass
class FulltextFound(Message):
    """The readings whose PDF has ``query`` (the filter's "inside PDFs" half)."""

    query: str
    keys: set[str]


@dataclass
class PdfsIndexed(Message):
    """The background indexing of downloaded PDFs ended."""

    indexed: list[str]
    empty: list[str]
