"""The review's text area: Markdown highlighting, plus the review format's own parts (the front
matter, and the template's notes in HTML comments, drawn quieter than the writing)."""

from __future__ import annotations

from importlib.resources import files

from textual.widgets import TextArea

_EXTRA_QUERY = """
(minus_metadata) @text.literal
(html_block) @comment
"""


def _markdown_query() -> str | None:
    """Textual's Markdown highlight query (textual[syntax]) with the review's additions."""
    try:
        base = files("textual").joinpath("tree-sitter", "highlights", "markdown.scm").read_text()
    except OSError:
        return None
    return base + _EXTRA_QUERY


class ReviewArea(TextArea):
    """A Markdown code editor that soft-wraps, as prose wants."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="indent", show_line_numbers=False,
                         id=id)
        self._use_review_highlights()

    def _use_review_highlights(self) -> None:
        try:
            import tree_sitter_markdown
            from tree_sitter import Language
        except ImportError:  # no tree-sitter: plain text, still editable
            return
        query = _markdown_query()
        if query is None:
            return
        self.register_language("markdown", Language(tree_sitter_markdown.language()), query)
        self.language = "markdown"

    def _build_highlight_map(self) -> None:
        """Textual's map, less the empty ranges at the start of the line after a block (a note
        ends at column 0 of the next line): Textual draws an end of 0 as "to the line's end",
        so the words typed right under a note were drawn as a note."""
        super()._build_highlight_map()
        for spans in self._highlights.values():
            spans[:] = [span for span in spans if span[1] != 0]
