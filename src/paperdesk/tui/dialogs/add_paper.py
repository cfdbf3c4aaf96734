"""Adding a paper: an arXiv id or URL, and the topic to file it under."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from paperdesk.services.add import check_paper_id
from paperdesk.tui import stylesheets


@dataclass(frozen=True)
class AddRequest:
    id_or_url: str
    topic: str | None


class AddPaperDialog(ModalScreen[AddRequest | None]):
    """Dismisses with what to add, or None when cancelled."""

    CSS_PATH = stylesheets.DIALOGS

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, topics: list[str], topic: str | None = None) -> None:
        super().__init__()
        self.topics = topics
        self.topic = topic

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Add a paper", classes="dialog-title")
            yield Label("An arXiv id (1706.03762), an arxiv.org URL or a DOI; paperdesk fetches "
                        "the metadata and appends an entry to your own my-readings.bib "
                        "(never counted toward the course).",
                        classes="dialog-help")
            yield Input(placeholder="arXiv id, URL or DOI", id="arxiv")
            yield Label("", id="arxiv-problem", classes="dialog-problem")
            yield Select([(t, t) for t in self.topics], prompt="Topic (optional)",
                         value=self.topic if self.topic in self.topics else Select.NULL,
                         id="topic")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Add", variant="primary", id="ok")
                yield Button("Cancel", id="cancel")

    @on(Input.Changed, "#arxiv")
    def check(self, event: Input.Changed) -> None:
        problem = ""
        if event.value.strip():
            try:
                check_paper_id(event.value)
            except ValueError as exc:
                problem = str(exc)
        self.query_one("#arxiv-problem", Label).update(problem)

    @on(Input.Submitted, "#arxiv")
    @on(Button.Pressed, "#ok")
    def ok(self) -> None:
        text = self.query_one("#arxiv", Input).value.strip()
        try:
            check_paper_id(text)
        except ValueError as exc:
            self.query_one("#arxiv-problem", Label).update(str(exc))
            self.query_one("#arxiv", Input).focus()
            return
        topic = self.query_one("#topic", Select).value
        self.dismiss(AddRequest(text, topic if isinstance(topic, str) else None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
