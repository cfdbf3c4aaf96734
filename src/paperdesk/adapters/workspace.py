"""Finding the workspace: the folder that holds ``readings.bib``, like git finds a repository.

Found with :mod:`os.path`, and its files named as text (:meth:`Workspace.join`): a warm
``paperdesk list`` never imports :mod:`pathlib` (with the ``urllib.parse`` and ``ipaddress`` it
loads, a fifth of what the command adds to Python's start). The Path properties serve the rest.
"""

from __future__ import annotations

import os

from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from paperdesk.core.errors import WorkspaceError

BIB_NAME = "readings.bib"
COURSE_NAME = "course.toml"
REVIEWS_DIR = "reviews"
REVIEW_SUFFIX = ".md"  # reviews/<stem>.md (adapters.reviewfiles reads and writes them)
REVIEWS_NOTE = "README.md"  # a note for students in reviews/, not a review
STATE_DIR = ".paperdesk"
DB_NAME = "paperdesk.db"  # in STATE_DIR


class Workspace(FrozenValue):
    __slots__ = ("folder",)
    folder: str  # the root folder's path as text (os.fspath of what it was made with)

    def __init__(self, root: str | os.PathLike[str]) -> None:
        object.__setattr__(self, "folder", os.fspath(root))

    def join(self, *names: str) -> str:
        """The path of ``names`` inside the workspace, as text (no pathlib)."""
        return os.path.join(self.folder, *names)

    @property
    def root(self) -> Path:
        from pathlib import Path

        return Path(self.folder)

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
        return self.state_dir / DB_NAME

    def ensure_state_dir(self) -> Path:
        """Create ``.paperdesk/`` on first need, with a .gitignore so it is never committed."""
        from pathlib import Path

        return Path(self.ensure_state_folder())

    def ensure_state_folder(self) -> str:
        """:meth:`ensure_state_dir`, its path as text."""
        state = self.join(STATE_DIR)
        try:
            self._make_state_folder(state)
        except OSError as exc:
            from paperdesk.core.errors import WorkspaceError  # only to fail

            why = "a file is in its place" if isinstance(exc, FileExistsError) else exc.strerror
            raise WorkspaceError(f"cannot create paperdesk's state folder {state} "
                                 f"({why})") from exc
        return state

    def state_folder_made(self) -> str | None:
        """:meth:`ensure_state_folder`'s folder, or None where it cannot be made (a read-only
        workspace: what can be read is read without the caches)."""
        state = self.join(STATE_DIR)
        try:
            self._make_state_folder(state)
        except OSError:
            return None
        return state

    @staticmethod
    def _make_state_folder(state: str) -> None:
        os.makedirs(state, exist_ok=True)
        ignore = os.path.join(state, ".gitignore")
        if not os.path.exists(ignore):
            with open(ignore, "w", encoding="utf-8") as out:
                out.write("*\n")

    def writable(self) -> bool:
        """False in a read-only workspace (a read-only mount says so even to root)."""
        state = self.join(STATE_DIR)
        return os.access(state if os.path.isdir(state) else self.folder, os.W_OK)

    def db_url(self, environ: Mapping[str, str]) -> str:
        """``PAPERDESK_DB`` (any SQLAlchemy URL) or the workspace's SQLite file."""
        return environ.get("PAPERDESK_DB") or f"sqlite:///{self.join(STATE_DIR, DB_NAME)}"


def review_names(folder: str | os.PathLike[str]) -> list[str]:
    """The names of the review files in ``folder``, sorted; hidden and temporary files and the
    folder's README are not reviews. Here, with os.path, for the warm list's status column (which
    loads neither pathlib nor :mod:`~paperdesk.adapters.reviewfiles`)."""
    if not os.path.isdir(folder):
        return []
    note = REVIEWS_NOTE.lower()
    return sorted(name for name in os.listdir(folder)
                  if name.endswith(REVIEW_SUFFIX) and not name.startswith(".")
                  and name.lower() != note and os.path.isfile(os.path.join(folder, name)))


def find_workspace(
    explicit: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Workspace:
    """``--workspace`` wins, then ``PAPERDESK_WORKSPACE``, then the nearest folder upwards."""
    env = os.environ if environ is None else environ
    named = explicit or env.get("PAPERDESK_WORKSPACE")
    if named:
        root = os.path.expanduser(os.fspath(named))
        if not os.path.isdir(root):
            raise _failed(f"workspace {_shown(root)} is not a folder")
        if not os.path.isfile(os.path.join(root, BIB_NAME)):
            raise _failed(f"workspace {_shown(root)} has no {BIB_NAME} "
                                 "(paperdesk init makes one)")
        return Workspace(os.path.realpath(root))  # Path.resolve's answer
    start = os.path.realpath(os.getcwd() if cwd is None else os.fspath(cwd))
    folder = start
    while True:  # the folder, then its parents up to the root (Path.parents)
        if os.path.isfile(os.path.join(folder, BIB_NAME)):
            return Workspace(folder)
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    raise _failed(
        f"no {BIB_NAME} in {start} or any folder above it; "
        "run paperdesk inside a course workspace, pass --workspace DIR, or run paperdesk init"
    )


def _failed(message: str) -> WorkspaceError:
    from paperdesk.core.errors import WorkspaceError  # only to fail: a found one needs none

    return WorkspaceError(message)


def _shown(path: str) -> str:
    """A path as the messages have always shown it: pathlib's spelling (``a/./b/`` is ``a/b``)."""
    from pathlib import Path

    return str(Path(path))
