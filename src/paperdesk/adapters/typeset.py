"""The review template and the Typst compiler that sets it: one warm compiler per process.

A review compiles in a few milliseconds once the compiler is warm (fonts parsed, template
memoised), so the editor can show the page count live. The compiler sees only the built-in fonts
(the same PDF, and the same page count, on every machine) and an empty root folder.
Usable in a worker thread (calls are serialised) or in a worker process (built on first use).
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Protocol
from zoneinfo import ZoneInfo

from paperdesk.adapters.markdown_typst import lit, render_markdown, typst_str
from paperdesk.adapters.tex_math import MATH_PRELUDE
from paperdesk.core.citation import (
    author_list,
    byline,
    identifiers,
    reference_parts,
    venue_year,
)
from paperdesk.core.errors import ExportError
from paperdesk.core.reading import Catalog, Reading
from paperdesk.core.review import DRAFT, Review
from paperdesk.core.typography import smarten

if TYPE_CHECKING:
    from paperdesk.core.course import Course

BODY_FONT = "Libertinus Serif"
MATH_CACHE_SIZE = 20_000
_PAGES_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_NO_GLYPH = "\U0010fffd"  # a private-use code point no font has: its rendering is the "box"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


class Identity(Protocol):
    """Who wrote the reviews (``services.identity.Identity`` fits)."""

    @property
    def name(self) -> str: ...

    @property
    def email(self) -> str: ...


@dataclass
class Typeset:
    pdf: bytes
    pages: int
    warnings: list[str] = field(default_factory=list)
    # Pages as a decimal (1.3 = a full page and a third of the next); only when measured.
    fraction: float | None = None


# Where the text ends: its page and how far down the text area, read back with a typst query.
_END_MARKER = """
#context {
  let m = page.margin
  let top = if type(m) == dictionary { m.top } else { m }
  [#metadata((page: here().page(), y: here().position().y.pt(), height: page.height.pt(),
              margin: top.length.pt())) <pd-end>]
}
"""


@dataclass(frozen=True)
class CoverEntry:
    """One line of a batch's cover page."""

    review: Review
    reading: Reading
    pages: int


@lru_cache(maxsize=1)
def template() -> str:
    return files("paperdesk.templates").joinpath("review.typ").read_text(encoding="utf-8")


