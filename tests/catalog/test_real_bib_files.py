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
    assert sorted(p.name for p in (shared / "fixtures" / "bib").glob("*.bib")) == sorted(FIXTURES)


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
    # '/' in a key is refused (it would become a path), as a located problem.
    assert any("OOPSLA/ECOOP90" in m and "citekey" in m for m in messages)
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
