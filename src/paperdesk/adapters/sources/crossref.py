"""Crossref as a metadata source: a DOI's record from its REST API (``<base>/works/<doi>``).

This module turns a Crossref work (the JSON ``message``) into a :class:`Paper` and a BibTeX
entry; :mod:`paperdesk.adapters.crossref_client` does the polite HTTP. Crossref's titles carry
JATS/HTML markup (``<i>``, ``<sub>``, ``<scp>``): sub- and superscripts become TeX math, the rest
is dropped, and entities are decoded, so no tag ever reaches a ``.bib`` file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from paperdesk.adapters.sources import PaperRef
from paperdesk.core.bibnames import bib_authors
from paperdesk.core.doi import Doi, DoiError, arxiv_of, looks_like_doi
from paperdesk.core.paper import Paper
from paperdesk.core.reading import Reading

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    from paperdesk.adapters.crossref_client import CrossrefClient

# Crossref's work types -> BibTeX entry types (anything else is misc).
ENTRY_TYPES = {
    "journal-article": "article",
    "proceedings-article": "inproceedings",
    "book-chapter": "incollection",
    "book-section": "incollection",
    "book-part": "incollection",
    "reference-entry": "incollection",
    "book": "book",
    "monograph": "book",
    "edited-book": "book",
    "reference-book": "book",
    "posted-content": "misc",
    "report": "techreport",
    "dissertation": "phdthesis",
}
_VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^>]*>")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")


def strip_markup(text: str, *, math: bool = True) -> str:
    """JATS/HTML to plain text: ``<sub>2</sub>`` -> ``$_{2}$`` (with ``math``), tags dropped,
    entities decoded, whitespace squashed."""
    out: list[str] = []
    pos = 0
    stack: list[str] = []
    for m in _TAG.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        closing, name = m.group(1), m.group(2).lower().split(":")[-1]
        if not math or name not in ("sub", "sup", "inf"):
            if name in ("p", "title", "sec", "br") and not closing:
                out.append(" ")
            continue
        if closing:
            if stack:
                stack.pop()
                out.append("}$")
        else:
            stack.append(name)
            out.append("$^{" if name == "sup" else "$_{")
    out.append(text[pos:])
    out.extend("}$" for _ in stack)
    import html  # its entity table: for a fetched title, not for show's id_of

    return " ".join(html.unescape("".join(out)).split())


def _first(values: Any) -> str:
    if isinstance(values, list) and values and isinstance(values[0], str):
        return values[0]
    return values if isinstance(values, str) else ""


def _date_parts(work: Mapping[str, Any], name: str) -> list[int]:
    parts = (work.get(name) or {}).get("date-parts") or [[]]
    first = parts[0] if parts and isinstance(parts[0], list) else []
    return [p for p in first if isinstance(p, int)]


def work_year(work: Mapping[str, Any]) -> str:
    for name in ("issued", "published-print", "published-online", "published", "posted"):
        parts = _date_parts(work, name)
        if parts:
            return str(parts[0])
    # Some proceedings have no date at all; their title says the year ('... 2003. Proceedings.').
    for text in (_first(work.get("container-title")), str((work.get("event") or {}).get("name"))):
        m = _YEAR.search(text or "")
        if m:
            return m.group(1)
    parts = _date_parts(work, "created")
    return str(parts[0]) if parts else ""


def _person(author: Mapping[str, Any]) -> str:
    given = " ".join(str(author.get("given") or "").split())
    family = " ".join(str(author.get("family") or "").split())
    if family:
        return f"{given} {family}".strip() if given else family
    name = " ".join(str(author.get("name") or "").split())
    return "{" + name + "}" if name else ""  # an organisation: one name, never split


def _bib_person(author: Mapping[str, Any]) -> str:
    """'Family, Given' as Crossref splits it (a guess from the whole name gets 'da C.' wrong)."""
    given = " ".join(str(author.get("given") or "").split())
    family = " ".join(str(author.get("family") or "").split())
    if family:
        family = "{" + family + "}" if "," in family else family
        return f"{family}, {given}" if given else family
    name = " ".join(str(author.get("name") or "").split())
    return "{" + name + "}" if name else ""


def pdf_link(work: Mapping[str, Any]) -> str:
    """The PDF Crossref names (a ``link`` of content type application/pdf), or ""."""
    links = [link for link in work.get("link") or [] if isinstance(link, dict)
             and str(link.get("content-type", "")).lower() == "application/pdf"
             and str(link.get("URL", "")).startswith(("http://", "https://"))]
    # Links "for similarity checking" are Crossref's plagiarism service's, often not open.
    links.sort(key=lambda link: link.get("intended-application") == "similarity-checking")
    return str(links[0]["URL"]) if links else ""


def work_to_paper(work: Mapping[str, Any], fetched_at: str = "") -> Paper:
    doi = str(work.get("DOI") or "")
    kind = str(work.get("type") or "")
    entry_type = ENTRY_TYPES.get(kind, "misc")
    title = strip_markup(_first(work.get("title")))
    subtitle = strip_markup(_first(work.get("subtitle")))
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    venue = strip_markup(_first(work.get("container-title")), math=False)
    if not venue and kind == "posted-content":
        institutions = work.get("institution") or []
        venue = str(institutions[0].get("name", "")) if institutions else ""
    extra = {
        "volume": str(work.get("volume") or ""),
        "number": str(work.get("issue") or ""),
        "pages": str(work.get("page") or "").replace("-", "--"),
        "publisher": " ".join(str(work.get("publisher") or "").split()),
        "crossref_type": kind,
        "author_bib": " and ".join(
            p for p in (_bib_person(a) for a in work.get("author") or []) if p),
    }
    return Paper(
        source="crossref", id=doi.lower(), title=title,
        authors=tuple(p for p in (_person(a) for a in work.get("author") or []) if p),
        abstract=strip_markup(str(work.get("abstract") or ""), math=False),
        year=work_year(work), venue=venue, entry_type=entry_type, doi=doi,
        url=f"https://doi.org/{doi}" if doi else "", pdf_url=pdf_link(work),
        extra={k: v for k, v in extra.items() if v}, fetched_at=fetched_at,
    )


class CrossrefSource:
    name = "crossref"
    label = "Crossref"

    def id_of(self, reading: Reading) -> str | None:
        if not reading.doi or reading.arxiv is not None:
            return None
        try:
            doi = Doi.parse(reading.doi)
        except DoiError:
            return None
        return None if arxiv_of(doi) else doi.key

    def resolve(self, text: str) -> PaperRef | None:
        if not looks_like_doi(text):
            return None
        doi = Doi.parse(text)  # DoiError (a ValueError) says what is wrong
        return None if arxiv_of(doi) else PaperRef("crossref", doi.key, doi.value)

    def client(self, environ: Mapping[str, str]) -> CrossrefClient:
        from paperdesk.adapters.crossref_client import CrossrefClient, CrossrefSettings

        return CrossrefClient(CrossrefSettings.from_environ(environ))

    def entry(self, paper: Paper, ref: PaperRef) -> tuple[str, list[tuple[str, str]]]:
        entry_type = paper.entry_type or "misc"
        venue_field = _VENUE_FIELD.get(entry_type, "howpublished")
        authors = paper.extra.get("author_bib") or bib_authors(paper.authors)
        x = paper.extra
        return entry_type, [
            ("title", paper.title),
            ("author", authors),
            ("year", paper.year),
            (venue_field, paper.venue),
            ("volume", x.get("volume", "")),
            ("number", x.get("number", "")),
            ("pages", x.get("pages", "")),
            ("publisher", x.get("publisher", "") if entry_type in ("book", "incollection") else ""),
            ("doi", paper.doi or ref.cite_as),
            ("url", paper.url),
        ]

    def pdf_location(self, paper: Paper, environ: Mapping[str, str]) -> str | None:
        return paper.pdf_url or None


SOURCE = CrossrefSource()