class _Typesetter:
    """One typst.Compiler, its math and glyph caches, and a lock: Typst calls are serialised."""

    def __init__(self) -> None:
        import typst

        self._typst = typst
        self._root = tempfile.mkdtemp(prefix="paperdesk-typst-")  # empty: nothing to read
        atexit.register(shutil.rmtree, self._root, True)
        self._compiler = typst.Compiler(
            ignore_system_fonts=True, root=self._root,
            package_path=self._root, package_cache_path=self._root,
        )
        self._lock = threading.Lock()
        self._math: dict[tuple[str, bool], str | None] = {}
        self._covered: dict[str, bool] = {}
        self._batch: tuple[str, Any] | None = None  # (main.typ, its compiler): see starts()

    def compile(self, source: str, timestamp: int = 0) -> tuple[bytes, list[str]]:
        with self._lock:
            try:
                pdf, warnings = self._compiler.compile_with_warnings(
                    input=source.encode("utf-8"), format="pdf", timestamp=timestamp)
            except self._typst.TypstError as exc:
                raise ExportError(f"typst could not set the review: {exc.message}") from exc
            except BaseException as exc:
                if type(exc).__name__ != "PanicException":  # pyo3's: a bug inside typst
                    raise
                raise ExportError(f"typst crashed on the review: {exc}") from exc
        if not isinstance(pdf, bytes):
            raise ExportError("typst returned no PDF")
        return pdf, [f"typst: {w.message}" for w in warnings]

    def starts(self, source: str) -> tuple[list[int], int]:
        """Compile ``source``, whose parts each open with :data:`_START`: the page each part
        starts on, and the pages of the whole.

        typst-py's ``Compiler.query`` reads the compiler's own input, not the bytes of the last
        compile, so this compiler's input is a file, rewritten for each document (typst reads it
        again at each compile, by content). The PDF is made too: typst trims its caches after a
        compile, not after a query (without it a worker's memory grows by ~0.5 MB a review).
        """
        import json

        with self._lock:
            if self._batch is None:
                folder = tempfile.mkdtemp(prefix="paperdesk-typst-batch-")
                atexit.register(shutil.rmtree, folder, True)
                main = os.path.join(folder, "main.typ")
                with open(main, "wb"):
                    pass
                self._batch = (main, self._typst.Compiler(
                    input=main, root=folder, ignore_system_fonts=True,
                    package_path=self._root, package_cache_path=self._root))
            main, compiler = self._batch
            with open(main, "wb") as fh:
                fh.write(source.encode("utf-8"))
            try:
                pdf = compiler.compile(format="pdf", pdf_tags=False)
                raw = compiler.query("<pd-start>", field="value")
            except self._typst.TypstError as exc:
                raise ExportError(f"typst could not set the reviews: {exc.message}") from exc
            except BaseException as exc:
                if type(exc).__name__ != "PanicException":
                    raise
                raise ExportError(f"typst crashed on the reviews: {exc}") from exc
        try:
            marks = [(int(page), int(total)) for page, total in json.loads(raw)]
        except (ValueError, TypeError) as exc:
            raise ExportError(f"typst gave no page numbers: {exc}") from exc
        total = count_pages(pdf) if isinstance(pdf, bytes) else 0
        if any(t != total for _, t in marks):  # the page counter and the PDF must agree
            raise ExportError(f"typst's page count ({marks[:1]}) is not the PDF's ({total})")
        return [page for page, _ in marks], total

    def measure(self, source: str) -> float | None:
        """How many pages the text fills, as a decimal (None when typst cannot tell)."""
        import json

        # typst's stub ties root's type to input's (bytes here); at run time a str root is fine.
        query: Any = self._typst.query
        with self._lock:
            try:
                raw = query(
                    (source + _END_MARKER).encode("utf-8"), "<pd-end>", field="value", one=True,
                    root=self._root, ignore_system_fonts=True,
                    package_path=self._root, package_cache_path=self._root)
                end = json.loads(raw)
            except (self._typst.TypstError, ValueError):
                return None
        area = float(end["height"]) - 2 * float(end["margin"])
        if area <= 0:
            return None
        down = min(max((float(end["y"]) - float(end["margin"])) / area, 0.0), 1.0)
        return int(end["page"]) - 1 + down

    def check_math(self, math: str, display: bool) -> str | None:
        """None when ``math`` compiles on its own, else typst's reason; cached."""
        key = (math, display)
        if key not in self._math:
            if len(self._math) >= MATH_CACHE_SIZE:  # a long editing session: start afresh
                self._math.clear()
            source = MATH_PRELUDE + (f"$ {math} $" if display else f"${math}$")
            with self._lock:
                try:
                    self._compiler.compile(input=source.encode("utf-8"), format="pdf")
                    self._math[key] = None
                except self._typst.TypstError as exc:
                    self._math[key] = str(exc.message).splitlines()[0]
        return self._math[key]

    def missing_glyphs(self, text: str) -> list[str]:
        """The characters of ``text`` that no built-in font has (they would print as boxes).

        Each new character is set alone on a page and compared with the box of a code point no
        font covers; one compile per call, answers cached.
        """
        chars = sorted({c for c in unicodedata.normalize("NFC", text)
                        if ord(c) > 0x17F and c not in self._covered and _visible(c)})
        if chars:
            pages = "\n#pagebreak()\n".join(lit(c) for c in (_NO_GLYPH, *chars))
            source = ("#set page(width: auto, height: auto, margin: 1pt)\n"
                      f"#set text(font: {typst_str(BODY_FONT)}, size: 10pt)\n{pages}\n")
            with self._lock:
                svgs = self._compiler.compile(input=source.encode("utf-8"), format="svg")
            if not isinstance(svgs, list) or len(svgs) != len(chars) + 1:
                return []  # cannot tell: better no warning than a wrong one
            for char, svg in zip(chars, svgs[1:], strict=True):
                self._covered[char] = svg != svgs[0]
        return sorted({c for c in text if self._covered.get(c) is False})


