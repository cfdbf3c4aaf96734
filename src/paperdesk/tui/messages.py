"""Messages that thread workers post back to the UI: the only way their results reach a widget
(a worker never touches a widget or a reactive itself).

Plain classes, not dataclasses: making sixteen dataclasses cost the desk's start 8 ms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.message import Message

from paperdesk.core.reading import Reading
from paperdesk.tui.data.loading import DeskExtras

if TYPE_CHECKING:
    from paperdesk.core.deadlines import Standing


class Notice(Message):
    """Something for the user to read: a notification (errors name the reading and the cause)."""

    def __init__(self, title: str, message: str, severity: str = "information") -> None:
        super().__init__()
        self.title = title
        self.message = message
        self.severity = severity  # information | warning | error


def failed(title: str, message: str) -> Notice:
    return Notice(title, message, "error")


class DeskLoaded(Message):
    """The slow half of the desk, loaded after the first paint."""

    def __init__(self, extras: DeskExtras) -> None:
        super().__init__()
        self.extras = extras


class StandingChanged(Message):
    def __init__(self, standing: Standing, statuses: dict[str, str]) -> None:
        super().__init__()
        self.standing = standing
        self.statuses = statuses


class StatusChanged(Message):
    def __init__(self, key: str, status: str) -> None:
        super().__init__()
        self.key = key
        self.status = status


class TaskProgressed(Message):
    """``done`` of ``total`` steps of a long task; ``message`` names the current one."""

    def __init__(self, done: int, total: int, message: str) -> None:
        super().__init__()
        self.done = done
        self.total = total
        self.message = message


class FetchFinished(Message):
    """A metadata or PDF fetch ended; ``report`` is the service's FetchReport."""

    def __init__(self, what: str, report: Any, with_metadata: set[str], with_pdf: set[str],
                 abstracts: dict[str, str], open_after: str | None = None) -> None:
        super().__init__()
        self.what = what  # "metadata" or "pdf"
        self.report = report
        self.with_metadata = with_metadata
        self.with_pdf = with_pdf
        self.abstracts = abstracts
        self.open_after = open_after  # a key whose PDF to open once it is here


class PaperAdded(Message):
    def __init__(self, reading: Reading) -> None:
        super().__init__()
        self.reading = reading


class ReviewReady(Message):
    """A review is loaded (or started from the template): open it in the editor."""

    def __init__(self, loaded: Any) -> None:
        super().__init__()
        self.loaded = loaded  # services.reviews.LoadedReview


class IdentityNeeded(Message):
    """A review cannot be started before the student says who they are."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class UnsubmitAsked(Message):
    """Taking the review back to draft would lose its place in a closed batch: ask first."""

    def __init__(self, key: str, loss: str) -> None:
        super().__init__()
        self.key = key
        self.loss = loss  # what would be lost, in words


class ExportFinished(Message):
    def __init__(self, key: str, results: list[Any]) -> None:
        super().__init__()
        self.key = key
        self.results = results  # services.export.ExportResult


class ReviewSaved(Message):
    def __init__(self, loaded: Any) -> None:
        super().__init__()
        self.loaded = loaded  # services.reviews.LoadedReview, with the new token


class SaveConflict(Message):
    """The review file changed on disk since it was loaded: nothing was written."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label


class PagesCounted(Message):
    """The typeset preview's page count (None when it could not be typeset) and a phrase."""

    def __init__(self, generation: int, pages: int | None, phrase: str) -> None:
        super().__init__()
        self.generation = generation
        self.pages = pages
        self.phrase = phrase


class FulltextFound(Message):
    """The readings whose PDF has ``query`` (the filter's "inside PDFs" half)."""

    def __init__(self, query: str, keys: set[str]) -> None:
        super().__init__()
        self.query = query
        self.keys = keys


class PdfsIndexed(Message):
    """The background indexing of downloaded PDFs ended."""

    def __init__(self, indexed: list[str], empty: list[str]) -> None:
        super().__init__()
        self.indexed = indexed
        self.empty = empty
