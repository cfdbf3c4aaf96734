"""The class list: who the students are, as the registrar (through Canvas) says, not as they typed.

Two layouts are read: Canvas's gradebook export (``Student, ID, SIS User ID, SIS Login ID,
Section``, then one column per assignment, maybe a "Points Possible" row under the header; names
as ``Last, First``) and a plain ``name,email[,section]`` list, with or without a header. A
submission is matched by email or SIS login first, then by name; STUDENT arguments of the
instructor's commands are resolved here too.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from paperdesk.core.errors import PaperdeskError
from paperdesk.core.latex import fold

CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")


class RosterError(PaperdeskError):
    title = "roster"


@dataclass(frozen=True)
class RosterStudent:
    key: str  # stable: email, else SIS login, else Canvas id, else the name (casefolded)
    name: str  # as the roster writes it ("Lovelace, Ada" in Canvas)
    email: str = ""
    sis_user_id: str = ""
    sis_login: str = ""
    canvas_id: str = ""
    section: str = ""

    @property
    def display_name(self) -> str:
        """``Ada Lovelace`` for Canvas's ``Lovelace, Ada``."""
        return natural_name(self.name)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "email": self.email,
                "sis_user_id": self.sis_user_id, "sis_login": self.sis_login,
                "canvas_id": self.canvas_id, "section": self.section}


def natural_name(name: str) -> str:
    """``Lovelace, Ada`` -> ``Ada Lovelace``; other names unchanged."""
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if last and first:
            return f"{first} {last}"
    return name.strip()


def name_key(name: str) -> str:
    """Names compared without case, accents, punctuation or order of ``Last, First``."""
    return " ".join(fold(natural_name(name)).replace(".", " ").split())


def _key(email: str, sis_login: str, canvas_id: str, name: str) -> str:
    for value in (email, sis_login):
        if value.strip():
            return value.strip().casefold()
    return f"canvas:{canvas_id.strip()}" if canvas_id.strip() else "name:" + name_key(name)


def parse_roster(text: str, source: str = "roster") -> list[RosterStudent]:
    """The students of a Canvas export or a plain ``name,email[,section]`` CSV."""
    rows = [r for r in csv.reader(io.StringIO(text.lstrip("\ufeff"))) if any(c.strip() for c in r)]
    if not rows:
        raise RosterError("is empty: expected a Canvas gradebook export or name,email rows",
                          path=source)
    header = [c.strip() for c in rows[0]]
    if all(c in header for c in ("Student", "SIS Login ID")):
        students = _canvas(header, rows[1:], source)
    else:
        students = _plain(header, rows, source)
    seen: dict[str, RosterStudent] = {}
    for s in students:
        if s.key in seen:
            raise RosterError(f"lists {s.key} twice ({seen[s.key].name}; {s.name})", path=source)
        seen[s.key] = s
    return students


def _canvas(header: list[str], rows: list[list[str]], source: str) -> list[RosterStudent]:
    col = {name: header.index(name) for name in CANVAS_COLUMNS if name in header}

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    out = []
    for row in rows:
        name = cell(row, "Student")
        if name.casefold() in ("points possible", "") or name.casefold() == "student, test":
            continue  # Canvas's row of maximum points, and its built-in test student
        login = cell(row, "SIS Login ID")
        email = login if "@" in login else ""
        out.append(RosterStudent(_key(email, login, cell(row, "ID"), name), name, email,
                                 cell(row, "SIS User ID"), login, cell(row, "ID"),
                                 cell(row, "Section")))
    if not out:
        raise RosterError("has a Canvas header but no students", path=source)
    return out


def _plain(header: list[str], rows: list[list[str]], source: str) -> list[RosterStudent]:
    lower = [c.casefold() for c in header]
    if "name" in lower and "email" in lower:
        n, e = lower.index("name"), lower.index("email")
        sec = lower.index("section") if "section" in lower else None
        rows = rows[1:]
        start = 2
    else:
        n, e, sec = 0, 1, 2
        start = 1
    out = []
    for line, row in enumerate(rows, start):
        cells = [c.strip() for c in row]
        if len(cells) <= max(n, e) or not cells[n]:
            raise RosterError("expected name,email[,section] (or a Canvas gradebook export with "
                              f"{', '.join(CANVAS_COLUMNS)})", path=source, line=line)
        email = cells[e]
        section = cells[sec] if sec is not None and sec < len(cells) else ""
        out.append(RosterStudent(_key(email, "", "", cells[n]), cells[n], email,
                                 section=section))
    return out


def match(roster: Sequence[RosterStudent], name: str,
          email: str) -> tuple[RosterStudent | None, str]:
    """The roster student a submission belongs to, and how it was found (email, SIS login,
    name); (None, "") when no one, or when the name alone fits more than one student."""
    return Matcher(roster).match(name, email)


class Matcher:
    """:func:`match` for many submissions against one roster: the roster is indexed once (by
    email, SIS login and name), not walked again for each of a class's 200 submissions."""

    def __init__(self, roster: Sequence[RosterStudent]) -> None:
        self._email: dict[str, RosterStudent] = {}
        self._login: dict[str, tuple[int, RosterStudent]] = {}  # any login, whole
        self._bare: dict[str, tuple[int, RosterStudent]] = {}  # a login without "@"
        self._name: dict[str, list[RosterStudent]] = {}
        for i, s in enumerate(roster):  # the first in roster order wins, as match() walks
            if s.email:
                self._email.setdefault(s.email.casefold(), s)
            login = s.sis_login.casefold()
            if login:
                self._login.setdefault(login, (i, s))
                if "@" not in login:
                    self._bare.setdefault(login, (i, s))
            self._name.setdefault(name_key(s.name), []).append(s)

    def match(self, name: str, email: str) -> tuple[RosterStudent | None, str]:
        mail = email.strip().casefold()
        if mail:
            found = self._email.get(mail)
            if found is not None:
                return found, "email"
            by_login = [hit for hit in (self._login.get(mail),
                                        self._bare.get(mail.split("@", 1)[0]))
                        if hit is not None]
            if by_login:
                return min(by_login, key=lambda hit: hit[0])[1], "SIS login"
        wanted = name_key(name)
        same = self._name.get(wanted, []) if wanted else []
        if len(same) == 1:
            return same[0], "name"
        return None, ""


def resolve(candidates: Iterable[tuple[str, Sequence[str]]], query: str) -> str:
    """The key of the one student ``query`` names: ``candidates`` are (key, [name shown,
    email, SIS login, ...]). Exact match first, else an unambiguous prefix; otherwise a
    RosterError that names the candidates."""
    q = query.strip().casefold()
    qn = name_key(query)
    if not q:
        raise RosterError("no student given")
    pool = list(candidates)
    exact = [k for k, names in pool if any(n and (n.casefold() == q or name_key(n) == qn)
                                           for n in names)]
    if len(set(exact)) == 1:
        return exact[0]
    found = exact or [k for k, names in pool
                      if any(n and (n.casefold().startswith(q) or name_key(n).startswith(qn))
                             for n in names)]
    found = list(dict.fromkeys(found))
    if len(found) == 1:
        return found[0]
    if not found:
        raise RosterError(f"no student matches {query!r} (give an email, SIS login or name; "
                          "paperdesk roster lists them)")
    shown = {k: next((n for n in names if n), k) for k, names in pool}
    listed = ", ".join(f"{shown[k]} <{k}>" for k in found[:8])
    more = f" and {len(found) - 8} more" if len(found) > 8 else ""
    raise RosterError(f"{query!r} could be {listed}{more}: say which")
