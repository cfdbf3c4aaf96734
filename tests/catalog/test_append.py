"""An append to the bib (``add``, or an entry pasted at the end) parses only the new tail and
extends the snapshot: what it gives must be exactly what a full parse of the file gives."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperdesk.adapters import bibfile, catalog_cache
from paperdesk.adapters.bibfile import parse_bib_bytes
from paperdesk.adapters.bibsimple import simple_entries
from paperdesk.core.reading import Catalog, cite_name
from paperdesk.services.catalog import load_catalog
from tests.conftest import REPO, SHARED

BASE = (REPO / "readings.bib").read_bytes()
STRINGS = b'@string{nips = "Advances in Neural Information Processing Systems"}\n'

# Pieces an append may hold: good entries, a key the file has (any case), a field given twice,
# no title, a bad key, a bad eprint, comments, a broken entry that runs to the end, text
# (NUM: five digits).
PIECES = [
    "@article{freshNUM,\n  title = {Fresh NUM},\n  author = {Doe, Jane and Roe, Richard},\n"
    "  year = {2024},\n  topic = {Appended},\n  kind = {paper},\n  eprint = {2401.NUM},\n"
    "  archiveprefix = {arXiv}\n}\n",
    "@misc{VASWANI2017attention,\n  title = {A duplicate key},\n}\n",
    "@misc{vaswani2017attention,\n  title = {The same key},\n}\n",
    "@misc{twiceNUM,\n  title = {First},\n  title = {Second},\n}\n",
    "@misc{notitleNUM,\n  year = {2020},\n}\n",
    "@misc{bad/../keyNUM,\n  title = {Bad key},\n}\n",
    "@article{badeprintNUM,\n  title = {Bad eprint},\n  eprint = {nonsense},\n"
    "  archiveprefix = {arXiv}\n}\n",
    "% a comment line with @misc{commented, title={x}\n",
    "\nSome free text between entries.\n\n",
    "@misc{kindNUM,\n  title = {Odd kind},\n  kind = {poem},\n}\n",
    "@misc{brokenNUM,\n  title = {no end\n",
    "@inproceedings{macroNUM,\n  title = {With a macro},\n  booktitle = nips # { 30},\n"
    "  publisher = undefinedmacro,\n}\n",
    "@string{nips = {Redefined}}\n",
    "@misc{accentsNUM,\n  title = {Sch{\\\"o}lkopf and {\\'E}cole},\n  month = jan,\n}\n",
]


# Entries bibsimple reads, and near misses it must leave to bibtexparser (or read the same way).
TAILS = [
    "@misc{plainNUM,\n  title = {Plain},\n  topic = {Appended},\n}\n",
    "@article{quotedNUM, title = \"Quoted, with = and a comma\", year = 2020}\n",
    "@book{concatNUM,\n  title = {Joined} # \" and \" # nips,\n  month = jan,\n  year = 1999,\n}\n",
    "@misc{escapedNUM,\n  title = {An \\{escaped\\} brace},\n  note = {a \\} b},\n}\n",
    "@misc{nestedNUM,\n  title = {{Deep {Nested}} Sch{\\\"o}lkopf},\n  author = {{Corp Inc}}\n}\n",
    "@misc{atNUM,\n  title = {LeQua @ {CLEF}},\n}\n",
    "@misc{atlineNUM,\n  title = {An at\n@misc{inside, title = {x}}\n",
    "@misc{nofieldsNUM}\n",
    "@misc(parenNUM, title = {Parentheses})\n",
    "@misc {spacedNUM, title = {A space before the brace}}\n",
    "@comment{a comment @misc{x, title = {y}}}\n",
    "@commentary{notcommentNUM, title = {Read as a comment}}\n",
    "@preamble{\"\\newcommand{\\x}{y}\"}\n",
    "@misc{casesNUM, Title = {First}, title = {Second}}\n",
    "@misc{quoteescNUM, title = \"a \\\" b\", note = \"c\"}\n",
    "@misc{bracequoteNUM, title = \"a {\"} b\"}\n",
    "@misc{junkNUM, title = {Junk after}} trailing junk\n",
    "@misc{extraNUM, title = {Extra brace}}}\n",
    "@misc{with spaceNUM, title = {A key with a space}}\n",
    "@misc{novalueNUM, title = , year = {1}}\n",
    "@misc{nocommaNUM, title = {x}\n  note = {missing comma}}\n",
    "@misc{eolNUM, title = {\\TeX\\\n  at the end of a line}}\n",
    "@misc{crlfNUM,\r\n  title = {Windows},\r\n  year = {2001}\r\n}\r\n",
    "@misc{urlNUM,title={x},url={http://a.b/c?d=e,f},doi={10.1/2}}\n",
    "mail me at someone@example.org\n",
    "% @misc{commentedNUM, title = {x}}\n",
    "@misc{emptyNUM, title = {}}\n",
    "@misc{dupNUM, title = {One}}\n@misc{DUPNUM, title = {Two}}\n",
    "\u00a0\n",
    "@misc{badkindNUM, title = {x}, kind = {poem}, eprint = {1706.03762}}\n",
]


APPENDS = PIECES + TAILS  # what the random appends below draw from


def piece(start: str, n: int = 1) -> bytes:
    """The piece that starts with ``start``, numbered ``n``."""
    return next(p for p in PIECES if p.startswith(start)).replace("NUM", f"{n:05d}").encode()


def load(path: Path, state: Path) -> Catalog:
    return load_catalog(path, state, label="readings.bib")


def full(raw: bytes) -> Catalog:
    return parse_bib_bytes(raw, "readings.bib")


def same(a: Catalog, b: Catalog) -> None:
    assert a.readings == b.readings
    assert a.problems == b.problems
    assert [r.cite for r in a.readings] == [cite_name(r) for r in b.readings]


def same_snapshot(state: Path, raw: bytes, expected: Catalog) -> None:
    """The snapshot on disk, decoded afresh, is the full parse too (with what it keeps besides
    the fields: the cite names list prints)."""
    kept = catalog_cache.load_cached(state, catalog_cache.content_hash(raw), "readings.bib")
    assert kept is not None
    same(kept, expected)
    assert [r._cite for r in kept.readings] == [cite_name(r) for r in expected.readings]


@pytest.fixture
def tails(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of the text each parse read."""
    sizes: list[int] = []
    real = bibfile._parse

    def counting(text: str, *args: Any) -> Any:
        sizes.append(len(text))
        return real(text, *args)

    monkeypatch.setattr(bibfile, "_parse", counting)
    return sizes


