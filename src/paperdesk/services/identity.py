"""Who the student is: name and email, for the reviews' front matter and the exported PDFs.

``PAPERDESK_STUDENT`` / ``PAPERDESK_EMAIL`` win; else ``[student]`` in the user's config file;
else the student is asked once (through ``ask``) and the answer is kept in that file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from paperdesk.core.errors import IdentityError
from paperdesk.core.values import FrozenValue
from paperdesk.services.context import Context

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

Ask = Callable[[str], str]
"""Asks the user one question (the prompt) and returns the answer."""


class Identity(FrozenValue):
    __slots__ = ("email", "name")
    name: str
    email: str

    def __init__(self, name: str, email: str = "") -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "email", email)


def config_path() -> Path:
    from paperdesk.adapters.userconfig import config_path as where  # platformdirs: on first need

    return where()


def _configured(path: Path) -> dict[str, Any]:
    from paperdesk.adapters.userconfig import load_config  # TOML: on first need

    student = load_config(path).get("student", {})
    if not isinstance(student, dict):
        raise IdentityError("'student' should be a table: [student] with name and email",
                            path=str(path))
    return student


def known_identity(ctx: Context) -> Identity | None:
    """The identity if it is set somewhere; None when the student would have to be asked.

    Read from the settings memo where it holds (:mod:`paperdesk.services.settings`: no TOML or
    platformdirs while the config file is unchanged); else, and for a broken config file (read
    and reported every time), from the environment and the file."""
    from paperdesk.services.settings import kept_settings

    found = kept_settings(ctx.workspace, ctx.environ)
    if found is not None and found["identity"] == "known":
        return Identity(found["name"], found["email"]) if found["name"] else None
    return identity_from(ctx.environ)


def identity_from(environ: Mapping[str, str]) -> Identity | None:
    """:func:`known_identity` worked out from the environment and the config file."""
    name = environ.get("PAPERDESK_STUDENT", "").strip()
    email = environ.get("PAPERDESK_EMAIL", "").strip()
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
    name = ask(f"Your name, as it should appear on your reviews (kept in {path}; paperdesk "
               "whoami changes it): ").strip()
    if not name:
        raise IdentityError("a name is needed to sign your reviews; nothing was saved")
    email = ctx.environ.get("PAPERDESK_EMAIL", "").strip() or ask("Your email: ").strip()
    from paperdesk.adapters.userconfig import save_student

    save_student(path, name, email)
    return Identity(name, email)


def identity_file() -> Path:
    """Where the name and email are kept: ``config.toml`` in the user's config folder."""
    return config_path()


class IdentityReport(FrozenValue):
    """The name and email in use, and where each comes from: an environment variable's name,
    the config file's path, or "" when it is set nowhere."""

    __slots__ = ("config", "email", "email_from", "name", "name_from")
    name: str
    name_from: str
    email: str
    email_from: str
    config: Path

    def __init__(self, name: str, name_from: str, email: str, email_from: str,
                 config: Path) -> None:
        init = object.__setattr__
        init(self, "name", name)
        init(self, "name_from", name_from)
        init(self, "email", email)
        init(self, "email_from", email_from)
        init(self, "config", config)


def identity_report(environ: Mapping[str, str]) -> IdentityReport:
    """Needs no workspace: who you are is the same in every course."""
    path = config_path()
    student = _configured(path)

    def pick(env: str, key: str) -> tuple[str, str]:
        value = environ.get(env, "").strip()
        if value:
            return value, env
        value = str(student.get(key, "")).strip()
        return (value, str(path)) if value else ("", "")

    name, name_from = pick("PAPERDESK_STUDENT", "name")
    email, email_from = pick("PAPERDESK_EMAIL", "email")
    return IdentityReport(name, name_from, email, email_from, path)


def set_identity(name: str | None = None, email: str | None = None) -> Path:
    """Keep ``name`` and/or ``email`` in the user's config file (other settings untouched);
    returns the file. An empty name is refused: it signs the reviews."""
    if name is not None and not name.strip():
        raise IdentityError("a name is needed to sign your reviews; nothing was changed")
    from paperdesk.adapters.userconfig import update_student

    path = config_path()
    update_student(path, name.strip() if name is not None else None,
                   email.strip() if email is not None else None)
    return path
