"""The review editor: Markdown with highlighting, the reading beside it, a live word count,
debounced atomic autosave, a live page count from the real typeset PDF, and $EDITOR on demand.

Work is never lost: saves go through ``services.reviews.save_review`` (atomic, and refusing to
overwrite a file changed on disk), and leaving or quitting with unsaved text asks first.
"""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Label, Static, TextArea

from paperdesk.core.errors import PaperdeskError, ReviewConflictError, ReviewError
from paperdesk.core.reading import Reading
from paperdesk.core.review_format import pages_phrase, split_front_matter
from paperdesk.core.review_format import word_count as count_words
from paperdesk.services.context import Context
from paperdesk.services.reviews import (
    LoadedReview,
    drop_if_unwritten,
    is_new,
    load_review,
    save_beside,
    save_review,
    worth_saving,
    write_for_editor,
)
from paperdesk.tui import messages as msg
from paperdesk.tui import stylesheets
from paperdesk.tui.dialogs.choice import conflict_dialog, unsaved_dialog
from paperdesk.tui.widgets.footer import ResponsiveFooter
from paperdesk.tui.widgets.review_area import ReviewArea

AUTOSAVE_DELAY = 1.0  # seconds after the last keystroke (the app may inject another)
PAGES_DELAY = 0.8  # seconds after the last keystroke before typesetting a preview


def body_of(text: str) -> str:
    try:
        return split_front_matter(text, "review")[1]
    except ReviewError:
        return text


def word_count(text: str) -> int:
    """Words a reader sees: the body, without front matter and the template's HTML notes (the
    count of ``paperdesk review`` too: :func:`paperdesk.core.review_format.word_count`)."""
    return count_words(body_of(text))


def _scan_lines(body: str) -> list[tuple[bool, bool]]:
    """For each line of ``body``: (it has text outside the template's notes, a note ends on it)."""
    scanned = []
    in_note = False
    for line in body.split("\n"):
        written, closes, rest = False, False, line
        while rest:
            if in_note:
                end = rest.find("-->")
                if end < 0:
                    break
                in_note, closes, rest = False, True, rest[end + 3:]
            else:
                start = rest.find("<!--")
                written = written or bool((rest if start < 0 else rest[:start]).strip())
                if start < 0:
                    break
                in_note, rest = True, rest[start + 4:]
        scanned.append((written, closes and not in_note))
    return scanned


def start_position(text: str) -> tuple[int, int]:
    """Where the cursor starts, so that typing never runs into the template's notes: at the end
    of the last line written, or in a new review on the empty line under the first prompt."""
    body = body_of(text)
    first = text[: len(text) - len(body)].count("\n")
    lines = body.split("\n")
    scanned = _scan_lines(body)
    written = [i for i, (has_text, _) in enumerate(scanned) if has_text]
    if written:
        return first + written[-1], len(lines[written[-1]])
    # A new review: the empty line under the first prompt (the second note), else under a note.
    under_note = [i for i in range(1, len(lines)) if scanned[i - 1][1] and not lines[i].strip()]
    row = under_note[1] if len(under_note) > 1 else under_note[0] if under_note else 0
    return first + row, 0


