"""arXiv as a metadata source: ids and URLs, batched Atom queries (:mod:`arxiv_client`).

Also claims DataCite's DOIs for arXiv papers (``10.48550/arXiv.2312.07559``): they name an arXiv
paper, and arXiv describes it better than a DOI resolver would.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from paperdesk.adapters.sources import Batch, PaperRef
from paperdesk.core.arxiv_id import ArxivId
from paperdesk.core.bibnames import bib_authors
from paperdesk.core.doi import Doi, DoiError, arxiv_of, looks_like_doi
from paperdesk.core.paper import Paper
from paperdesk.core.reading import Reading

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from paperdesk.adapters.arxiv_client import ArxivClient, ArxivPaper, BatchOutcome


def to_paper(paper: ArxivPaper, fetched_at: str = "") -> Paper:
    return Paper(
        source="arxiv", id=paper.id.base, title=paper.title, authors=paper.authors,
        abstract=paper.abstract, year=str(paper.published.year), venue=paper.journal_ref,
        entry_type="article" if paper.journal_ref else "misc", doi=paper.doi,
        url=f"https://arxiv.org/abs/{paper.id.base}", pdf_url=paper.pdf_url,
        published=paper.published.isoformat(), updated=paper.updated.isoformat(),
        version=paper.version, categories=paper.categories,
        primary_category=paper.primary_category, comment=paper.comment,
        journal_ref=paper.journal_ref, fetched_at=fetched_at,
    )


class ArxivSourceClient:
    def __init__(self, client: ArxivClient) -> None:
        self.inner = client

    @property
    def offline(self) -> str | None:
        return self.inner.offline

    @property
    def requests_made(self) -> int:
        return self.inner.requests_made

    def fetch(self, ids: Sequence[str],
              on_batch: Callable[[Batch], None] | None = None) -> list[Batch]:
        def convert(outcome: BatchOutcome) -> Batch:
            return Batch(list(outcome.requested),
                         {k: to_paper(p) for k, p in outcome.found.items()},
                         dict(outcome.failures))

        def relay(outcome: BatchOutcome) -> None:
            if on_batch is not None:
                on_batch(convert(outcome))

        outcomes = self.inner.fetch([ArxivId.from_normal(i) for i in ids], relay)
        return [convert(o) for o in outcomes]

    def close(self) -> None:
        self.inner.session.close()


class ArxivSource:
    name = "arxiv"
    label = "arXiv"

    def id_of(self, reading: Reading) -> str | None:
        if reading.arxiv is not None:
            return reading.arxiv.base
        if reading.doi:
            ref = self._datacite(reading.doi)
            return ref.id if ref else None
        return None

    @staticmethod
    def _datacite(text: str) -> PaperRef | None:
        try:
            found = arxiv_of(Doi.parse(text))
        except DoiError:
            return None
        if found is None:
            return None
        return PaperRef("arxiv", found.base, found.versioned if found.version else "")

    def resolve(self, text: str) -> PaperRef | None:
        if looks_like_doi(text):
            return self._datacite(text)
        ident = ArxivId.parse(text)  # ArxivIdError (a ValueError) says what is wrong
        return PaperRef("arxiv", ident.base, ident.versioned if ident.version else "")

    def client(self, environ: Mapping[str, str]) -> ArxivSourceClient:
        from paperdesk.adapters.arxiv_client import ArxivClient
        from paperdesk.adapters.polite_http import ArxivSettings

        return ArxivSourceClient(ArxivClient(ArxivSettings.from_environ(environ)))

    def entry(self, paper: Paper, ref: PaperRef) -> tuple[str, list[tuple[str, str]]]:
        eprint = ref.cite_as or paper.id
        return paper.entry_type or "misc", [
            ("title", paper.title),
            ("author", bib_authors(paper.authors)),
            ("year", paper.year),
            ("journal", paper.journal_ref),
            ("eprint", eprint),
            ("archiveprefix", "arXiv"),
            ("primaryclass", paper.primary_category),
            ("doi", paper.doi),
            ("url", f"https://arxiv.org/abs/{eprint}"),
        ]

    def pdf_location(self, paper: Paper, environ: Mapping[str, str]) -> str | None:
        from paperdesk.adapters.polite_http import ArxivSettings

        base = ArxivSettings.from_environ(environ).pdf_base.rstrip("/")
        return f"{base}/{paper.id}"


SOURCE = ArxivSource()
