"""Generated arXiv answers: Atom feeds in the API's 2025+ format, the error feed, and small PDFs.

Used by the tests' loopback servers (127.0.0.1) and by ``bench/fetch.py``; the arxiv.org
URLs inside are feed content, never requested. Everything is deterministic: a
paper's metadata is made from its id, so any id list gets a plausible, checkable answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

from paperdesk.core.arxiv_id import ArxivId, ArxivIdError

_HEAD = (
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">\n'
)
_WORDS = ("latent", "attention", "adversarial", "variational", "diffusion", "flows", "sparse",
          "music", "speech", "images", "priors", "scaling", "discrete", "hierarchical")


@dataclass(frozen=True)
class FakePaper:
    """What a feed entry says about one paper."""

    id: str  # versioned, as arXiv returns it: 1706.03762v7, quant-ph/0201082v1
    title: str
    authors: tuple[str, ...]
    summary: str
    categories: tuple[str, ...] = ("cs.LG",)
    published: str = "2017-06-12T17:57:34Z"
    updated: str = "2017-06-12T17:57:34Z"
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""

    @property
    def base(self) -> str:
        return ArxivId.parse(self.id).base


def _year_month(base: str) -> tuple[int, int]:
    digits = base.split("/")[-1]
    yy, mm = int(digits[:2]), int(digits[2:4])
    return (1900 + yy if yy > 90 else 2000 + yy), mm


def fake_paper(arxiv_id: str, version: int | None = None) -> FakePaper:
    """A deterministic paper for ``arxiv_id`` (its dates follow the id's year and month)."""
    ident = ArxivId.parse(arxiv_id)
    seed = int(hashlib.sha256(ident.base.encode()).hexdigest()[:8], 16)
    v = version or ident.version or 1 + seed % 4
    year, month = _year_month(ident.base)
    words = [_WORDS[(seed >> (4 * i)) % len(_WORDS)] for i in range(3)]
    return FakePaper(
        id=f"{ident.base}v{v}",
        title=f"On {words[0].capitalize()} {words[1]} and {words[2]} ({ident.base})",
        authors=(f"Ada {words[0].capitalize()}", "Grace Hopper", "Aäron van den Oord"),
        summary=f"We study {words[0]} {words[1]}. Paper {ident.base}, version {v}.",
        categories=("cs.LG", "stat.ML") if seed % 2 else ("cs.CL",),
        published=f"{year:04d}-{month:02d}-15T12:00:00Z",
        updated=f"{year:04d}-{month:02d}-28T12:00:00Z",
        comment="10 pages" if seed % 3 else "",
    )


def entry_xml(paper: FakePaper) -> str:
    parts = [
        "  <entry>",
        f"    <id>http://arxiv.org/abs/{paper.id}</id>",
        f"    <title>{escape(paper.title)}</title>",
        f"    <updated>{paper.updated}</updated>",
        f'    <link href="https://arxiv.org/abs/{paper.id}" rel="alternate" type="text/html"/>',
        f'    <link href="https://arxiv.org/pdf/{paper.id}" rel="related" '
        'type="application/pdf" title="pdf"/>',
        f"    <summary>{escape(paper.summary)}</summary>",
    ]
    parts += [f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>'
              for c in paper.categories]
    parts.append(f"    <published>{paper.published}</published>")
    if paper.comment:
        parts.append(f"    <arxiv:comment>{escape(paper.comment)}</arxiv:comment>")
    if paper.journal_ref:
        parts.append(f"    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>")
    if paper.doi:
        parts.append(f"    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>")
    parts.append(f'    <arxiv:primary_category term="{paper.categories[0]}"/>')
    parts += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>" for a in paper.authors]
    parts.append("  </entry>")
    return "\n".join(parts) + "\n"


def feed_xml(papers: Sequence[FakePaper], total: int | None = None, start: int = 0,
             per_page: int = 100) -> bytes:
    """A results feed holding ``papers`` (``total`` defaults to their number)."""
    head = (
        "  <id>https://arxiv.org/api/generated</id>\n"
        "  <title>arXiv Query: generated</title>\n"
        "  <updated>2026-04-12T22:10:19Z</updated>\n"
        f"  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(papers) if total is None else total}"
        "</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
    )
    body = "".join(entry_xml(p) for p in papers)
    return (_HEAD + head + body + "</feed>\n").encode("utf-8")


def error_feed(message: str) -> bytes:
    """arXiv's error feed (served with HTTP 400), as in the real recording."""
    anchor = message.replace(" ", "_")
    return (
        _HEAD
        + "  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
        "  <updated>2026-04-12T22:59:06Z</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n  <entry>\n"
        f"    <id>https://arxiv.org/api/errors#{escape(anchor)}</id>\n    <title>Error</title>\n"
        "    <updated>2026-04-12T22:59:06Z</updated>\n"
        f"    <summary>{escape(message)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n  </entry>\n</feed>\n"
    ).encode("utf-8")


def answer_query(query: str | Mapping[str, Sequence[str]],
                 papers: Mapping[str, FakePaper] | None = None) -> tuple[int, bytes]:
    """What the API would answer to ``query`` (a query string): status and body.

    ``papers`` maps unversioned ids to papers; without it every well-formed id exists (made by
    :func:`fake_paper`). Unknown ids are absent from the answer, a malformed one gets HTTP 400.
    """
    args = parse_qs(query, keep_blank_values=True) if isinstance(query, str) else query
    ids = [i for i in (args.get("id_list") or [""])[0].split(",") if i]
    start = int((args.get("start") or ["0"])[0])
    per_page = int((args.get("max_results") or ["10"])[0])
    found: list[FakePaper] = []
    for raw in ids:
        try:
            ident = ArxivId.parse(raw)
        except ArxivIdError:
            return 400, error_feed(f"incorrect id format for {raw}")
        if papers is None:
            found.append(fake_paper(raw))
        elif ident.base in papers:
            found.append(papers[ident.base])
    page = found[start : start + per_page]
    return 200, feed_xml(page, total=len(found), start=start, per_page=per_page)


def papers_for(ids: Iterable[str]) -> dict[str, FakePaper]:
    return {ArxivId.parse(i).base: fake_paper(i) for i in ids}


def generated_ids(n: int) -> list[str]:
    """``n`` distinct new-style ids (2001.00001, 2001.00002, ...)."""
    return [f"{2001 + i // 90000:04d}.{1 + i % 90000:05d}" for i in range(n)]


def minimal_pdf(text: str = "paperdesk test", pad_to: int = 2048) -> bytes:
    """A small valid one-page PDF, padded with a comment to at least ``pad_to`` bytes."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    padding = max(pad_to - 600, 0)
    out += b"%" + b"p" * padding + b"\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
