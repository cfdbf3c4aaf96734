"""What every use case needs: the workspace, its course, the clock and the environment."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from paperdesk.adapters.coursefile import load_course
from paperdesk.adapters.workspace import Workspace, find_workspace
from paperdesk.core import clock
from paperdesk.core.course import Course
from paperdesk.core.reading import Catalog

if TYPE_CHECKING:
    from paperdesk.adapters.store import Store


@dataclass
class Context:
    """One per command or app run; heavy parts (the SQLModel store) are opened on first use."""

    workspace: Workspace
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    # Where warnings go (a database moved aside and rebuilt); None: the logging module.
    warn: Callable[[str], None] | None = None

    @classmethod
    def discover(cls, explicit: str | None = None, environ: Mapping[str, str] | None = None,
                 warn: Callable[[str], None] | None = None) -> Context:
        env = dict(os.environ) if environ is None else dict(environ)
        return cls(find_workspace(explicit, env), env, warn)

    def now(self) -> datetime:
        return clock.now(self.environ)

    @cached_property
    def course(self) -> Course:
        return load_course(self.workspace.course_file)

    @cached_property
    def catalog(self) -> Catalog:
        from paperdesk.services.catalog import workspace_catalog

        return workspace_catalog(self.workspace)

    def reload_catalog(self) -> Catalog:
        self.__dict__.pop("catalog", None)
        return self.catalog

    @cached_property
    def store(self) -> Store:
        from paperdesk.adapters.store import Store

        if not self.environ.get("PAPERDESK_DB"):
            self.workspace.ensure_state_dir()
        return Store(self.workspace.db_url(self.environ), warn=self.warn)
