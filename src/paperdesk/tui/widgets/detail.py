"""The detail pane: everything known about the highlighted reading."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from paperdesk.core.reading import Reading


@dataclass(frozen=True)
class ReadingDetail:
    """What the pane shows; built by the screen from the model and the services."""

    reading: Reading
    status: str
    abstract: str = ""
    authors: tuple[str, ...] = ()  # arXiv's full list when cached, else the bib's
    pdf: Path | None = None  # where the PDF is; None when not downloaded
    review: Path | None = None  # where the review is; None when not written


def _field(label: str, value: str, style: str = "") -> Content:
    body = Content.styled(value, style) if style else Content(value)
    return Content.assemble((f"{label:<8}", "$text-muted"), body)


def detail_content(d: ReadingDetail, home: Path | None = None) -> Content:
    r = d.reading

    def where(path: Path | None, missing: str) -> str:
        if path is None:
            return missing
        if home is not None and path.is_relative_to(home):
            return str(path.relative_to(home))
        return str(path)

    authors = d.authors or r.authors
    lines: list[Content] = [
        Content.styled(r.title, "bold"),
        Content.styled(", ".join(authors) or "(no authors)", "$text-accent"),
        Content(""),
    ]
    facts = [
        ("Key", r.key),
        ("Topic", r.topic),
        ("Kind", r.kind + (f", {r.year}" if r.year else "")),
        ("Venue", r.venue),
        ("arXiv", str(r.arxiv) if r.arxiv else ""),
        ("DOI", r.doi),
        ("URL", r.url or (r.arxiv.abs_url if r.arxiv else "")),
    ]
    lines.extend(_field(label, value) for label, value in facts if value)
    pdf_missing = "not downloaded (p fetches it)" if r.arxiv else "none (not on arXiv)"
    lines.append(_field("PDF", where(d.pdf, pdf_missing)))
    review = where(d.review, "not written yet (r starts one)")
    lines.append(_field("Review", f"{review}  [{d.status}]"))
    lines.append(Content(""))
    if d.abstract:
        lines.append(Content(d.abstract))
    elif r.arxiv:
        lines.append(Content.styled("No abstract cached yet: f fetches the metadata.",
                                    "italic $text-muted"))
    if r.note:
        lines.extend([Content(""), _field("Note", r.note)])
    return Content("\n").join(lines)


class DetailPane(VerticalScroll, can_focus=False):
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
