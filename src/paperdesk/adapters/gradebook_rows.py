"""The gradebook's rows as plain Python, and what its two stores have in common.

The schema is SQLModel's (:mod:`gradebook_db`: it creates and migrates the tables on SQLite and
PostgreSQL). This module names the columns the stores read and write, with their SQLite types
and defaults (a test checks them against SQLModel's metadata, so the two cannot drift), the row
shapes the services build, and :class:`GradebookStore`, the interface both stores offer: the
SQLModel one (:class:`gradebook_db.GradebookDb`: PostgreSQL, any ``PAPERDESK_DB``) and the sqlite3
one (:class:`gradebook_light.LightGradebook`: a SQLite file at this schema version, without
importing SQLAlchemy). Standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any, Protocol

from paperdesk.core.review import DRAFT, Review
from paperdesk.core.roster import RosterStudent

EXTENSION, EXCUSAL, OVERRIDE = "extension", "excusal", "override"
TABLES = ("gb_roster", "gb_work", "gb_review", "gb_measure", "gb_exception")

_V, _I, _B = "VARCHAR", "INTEGER", "BOOLEAN"
_REQUIRED = object()  # a column without a default (a value is always given)
# table -> column -> (its SQLite type as SQLModel's metadata compiles it, its default)
SCHEMA: dict[str, dict[str, tuple[str, Any]]] = {
    "gb_roster": {
        "course": (_V, _REQUIRED), "key": (_V, _REQUIRED), "name": (_V, _REQUIRED),
        "email": (_V, ""), "sis_user_id": (_V, ""), "sis_login": (_V, ""),
        "canvas_id": (_V, ""), "section": (_V, ""), "position": (_I, 0),
    },
    "gb_work": {
        "course": (_V, _REQUIRED), "student": (_V, _REQUIRED), "name": (_V, _REQUIRED),
        "email": (_V, ""), "labels_json": (_V, "[]"), "origins_json": (_V, "[]"),
        "problems_json": (_V, "[]"), "collected_at": (_V, ""),
    },
    "gb_review": {
        "id": (_I, None), "course": (_V, _REQUIRED), "student": (_V, _REQUIRED),
        "file": (_V, _REQUIRED), "sha256": (_V, ""), "text": (_V, None), "reading": (_V, ""),
        "status": (_V, ""), "submitted": (_V, ""), "review_student": (_V, ""),
        "review_email": (_V, ""), "title": (_V, ""), "error": (_V, ""),
        "error_kind": (_V, ""), "error_line": (_I, 0), "pages": (_I, None),
        "typeset_error": (_V, ""), "pdf_file": (_V, ""), "pdf_pages": (_I, None),
        "pdf_error": (_V, ""), "oversize": (_I, 0), "tampered": (_B, False),
        "batch": (_V, ""), "outcome": (_V, ""), "points": (_I, 0), "problems_json": (_V, "[]"),
    },
    "gb_measure": {
        "course": (_V, _REQUIRED), "sha256": (_V, _REQUIRED), "fingerprint": (_V, _REQUIRED),
        "pages": (_I, None), "error": (_V, ""),
    },
    "gb_exception": {
        "id": (_I, None), "course": (_V, _REQUIRED), "student": (_V, _REQUIRED),
        "kind": (_V, _REQUIRED), "batch": (_I, 0), "until": (_V, ""), "reading": (_V, ""),
        "points": (_I, None), "reason": (_V, ""), "rubric_json": (_V, "{}"),
        "grader": (_V, ""), "at": (_V, ""),
    },
}
COLUMNS: dict[str, dict[str, str]] = {t: {c: typ for c, (typ, _) in cols.items()}
                                      for t, cols in SCHEMA.items()}
# table -> its primary key (a test checks them against SQLModel's)
KEYS: dict[str, tuple[str, ...]] = {
    "gb_roster": ("course", "key"), "gb_work": ("course", "student"), "gb_review": ("id",),
    "gb_measure": ("course", "sha256", "fingerprint"), "gb_exception": ("id",),
}


def defaults(table: str) -> dict[str, Any]:
    """The table's columns but its generated id, with their defaults (None where required)."""
    return {c: (None if d is _REQUIRED else d) for c, (_, d) in SCHEMA[table].items()
            if c != "id"}


