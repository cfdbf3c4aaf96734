"""What every use case needs: the workspace, its course, the clock and the environment."""

from __future__ import annotations

import os
from functools import cached_property

from paperdesk.adapters.workspace import Workspace, find_workspace

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import datetime

    from paperdesk.adapters.gradebook_light import LightGradebook
    from paperdesk.adapters.store import Store
    from paperdesk.adapters.store_light import LightStore
    from paperdesk.core.course import Course
    from paperdesk.core.reading import Catalog


class Context:
    """One per command or app run; heavy parts (the SQLModel store) are opened on first use."""

    workspace: Workspace
    environ: Mapping[str, str]
    # Where warnings go (a database moved aside and rebuilt); None: the logging module.
    warn: Callable[[str], None] | None

    def __init__(self, workspace: Workspace, environ: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None) -> None:
        self.workspace = workspace
        self.environ = dict(os.environ) if environ is None else environ
        self.warn = warn

    def __repr__(self) -> str:
        return f"Context(workspace={self.workspace!r})"

    @classmethod
    def discover(cls, explicit: str | None = None, environ: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None) -> Context:
        env = dict(os.environ) if environ is None else dict(environ)
        return cls(find_workspace(explicit, env), env, warn)

    def now(self) -> datetime:
        from paperdesk.core import clock

        return clock.now(self.environ)

    @cached_property
    def course(self) -> Course:
        from paperdesk.adapters.coursefile import load_course  # zoneinfo: not for list

        return load_course(self.workspace.course_file, self.workspace.state_dir)

    @cached_property
    def catalog(self) -> Catalog:
        from paperdesk.services.catalog import my_bib, workspace_catalog

        return workspace_catalog(self.workspace, my_bib(self.workspace, self.environ))

    @cached_property
    def course_catalog(self) -> Catalog:
        """readings.bib alone, without the student's own readings: what the instructor grades."""
        from paperdesk.services.catalog import workspace_catalog

        return workspace_catalog(self.workspace)

    def reload_catalog(self) -> Catalog:
        self.__dict__.pop("catalog", None)
        self.__dict__.pop("course_catalog", None)
        return self.catalog

    def check_writable(self) -> None:
        """One line before work whose result could not be saved (a read-only workspace)."""
        from paperdesk.core.errors import WorkspaceError

        if not self.workspace.writable():
            folder = self.workspace.state_dir if self.workspace.state_dir.is_dir() else \
                self.workspace.root
            raise WorkspaceError(f"{folder}: the folder is read-only: nothing can be saved in it")
        self.store.check_writable()

    @cached_property
    def light(self) -> LightStore | None:
        """The store for one-row reads and writes without SQLModel: the workspace's SQLite file
        through sqlite3, when it is at this schema version (or not made yet: then it reads as
        empty, and writes go to :attr:`store`, which makes it); None means use :attr:`store`
        (an older database to migrate, or ``PAPERDESK_DB``)."""
        from paperdesk.adapters.store_light import open_light

        ws = self.workspace
        return open_light(ws.db_url(self.environ), ws.db_path, self.environ)

    @cached_property
    def light_gradebook(self) -> LightGradebook | None:
        """The course's gradebook tables through sqlite3, when the database is a SQLite file
        the SQLModel store has made and brought to this schema version (the workspace's, or
        ``PAPERDESK_DB=sqlite:///...``); None means use :attr:`store` (no file yet, another
        version to migrate, a read-only folder, PostgreSQL)."""
        from paperdesk.adapters.gradebook_light import open_light_gradebook

        return open_light_gradebook(self.workspace.db_url(self.environ), self.course.id)

    @cached_property
    def store(self) -> Store:
        from paperdesk.adapters.store import Store

        if not self.environ.get("PAPERDESK_DB") and self.workspace.writable():
            self.workspace.ensure_state_dir()  # in a read-only workspace the store reads only
        return Store(self.workspace.db_url(self.environ), warn=self.warn)
