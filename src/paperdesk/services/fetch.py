"""Fetching arXiv metadata and PDFs into the workspace's offline cache; opening a reading.

Offline first: metadata is shown from the database and PDFs from ``.paperdesk/pdfs/``; only
``fetch_*`` and ``open_reading`` (when the PDF is missing) touch the network. Each batch of
metadata is stored in one transaction as soon as it arrives, so what came back is kept even when
a later batch fails, and no paper is ever half-stored. ``progress`` may be called from a worker
thread (the TUI runs these there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from paperdesk.core.errors import FetchError
from paperdesk.core.reading import Reading
from paperdesk.services.catalog import reading_by_key
from paperdesk.services.context import Context

if TYPE_CHECKING:
    from paperdesk.adapters.arxiv_client import ArxivClient, ArxivPaper, BatchOutcome
    from paperdesk.adapters.store import ArxivRecord

Progress = Callable[[int, int, str], None]
Opener = Callable[[str], None]


@dataclass
class FetchReport:
    """What a fetch did. ``failures`` are (key, plain message), one per reading that failed."""

    stored: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    requests: int = 0
    already: list[str] = field(default_factory=list)  # in the cache before: nothing to do
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (key, why nothing was fetched)
    # Why the network could not be reached at all ("" when it could): a next step need not try.
    offline: str = ""

    @property
    def ok(self) -> bool:
        return not self.failures


def _quiet(_done: int, _total: int, _message: str) -> None:
    return None


def select_readings(ctx: Context, keys: Iterable[str] | None) -> list[Reading]:
    """The readings named (in the order given), or all of them; unknown keys are an error."""
    catalog = ctx.catalog
    if keys is None:
        return list(catalog.readings)
    return [reading_by_key(catalog, key) for key in dict.fromkeys(keys)]


def get_reading(ctx: Context, key: str) -> Reading:
    return select_readings(ctx, [key])[0]


# -- metadata ---------------------------------------------------------------------------------
def to_record(paper: ArxivPaper, fetched_at: str) -> ArxivRecord:
    import json

    from paperdesk.adapters.store import ArxivRecord

    return ArxivRecord(
        arxiv_id=paper.id.base,
        title=paper.title,
        authors_json=json.dumps(list(paper.authors), ensure_ascii=False),
        abstract=paper.abstract,
        categories_json=json.dumps(list(paper.categories)),
        primary_category=paper.primary_category,
        published=paper.published.isoformat(),
        updated=paper.updated.isoformat(),
        version=paper.version,
        comment=paper.comment,
        journal_ref=paper.journal_ref,
        doi=paper.doi,
        pdf_url=paper.pdf_url,
        fetched_at=fetched_at,
    )


def record_for(ctx: Context, reading: Reading) -> ArxivRecord | None:
    """The cached metadata of a reading (None for a non-arXiv reading or before a fetch)."""
    if reading.arxiv is None:
        return None
    return ctx.store.records([reading.arxiv.base]).get(reading.arxiv.base)


def make_client(ctx: Context) -> ArxivClient:
    from paperdesk.adapters.arxiv_client import ArxivClient
    from paperdesk.adapters.polite_http import ArxivSettings

    return ArxivClient(ArxivSettings.from_environ(ctx.environ))


def fetch_metadata(ctx: Context, keys: Sequence[str] | None = None, refresh: bool = False,
                   progress: Progress | None = None, *,
                   client: ArxivClient | None = None) -> FetchReport:
    """Ask arXiv for the readings' metadata (those not cached yet, or all with ``refresh``)."""
    report = FetchReport()
    tell = progress or _quiet
    papers: list[Reading] = []
    for reading in select_readings(ctx, keys):
        if reading.arxiv is not None:
            papers.append(reading)
        elif keys is not None:
            report.skipped.append((reading.key, "not an arXiv paper: no metadata to fetch"))
    if not papers:
        return report
    cached = set() if refresh else set(ctx.store.records(r.arxiv.base for r in papers if r.arxiv))
    todo = [r for r in papers if r.arxiv and r.arxiv.base not in cached]
    report.already = [r.key for r in papers if r.arxiv and r.arxiv.base in cached]
    if not todo:
        return report
    ctx.check_writable()  # before asking arXiv for what could not be stored
    client = client or make_client(ctx)
    total = len({r.arxiv.base for r in todo if r.arxiv})
    stored: set[str] = set()
    failed: dict[str, str] = {}
    done = 0
    fetched_at = ctx.now().isoformat(timespec="seconds")

    def on_batch(outcome: BatchOutcome) -> None:
        nonlocal done
        # One transaction per batch: all of its papers are stored, or (on error) none.
        ctx.store.save_records(to_record(p, fetched_at) for p in outcome.found.values())
        stored.update(outcome.found)
        failed.update(outcome.failures)
        done += len(outcome.requested)
        tell(done, total, f"{len(outcome.found)} of {len(outcome.requested)} papers came back")

    tell(0, total, f"asking arXiv for {total} paper{'s' if total != 1 else ''}")
    try:
        client.fetch([r.arxiv for r in todo if r.arxiv], on_batch)
    finally:
        report.requests = client.requests_made
        report.offline = client.offline or ""
        client.session.close()
    for reading in todo:
        assert reading.arxiv is not None
        base = reading.arxiv.base
        if base in stored:
            report.stored.append(reading.key)
        else:
            report.failures.append((reading.key, failed.get(base, f"{base}: no answer")))
    return report


