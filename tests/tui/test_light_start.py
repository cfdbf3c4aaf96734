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


PREPARE = """
from paperdesk.adapters import memo
from paperdesk.services.context import Context
memo._RACY_NS = 0  # the files were all written a moment ago: trusted as from long before
from paperdesk.tui.prepare import prepare_in_background
prepare_in_background(Context.discover())()
"""

FIRST_PAINT_DATA = """
import json, sys
from paperdesk.services.context import Context
from paperdesk.tui.data.loading import first_paint_model
ctx = Context.discover()
ctx.course
model = first_paint_model(ctx)
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"bibtexparser", "tomllib", "yaml"})
print(json.dumps({"loaded": loaded, "readings": len(model.readings),
                  "final": sorted(k for k, s in model.statuses.items() if s == "final")}))
"""


def test_a_cold_start_is_prepared_on_another_core(course_ws: Path) -> None:
    """``paperdesk`` with no snapshot and no memos: a child process parses readings.bib, the
    course and the reviews while Textual is imported; the desk then parses none of them."""
    review = course_ws / "reviews" / "vaswani2017attention.md"
    review.write_text("---\nreading: vaswani2017attention\nstudent: Ada Lovelace\n"
                      "status: final\nsubmitted: 2021-04-01T09:00:00-05:00\n---\n\nText.\n")
    assert not (course_ws / ".paperdesk").exists()
    subprocess.run([sys.executable, "-c", PREPARE], check=True, timeout=60)
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_DATA], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    assert json.loads(out) == {"loaded": [], "readings": 49, "final": ["vaswani2017attention"]}
