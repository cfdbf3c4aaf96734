"""Fixtures of the Crossref tests: a fake Crossref on loopback, small workspaces, the recorded
real responses of ``../shared/fixtures/crossref`` (skipped where absent)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.arxiv.conftest import fake_arxiv, fake_crossref, make_ws
from tests.conftest import SHARED
from tests.crossref.server import FakeCrossref

__all__ = ["fake_arxiv", "fake_crossref"]  # the arXiv tests' fixtures, used here too

FIXTURES = SHARED / "fixtures" / "crossref"

DOI_BIB = """\
% A reading list with a DOI-only reading.

@inproceedings{bender2021dangers,
  topic     = {Ethics},
  kind      = {paper},
  title     = {On the Dangers of Stochastic Parrots},
  author    = {Bender, Emily M. and Gebru, Timnit},
  year      = {2021},
  doi       = {10.1145/3442188.3445922}
}
"""


@pytest.fixture
def crossref(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeCrossref:
    fake = FakeCrossref(httpserver).install()
    monkeypatch.setenv("PAPERDESK_CROSSREF_API", fake.api)
    return fake


@pytest.fixture
def doi_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_ws(tmp_path / "ws", DOI_BIB, monkeypatch)


@pytest.fixture
def real_works() -> dict[str, bytes]:
    """Lower-case DOI -> the recorded body of ``/works/<doi>`` (the single-work files)."""
    if not FIXTURES.is_dir():
        pytest.skip("../shared/fixtures/crossref (recorded Crossref responses) is not beside "
                    "the repository")
    import json

    out = {}
    for path in sorted(FIXTURES.glob("0*_works_10.*.json")):
        body = path.read_bytes()
        out[json.loads(body)["message"]["DOI"].lower()] = body
    return out
