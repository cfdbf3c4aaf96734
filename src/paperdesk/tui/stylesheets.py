"""Where each screen's styles are. The app parses only the desk's at start-up; a screen's
``CSS_PATH`` names its own file, which Textual reads when the screen is first shown."""

from __future__ import annotations

from pathlib import Path

STYLES = Path(__file__).parent / "styles"
DESK = STYLES / "desk.tcss"
EDITOR = STYLES / "editor.tcss"
WEEK = STYLES / "week.tcss"
DIALOGS = STYLES / "dialogs.tcss"  # the dialogs and the help
