"""Nothing slow is imported before the desk is drawn: SQLAlchemy, the arXiv client, requests and
typst load later, in workers. Checked in a fresh process, at the list's first paint."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SLOW = ("sqlalchemy", "sqlmodel", "arxiv", "requests", "typst", "bibtexparser")

SCRIPT = """
import json, sys
from paperdesk.services.context import Context
from paperdesk.tui.app import PaperdeskApp
from paperdesk.tui.screens.desk import DeskScreen

class Desk(DeskScreen):
    def on_reading_list_painted(self, _message):
        loaded = sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[1].split(",")))
        print(json.dumps({"loaded": loaded, "readings": len(self.model.readings)}), flush=True)
        self.app.exit(0)

class App(PaperdeskApp):
    DESK = Desk

App(Context.discover()).run(headless=True, size=(100, 30))
"""


def test_first_paint_imports_nothing_slow(course_ws: Path) -> None:
    # The catalog cache is warm after the first start; the check is about every later one.
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", SCRIPT, ",".join(SLOW)], check=True,
                             capture_output=True, text=True, timeout=60).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result == {"loaded": [], "readings": 49}
