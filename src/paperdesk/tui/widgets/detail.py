"""The detail pane: everything known about the highlighted reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from paperdesk.core.reading import Reading
from paperdesk.services.papers import has_pdf_source

if TYPE_CHECKING:
    from paperdesk.core.feedback import ReviewFeedback


@dataclass(frozen=True)
class ReadingDetail:
    """What the pane shows; built by the screen from the model and the services."""

    reading: Reading
    status: str
    abstract: str = ""
    authors: tuple[str, ...] = ()  # arXiv's full list when cached, else the bib's
    pdf: Path | None = None  # where the PDF is; None when not downloaded
    review: Path | None = None  # where the review is; None when not written
    feedback: ReviewFeedback | None = None  # the course's marks and comment, once imported


def _facts(*pairs: tuple[str, str]) -> Content:
    """``label value · label value`` for the pairs that have a value."""
    parts: list[Content] = []
    for label, value in pairs:
        if not value:
            continue
        if parts:
            parts.append(Content.styled(" · ", "$text-muted"))
        if label:
            parts.append(Content.styled(f"{label} ", "$text-muted"))
        parts.append(Content(value))
    return Content.assemble(*parts)


def detail_content(d: ReadingDetail, home: Path | None = None) -> Content:
    """Dense on purpose: at 80x24 the pane has seven lines, and the abstract comes last."""
    r = d.reading

    def where(path: Path | None, missing: str) -> str:
        if path is None:
            return missing
        if home is not None and path.is_relative_to(home):
            return str(path.relative_to(home))
        return str(path)

    authors = d.authors or r.authors
    pdf_missing = ("not downloaded (p gets it)" if has_pdf_source(r)
                   else "none known (p tries the web page, o opens it)" if r.url
                   else "none (o opens the web page)" if r.web_url else "none")
    lines: list[Content] = [
        Content.styled(r.title, "bold"),
        Content.styled(", ".join(authors) or "(no authors)", "$text-accent"),
        _facts(("", r.kind), ("", r.year), ("", r.venue), ("topic", r.topic)),
        _facts(("key", r.key), ("arXiv", str(r.arxiv) if r.arxiv else ""), ("DOI", r.doi)),
    ]
    if r.personal:
        lines.insert(2, Content.styled("Your own reading: its review does not count toward "
                                       "the course.", "$text-warning"))
    if r.web_url:
        lines.append(_facts(("web", r.web_url)))
    lines.append(_facts(("PDF", where(d.pdf, pdf_missing)),
                        ("review", where(d.review, "none yet (r starts one)")),
                        ("status", d.status)))
    if r.note:
        lines.append(Content.styled(r.note, "italic $text-muted"))
    f = d.feedback
    if f is not None:
        who = (f" by {f.marked_by}" if f.marked_by else "") + (
            f", {f.marked_at[:10]}" if f.marked_at else "")
        head = (f"Feedback: {f.points} of {f.max_points} points{who}" if f.marked
                else "Feedback: not marked yet")
        lines.append(Content.styled(head, "bold $text-accent"))
        if f.comment.strip():
            lines.append(Content(f.comment.strip()))
    lines.append(Content(""))
    if d.abstract:
        lines.append(Content(d.abstract))
    elif r.arxiv:
        lines.append(Content.styled("No abstract cached yet: f fetches the metadata.",
                                    "italic $text-muted"))
    return Content("\n").join(lines)


class DetailPane(VerticalScroll):
    """A scrolling pane with the reading's title, authors, identifiers, files and abstract."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Reading"
        self.home: Path | None = None
        self._body = Static("", id="detail-body", markup=False)
        self._shown: ReadingDetail | bool | None = False  # False: nothing shown yet

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(self, detail: ReadingDetail | None) -> None:
        if detail == self._shown:
            return  # the same again (a filter keystroke that kept the reading): no re-layout
        self._shown = detail
        if detail is None:
            self._body.update("Nothing matches the filter.")
            return
        self._body.update(detail_content(detail, self.home))
        self.scroll_home(animate=False)