class EditorScreen(Screen[None]):
    """One review, edited until the student leaves (Esc) back to the desk."""

    CSS_PATH = stylesheets.EDITOR

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True, id="save",
                tooltip="Save now (it also saves by itself a second after you stop typing)"),
        Binding("escape", "leave", "Desk", priority=True, id="leave",
                tooltip="Back to the desk (asks first if there is unsaved text)"),
        Binding("ctrl+o", "external", "$EDITOR", priority=True, id="external-editor",
                tooltip="Edit the review in $VISUAL or $EDITOR; paperdesk reloads it after"),
        Binding("f1", "help", "Help", id="editor-help",
                tooltip="Every key of the editor, with what it does"),
    ]

    def __init__(self, ctx: Context, reading: Reading, loaded: LoadedReview,
                 abstract: str = "", typed: str = "",
                 autosave_delay: float | None = AUTOSAVE_DELAY) -> None:
        super().__init__(id="editor")
        # None: never on its own (tests that look at unsaved text must not race the timer)
        self.autosave_delay = autosave_delay
        self.typed = typed  # typed while the review was being opened: goes in at the cursor
        self.ctx = ctx
        self.reading = reading
        self.loaded = loaded
        self.abstract = abstract
        self.saving = False
        self._save_again = False
        self._after_save: Callable[[], None] | None = None
        self._autosave: Timer | None = None
        self._pages_timer: Timer | None = None
        self._pages_generation = 0
        self._pages_shown = 0  # the generation whose count is on screen
        self._suppress_change = False

    @property
    def pages_pending(self) -> bool:
        """A page count is scheduled or running for the text as it is (tests wait for it)."""
        return self._pages_shown != self._pages_generation

    @property
    def is_new(self) -> bool:
        """No file yet: it is written on the first save of text the student wrote."""
        return is_new(self.loaded)

    @property
    def dirty(self) -> bool:
        """Text that a save would write: for a new review, only once there is writing in it
        (the template's prompts alone are not text, so leaving then loses nothing)."""
        text = self.text_area.text
        if text == self.loaded.text:
            return False
        return not self.is_new or worth_saving(self.loaded, text)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#review-text", TextArea)

    def compose(self) -> ComposeResult:
        yield Header(icon="✎")
        with Horizontal(id="editor-body"):
            yield ReviewArea(self.loaded.text, id="review-text")
            with VerticalScroll(id="editor-side"):
                yield Static(self._side_content(), id="editor-reading")
        with Horizontal(id="editor-status"):
            yield Label("", id="words")
            yield Label("", id="pages")
            yield Label("", id="saved")
        yield ResponsiveFooter()

    def _side_content(self) -> Content:
        r = self.reading
        parts = [Content.styled(r.title, "bold"),
                 Content.styled(", ".join(r.authors), "$text-accent"),
                 Content.styled(" · ".join(p for p in (r.venue, r.year)  # not "EMNLP 2015 · 2015"
                                           if p and not (p == r.year and p in r.venue)),
                                "$text-muted"),
                 Content("")]
        if self.abstract:
            parts.append(Content(self.abstract))
        elif r.arxiv is not None:
            parts.append(Content.styled("No abstract cached (f on the desk fetches it).",
                                        "italic $text-muted"))
        elif r.url:
            parts.append(Content.styled(r.url, "$text-muted"))
        return Content("\n").join(parts)

    def on_mount(self) -> None:
        # The file first: on 80 columns the header has room for it and the title's start (the
        # whole title is beside the text).
        self.title = self.loaded.label
        self.sub_title = self.reading.title
        area = self.text_area
        area.focus()
        area.move_cursor(start_position(self.loaded.text), center=True)
        if self.typed:
            area.insert(self.typed)
        self._show_words()
        self._show_saved(None if self.loaded.problem is None else "")
        if self.loaded.problem is not None:
            self.notify(str(self.loaded.problem), title="This review does not parse",
                        severity="warning", timeout=10)
        self._schedule_pages(0.0)

    # -- typing -------------------------------------------------------------------------------
    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._show_words()
        if self._suppress_change:
            self._suppress_change = False
            return
        self._show_saved()
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        if self.autosave_delay is not None:
            self._autosave = self.set_timer(self.autosave_delay, self._save)
        self._schedule_pages(PAGES_DELAY)

    def _show_words(self) -> None:
        n = word_count(self.text_area.text)
        self.query_one("#words", Label).update(f"{n} word{'s' if n != 1 else ''}")

    def _show_saved(self, state: str | None = None) -> None:
        label = self.query_one("#saved", Label)
        if state is None:
            state = ("saving…" if self.saving else "unsaved" if self.dirty
                     else "nothing written yet" if self.is_new else "saved")
        label.update(state)
        label.set_class(state == "unsaved", "-unsaved")

    # -- saving -------------------------------------------------------------------------------
    def action_save(self) -> None:
        self._save()

    def _save(self, then: Callable[[], None] | None = None) -> None:
        if then is not None:
            self._after_save = then
        if self._autosave is not None:
            self._autosave.stop()
            self._autosave = None
        if self.saving:
            self._save_again = True
            return
        if not self.dirty:
            self._show_saved()
            self._run_after_save()
            return
        self.saving = True
        self._show_saved("saving…")
        self.save_text(self.loaded, self.text_area.text)

    def _run_after_save(self) -> None:
        then, self._after_save = self._after_save, None
        if then is not None:
            then()

    @work(thread=True, exclusive=True, exit_on_error=False, group="save")
    def save_text(self, loaded: LoadedReview, text: str) -> None:
        try:
            saved = save_review(self.ctx, loaded, text)
        except ReviewConflictError:
            self.post_message(msg.SaveConflict(loaded.label))
            return
        except (PaperdeskError, OSError) as exc:
            self.post_message(msg.failed("Not saved", f"{loaded.label}: {exc}"))
            return
        self.post_message(msg.ReviewSaved(saved))

    def on_review_saved(self, message: msg.ReviewSaved) -> None:
        self.saving = False
        self.loaded = message.loaded
        if self._save_again or (self.dirty and self._after_save is not None):
            self._save_again = False
            self._save()
            return
        self._show_saved()
        self._run_after_save()

    def on_save_conflict(self, message: msg.SaveConflict) -> None:
        self.saving = False
        self._after_save = None
        self._show_saved("changed on disk")
        self.app.push_screen(conflict_dialog(message.label), self._resolve_conflict)

    def on_notice(self, message: msg.Notice) -> None:
        if message.severity == "error":
            self.saving = False
            self._after_save = None
            self._show_saved("not saved")
        self.notify(message.message, title=message.title,
                    severity=message.severity,  # type: ignore[arg-type]
                    timeout=10 if message.severity == "error" else 4)

    def _resolve_conflict(self, answer: str | None) -> None:
        try:
            on_disk = load_review(self.ctx, self.loaded.key, strict=False)
        except PaperdeskError as exc:
            self.notify(str(exc), title="Cannot read the file", severity="error")
            return
        if answer == "mine":
            self.loaded = on_disk  # its token is now the one on disk: the next save overwrites
            self._save()
        elif answer == "both":
            try:
                side = save_beside(self.ctx, self.loaded, self.text_area.text)
            except (PaperdeskError, OSError) as exc:  # nothing replaced: the text stays here
                self.notify(f"{exc}", title="Your text could not be kept", severity="error")
                return
            self._replace_text(on_disk)
            self.notify(f"Your text is in {side}; {on_disk.label} is as on disk.",
                        title="Kept both", timeout=10)

    def _replace_text(self, loaded: LoadedReview) -> None:
        self.loaded = loaded
        if self.text_area.text != loaded.text:
            self._suppress_change = True
            self.text_area.load_text(loaded.text)
        self._show_words()
        self._show_saved()
        self._schedule_pages(0.0)

    # -- the page count -----------------------------------------------------------------------
    def _schedule_pages(self, delay: float) -> None:
        if self._pages_timer is not None:
            self._pages_timer.stop()
        self._pages_generation += 1
        generation = self._pages_generation
        self._pages_timer = self.set_timer(
            max(delay, 0.01), lambda: self.count_pages(self.text_area.text, generation))

    @work(thread=True, exclusive=True, exit_on_error=False, group="pages")
    def count_pages(self, text: str, generation: int) -> None:
        from paperdesk.services.export import preview_pages  # typst loads in the worker

        try:
            typeset = preview_pages(self.ctx, self.reading.key, text)
        except PaperdeskError as exc:
            self.post_message(msg.PagesCounted(generation, None, f"cannot typeset: {exc}"))
            return
        phrase = pages_phrase(typeset.pages, self.ctx.course.rules.page_limit, typeset.fraction)
        # A formula tex2typst took too long over was given up (a time limit): say so here.
        slow = sum("(too complex:" in warning for warning in typeset.warnings)
        if slow:
            phrase += f" · {slow} formula{'s' if slow > 1 else ''} too complex, shown as TeX"
        self.post_message(msg.PagesCounted(generation, typeset.pages, phrase))

    def on_pages_counted(self, message: msg.PagesCounted) -> None:
        if message.generation != self._pages_generation:
            return  # the text changed since: a newer count is on its way
        self._pages_shown = message.generation
        label = self.query_one("#pages", Label)
        label.update(message.phrase)
        limit = self.ctx.course.rules.page_limit
        label.set_class(message.pages is not None and bool(limit) and message.pages > limit,
                        "-over")
        label.set_class(message.pages is None, "-unknown")

    # -- leaving ------------------------------------------------------------------------------
    def action_leave(self) -> None:
        self.confirm_leave(self._close)

    def _close(self) -> None:
        self.dismiss(None)

    def confirm_leave(self, then: Callable[[], None]) -> None:
        """Run ``then`` once nothing would be lost: ask first when the text is unsaved."""
        if not self.dirty and not self.saving:
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self._save(then)
            elif answer == "discard":
                then()

        self.app.push_screen(unsaved_dialog(self.loaded.label), answered)

    def action_help(self) -> None:
        from paperdesk.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    # -- $EDITOR ------------------------------------------------------------------------------
    def action_external(self) -> None:
        editor = self.ctx.environ.get("VISUAL") or self.ctx.environ.get("EDITOR")
        if not editor:
            self.notify("Set $EDITOR (or $VISUAL) to the program to edit reviews with.",
                        title="No $EDITOR", severity="warning")
            return
        self._save(lambda: self._run_external(editor))

    def _run_external(self, editor: str) -> None:
        from textual.app import SuspendNotSupported

        command = [*shlex.split(editor), str(self.loaded.path)]
        new = self.loaded if self.is_new else None
        try:
            # A new review gets a file for the other editor to open: its template (with what
            # is typed here, which holds no writing, or it would have been saved already).
            self.loaded = write_for_editor(self.ctx, self.loaded)
            with self.app.suspend():
                result = subprocess.run(command, check=False)
        except SuspendNotSupported:
            self.notify("This terminal cannot hand over to another program.",
                        title="$EDITOR", severity="error")
            result = None
        except OSError as exc:
            self.notify(f"{command[0]}: {exc.strerror}", title="$EDITOR", severity="error")
            result = None
        except PaperdeskError as exc:
            self.notify(str(exc), title="$EDITOR", severity="error")
            return
        if result is not None and result.returncode != 0:
            self.notify(f"{command[0]} exited with status {result.returncode}",
                        title="$EDITOR", severity="warning")
        try:
            after = load_review(self.ctx, self.loaded.key, strict=False)
            if new is not None and drop_if_unwritten(self.ctx, after):
                after = new  # nothing written there either: still no file
            self._replace_text(after)
        except PaperdeskError as exc:
            self.notify(str(exc), title="Cannot reload the review", severity="error")
