"""The editor's "Changed on disk" dialog: its default (focus, Enter) loses nothing.

A ``submit`` from the CLI while the review is open in the editor: Enter used to overwrite the
submission with the editor's draft. Now Enter keeps both: the file as submitted is loaded, and the
editor's text is saved beside it under a name that no status, export or collect takes for a review.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, TextArea

from paperdesk.services.context import Context
from paperdesk.services.reviews import scan_reviews, submit
from paperdesk.tui.dialogs.choice import ChoiceDialog
from tests.tui.conftest import settle
from tests.tui.test_review import editing, type_text
from tests.tui.test_submit import write_review

KEY = "vaswani2017attention"


async def test_enter_on_changed_on_disk_keeps_both(course_ws: Path) -> None:
    write_review(KEY)
    review = course_ws / "reviews" / f"{KEY}.md"
    async with editing(KEY) as (pilot, editor):  # the editor alone: the dialog is its own
        app = pilot.app
        await type_text(pilot, "A thought typed in the editor. ")
        submit(Context.discover(), KEY)  # as `paperdesk submit` in another terminal
        submitted = review.read_text(encoding="utf-8")
        assert "status: final" in submitted
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and dialog.title_text == "Changed on disk"
        focused = dialog.focused
        assert isinstance(focused, Button) and focused.id == "both", focused
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is editor
        # The submission stands, the editor shows it, and the typed text is kept beside it.
        assert review.read_text(encoding="utf-8") == submitted
        assert editor.query_one(TextArea).text == submitted and not editor.dirty
        [side] = [p for p in review.parent.iterdir() if p.name.startswith(f"{KEY}.md.mine-")]
        assert "A thought typed in the editor." in side.read_text(encoding="utf-8")
        assert any(n.title == "Kept both" and side.name in n.message
                   for n in app._notifications)
    scan = scan_reviews(Context.discover())
    assert [(r.reading, r.status) for r in scan.reviews] == [(KEY, "final")]
    assert scan.problems == []