def test_an_append_parses_only_the_tail(tmp_path: Path, tails: list[int]) -> None:
    bib, state = tmp_path / "readings.bib", tmp_path / ".paperdesk"
    added = piece("@article{fresh")
    expected = full(BASE + added)
    bib.write_bytes(BASE)
    load(bib, state)
    bib.write_bytes(BASE + added)
    tails.clear()
    extended = load(bib, state)
    assert tails == [len(added)]  # the tail alone
    same(extended, expected)
    same_snapshot(state, BASE + added, expected)
    assert extended.readings[-1].key == "fresh00001"
    assert extended.readings[-1].line == BASE.count(b"\n") + 1
    same(load(bib, state), extended)  # and the extended snapshot is served as is
    assert tails == [len(added)]


def test_appended_entries_use_the_files_macros(tmp_path: Path, tails: list[int]) -> None:
    bib, state = tmp_path / "readings.bib", tmp_path / ".paperdesk"
    added = piece("@inproceedings{macro")  # booktitle = nips # { 30}
    expected = full(STRINGS + BASE + added)
    bib.write_bytes(STRINGS + BASE)
    load(bib, state)
    bib.write_bytes(STRINGS + BASE + added)
    tails.clear()
    extended = load(bib, state)
    assert tails == [len(added)]
    same(extended, expected)
    assert extended.readings[-1].venue == "Advances in Neural Information Processing Systems 30"


def test_a_broken_end_means_a_full_parse_next_time(tmp_path: Path, tails: list[int]) -> None:
    bib, state = tmp_path / "readings.bib", tmp_path / ".paperdesk"
    broken = BASE + piece("@misc{broken")
    bib.write_bytes(broken)
    load(bib, state)
    closed = broken + b"}\n" + piece("@article{fresh", 2)  # the append closes it
    bib.write_bytes(closed)
    same(load(bib, state), full(closed))
    assert tails[-1] > len(BASE)  # parsed whole


def test_an_edit_before_the_end_is_not_an_append(tmp_path: Path, tails: list[int]) -> None:
    bib, state = tmp_path / "readings.bib", tmp_path / ".paperdesk"
    bib.write_bytes(BASE)
    load(bib, state)
    edited = BASE.replace(b"Attention Is All You Need", b"Attention Was All We Needed") + \
        piece("@article{fresh")
    bib.write_bytes(edited)
    same(load(bib, state), full(edited))
    assert tails[-1] > len(BASE)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(appends=st.lists(st.lists(st.tuples(st.integers(0, len(APPENDS) - 1),
                                           st.integers(0, 3)), min_size=1, max_size=4),
                        min_size=1, max_size=3),
       newline=st.booleans(), strings=st.booleans())
