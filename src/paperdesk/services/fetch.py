"""Fetching paper metadata (the sources: arXiv, Crossref) and PDFs into the workspace's
offline cache; opening a reading.

Offline first: metadata is shown from the database and PDFs from ``.paperdesk/pdfs/``; only
``fetch_*`` and ``open_reading`` (when the PDF is missing) touch the network. Each batch of
metadata is stored in one transaction as soon as it arrives, so what came back is kept even when
a later batch fails, and no paper is ever half-stored. ``progress`` may be called from a worker
thread (the TUI runs these there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperdesk.core.errors import FetchError
from paperdesk.core.reading import Reading
from paperdesk.services.context import Context

# What show and the desk read offline lives in services.papers (light); kept importable here.
from paperdesk.services.papers import get_reading as get_reading
from paperdesk.services.papers import has_pdf_source as has_pdf_source
from paperdesk.services.papers import paper_ref as paper_ref
from paperdesk.services.papers import pdf_like as _pdf_like
from paperdesk.services.papers import pdf_path as pdf_path
from paperdesk.services.papers import record_for as record_for
from paperdesk.services.papers import records as _records
from paperdesk.services.papers import select_readings as select_readings
from paperdesk.services.papers import web_url as _web_url

if TYPE_CHECKING:
    from paperdesk.adapters.sources import Batch, SourceClient
    from paperdesk.core.paper import Paper

Progress = Callable[[int, int, str], None]


def cancel_network_work() -> None:
    """Give up every request in flight at once (the desk is quitting): a download blocked in a
    read returns now, not when the server is done. Nothing to do if no request was ever made."""
    import sys

    http = sys.modules.get("paperdesk.adapters.polite_http")
    if http is not None:
        http.cancel_in_flight()
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


# -- metadata ---------------------------------------------------------------------------------
def source_environ(ctx: Context) -> dict[str, str]:
    """The environment the sources' clients read, with the student's email when known (Crossref
    asks for one: it is how its polite pool knows whom to write to)."""
    env = dict(ctx.environ)
    if not env.get("PAPERDESK_EMAIL", "").strip():
        from paperdesk.core.errors import PaperdeskError
        from paperdesk.services.identity import known_identity

        try:
            who = known_identity(ctx)
        except PaperdeskError:
            who = None
        if who is not None and who.email:
            env["PAPERDESK_EMAIL"] = who.email
    return env


def make_client(ctx: Context, source: str = "arxiv") -> SourceClient:
    from paperdesk.adapters.sources import source as named

    return named(source).client(source_environ(ctx))


def fetch_metadata(ctx: Context, keys: Sequence[str] | None = None, refresh: bool = False,
                   progress: Progress | None = None, *,
                   clients: Mapping[str, SourceClient] | None = None) -> FetchReport:
    """Ask the sources for the readings' metadata (those not cached yet, or all with ``refresh``):
    arXiv for arXiv papers, Crossref for readings with a DOI and no arXiv id."""
    from paperdesk.adapters.sources import source as named

    report = FetchReport()
    tell = progress or _quiet
    papers: list[tuple[Reading, tuple[str, str]]] = []
    for reading in select_readings(ctx, keys):
        ref = paper_ref(reading)
        if ref is not None:
            papers.append((reading, ref))
        elif keys is not None:
            report.skipped.append((reading.key, "no arXiv id and no DOI: no metadata to fetch"))
    if not papers:
        return report
    cached = set() if refresh else set(_records(ctx).papers(ref for _, ref in papers))
    todo = [(r, ref) for r, ref in papers if ref not in cached]
    report.already = [r.key for r, ref in papers if ref in cached]
    if not todo:
        return report
    _check_writable(ctx)  # before asking a source for what could not be stored
    by_source: dict[str, list[str]] = {}
    for _, (name, ident) in todo:
        by_source.setdefault(name, [])
        if ident not in by_source[name]:
            by_source[name].append(ident)
    total = sum(len(ids) for ids in by_source.values())
    stored: set[tuple[str, str]] = set()
    failed: dict[tuple[str, str], str] = {}
    done = 0
    fetched_at = ctx.now().isoformat(timespec="seconds")
    asked = {name: (clients or {}).get(name) or make_client(ctx, name) for name in by_source}

    def on_batch(name: str, batch: Batch) -> None:
        nonlocal done
        # One transaction per batch: all of its papers are stored, or (on error) none.
        _save_papers(ctx, [p.replace(fetched_at=fetched_at) for p in batch.found.values()])
        stored.update((name, i) for i in batch.found)
        failed.update(((name, i), why) for i, why in batch.failures.items())
        done += len(batch.requested)
        tell(done, total, f"{len(batch.found)} of {len(batch.requested)} papers came back "
             f"from {named(name).label}")

    tell(done, total, "asking " + " and ".join(
        f"{named(name).label} for {len(ids)} paper{'s' if len(ids) != 1 else ''}"
        for name, ids in by_source.items()))
    try:
        _ask_all({name: (asked[name], ids) for name, ids in by_source.items()}, on_batch)
    finally:
        for client in asked.values():
            report.requests += client.requests_made
            report.offline = report.offline or client.offline or ""
            client.close()
        if ctx.light is not None:
            ctx.light.close()
    for reading, ref in todo:
        if ref in stored:
            report.stored.append(reading.key)
        else:
            report.failures.append((reading.key, failed.get(ref, f"{ref[1]}: no answer")))
    return report


def _check_writable(ctx: Context) -> None:
    """One line before work whose result could not be saved; a database sqlite3 can write to
    says enough (without importing the full store to ask it)."""
    light = ctx.light
    if light is None or not light.can_save_papers:
        ctx.check_writable()


def _save_papers(ctx: Context, papers: list[Paper]) -> None:
    """One batch, in one transaction: through sqlite3 where the database is made and at this
    schema version, else through the full store (which makes, migrates, or says why not)."""
    light = ctx.light
    if light is None or not light.save_papers(papers):
        ctx.store.save_papers(papers)


def _ask_all(jobs: Mapping[str, tuple[SourceClient, list[str]]],
             on_batch: Callable[[str, Batch], None]) -> None:
    """Ask every source for its ids; ``on_batch`` runs in the calling thread, as batches come.

    The sources are different hosts, each with its own pacing (arXiv: one request at a time,
    3 s apart; Crossref: its pool), so they are asked at once: the course's wait is the slowest
    source's, not the sum of all of them."""
    try:
        _wait_for_all(jobs, on_batch)
    except KeyboardInterrupt:
        # Ctrl-C: the requests still in flight end now. Otherwise the interpreter, leaving,
        # waits for them (Crossref's pool threads are joined at exit) until they time out.
        cancel_network_work()
        raise


