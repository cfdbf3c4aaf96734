"""Finding the workspace: the folder that holds ``readings.bib``, like git finds a repository."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from paperdesk.core.errors import WorkspaceError
from paperdesk.core.values import FrozenValue

BIB_NAME = "readings.bib"
COURSE_NAME = "course.toml"
REVIEWS_DIR = "reviews"
STATE_DIR = ".paperdesk"


class Workspace(FrozenValue):
    __slots__ = ("root",)
    root: Path

    def __init__(self, root: Path) -> None:
        object.__setattr__(self, "root", root)

    @property
    def bib(self) -> Path:
        return self.root / BIB_NAME

    @property
    def course_file(self) -> Path:
        return self.root / COURSE_NAME

    @property
    def reviews_dir(self) -> Path:
        return self.root / REVIEWS_DIR

    @property
    def state_dir(self) -> Path:
        return self.root / STATE_DIR

    @property
    def pdf_dir(self) -> Path:
        return self.state_dir / "pdfs"

    @property
    def db_path(self) -> Path:
        return self.state_dir / "paperdesk.db"

    def ensure_state_dir(self) -> Path:
        """Create ``.paperdesk/`` on first need, with a .gitignore so it is never committed."""
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
            ignore = self.state_dir / ".gitignore"
            if not ignore.exists():
                ignore.write_text("*\n", encoding="utf-8")
        except OSError as exc:
            why = "a file is in its place" if isinstance(exc, FileExistsError) else exc.strerror
            raise WorkspaceError(f"cannot create paperdesk's state folder {self.state_dir} "
                                 f"({why})") from exc
        return self.state_dir

    def writable(self) -> bool:
        """False in a read-only workspace (a read-only mount says so even to root)."""
        folder = self.state_dir if self.state_dir.is_dir() else self.root
        return os.access(folder, os.W_OK)

    def db_url(self, environ: Mapping[str, str]) -> str:
        """``PAPERDESK_DB`` (any SQLAlchemy URL) or the workspace's SQLite file."""
        return environ.get("PAPERDESK_DB") or f"sqlite:///{self.db_path}"


def find_workspace(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Workspace:
    """``--workspace`` wins, then ``PAPERDESK_WORKSPACE``, then the nearest folder upwards."""
    env = os.environ if environ is None else environ
    named = explicit or env.get("PAPERDESK_WORKSPACE")
    if named:
        root = Path(named).expanduser()
        if not root.is_dir():
            raise WorkspaceError(f"workspace {root} is not a folder")
        if not (root / BIB_NAME).is_file():
            raise WorkspaceError(f"workspace {root} has no {BIB_NAME} (paperdesk init makes one)")
        return Workspace(root.resolve())
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / BIB_NAME).is_file():
            return Workspace(folder)
    raise WorkspaceError(
        f"no {BIB_NAME} in {start} or any folder above it; "
        "run paperdesk inside a course workspace, pass --workspace DIR, or run paperdesk init"
    )