# -- PDFs -------------------------------------------------------------------------------------
_UNSAFE = re.compile(r"[^\w.+-]")


def pdf_path(ctx: Context, reading: Reading) -> Path:
    """Where the reading's PDF is, or would be once downloaded."""
    return ctx.workspace.pdf_dir / f"{_UNSAFE.sub('_', reading.key)}.pdf"


def _web_url(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def _pdf_like(url: str) -> bool:
    return _web_url(url) and urlsplit(url).path.lower().endswith(".pdf")


def has_pdf_source(reading: Reading) -> bool:
    """Whether ``fetch_pdfs`` of all readings would try to download this one's PDF."""
    return reading.arxiv is not None or _pdf_like(reading.url)


def fetch_pdfs(ctx: Context, keys: Sequence[str] | None = None,
               progress: Progress | None = None) -> FetchReport:
    """Download the PDFs not present yet, one at a time, arXiv's with its pacing.

    All readings: arXiv papers, and other readings whose URL ends in ``.pdf``. Named readings:
    also any other reading's URL, kept only when it serves ``application/pdf``.
    """
    from paperdesk.adapters.pdfs import PdfDownloader
    from paperdesk.adapters.polite_http import ArxivSettings, OfflineError

    report = FetchReport()
    tell = progress or _quiet
    jobs: list[Reading] = []
    for reading in select_readings(ctx, keys):
        if pdf_path(ctx, reading).is_file():
            report.already.append(reading.key)
        elif has_pdf_source(reading) or (keys is not None and _web_url(reading.url)):
            jobs.append(reading)
        elif keys is not None:
            report.skipped.append((reading.key, "no arXiv id and no URL: no PDF to download"))
    if not jobs:
        return report
    ctx.check_writable()
    downloader = PdfDownloader(ArxivSettings.from_environ(ctx.environ))
    try:
        for i, reading in enumerate(jobs):
            tell(i, len(jobs), f"downloading {reading.key}")
            dest = pdf_path(ctx, reading)
            try:
                if reading.arxiv is not None:
                    downloader.download_arxiv(reading.arxiv, dest)
                elif downloader.download_url(reading.url, dest) is None:
                    report.skipped.append((reading.key, f"{reading.url} is a web page, not a PDF"))
                    continue
                report.stored.append(reading.key)
            except OfflineError as exc:  # the rest would fail the same way, 3 s apart
                report.offline = exc.message
                report.failures.append((reading.key, exc.message))
                report.failures.extend((r.key, f"not tried: {exc.message}") for r in jobs[i + 1:])
                break
            except FetchError as exc:
                report.failures.append((reading.key, exc.message))
        tell(len(jobs), len(jobs), f"{len(report.stored)} PDFs downloaded")
    finally:
        report.requests = downloader.requests_made
        downloader.close()
    return report


# -- opening ----------------------------------------------------------------------------------
def open_reading(ctx: Context, key: str, opener: Opener | None = None) -> str:
    """Open the reading's PDF (downloading it first) or else its URL; returns what was opened."""
    reading = get_reading(ctx, key)
    path = pdf_path(ctx, reading)
    if not path.is_file() and (reading.arxiv is not None or _web_url(reading.url)):
        report = fetch_pdfs(ctx, [key])
        # A web page that cannot be fetched here may still open in the browser (or its cache).
        if report.failures and reading.arxiv is not None:
            raise FetchError(f"{key}: {report.failures[0][1]}")
    if path.is_file():
        target = str(path)
    elif reading.web_url:
        target = reading.web_url
    else:
        raise FetchError(f"{key} has no PDF, URL, DOI or arXiv id to open")
    if opener is None:
        from paperdesk.adapters.opener import open_target

        open_target(target, ctx.environ)
    else:
        opener(target)
    return target


def open_web_page(ctx: Context, key: str, opener: Opener | None = None) -> str:
    """Open the reading's web page (:attr:`Reading.web_url`) in the browser; returns it."""
    url = get_reading(ctx, key).web_url
    if not url:
        raise FetchError(f"{key} has no URL, DOI or arXiv id: no web page to open")
    if opener is None:
        from paperdesk.adapters.opener import open_target

        open_target(url, ctx.environ)
    else:
        opener(url)
    return url