_WORK_DEFAULTS = defaults("gb_work")
_REVIEW_DEFAULTS = defaults("gb_review")
# What collect found about a review (all but the id and the last grading, which build() writes).
GRADING = ("batch", "outcome", "points", "problems_json")
# What tells a stored review from a new one: the facts but the text, which its SHA-256 stands
# for (the text is the file's bytes decoded; one not read has neither), so 4,000 stored texts
# need not be read back to be compared.
FACTS = tuple(name for name in _REVIEW_DEFAULTS if name not in (*GRADING, "text"))


@dataclass(frozen=True)
class StoredWork:
    """A row of gb_work and its rows of gb_review, as plain namespaces: building SQLModel
    objects costs a millisecond a row, which 4,000 reviews would feel."""

    work: SimpleNamespace
    reviews: list[SimpleNamespace]


@dataclass
class ExceptionRow:
    """A row of gb_exception: an extension, an excusal or a grade override."""

    course: str
    student: str
    kind: str  # extension | excusal | override
    batch: int = 0
    until: str = ""
    reading: str = ""
    points: int | None = None
    reason: str = ""  # the reason of an extension or excusal, the comment of an override
    rubric_json: str = "{}"  # an override by rubric: {item: score}
    grader: str = ""
    at: str = ""
    id: int | None = None


@dataclass(frozen=True)
class KnownSource:
    """A review file stored before, by its SHA-256: its parsed front matter (body "") and its
    text, so a file unchanged since is neither parsed nor even read again."""

    review: Review
    text: str | None

    @classmethod
    def from_row(cls, reading: str, status: str, submitted: str | None, student: str,
                 email: str, title: str, text: str | None) -> KnownSource:
        """From gb_review's reading, status, submitted, review_student, review_email, title
        and text columns (the same query on both stores)."""
        return cls(Review(reading=reading, body="", student=student, email=email,
                          status=status or DRAFT, title=title,
                          submitted=datetime.fromisoformat(submitted) if submitted else None),
                   text)


def work_row(**values: Any) -> SimpleNamespace:
    """A gb_work row: the table's defaults, then ``values``."""
    return SimpleNamespace(**{**_WORK_DEFAULTS, **values})


def review_row(**values: Any) -> SimpleNamespace:
    return SimpleNamespace(**{**_REVIEW_DEFAULTS, **values})


def facts(row: dict[str, Any]) -> tuple[Any, ...]:
    """What collect found about a review (:data:`FACTS`), to compare with what is stored
    (``tampered`` as a bool: SQLite gives back 0 or 1)."""
    return tuple(bool(row[n]) if n == "tampered" else row[n] for n in FACTS)


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class GradebookStore(Protocol):
    """The gradebook tables of one course, whichever store holds them."""

    course: str

    def measures(self, keys: Iterable[tuple[str, str]]
                 ) -> dict[tuple[str, str], SimpleNamespace]: ...

    def save_measures(self, rows: Sequence[tuple[str, str, int | None, str]]) -> None: ...

    def replace_works(self, works: Sequence[StoredWork]) -> None: ...

    def works(self) -> list[StoredWork]: ...

    def front_matter(self, shas: Sequence[str]) -> dict[str, KnownSource]: ...

    def save_results(self, results: Sequence[dict[str, Any]]) -> None: ...

    def replace_roster(self, students: Sequence[RosterStudent]) -> None: ...

    def roster(self) -> list[RosterStudent]: ...

    def add_exception(self, row: ExceptionRow) -> None: ...

    def exceptions(self) -> list[ExceptionRow]: ...
