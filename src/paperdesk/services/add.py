"""Adding a paper by arXiv id or URL: fetch it, append a BibTeX entry, cache its metadata.

The entry is what BibTeX tools expect of an arXiv paper (``eprint``, ``archiveprefix``,
``primaryclass``, ``doi`` and ``journal`` when arXiv has them, ``url``) in the style of the
course's own file: ``topic`` and ``kind`` first, authors as ``Last, First``, and a citekey in the
style the file's keys follow (:mod:`paperdesk.core.citekey`), with a letter added when it would
collide.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from paperdesk.core.arxiv_id import ArxivId, ArxivIdError
from paperdesk.core.citekey import COURSE_STYLE, KeyStyle, infer_style, make_key
from paperdesk.core.errors import BibError, FetchError, PaperdeskError
from paperdesk.core.latex import fold
from paperdesk.core.reading import Catalog, Reading, surname
from paperdesk.services.context import Context

if TYPE_CHECKING:
    from paperdesk.adapters.arxiv_client import ArxivClient, ArxivPaper


class AddError(PaperdeskError):
    title = "add"


class DuplicateReadingError(AddError):
    def __init__(self, message: str, key: str) -> None:
        super().__init__(message)
        self.key = key


def citekey(paper: ArxivPaper, taken: set[str], style: KeyStyle = COURSE_STYLE) -> str:
    """A key in ``style`` (``vaswani2017attention`` by default); a, b... on collision."""
    author = paper.authors[0] if paper.authors else ""
    fallback = "arxiv" + re.sub(r"[^A-Za-z0-9]", "", paper.id.base)
    return make_key(style, author, str(paper.published.year), paper.title, taken, fallback)


def known_topic(catalog: Catalog, topic: str | None) -> str | None:
    """The file's own spelling of ``topic`` when it has it ('vaes' -> 'VAEs'), else as typed."""
    if topic is None or not topic.strip():
        return None
    wanted = fold(" ".join(topic.split()))
    return next((t for t in catalog.topics() if fold(t) == wanted), " ".join(topic.split()))


def bib_author(name: str) -> str:
    """'Aäron van den Oord' -> 'van den Oord, Aäron'; a name with a comma is kept whole."""
    name = " ".join(name.split())
    if "," in name:
        return "{" + name + "}"
    family = surname(name)
    given = name[: len(name) - len(family)].strip()
    return f"{family}, {given}" if given else family


def entry_fields(paper: ArxivPaper, arxiv_id: ArxivId, topic: str | None) -> list[tuple[str, str]]:
    eprint = arxiv_id.versioned if arxiv_id.version else paper.id.base
    return [
        ("topic", topic or ""),
        ("kind", "paper"),
        ("title", paper.title),
        ("author", " and ".join(bib_author(a) for a in paper.authors)),
        ("year", str(paper.published.year)),
        ("journal", paper.journal_ref),
        ("eprint", eprint),
        ("archiveprefix", "arXiv"),
        ("primaryclass", paper.primary_category),
        ("doi", paper.doi),
        ("url", f"https://arxiv.org/abs/{eprint}"),
    ]


def find_duplicate(catalog: Catalog, arxiv_id: ArxivId) -> Reading | None:
    """The reading that already is this paper (by eprint, or an arXiv URL), if any."""
    for reading in catalog.readings:
        if reading.arxiv is not None and reading.arxiv.base == arxiv_id.base:
            return reading
        if "arxiv.org/" in reading.url:
            try:
                if ArxivId.parse(reading.url).base == arxiv_id.base:
                    return reading
            except ArxivIdError:
                continue
    return None


def add_paper(ctx: Context, id_or_url: str, topic: str | None = None, *,
              client: ArxivClient | None = None) -> Reading:
    """Fetch the paper and append it to ``readings.bib``; returns the new reading."""
    from paperdesk.adapters.bibappend import format_entry
    from paperdesk.adapters.bibfile import parse_bib
    from paperdesk.services.fetch import make_client, to_record

    try:
        arxiv_id = ArxivId.parse(id_or_url)
    except ArxivIdError as exc:
        raise AddError(f"{exc}; {ctx.workspace.bib.name} was not changed") from exc
    catalog = ctx.catalog
    twin = find_duplicate(catalog, arxiv_id)
    if twin is not None:
        raise DuplicateReadingError(
            f"{arxiv_id.base} is already in {ctx.workspace.bib.name} as {twin.key} "
            f"(line {twin.line})", twin.key)

    ctx.check_writable()
    client = client or make_client(ctx)
    try:
        outcome = client.fetch([arxiv_id])[0]
    finally:
        client.session.close()
    paper = outcome.found.get(arxiv_id.base)
    if paper is None:
        reason = outcome.failures.get(arxiv_id.base, f"arXiv has no paper {arxiv_id.base}")
        raise FetchError(f"{reason}; {ctx.workspace.bib.name} was not changed")

    taken = {k.lower() for k in catalog.by_key} | _keys_in_text(ctx)
    key = citekey(paper, taken, infer_style(catalog.readings))
    entry_type = "article" if paper.journal_ref else "misc"
    fields = entry_fields(paper, arxiv_id, known_topic(catalog, topic))
    entry = format_entry(entry_type, key, fields)
    check = parse_bib(entry, "the new entry")
    if check.problems or len(check.readings) != 1:
        problems = "; ".join(str(p) for p in check.problems) or "it does not load"
        raise AddError(f"the entry made for {arxiv_id} would not load ({problems}); "
                       f"{ctx.workspace.bib.name} was not changed")
    _append(ctx, entry)
    ctx.store.save_records([to_record(paper, ctx.now().isoformat(timespec="seconds"))])
    added = ctx.reload_catalog().get(key)
    if added is None:
        raise BibError(f"the entry {key} was appended but does not load; run paperdesk check",
                       path=str(ctx.workspace.bib))
    return added


def _keys_in_text(ctx: Context) -> set[str]:
    # Keys of entries that failed to parse are not in the catalog but still taken.
    try:
        text = ctx.workspace.bib.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {m.lower() for m in re.findall(r"@\w+\s*[{(]\s*([^\s,{}()]+)\s*,", text)}


def _append(ctx: Context, entry: str) -> None:
    from paperdesk.adapters.bibappend import append_entry

    append_entry(ctx.workspace.bib, entry)
