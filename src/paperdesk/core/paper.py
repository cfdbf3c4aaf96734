"""A paper's metadata as a source (arXiv, Crossref, ...) describes it, stored by (source, id).

Pure data: the adapters of each source build these, the store keeps them, the services show
them. Fields a source does not know stay empty; what only one source has goes in ``extra``.
"""

from __future__ import annotations

from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any


class Paper(FrozenValue):
    """Frozen, compared by all its fields; a FrozenValue, not a dataclass: ``paperdesk show``
    reads one from the cache and must start at once."""

    __slots__ = ("abstract", "authors", "categories", "comment", "doi", "entry_type", "extra",
                 "fetched_at", "id", "journal_ref", "pdf_url", "primary_category", "published",
                 "source", "title", "updated", "url", "venue", "version", "year")
    source: str  # the registered source's name: "arxiv", "crossref"
    id: str  # the source's own id, normalised: unversioned arXiv id, lower-case DOI
    title: str
    authors: tuple[str, ...]
    abstract: str
    year: str
    venue: str  # journal, proceedings or book title
    entry_type: str  # the BibTeX type it deserves: article, inproceedings, ...
    doi: str
    url: str
    pdf_url: str  # a PDF the source names; "" when it names none
    published: str  # ISO dates
    updated: str
    version: int
    categories: tuple[str, ...]
    primary_category: str
    comment: str
    journal_ref: str
    extra: dict[str, str]  # volume, number, pages, publisher...
    fetched_at: str

    def __init__(self, source: str, id: str, title: str, authors: tuple[str, ...] = (),
                 abstract: str = "", year: str = "", venue: str = "", entry_type: str = "",
                 doi: str = "", url: str = "", pdf_url: str = "", published: str = "",
                 updated: str = "", version: int = 1, categories: tuple[str, ...] = (),
                 primary_category: str = "", comment: str = "", journal_ref: str = "",
                 extra: dict[str, str] | None = None, fetched_at: str = "") -> None:
        for name, value in (
                ("source", source), ("id", id), ("title", title), ("authors", authors),
                ("abstract", abstract), ("year", year), ("venue", venue),
                ("entry_type", entry_type), ("doi", doi), ("url", url), ("pdf_url", pdf_url),
                ("published", published), ("updated", updated), ("version", version),
                ("categories", categories), ("primary_category", primary_category),
                ("comment", comment), ("journal_ref", journal_ref),
                ("extra", {} if extra is None else extra), ("fetched_at", fetched_at)):
            object.__setattr__(self, name, value)

    @property
    def arxiv_id(self) -> str:
        """The arXiv id (unversioned) of an arXiv record; "" for other sources."""
        return self.id if self.source == "arxiv" else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source, "id": self.id, "title": self.title,
            "authors": list(self.authors), "abstract": self.abstract, "year": self.year,
            "venue": self.venue, "entry_type": self.entry_type, "doi": self.doi, "url": self.url,
            "pdf_url": self.pdf_url, "published": self.published, "updated": self.updated,
            "version": self.version, "categories": list(self.categories),
            "primary_category": self.primary_category, "comment": self.comment,
            "journal_ref": self.journal_ref, "extra": dict(self.extra),
            "fetched_at": self.fetched_at,
            # Kept from the arXiv-only days, for scripts that read `show --json`.
            "arxiv_id": self.arxiv_id,
        }
