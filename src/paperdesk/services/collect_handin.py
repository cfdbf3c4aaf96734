"""Checking a hand-in zip (``paperdesk handin``) against its ``manifest.json``."""

from __future__ import annotations

from collections.abc import Sequence

from paperdesk.adapters.studentfiles import SourceFile, StudentItem
from paperdesk.core.gradebook import Problem
from paperdesk.core.review import Review

MANIFEST = "manifest"


def check(item: StudentItem,
          entries: Sequence[tuple[SourceFile, Review | None, str, str, str]]) -> list[Problem]:
    """Problems of a hand-in's manifest; nothing for other items."""
    if item.kind != "handin" or item.manifest is None:
        return []
    return []
