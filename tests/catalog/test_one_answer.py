"""One answer to one question: each rule and each word of state is written once, in core."""

from __future__ import annotations

import json
import re

from paperdesk.core import gradebook
from paperdesk.core.deadlines import points_for
from paperdesk.core.status import Outcome, ReadingStatus
from tests.conftest import REPO

SRC = REPO / "src" / "paperdesk"
# Where the words are defined; everywhere else names them (ReadingStatus.UNREAD, DRAFT, ...).
# "unread" lives in core.owner (what a warm list needs, without core.status's enums).
HOMES = {SRC / "core" / "status.py", SRC / "core" / "review.py", SRC / "core" / "owner.py"}
SPELLED = re.compile(r'"(unread|draft|final|over length|not counted)"')


def test_statuses_and_outcomes_are_spelled_only_in_core() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in HOMES:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SPELLED.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert found == []


def test_the_points_rule_is_written_once() -> None:
    rule = re.compile(r"points_per_review\s*-")
    places = [str(p.relative_to(SRC)) for p in SRC.rglob("*.py")
              for line in p.read_text(encoding="utf-8").splitlines() if rule.search(line)]
    assert places == ["core/deadlines.py"]
    assert (points_for(2), points_for(2, 1), points_for(2, 5)) == (2, 1, 0)


def test_outcomes_are_the_enum_and_print_as_their_words() -> None:
    assert gradebook.COUNTED is Outcome.COUNTED and gradebook.OVER is Outcome.OVER_LENGTH
    assert json.dumps({"outcome": Outcome.OVER_LENGTH}) == '{"outcome": "over length"}'
    assert Outcome.COUNTED.earns and not Outcome.LATE.earns
    assert f"{Outcome.UNKNOWN_READING}" == "unknown reading"


def test_the_reading_status_cycle() -> None:
    from paperdesk.core import owner

    assert ReadingStatus.UNREAD is ReadingStatus(owner.UNREAD)  # list's default word is the enum's
    assert [s.value for s in ReadingStatus] == ["unread", "reading", "read"]
    assert ReadingStatus.READ.next() is ReadingStatus.UNREAD
    assert ReadingStatus.parse("reading") is ReadingStatus.READING
