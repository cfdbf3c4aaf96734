"""Who the student is: name and email, for the reviews' front matter and the exported PDFs.

``PAPERDESK_STUDENT`` / ``PAPERDESK_EMAIL`` win; else ``[student]`` in the user's config file;
else the student is asked once (through ``ask``) and the answer is kept in that file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdesk.adapters.userconfig import config_path, load_config, save_student
from paperdesk.core.errors import IdentityError
from paperdesk.services.context import Context

Ask = Callable[[str], str]
"""Asks the user one question (the prompt) and returns the answer."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str = ""


def _configured(path: Path) -> dict[str, Any]:
    student = load_config(path).get("student", {})
    if not isinstance(student, dict):
        raise IdentityError("'student' should be a table: [student] with name and email",
                            path=str(path))
    return student


def known_identity(ctx: Context) -> Identity | None:
    """The identity if it is set somewhere; None when the student would have to be asked."""
    name = ctx.environ.get("PAPERDESK_STUDENT", "").strip()
    email = ctx.environ.get("PAPERDESK_EMAIL", "").strip()
    if not (name and email):
        student = _configured(config_path())
        name = name or str(student.get("name", "")).strip()
        email = email or str(student.get("email", "")).strip()
    return Identity(name, email) if name else None


def student_identity(ctx: Context, ask: Ask | None = None) -> Identity:
    """The student's identity; asks once (and remembers) when it is set nowhere."""
    known = known_identity(ctx)
    if known is not None:
        return known
    path = config_path()
    if ask is None:
        raise IdentityError(
            "who is the student? Set PAPERDESK_STUDENT and PAPERDESK_EMAIL, or write "
            f'[student] name = "..." email = "..." in {path}, or run the command in a terminal '
            "to be asked once"
        )
    name = ask("Your name, as it should appear on your reviews: ").strip()
    if not name:
        raise IdentityError("a name is needed to sign your reviews; nothing was saved")
    email = ctx.environ.get("PAPERDESK_EMAIL", "").strip() or ask("Your email: ").strip()
    save_student(path, name, email)
    return Identity(name, email)
