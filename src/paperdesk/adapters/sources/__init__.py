"""Where paper metadata comes from: one module per source, registered in :data:`SOURCE_MODULES`.

Each module defines ``SOURCE``, an object that follows :class:`MetadataSource`. The registry is
light on purpose (no requests, no SQLAlchemy): the fast read paths ask it which paper a reading
is, and only a fetch imports a source's HTTP client. The order is the order of preference: a
reading with both an arXiv id and a DOI is fetched from arXiv.
"""

from __future__ import annotations

import importlib
from functools import cache

from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # the interfaces are the type checker's: ``show`` asks the registry at once
    from collections.abc import Callable, Mapping, Sequence
    from typing import Protocol

    from paperdesk.core.paper import Paper
    from paperdesk.core.reading import Reading

# A third source (Semantic Scholar, OpenAlex...) is one module in this package and one line here.
SOURCE_MODULES: tuple[str, ...] = (
    "paperdesk.adapters.sources.arxiv",
    "paperdesk.adapters.sources.crossref",
)


class PaperIdError(ValueError):
    """The text is no id any source knows; the message says what was expected."""


class PaperRef(FrozenValue):
    """A paper as typed by a user: its source, the record id, and the form to cite, if pinned
    (``1706.03762v5`` for an arXiv id typed with its version)."""

    __slots__ = ("cite_as", "id", "source")
    source: str
    id: str
    cite_as: str

    def __init__(self, source: str, id: str, cite_as: str = "") -> None:
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "cite_as", cite_as)


class Batch:
    """What one request gave: papers found (by record id) and failures (id -> plain words)."""

    __slots__ = ("failures", "found", "requested")

    def __init__(self, requested: list[str], found: dict[str, Paper] | None = None,
                 failures: dict[str, str] | None = None) -> None:
        self.requested = requested
        self.found: dict[str, Paper] = {} if found is None else found
        self.failures: dict[str, str] = {} if failures is None else failures

    def __repr__(self) -> str:
        return (f"Batch(requested={self.requested!r}, found={self.found!r}, "
                f"failures={self.failures!r})")


if TYPE_CHECKING:  # the interfaces: for the type checker only (Protocol is typing's)
    class SourceClient(Protocol):
        """A source's network side. ``offline`` is set (to the reason) once a request finds no
        network: the ids after it are failed without asking."""

        @property
        def offline(self) -> str | None: ...

        @property
        def requests_made(self) -> int: ...

        def fetch(self, ids: Sequence[str],
                  on_batch: Callable[[Batch], None] | None = None) -> list[Batch]: ...

        def close(self) -> None: ...


    class MetadataSource(Protocol):
        """One source of paper metadata."""

        name: str  # stored with each record: never change it once released
        label: str  # shown to users: "arXiv", "Crossref"

        def id_of(self, reading: Reading) -> str | None:
            """The record id of the reading's paper in this source, if the reading names one."""
            ...

        def resolve(self, text: str) -> PaperRef | None:
            """The paper a typed id or URL names; None when the text is not this source's kind of
            id; a ``ValueError`` subclass (with plain words) when it is, but malformed."""
            ...

        def client(self, environ: Mapping[str, str]) -> SourceClient: ...

        def entry(self, paper: Paper, ref: PaperRef) -> tuple[str, list[tuple[str, str]]]:
            """The BibTeX type and fields (without the course's ``topic`` and ``kind``)."""
            ...

        def pdf_location(self, paper: Paper, environ: Mapping[str, str]) -> str | None:
            """Where the paper's PDF can be downloaded, when the source names a place."""
            ...


@cache
def sources() -> tuple[MetadataSource, ...]:
    return tuple(importlib.import_module(m).SOURCE for m in SOURCE_MODULES)


def source(name: str) -> MetadataSource:
    for candidate in sources():
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def ref_of(reading: Reading) -> tuple[str, str] | None:
    """(source, record id) of the reading's paper: the first source that knows it."""
    for candidate in sources():
        ident = candidate.id_of(reading)
        if ident:
            return candidate.name, ident
    return None


def resolve(text: str) -> PaperRef:
    """The paper ``text`` names, by the first source that recognises it."""
    errors: list[ValueError] = []
    for candidate in sources():
        try:
            ref = candidate.resolve(text)
        except ValueError as exc:
            errors.append(exc)
            continue
        if ref is not None:
            return ref
    if errors:  # the first source that took it for its kind of id says what is wrong
        raise errors[0]
    raise PaperIdError(f"{text!r} is neither an arXiv id nor a DOI")