# How late the main thread may see a Ctrl-C at worst while it waits for the sources (see below).
WAKE_EVERY = 0.25


def _wait_for_all(jobs: Mapping[str, tuple[SourceClient, list[str]]],
                  on_batch: Callable[[str, Batch], None]) -> None:
    # Even one source is asked in a thread: Crossref's pool, run here, would hold a Ctrl-C in
    # its exit (it joins its threads, whose requests are not cancelled before _ask_all is reached).
    import queue
    import threading

    came: queue.SimpleQueue[tuple[str, Batch | None, BaseException | None]] = \
        queue.SimpleQueue()

    def run(name: str, client: SourceClient, ids: list[str]) -> None:
        error: BaseException | None = None
        try:
            client.fetch(ids, lambda batch: came.put((name, batch, None)))
        except BaseException as exc:  # re-raised in the calling thread, once all are done
            error = exc
        came.put((name, None, error))

    for name, (client, ids) in jobs.items():
        threading.Thread(target=run, args=(name, client, ids), daemon=True,
                         name=f"paperdesk-fetch-{name}").start()
    running = len(jobs)
    errors: list[BaseException] = []
    while running:
        try:
            # Never a wait without end: Python runs a SIGINT's handler in the main thread only
            # when that thread wakes, and a SIGINT that lands just before it blocks (after its
            # last look at pending signals) wakes nothing. Under load one did, and the sources'
            # requests held the Ctrl-C for their whole timeout. Each wake-up looks again.
            name, batch, error = came.get(timeout=WAKE_EVERY)
        except queue.Empty:
            continue
        if batch is not None:
            try:
                on_batch(name, batch)
            except Exception as exc:  # storing failed: the others still finish first
                errors.append(exc)
            continue
        running -= 1
        if error is not None:
            errors.append(error)
    if errors:
        raise errors[0]


# -- PDFs -------------------------------------------------------------------------------------
def source_pdf_links(ctx: Context, readings: Iterable[Reading]) -> dict[str, str]:
    """Key -> the PDF a reading's cached record names (not for arXiv papers: their PDF is
    ``<PAPERDESK_ARXIV_PDF>/<id>``, with the version the reading pins)."""
    from paperdesk.adapters.sources import source

    refs = {r.key: ref for r in readings if r.arxiv is None and (ref := paper_ref(r))}
    if not refs:
        return {}
    papers = _records(ctx).papers(refs.values())
    out = {}
    for key, ref in refs.items():
        paper = papers.get(ref)
        where = source(ref[0]).pdf_location(paper, ctx.environ) if paper else None
        if where:
            out[key] = where
    return out


def fetch_pdfs(ctx: Context, keys: Sequence[str] | None = None,
               progress: Progress | None = None) -> FetchReport:
    """Download the PDFs not present yet, one at a time, arXiv's with its pacing.

    All readings: arXiv papers, readings whose cached record names an open PDF (Crossref's
    ``link`` of type application/pdf), and other readings whose URL ends in ``.pdf``. Named
    readings: also any other reading's URL, kept only when it serves ``application/pdf``.
    Nothing is guessed or scraped from a publisher's page.
    """
    from paperdesk.adapters.pdfs import PdfDownloader
    from paperdesk.adapters.polite_http import ArxivSettings, OfflineError

    report = FetchReport()
    tell = progress or _quiet
    jobs: list[Reading] = []
    chosen = select_readings(ctx, keys)
    links = source_pdf_links(ctx, chosen)
    for reading in chosen:
        if pdf_path(ctx, reading).is_file():
            report.already.append(reading.key)
        elif (has_pdf_source(reading) or reading.key in links
              or (keys is not None and _web_url(reading.url))):
            jobs.append(reading)
        elif keys is not None:
            report.skipped.append((reading.key, "no arXiv id and no URL: no PDF to download"))
    if not jobs:
        return report
    _check_writable(ctx)
    downloader = PdfDownloader(ArxivSettings.from_environ(ctx.environ))
    try:
        for i, reading in enumerate(jobs):
            tell(i, len(jobs), f"downloading {reading.key}")
            dest = pdf_path(ctx, reading)
            try:
                if reading.arxiv is not None:
                    downloader.download_arxiv(reading.arxiv, dest)
                elif reading.key in links and downloader.download_url(links[reading.key],
                                                                      dest) is not None:
                    pass  # the source's open-access PDF
                elif not (_pdf_like(reading.url) or (keys is not None and _web_url(reading.url))):
                    report.skipped.append((reading.key, f"{links[reading.key]} is a web page, "
                                           "not a PDF"))
                    continue
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
