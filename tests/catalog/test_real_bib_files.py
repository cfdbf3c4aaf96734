"""The real-world .bib files of ../shared/fixtures/bib: read, problems located, bytes untouched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import load_bib
from tests.catalog.conftest import Cli, sha256

FIXTURES = ("plume-bib_heaps.bib", "zotero-better-bibtex_import-2660-plus-in-field-name.bib")


@pytest.fixture(params=FIXTURES)
def real_bib(request: pytest.FixtureRequest, shared: Path) -> Path:
    path = shared / "fixtures" / "bib" / request.param
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return path


def test_every_shared_fixture_is_covered(shared: Path) -> None:
    """The two big files are checked in detail below; every file, these two included, by
    test_every_file_loads_with_no_entry_dropped_for_its_key."""
    assert set(FIXTURES) <= {p.name for p in (shared / "fixtures" / "bib").glob("*.bib")}


# Keys real files use that BibTeX accepts and paperdesk once refused: each is a reading now.
REAL_KEYS = {
    "biblatex_biblatex-examples.bib": ["baez/article", "averroes/bland", "baez/online"],
    "biber_tdata-examples.bib": ["baez/article", "averroes/hercz"],
    "plume-bib_heaps.bib": ["OOPSLA/ECOOP90", "OOPSLA/ECOOP90Add"],
    "jabref_testjabref.bib": ["Brewer2008NbActiv4mediumimprovementtoNeurobasal/B27increases"
                              "neuronsynapsedensitiesandnetworkspikeratesonmultielectrode"
                              "arrays.JNeurosciMethods"],
}


def test_every_file_loads_with_no_entry_dropped_for_its_key(shared: Path) -> None:
    from bibtexparser.entrypoint import parse_string

    files = sorted((shared / "fixtures" / "bib").glob("*.bib"))
    assert len(files) >= 10
    for path in files:
        catalog = load_bib(path, path.name)
        loaded = {r.key for r in catalog.readings}
        about_keys = [p for p in catalog.problems
                      if re.search(r"citekey|no key|a space|cannot name", p.message)]
        assert about_keys == [], path.name
        # Every entry bibtexparser finds is a reading, or skipped for a reason that is not its key.
        text = path.read_bytes().decode("utf-8", "replace")
        lines = {p.line: p.message for p in catalog.problems}
        for block in parse_string(text, parse_stack=[]).entries:
            if block.key not in loaded:
                reason = lines.get((block.start_line or 0) + 1, "")
                assert "key" not in reason or "duplicate" in reason, (path.name, block.key, reason)
        for key in REAL_KEYS.get(path.name, []):
            assert key in loaded, (path.name, key)


def test_loads_with_problems_located_and_bytes_unchanged(real_bib: Path) -> None:
    before = sha256(real_bib)
    lines = real_bib.read_bytes().count(b"\n") + 1
    catalog = load_bib(real_bib, real_bib.name)
    assert len(catalog.readings) > 150
    assert catalog.problems
    for problem in catalog.problems:
        assert re.fullmatch(rf"{re.escape(real_bib.name)}:\d+: .+", str(problem)), problem
        assert 1 <= problem.line <= lines
    assert sha256(real_bib) == before


def test_check_reports_file_line_and_exits_1(real_bib: Path, cli: Cli) -> None:
    before = sha256(real_bib)
    result = cli("check", str(real_bib))
    assert result.code == 1
    body = result.out.splitlines()
    assert all(line.startswith(f"{real_bib}:") for line in body)
    assert re.search(r"\d+ readings loaded, \d+ skipped with errors, \d+ warnings$", body[-1])
    assert "Traceback" not in result.err
    assert sha256(real_bib) == before


def test_plume_macros_crossrefs_and_accents(shared: Path) -> None:
    path = shared / "fixtures" / "bib" / "plume-bib_heaps.bib"
    catalog = load_bib(path, path.name)
    messages = [p.message for p in catalog.problems]
    # LNCS is used but never defined: said once per use, with its line, and the entry still loads.
    assert any("@string macro 'lncs' is not defined" in m for m in messages)
    undefined = next(p for p in catalog.problems if "'lncs'" in p.message)
    assert "lncs" in path.read_text(encoding="utf-8").splitlines()[undefined.line - 1].lower()
    # '/' in a key is a reading like any other (its review's file name is made safe).
    assert catalog.get("OOPSLA/ECOOP90") is not None
    # Every title is decoded: no braces or backslashes left in what is shown.
    for r in catalog.readings:
        assert "{" not in r.title and "}" not in r.title, r.title


def test_zotero_biblatex_file(shared: Path) -> None:
    path = shared / "fixtures" / "bib" / FIXTURES[1]
    catalog = load_bib(path, path.name)
    types = {r.entry_type for r in catalog.readings}
    assert {"online", "video", "software"} <= types
    # DATE stands in for year; upper-case field names are read.
    assert all(r.year == "" or re.fullmatch(r"-?\d{1,4}", r.year) for r in catalog.readings)
    assert catalog.get("9.49:1").year == "-3000"  # type: ignore[union-attr]
    assert sum(bool(r.year) for r in catalog.readings) > 100
    # The commented-out '%@ARTICLE{10.1:18' does not shadow the real entry below it.
    real = catalog.get("10.1:18")
    assert real is not None and real.title.startswith("From this article")
    assert not any("duplicate key '10.1:18'" in p.message for p in catalog.problems)
