"""A paper's metadata as a source (arXiv, Crossref, ...) describes it, stored by (source, id).

Pure data: the adapters of each source build these, the store keeps them, the services show
them. Fields a source does not know stay empty; what only one source has goes in ``extra``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paper:
    source: str  # the registered source's name: "arxiv", "crossref"
    id: str  # the source's own id, normalised: unversioned arXiv id, lower-case DOI
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    year: str = ""
    venue: str = ""  # journal, proceedings or book title
    entry_type: str = ""  # the BibTeX type it deserves: article, inproceedings, ...
    doi: str = ""
    url: str = ""
    pdf_url: str = ""  # a PDF the source names; "" when it names none
    published: str = ""  # ISO dates
    updated: str = ""
    version: int = 1
    categories: tuple[str, ...] = ()
    primary_category: str = ""
    comment: str = ""
    journal_ref: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # volume, number, pages, publisher...
    fetched_at: str = ""

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
