"""Search inside the papers: the downloaded PDFs (full-text index), the cached abstracts and the
student's reviews. Indexing is slow work (pypdf): the TUI runs it in a worker, the CLI before a
search; either way only PDFs new or changed since they were indexed are read."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from paperdesk.core.latex import fold
from paperdesk.core.reading import Reading
from paperdesk.services.context import Context
from paperdesk.services.fetch import pdf_path

if TYPE_CHECKING:
    from paperdesk.adapters.fulltext import FullText

Progress = Callable[[int, int, str], None]


@dataclass
class IndexReport:
    indexed: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # newly indexed PDFs without any text
    failed: list[tuple[str, str]] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class Hit:
    key: str
    where: str  # "pdf", "abstract", "review"
    page: int | None
    snippet: str
    pages: tuple[int, ...] = ()  # every PDF page that has it


def full_text(ctx: Context) -> FullText:
    from paperdesk.adapters.fulltext import FullText

    return FullText(ctx.store.engine)


def index_pdfs(ctx: Context, readings: Sequence[Reading] | None = None,
               progress: Progress | None = None,
               stop: Callable[[], bool] | None = None) -> IndexReport:
    """Index the downloaded PDFs not indexed yet (or changed since); forget removed ones."""
    report = IndexReport()
    chosen = list(readings if readings is not None else ctx.catalog.readings)
    present = {r.key: path for r in chosen if (path := pdf_path(ctx, r)).is_file()}
    if not present and readings is not None:
        # No PDF to index and none to forget (only a whole-catalog pass forgets): the desk opens
        # on a course with nothing downloaded without making a database for an empty index.
        return report
    if ctx.store.read_only:  # nothing can be saved in a read-only folder: search reads only
        return report
    from paperdesk.adapters.pdftext import PdfTextError, file_stamp, page_texts

    stamps = {key: file_stamp(path) for key, path in present.items()}
    index = full_text(ctx)
    known = index.files()
    todo: list[tuple[Reading, str]] = []
    for reading in chosen:
        stamp = stamps.get(reading.key)
        if stamp is None:
            continue
        if reading.key in known and known[reading.key].stamp == stamp:
            report.unchanged += 1
        else:
            todo.append((reading, stamp))
    if readings is None:
        gone = [k for k in known if k not in stamps]
        if gone:
            index.forget(gone)
    for i, (reading, stamp) in enumerate(todo):
        if stop is not None and stop():
            break
        if progress is not None:
            progress(i, len(todo), f"indexing {reading.key}")
        try:
            pages = page_texts(pdf_path(ctx, reading))
        except PdfTextError as exc:
            report.failed.append((reading.key, str(exc)))
            pages = []
        index.replace(reading.key, stamp, pages)
        if any(p.strip() for p in pages):
            report.indexed.append(reading.key)
        elif not any(k == reading.key for k, _ in report.failed):
            report.empty.append(reading.key)
    if progress is not None and todo:
        progress(len(todo), len(todo), f"{len(report.indexed)} PDFs indexed")
    return report


def pdf_hits(ctx: Context, query: str) -> list[Hit]:
    """One hit per reading whose PDF has the phrase: its first page with it, and a snippet."""
    from sqlalchemy.exc import SQLAlchemyError

    from paperdesk.core.errors import StoreError

    try:
        found = full_text(ctx).search(query)
    except (SQLAlchemyError, StoreError):
        if not ctx.store.read_only:
            raise
        found = []  # a read-only database without an index: nothing indexed to find
    return [Hit(h.key, "pdf", h.page, h.snippet, h.pages) for h in found]


def _snippet(text: str, query: str, words: int = 12) -> str | None:
    """The words around the first place ``text`` has ``query`` (case and accents ignored)."""
    flat = " ".join(text.split())
    folded, needle = fold(flat), fold(" ".join(query.split()))
    if not needle or len(folded) != len(flat):
        at = folded.find(needle)
        if at < 0:
            return None
        return "…" + folded[max(at - 60, 0): at + len(needle) + 60] + "…"
    at = folded.find(needle)
    if at < 0:
        return None
    before = flat[:at].split()[-words // 2:]
    after = flat[at + len(needle):].split()[: words // 2]
    middle = flat[at: at + len(needle)]
    lead = "…" if len(flat[:at].split()) > len(before) else ""
    tail = "…" if len(flat[at + len(needle):].split()) > len(after) else ""
    return f"{lead}{' '.join(before)} [{middle}] {' '.join(after)}{tail}".replace(" ]", "]")


def search(ctx: Context, query: str, readings: Sequence[Reading] | None = None) -> list[Hit]:
    """Readings whose PDF, cached abstract or review contains ``query``, in the list's order;
    a reading found in several places gives a hit for each."""
    from paperdesk.services.catalog import cached_abstracts
    from paperdesk.services.reviews import review_path

    chosen = list(readings if readings is not None else ctx.catalog.readings)
    order = {r.key: i for i, r in enumerate(chosen)}
    hits = [h for h in pdf_hits(ctx, query) if h.key in order]
    abstracts = cached_abstracts(ctx, chosen)
    for reading in chosen:
        found = _snippet(abstracts.get(reading.key, ""), query)
        if found:
            hits.append(Hit(reading.key, "abstract", None, found))
        path = review_path(ctx, reading.key)
        if path.is_file():
            body = re.sub(r"\A---\n.*?\n---\n", "", path.read_text("utf-8", "replace"), flags=re.S)
            found = _snippet(body, query)
            if found:
                hits.append(Hit(reading.key, "review", None, found))
    rank = {"pdf": 0, "abstract": 1, "review": 2}
    return sorted(hits, key=lambda h: (order[h.key], rank[h.where]))


def pdf_matches(ctx: Context, query: str) -> set[str]:
    """Keys of the readings whose PDF has ``query`` (the desk's "inside PDFs" filter): no
    snippets, so a word on every page of every PDF costs no more than a rare one."""
    from sqlalchemy.exc import SQLAlchemyError

    from paperdesk.core.errors import StoreError

    try:
        return full_text(ctx).keys(query)
    except (SQLAlchemyError, StoreError):
        if not ctx.store.read_only:
            raise
        return set()
