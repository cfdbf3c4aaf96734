"""One exception hierarchy: the CLI turns any of these into one stderr line and exit code 2."""

from __future__ import annotations


class PaperdeskError(Exception):
    """An error the user can act on. ``str()`` is the one line shown to them."""

    title = "error"

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where}{self.message}"


class WorkspaceError(PaperdeskError):
    title = "workspace"


class CourseError(PaperdeskError):
    title = "course.toml"


class BibError(PaperdeskError):
    title = "bibliography"


class UnknownReadingError(PaperdeskError):
    title = "unknown reading"


class ReviewError(PaperdeskError):
    title = "review"


class ReviewConflictError(ReviewError):
    """The review file changed on disk since it was loaded: saving would overwrite that change."""

    title = "review changed on disk"


class IdentityError(PaperdeskError):
    title = "student"


class StoreError(PaperdeskError):
    """The database cannot be used (busy, full disk, read-only, foreign, corrupt). ``corrupt``:
    SQLite says the file is damaged, the one case where the store moves it aside."""

    title = "database"

    def __init__(self, message: str, *, path: str | None = None, corrupt: bool = False) -> None:
        self.corrupt = corrupt
        super().__init__(message, path=path)


class FetchError(PaperdeskError):
    title = "fetch"


class ExportError(PaperdeskError):
    title = "export"


class CollectError(PaperdeskError):
    title = "collect"


def failure_text(exc: BaseException) -> str:
    """What went wrong, in one short line, for an error no code path expected (a broken hand-in).

    A RecursionError is input nested deeper than a parser can follow (JSON, TOML): said so.
    """
    if isinstance(exc, PaperdeskError):
        return exc.message
    if isinstance(exc, RecursionError):
        return "nested too deeply for a parser to follow"
    if isinstance(exc, MemoryError):
        return "too big to be read (out of memory)"
    text = f"{type(exc).__name__}: {exc}".splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]