def test_random_appends_extend_to_exactly_a_full_parse(
    tmp_path_factory: pytest.TempPathFactory, appends: list[list[tuple[int, int]]], newline: bool,
    strings: bool
) -> None:
    folder = tmp_path_factory.mktemp("append")
    bib, state = folder / "readings.bib", folder / ".paperdesk"
    raw = (STRINGS if strings else b"") + (BASE if newline else BASE.rstrip(b"\n"))
    bib.write_bytes(raw)
    same(load(bib, state), full_of_base(raw))
    for step, pieces in enumerate(appends):
        raw += "".join(APPENDS[i].replace("NUM", f"{step * 10 + n:05d}")
                       for i, n in pieces).encode()
        bib.write_bytes(raw)
        expected = full(raw)
        same(load(bib, state), expected)
        same_snapshot(state, raw, expected)
        fresh = folder / f"fresh{step}"
        load(bib, fresh)  # a snapshot made by a full parse of the same bytes
        assert snapshot_body(state) == snapshot_body(fresh)


@functools.lru_cache(maxsize=4)
def full_of_base(raw: bytes) -> Catalog:
    """The full parse of one of the four files the examples begin with, made once (a Catalog is
    a frozen value): the product's own parse of it, which builds the snapshot, runs each time."""
    return full(raw)


def snapshot_body(state: Path) -> bytes:
    """The snapshot past its header (which holds the file's stat): shape, problems, rows."""
    return (state / "cache" / "catalog.json").read_bytes().partition(b"\n")[2]


# -- the tail read without bibtexparser (adapters.bibsimple) -------------------------------------
def tail_parse(text: str, simple: bool) -> tuple[Any, ...]:
    return bibfile._parse(text, "readings.bib", frozenset({"vaswani2017attention"}),
                          {"nips": "NeurIPS"}, simple)


@settings(max_examples=300, deadline=None, database=None)
@given(pieces=st.lists(st.tuples(st.integers(0, len(TAILS) - 1), st.integers(0, 99)),
                       min_size=1, max_size=4),
       cut=st.integers(0, 400), insert=st.text("{}\"',=@#\\%\n ()a", max_size=3))
def test_the_plain_tail_reader_gives_what_bibtexparser_gives(
    pieces: list[tuple[int, int]], cut: int, insert: str
) -> None:
    """Plain or not, broken or not: the same catalog, keys, ending and problems (the same
    one-line messages at the same lines)."""
    text = "".join(TAILS[i].replace("NUM", f"{n:02d}") for i, n in pieces)
    cut = min(cut, len(text))
    for tail in (text, text[:cut] + insert + text[cut:]):
        assert tail_parse(tail, True) == tail_parse(tail, False)


def test_plain_tails_are_read_without_bibtexparser() -> None:
    from paperdesk.adapters.bibsimple import simple_entries

    read = [t for t in TAILS if simple_entries(bibfile.count_every_newline(
        bibfile.blank_comment_lines(t.replace("NUM", "01")))) is not None]
    assert len(read) >= 12  # the plain ones above, the dull case of every add
    assert simple_entries("@misc{a, title = {x}}\n") == [("a", "misc", 1, [("title", "{x}", 1)])]
    assert simple_entries("@misc{a, title = {x @ y}}\n") is None  # an @ a block might start at


def test_a_whole_plain_file_is_read_without_bibtexparser(monkeypatch: pytest.MonkeyPatch) -> None:
    """The course's bib is plain: a full parse reads it with bibsimple (a tenth of the time,
    and no import of bibtexparser), to the same catalog, keys, ending and macros; so does every
    plain real-world file of ../shared (those that are not go to bibtexparser)."""
    files = [REPO / "readings.bib"]
    if SHARED.is_dir():
        files += sorted(SHARED.glob("fixtures/**/*.bib"))
    plain = []
    for path in files:
        text, _ = bibfile.decode_text(path.read_bytes(), path.name)
        whole = (text, path.name, frozenset(), None)
        if simple_entries(bibfile.count_every_newline(bibfile.blank_comment_lines(text))):
            plain.append(path.name)
            assert bibfile._parse(*whole, True) == bibfile._parse(*whole, False), path
    assert "readings.bib" in plain
    by_bibtexparser = bibfile._parse(BASE.decode(), "readings.bib", frozenset(), None, False)[0]

    def no_splitter(*args: Any) -> Any:
        raise AssertionError("bibtexparser's splitter was asked")

    monkeypatch.setattr(bibfile, "_split", no_splitter)
    same(full(BASE), by_bibtexparser)
    same(load_catalog(REPO / "readings.bib", None, label="readings.bib"), by_bibtexparser)
