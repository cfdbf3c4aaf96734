"""Reading ``.bib`` files with bibtexparser 2.x into readings and located problems.

bibtexparser is run with an empty middleware stack: values come back raw (with their braces or
quotes), so ``@string`` macros, ``#`` concatenation, ``crossref`` and LaTeX decoding are done
here, cheaply, with line numbers kept for every problem. paperdesk never writes a ``.bib`` file
through bibtexparser: a round trip would grow a file that had failed blocks.
"""

from __future__ import annotations

import re

# re-exported: the limits and the reading are this module's to callers (bibbytes serves the cache)
from paperdesk.adapters.bibbytes import MAX_BIB_BYTES as MAX_BIB_BYTES
from paperdesk.adapters.bibbytes import read_bytes_checked as read_bytes_checked
from paperdesk.adapters.bibsimple import SimpleEntry, simple_entries
from paperdesk.core.arxiv_id import ArxivId, ArxivIdError
from paperdesk.core.latex import decode_latex
from paperdesk.core.reading import KINDS, NO_TOPIC, Catalog, Problem, Reading
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # pathlib and collections.abc: not for the list after an append
    from collections.abc import Mapping
    from pathlib import Path
    from typing import Any

_MONTHS = {m: m.capitalize() for m in
           ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")}
# The journal macros that the standard BibTeX styles (plain.bst and kin) predefine.
_BST_MACROS = {
    "acmcs": "ACM Computing Surveys", "acta": "Acta Informatica",
    "cacm": "Communications of the ACM", "ibmjrd": "IBM Journal of Research and Development",
    "ibmsj": "IBM Systems Journal", "ieeese": "IEEE Transactions on Software Engineering",
    "ieeetc": "IEEE Transactions on Computers",
    "ieeetcad": "IEEE Transactions on Computer-Aided Design of Integrated Circuits",
    "ipl": "Information Processing Letters", "jacm": "Journal of the ACM",
    "jcss": "Journal of Computer and System Sciences", "scp": "Science of Computer Programming",
    "sicomp": "SIAM Journal on Computing", "tocs": "ACM Transactions on Computer Systems",
    "tods": "ACM Transactions on Database Systems", "tog": "ACM Transactions on Graphics",
    "toms": "ACM Transactions on Mathematical Software",
    "toois": "ACM Transactions on Office Information Systems",
    "toplas": "ACM Transactions on Programming Languages and Systems",
    "tcs": "Theoretical Computer Science",
}
_VENUE_FIELDS = ("journal", "journaltitle", "booktitle", "publisher", "howpublished",
                 "institution", "school", "organization", "eventtitle")
_INHERITED = ("booktitle", "year", "date", "publisher", "editor", "series", "volume",
              "address", "organization", "journal", "journaltitle", "howpublished", "topic")
_DATE_YEAR = re.compile(r"(-?\d{1,4})(?![\d])")
_KIND_BY_TYPE = {"book": "book", "online": "blog", "www": "blog", "webpage": "blog"}


def decode_text(raw: bytes, label: str) -> tuple[str, list[Problem]]:
    """UTF-8 text; invalid bytes become U+FFFD with one problem naming the first bad line."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = Problem(label, line, f"invalid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                          "bad bytes are shown as \ufffd", "warning")
        return raw.decode("utf-8", errors="replace"), [problem]


def load_bib(path: Path, label: str | None = None) -> Catalog:
    """Parse a bibliography file; raises BibError only when it cannot be read at all."""
    name = label or str(path)
    return parse_bib_bytes(read_bytes_checked(path), name)


def parse_bib_bytes(raw: bytes, label: str) -> Catalog:
    """A file's bytes as a catalog: its UTF-8 problem first, then what the parse found."""
    text, problems = decode_text(raw, label)
    catalog = parse_bib(text, label)
    return Catalog(catalog.readings, tuple(problems) + catalog.problems, label)


class BibShape(FrozenValue):
    """What an append needs to know of the file parsed so far (kept in the catalog snapshot).

    ``keys``: every entry key taken (lower case), so an appended duplicate is skipped as a full
    parse skips it. ``open_end``: the file does not end between blocks (no final newline, braces
    left open, a failed last block, ``crossref`` that ties entries together): the next parse
    of it must be a full one. ``macros``: its ``@string`` values, which appended entries may use
    (an appended ``@string`` could change the entries before it: that is a full parse too).
    """

    __slots__ = ("keys", "lines", "macros", "open_end", "size")
    _compared = ("size", "lines", "keys", "open_end", "macros")
    size: int
    lines: int
    keys: frozenset[str]
    open_end: bool
    macros: dict[str, str]

    def __init__(self, size: int, lines: int, keys: frozenset[str], open_end: bool,
                 macros: dict[str, str]) -> None:
        init = object.__setattr__  # a FrozenValue, not a dataclass: an append's list loads none
        init(self, "size", size)
        init(self, "lines", lines)
        init(self, "keys", keys)
        init(self, "open_end", open_end)
        init(self, "macros", macros)

    def to_json(self) -> dict[str, Any]:
        return {"size": self.size, "lines": self.lines, "keys": sorted(self.keys),
                "open_end": self.open_end, "macros": self.macros}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BibShape:
        macros = {str(k): str(v) for k, v in dict(data["macros"]).items()}
        return cls(int(data["size"]), int(data["lines"]), frozenset(map(str, data["keys"])),
                   bool(data["open_end"]), macros)


_TIES = re.compile(r"crossref", re.IGNORECASE)
_STRING = re.compile(r"@\s*string", re.IGNORECASE)


def parse_bib_bytes_shaped(raw: bytes, label: str) -> tuple[Catalog, BibShape]:
    """:func:`parse_bib_bytes`, and the shape an append can be parsed against."""
    text, problems = decode_text(raw, label)
    catalog, keys, clean, macros = _parse(text, label, frozenset(), None, True)
    shape = BibShape(len(raw), text.count("\n"), keys,
                     not clean or raw.startswith(b"\xef\xbb\xbf") or bool(_TIES.search(text)),
                     macros)
    return Catalog(catalog.readings, tuple(problems) + catalog.problems, label), shape


def parse_appended(catalog: Catalog, shape: BibShape, raw: bytes,
                   label: str) -> tuple[Catalog, BibShape] | None:
    """``raw`` is the old file plus an appended tail: the catalog a full parse of ``raw`` gives,
    from parsing the tail alone. None when the tail cannot be parsed apart (then parse it all).

    The caller checks that ``raw`` starts with the bytes ``shape`` describes."""
    if shape.open_end or shape.size == 0 or len(raw) <= shape.size:
        return None
    try:
        tail = raw[shape.size:].decode("utf-8")
    except UnicodeDecodeError:
        return None  # a full parse reports the first bad byte, before every other problem
    if _TIES.search(tail) or _STRING.search(tail):
        return None
    more, keys, clean, _ = _parse(tail, label, shape.keys, shape.macros, True)
    shift = shape.lines
    readings = catalog.readings + tuple(r.replace(line=r.line + shift) for r in more.readings)
    problems = catalog.problems + tuple(p.replace(line=p.line + shift) for p in more.problems)
    return (Catalog(readings, problems, label),
            BibShape(len(raw), shift + tail.count("\n"), keys, not clean, shape.macros))


def parse_bib(text: str, label: str = "<bib>") -> Catalog:
    return _parse(text, label, frozenset(), None, True)[0]


def _parse(text: str, label: str, taken: frozenset[str], known: Mapping[str, str] | None = None,
           simple: bool = False) -> tuple[Catalog, frozenset[str], bool, dict[str, str]]:
    """The catalog of ``text``, the keys taken (``taken`` plus its own), whether the text ends
    cleanly between blocks (so what is appended to it parses the same on its own), and the
    ``@string`` macros defined (``known``: those of the text it is appended to). ``simple``: try
    :mod:`bibsimple` first (an appended tail, or a whole file as paperdesk and most tools write
    it: read in a tenth of the time, and bibtexparser not even imported)."""
    blanked, depth = _blank_comment_lines(text)
    prepared = count_every_newline(blanked)
    plain = simple_entries(prepared) if simple else None
    split = _split(prepared, label) if plain is None else _Split([], list(plain), False)
    problems: list[Problem] = []
    macros: dict[str, str] = {**_MONTHS, **_BST_MACROS, **(known or {})}
    defined: dict[str, str] = dict(known or {})
    for name, raw in split.strings:
        macros[name.lower()] = _evaluate(raw, macros, None)[0]
        defined[name.lower()] = macros[name.lower()]

    entries: list[SimpleEntry] = []
    seen: set[str] = set(taken)
    for block in split.blocks:
        if isinstance(block, Problem):
            problems.append(block)
            continue
        key, line = block[0], block[2]
        if key.lower() in seen:  # BibTeX keys are case-insensitive
            problems.append(Problem(label, line, f"duplicate key {key!r}: entry skipped"))
            continue
        seen.add(key.lower())
        entries.append(block)

    raw_fields: dict[str, dict[str, tuple[str, int]]] = {}
    for key, _, _, written in entries:
        fields: dict[str, tuple[str, int]] = {}
        for name, raw, line in written:
            value, undefined = _evaluate(raw, macros, name)
            for macro in undefined:
                problems.append(Problem(label, line,
                                        f"{key}: @string macro {macro!r} is not defined",
                                        "warning"))
            fields[name.lower()] = (value, line)
        raw_fields[key.lower()] = fields

    readings: list[Reading] = []
    for key, entry_type, start, _ in entries:
        fields = raw_fields[key.lower()]
        parent_name, parent_line = fields.get("crossref", ("", 0))
        parent_name = parent_name.strip()
        if parent_name:
            parent = raw_fields.get(parent_name.lower())
            if parent is None:
                problems.append(Problem(label, parent_line,
                                        f"{key}: crossref {parent_name!r} not found",
                                        "warning"))
            else:
                for name in _INHERITED:
                    if name not in fields and name in parent:
                        fields[name] = parent[name]
                if "booktitle" not in fields and "title" in parent:
                    fields["booktitle"] = parent["title"]
        reading, problem = _reading(key, entry_type, start, fields, label)
        if problem:
            problems.append(problem)
        if reading:
            readings.append(reading)
    problems.sort(key=lambda p: p.line)
    clean = (depth == 0 and text.endswith("\n") and text.count("{") == text.count("}")
             and not split.failed_last)
    return Catalog(tuple(readings), tuple(problems), label), frozenset(seen), clean, defined


class _Split:
    """A text split into blocks: the ``@string`` definitions (name, raw value), the entries and
    the problems of the blocks that failed, in file order, and whether the last block failed."""

    __slots__ = ("blocks", "failed_last", "strings")

    def __init__(self, strings: list[tuple[str, str]], blocks: list[SimpleEntry | Problem],
                 failed_last: bool) -> None:
        self.strings = strings
        self.blocks = blocks
        self.failed_last = failed_last


def _split(text: str, label: str) -> _Split:
    """``text`` split by bibtexparser (imported here: a load served by the snapshot, or a tail
    :mod:`bibsimple` reads, does without it and the logging it brings)."""
    import logging

    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    # bibtexparser logs every failed block; they are reported here, once, as FILE:LINE.
    logging.getLogger("bibtexparser.splitter").disabled = True
    library = parse_string(text, parse_stack=[])
    strings = [(block.key, str(block.value)) for block in library.blocks
               if isinstance(block, model.String)]
    blocks: list[SimpleEntry | Problem] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        entry: model.Entry | None = None
        if isinstance(block, model.DuplicateFieldKeyBlock):
            # BibTeX itself keeps the first value of a repeated field; so does paperdesk.
            entry = _first_values(block.ignore_error_block)
            names = ", ".join(sorted(block._duplicate_keys)) if hasattr(
                block, "_duplicate_keys") else "a field"
            blocks.append(Problem(label, line, f"{entry.key}: {names} given twice: the first "
                                  "value is used", "warning"))
        elif isinstance(block, model.DuplicateBlockKeyBlock):
            blocks.append(Problem(label, line, f"duplicate key {block.key!r}: entry skipped"))
        elif isinstance(block, model.ParsingFailedBlock):
            blocks.append(Problem(label, line, _failure_message(block)))
        elif isinstance(block, model.Entry):
            entry = block
        if entry is not None:
            blocks.append((entry.key, entry.entry_type, line,
                           [(f.key, str(f.value), (f.start_line or 0) + 1) for f in entry.fields]))
    last = library.blocks[-1] if library.blocks else None
    # A duplicate (of a key, of a field) is a whole block, which bibtexparser files as a failed
    # one: what follows it splits the same, so it leaves the end clean (and a tail parsed alone,
    # which cannot see the file's earlier keys, says the same of it as a full parse).
    failed = isinstance(last, model.ParsingFailedBlock) and not isinstance(
        last, (model.DuplicateBlockKeyBlock, model.DuplicateFieldKeyBlock))
    return _Split(strings, blocks, failed)


def count_every_newline(text: str) -> str:
    """A space between a backslash and the end of its line, so that bibtexparser counts the line.

    bibtexparser's splitter skips any mark preceded by a backslash, newlines included: after each
    ``\\TeX\\`` at the end of a line (TUGboat's idiom) every later line number was one too small.
    In TeX a backslash before the end of a line is a control space either way (``\\ ``).
    """
    return _BACKSLASH_EOL.sub(r"\\ ", text) if "\\\n" in text or "\\\r" in text else text


_BACKSLASH_EOL = re.compile(r"\\(?=[\r\n])")


def blank_comment_lines(text: str) -> str:
    """Empty the lines that start with ``%`` outside any entry, keeping line numbers.

    Biber and most tools read ``%`` as a comment; bibtexparser, like classic BibTeX, would still
    parse a commented-out ``%@article{...}`` as an entry (and then call the real one a duplicate).
    """
    return _blank_comment_lines(text)[0]


def _blank_comment_lines(text: str) -> tuple[str, int]:
    """:func:`blank_comment_lines`, and the brace depth it ends at."""
    if "%" not in text:
        return text, text.count("{") - text.count("}")
    out: list[str] = []
    depth, pos = 0, 0
    for m in _COMMENT_LINE.finditer(text):
        depth += text.count("{", pos, m.start()) - text.count("}", pos, m.start())
        out.append(text[pos : m.start()])
        pos = m.end()
        if depth <= 0:
            depth = 0
            out.append("")  # the comment's text goes, its newline stays
        else:
            out.append(m.group(0))  # inside a braced value, % is text
            depth += m.group(0).count("{") - m.group(0).count("}")
    out.append(text[pos:])
    depth += text.count("{", pos) - text.count("}", pos)
    return "".join(out), depth


_COMMENT_LINE = re.compile(r"^[ \t]*%[^\n]*", re.MULTILINE)


def _first_values(entry: Any) -> Any:
    """The entry with only the first occurrence of each field name."""
    seen: set[str] = set()
    for f in list(entry.fields):
        if f.key.lower() in seen:
            entry.fields.remove(f)
        seen.add(f.key.lower())
    return entry


def _failure_message(block: Any) -> str:
    error = block.error if hasattr(block, "error") else None
    reason = str(getattr(error, "abort_reason", "") or error or "").strip()
    raw = str(getattr(block, "raw", "") or "")
    head = raw.strip().splitlines()[0][:40] if raw.strip() else ""
    if "end of file" in reason.lower():
        return f"unbalanced braces or quotes: {head!r} runs to the end of the file; block skipped"
    reason = reason.splitlines()[-1].strip().rstrip(".") if reason else "syntax error"
    return f"cannot parse {head!r}: {reason}; block skipped"


def _evaluate(raw: str, macros: Mapping[str, str], field_name: str | None) -> tuple[str, list[str]]:
    """A raw BibTeX value (``{..}``, ``".."``, numbers, macros, joined by ``#``) as text."""
    parts: list[str] = []
    undefined: list[str] = []
    for piece in _split_concat(raw):
        piece = piece.strip()
        if not piece:
            continue
        if (piece[0] == "{" and piece[-1] == "}") or (piece[0] == '"' and piece[-1] == '"'):
            parts.append(piece[1:-1])
        elif piece.isdigit():
            parts.append(piece)
        elif piece.lower() in macros:
            parts.append(macros[piece.lower()])
        else:
            undefined.append(piece)
            parts.append(piece)
    return "".join(parts), undefined


def _split_concat(raw: str) -> list[str]:
    """Split on ``#`` that is outside braces and quotes."""
    if "#" not in raw:
        return [raw]  # the common case, without a character loop
    out, depth, quoted, start = [], 0, False, 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            out.append(raw[start:i])
            start = i + 1
    out.append(raw[start:])
    return out


def split_authors(value: str) -> tuple[str, ...]:
    """BibTeX ``A and B and {Corp Name}``, decoded and as 'First Last'. An escaped brace
    (``Thi\\{'ebaux``) is text, not a group: counting it kept every later ``and`` inside it."""
    names: list[str] = []
    depth, start = 0, 0
    for m in re.finditer(r"(?<!\\)[{}]|\s+and\s+", value):
        tok = m.group(0)
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif depth == 0:
            names.append(value[start : m.start()])
            start = m.end()
    names.append(value[start:])
    out = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        if name.lower() == "others":
            out.append("others")
            continue
        if name.startswith("{") and name.endswith("}") and name.count("{") == 1:
            out.append(decode_latex(name))  # a corporate author: keep as written
            continue
        parts = [p.strip() for p in _top_level_commas(name)]
        if len(parts) == 2:
            name = f"{parts[1]} {parts[0]}"
        elif len(parts) == 3:
            name = f"{parts[2]} {parts[0]}, {parts[1]}"
        out.append(decode_latex(name))
    return tuple(out)


def _top_level_commas(name: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(name):
        escaped = i > 0 and name[i - 1] == "\\"
        if ch == "{" and not escaped:
            depth += 1
        elif ch == "}" and not escaped:
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(name[start:i])
            start = i + 1
    parts.append(name[start:])
    return parts


def _reading(
    key: str, entry_type: str, line: int, fields: dict[str, tuple[str, int]], label: str
) -> tuple[Reading | None, Problem | None]:
    def get(name: str) -> str:
        return fields.get(name, ("", 0))[0].strip()

    # Any key BibTeX accepts is a reading (DBLP:conf/nips/..., O'Keeffe_1962, baez/article):
    # its review's file name is made safe by core.keyfiles. BibTeX stops a key at a space.
    if not key:
        return None, Problem(label, line, "an entry with no key: entry skipped")
    if any(c.isspace() for c in key):
        return None, Problem(label, line, f"key {key!r} has a space, which BibTeX does not "
                             "accept in a key: entry skipped")
    title = decode_latex(get("title"))
    if not title:
        return None, Problem(label, line, f"{key}: no title: entry skipped")
    entry_type = entry_type.lower()
    kind = get("kind").lower() or _KIND_BY_TYPE.get(entry_type, "paper")
    if kind not in KINDS:
        return None, Problem(label, fields["kind"][1], f"{key}: unknown kind {get('kind')!r} "
                             f"(expected {', '.join(KINDS)}): entry skipped")
    arxiv: ArxivId | None = None
    problem: Problem | None = None
    eprint = get("eprint")
    prefix = get("archiveprefix") or get("eprinttype")
    if eprint and prefix.lower() == "arxiv":
        try:
            arxiv = ArxivId.parse(eprint)
        except ArxivIdError as exc:
            # One bad field never hides a reading: it stays, without an arXiv id.
            problem = Problem(label, fields["eprint"][1], f"{key}: malformed eprint: {exc}: "
                              "the reading is kept without an arXiv id", "warning")
    elif eprint and not prefix:  # an eprint with no type is arXiv's only if it parses as one
        try:
            arxiv = ArxivId.parse(eprint)
        except ArxivIdError:
            arxiv = None
    # biblatex DATE is ISO 8601 and may be a range, approximate (~) or BCE (-0300).
    date = _DATE_YEAR.match(get("date"))
    year = get("year") or (date.group(1) if date else "")
    venue = next((decode_latex(get(f)) for f in _VENUE_FIELDS if get(f)), "")
    doi = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", get("doi"), flags=re.IGNORECASE)
    return Reading(
        key=key,
        topic=decode_latex(get("topic")) or NO_TOPIC,
        kind=kind,
        title=title,
        authors=split_authors(get("author") or get("editor")),
        year=year,
        venue=venue,
        arxiv=arxiv,
        doi=doi,
        url=get("url"),
        note=decode_latex(get("note")),
        entry_type=entry_type,
        line=line,
    ), problem