def _visible(char: str) -> bool:
    return unicodedata.category(char)[0] not in ("M", "Z", "C")


_instance: _Typesetter | None = None
_instance_lock = threading.Lock()


def typesetter() -> _Typesetter:
    """The process's warm typesetter (built on first use: about 40 ms)."""
    global _instance
    with _instance_lock:
        if _instance is None:
            _instance = _Typesetter()
        return _instance


def count_pages(pdf: bytes) -> int:
    """Pages of a PDF, read from its page tree (the root /Pages node holds the total)."""
    counts = [int(m.group(1)) for m in _PAGES_COUNT.finditer(pdf)]
    return max(counts) if counts else len(_PAGE_OBJECT.findall(pdf))


def format_date(when: datetime, tz: ZoneInfo) -> str:
    local = when.astimezone(tz)
    return f"{_MONTHS[local.month - 1]} {local.day}, {local.year}"


def _call(name: str, **args: Any) -> str:
    """``#name(key: "literal", ...)`` with every value a Typst literal."""
    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, str):
            return typst_str(v)
        items = [value(x) for x in v]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"

    rendered = ", ".join(f"{k.replace('_', '-')}: {value(v)}" for k, v in args.items())
    return f"#{name}({rendered})"


def smart(text: str) -> str:
    """A title or name with typographic quotes and dashes, as the review's own text gets."""
    return smarten([text])[0]


def _student(review: Review, identity: Identity | None) -> tuple[str, str]:
    name = review.student or (identity.name if identity else "")
    email = review.email or (identity.email if identity else "")
    return name, email


def review_markup(review: Review, reading: Reading, course: Course, catalog: Catalog,
                  identity: Identity | None, check_math: Callable[[str, bool], str | None],
                  line_offset: int = 0, index: int = 0) -> tuple[str, list[str], str]:
    """The Typst markup of one review (header, body, references), its warnings, all its text."""
    body = render_markdown(review.body, catalog.get, check_math, line_offset,
                           note_prefix=f"pd-fn-{index}")
    name, email = _student(review, identity)
    submitted = (f"Submitted {format_date(review.submitted, course.timezone)}"
                 if review.is_final and review.submitted else "Draft")
    header = _call(
        "pd-header", course=course.name, term=course.term, status=submitted,
        title=smart(reading.title), review_title=smart(review.title),
        authors=author_list(reading),
        venue=venue_year(reading), ids=identifiers(reading), student=name, email=email,
    )
    parts = [header, body.markup]
    if body.cited:
        entries = [tuple(smart(p) for p in reference_parts(r)) for r in body.cited]
        parts.append(_call("pd-references", entries=entries))
    text = "\n".join((review.body, course.name, course.term, reading.title, review.title,
                      author_list(reading), reading.venue, name, email))
    return "\n\n".join(parts), body.warnings, text


def _document(title: str, author: str) -> str:
    # set document must come first, at the top level: before the template's other rules.
    authors = f", author: {typst_str(author)}" if author else ""
    return (f"#set document(title: {typst_str(title)}{authors}, date: none)\n{template()}\n"
            f"{MATH_PRELUDE}\n")


def _timestamp(review: Review) -> int:
    return int(review.submitted.timestamp()) if review.is_final and review.submitted else 0


