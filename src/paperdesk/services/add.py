"""Adding a paper by arXiv id, DOI or URL: fetch it, append a BibTeX entry, cache its metadata.

Which source answers is the sources' business (:mod:`paperdesk.adapters.sources`): arXiv for
arXiv ids, URLs and DataCite's arXiv DOIs, Crossref for other DOIs. The entry is what the source
makes of the paper (``eprint`` and friends for arXiv; type, venue, volume, pages, ``doi`` from
Crossref) in the style of the course's own file: ``topic`` and ``kind`` first, authors as
``Last, First``, and a citekey in the style the file's keys follow
(:mod:`paperdesk.core.citekey`), with a letter added when it would collide.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.core.arxiv_id import ArxivId, ArxivIdError
from paperdesk.core.bibnames import bib_author
from paperdesk.core.citekey import COURSE_STYLE, KeyStyle, infer_style, make_key
from paperdesk.core.doi import Doi, DoiError
from paperdesk.core.errors import BibError, FetchError, PaperdeskError
from paperdesk.core.latex import fold
from paperdesk.core.paper import Paper
from paperdesk.core.reading import Catalog, Reading
from paperdesk.services.context import Context

if TYPE_CHECKING:
    from paperdesk.adapters.sources import PaperRef, SourceClient

__all__ = ["AddError", "DuplicateReadingError", "add_paper", "bib_author", "citekey"]


class AddError(PaperdeskError):
    title = "add"


class DuplicateReadingError(AddError):
    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def citekey(paper: Paper, taken: set[str], style: KeyStyle = COURSE_STYLE) -> str:
    """A key in ``style`` (``vaswani2017attention`` by default); a, b... on collision."""
    author = paper.authors[0].strip("{}") if paper.authors else ""
    listed = paper.extra.get("author_bib", "")  # 'Family, Given and ...' as the source split it
    if listed and "," in listed.split(" and ")[0]:
        author = listed.split(" and ")[0].split(",")[0].strip("{} ")
    prefix = "arxiv" if paper.source == "arxiv" else "doi"
    fallback = prefix + re.sub(r"[^A-Za-z0-9]", "", paper.id)[-20:]
    return make_key(style, author, paper.year, paper.title, taken, fallback)


def known_topic(catalog: Catalog, topic: str | None) -> str | None:
    """The file's own spelling of ``topic`` when it has it ('vaes' -> 'VAEs'), else as typed."""
    if topic is None or not topic.strip():
        return None
    wanted = fold(" ".join(topic.split()))
    return next((t for t in catalog.topics() if fold(t) == wanted), " ".join(topic.split()))


def _same_doi(a: str, b: str) -> bool:
    try:
        return Doi.parse(a).key == Doi.parse(b).key
    except DoiError:
        return False


def find_duplicate(catalog: Catalog, ref: PaperRef) -> Reading | None:
    """The reading that already is this paper (same arXiv id, arXiv URL or DOI), if any."""
    from paperdesk.adapters.sources import ref_of

    for reading in catalog.readings:
        if ref_of(reading) == (ref.source, ref.id):
            return reading
        if ref.source == "arxiv" and "arxiv.org/" in reading.url:
            try:
                if ArxivId.parse(reading.url).base == ref.id:
                    return reading
            except ArxivIdError:
                continue
        if ref.source == "crossref" and reading.doi and _same_doi(reading.doi, ref.id):
            return reading
    return None


def check_paper_id(text: str) -> None:
    """Raise a ``ValueError`` subclass (plain words) unless ``text`` names a paper some source
    knows: an arXiv id or URL, or a DOI."""
    from paperdesk.adapters.sources import resolve

    resolve(text)


def add_paper(ctx: Context, id_or_url: str, topic: str | None = None, *,
              client: SourceClient | None = None, course: bool = False) -> Reading:
    """Fetch the paper and append it to the student's own ``my-readings.bib`` (made on the first
    add), or with ``course`` to the course's ``readings.bib``; returns the new reading."""
    from paperdesk.adapters.bibappend import format_entry
    from paperdesk.adapters.bibfile import parse_bib
    from paperdesk.adapters.sources import resolve, source
    from paperdesk.services.fetch import make_client

    target = _target(ctx, course)
    bib_name = target.name
    try:
        ref = resolve(id_or_url)
    except ValueError as exc:
        raise AddError(f"{exc}; {bib_name} was not changed") from exc
    named = source(ref.source)
    shown = ref.cite_as or ref.id
    catalog = ctx.catalog
    twin = find_duplicate(catalog, ref)
    if twin is not None:
        where = _own_name(ctx) if twin.personal else ctx.workspace.bib.name
        raise DuplicateReadingError(
            f"{ref.id} is already in {where} as {twin.key} (line {twin.line})", twin.key)

    ctx.check_writable()
    client = client or make_client(ctx, ref.source)
    try:
        batch = client.fetch([ref.id])[0]
    finally:
        client.close()
    paper = batch.found.get(ref.id)
    if paper is None:
        reason = batch.failures.get(ref.id, f"{named.label} has no paper {shown}")
        raise FetchError(f"{reason}; {bib_name} was not changed")

    taken = {k.lower() for k in catalog.by_key} | _keys_in_text(ctx.workspace.bib) \
        | _keys_in_text(target)
    key = citekey(paper, taken, infer_style(catalog.readings))
    entry_type, fields = named.entry(paper, ref)
    filed = [("topic", known_topic(catalog, topic) or ""), ("kind", "paper")]
    entry = format_entry(entry_type, key, filed + fields)
    check = parse_bib(entry, "the new entry")
    if check.problems or len(check.readings) != 1:
        problems = "; ".join(str(p) for p in check.problems) or "it does not load"
        raise AddError(f"the entry made for {shown} would not load ({problems}); "
                       f"{bib_name} was not changed")
    _append(target, entry)
    ctx.store.save_papers([paper])
    added = ctx.reload_catalog().get(key)
    if added is None:
        raise BibError(f"the entry {key} was appended but does not load; run paperdesk check",
                       path=str(target))
    return added


def _own_name(ctx: Context) -> str:
    from paperdesk.services.catalog import my_bib

    return my_bib(ctx.workspace, ctx.environ).name


def _target(ctx: Context, course: bool) -> Path:
    """The file the entry goes to: readings.bib for the course, else the student's own list,
    which must be paperdesk's to write (a file the student keeps elsewhere is only read)."""
    if course:
        return ctx.workspace.bib
    from paperdesk.services.catalog import my_bib

    mine = my_bib(ctx.workspace, ctx.environ)
    if not mine.writable:
        raise AddError(f"your own readings are {mine.path} (named by {mine.origin}), which "
                       "paperdesk only reads: add the paper there (in your reference manager), "
                       "or with --course to the course's readings.bib")
    return mine.path


def _keys_in_text(path: Path) -> set[str]:
    # Keys of entries that failed to parse are not in the catalog but still taken.
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {m.lower() for m in re.findall(r"@\w+\s*[{(]\s*([^\s,{}()]+)\s*,", text)}


MY_BIB_HEADER = ("% My own readings, beside the course's readings.bib: paperdesk add writes here.\n"
                 "% Reviews of these readings do not count toward the course.\n")


def _append(target: Path, entry: str) -> None:
    from paperdesk.adapters.bibappend import append_entry

    if not target.exists():  # my-readings.bib, on the first add
        try:
            with open(target, "x", encoding="utf-8") as out:
                out.write(MY_BIB_HEADER)
        except FileExistsError:
            pass
        except OSError as exc:
            raise BibError(f"cannot be created: {exc.strerror}", path=str(target)) from exc
    append_entry(target, entry)
