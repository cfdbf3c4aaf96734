"""The README stays true: every PAPERDESK_* setting the code reads is documented there."""

from __future__ import annotations

import re

from tests.conftest import REPO


def test_every_paperdesk_variable_is_in_the_readme() -> None:
    names: set[str] = set()
    for path in (REPO / "src" / "paperdesk").rglob("*.py"):
        names |= set(re.findall(r"PAPERDESK_[A-Z]+(?:_[A-Z]+)*\b", path.read_text("utf-8")))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert names, "no PAPERDESK_* variable found: the pattern is wrong"
    assert sorted(n for n in names if f"`{n}" not in readme) == []