def typeset_review(review: Review, reading: Reading, course: Course, catalog: Catalog,
                   identity: Identity | None = None, line_offset: int = 0,
                   measure: bool = False) -> Typeset:
    """The review's PDF (deterministic: the same review gives the same bytes) and page count.

    ``measure`` also finds how far the text runs (``fraction``, about 5 ms more): the editor's
    "1.3 pages".
    """
    ts = typesetter()
    markup, warnings, text = review_markup(review, reading, course, catalog, identity,
                                           ts.check_math, line_offset)
    name, _ = _student(review, identity)
    source = _document(f"Review of {reading.title}", name) + markup + "\n"
    pdf, typst_warnings = ts.compile(source, _timestamp(review))
    return Typeset(pdf, count_pages(pdf), warnings + typst_warnings + _glyph_warning(ts, text),
                   ts.measure(source) if measure else None)


# Opens each review of page_counts' document: where it starts, and the document's pages. A
# metadata element takes no room, so the review is laid out as it is alone.
_START = "#context [#metadata((here().page(), counter(page).final().first())) <pd-start>]\n"


def page_counts(items: Sequence[tuple[Review, Reading, Identity | None]], course: Course,
                catalog: Catalog) -> list[int]:
    """The page count of each review, as :func:`typeset_review` gives it alone, from ONE typst
    compile of all of them, each from a new page: a collect's reviews cost less than half the
    typst time of one compile each (the document's setup and the layout's warm-up are shared).

    Review i has the pages from its start to the next one's. Raises ExportError when the whole
    cannot be set (one review typst refuses): the caller then sets the reviews one by one.
    """
    if not items:
        return []
    ts = typesetter()
    parts = []
    for i, (review, reading, identity) in enumerate(items):
        markup, _, _ = review_markup(review, reading, course, catalog, identity, ts.check_math,
                                     index=i)
        parts.append(("#pagebreak()\n" if i else "") + _START + markup)
    starts, total = ts.starts(_document("Page counts", "") + "\n\n".join(parts) + "\n")
    counts = [e - s for s, e in zip(starts, [*starts[1:], total + 1], strict=True)]
    if len(counts) != len(items) or starts[0] != 1 or min(counts) < 1:
        raise ExportError(f"typst placed {len(starts)} reviews of {len(items)} on their pages")
    return counts


def typeset_batch(entries: Sequence[CoverEntry], batch_name: str, due: datetime, course: Course,
                  catalog: Catalog, identity: Identity | None = None) -> Typeset:
    """A cover page listing the reviews, then each review from a new page."""
    ts = typesetter()
    student = next((e.review.student for e in entries if e.review.student), "")
    name = student or (identity.name if identity else "")
    email = next((e.review.email for e in entries if e.review.email), "") or (
        identity.email if identity else "")
    rows = []
    for i, e in enumerate(entries, 1):
        when = (format_date(e.review.submitted, course.timezone)
                if e.review.is_final and e.review.submitted else DRAFT)
        rows.append([str(i), smart(e.reading.title), byline(e.reading), when, str(e.pages)])
    cover = _call("pd-cover", course=course.name, term=course.term, batch=batch_name,
                  due=format_date(due, course.timezone), student=name, email=email,
                  instructor=course.instructor, rows=rows)
    parts = [_document(f"{course.name}: {batch_name}", name), cover]
    warnings: list[str] = []
    texts = [name, email, course.name]
    for i, e in enumerate(entries):
        markup, review_warnings, text = review_markup(e.review, e.reading, course, catalog,
                                                      identity, ts.check_math, index=i)
        parts.append("#pagebreak()\n" + markup)
        warnings.extend(f"{e.reading.key}: {w}" for w in review_warnings)
        texts.append(text)
    pdf, typst_warnings = ts.compile("\n\n".join(parts) + "\n",
                                     max((_timestamp(e.review) for e in entries), default=0))
    return Typeset(pdf, count_pages(pdf),
                   warnings + typst_warnings + _glyph_warning(ts, "\n".join(texts)))


def _glyph_warning(ts: _Typesetter, text: str) -> list[str]:
    missing = ts.missing_glyphs(text)
    if not missing:
        return []
    shown = " ".join(missing[:12]) + (" …" if len(missing) > 12 else "")
    return [f"no built-in font has {len(missing)} of the characters used ({shown}): "
            "they print as empty boxes"]
