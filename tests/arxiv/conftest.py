"""Fixtures of the arXiv tests: a fake arXiv on loopback, small workspaces, db inspection."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.arxiv.server import FakeArxiv, RawServer
from tests.conftest import FIXED_NOW, REPO
from tests.crossref.server import FakeCrossref

SMALL_BIB = """\
% A small reading list for the arXiv tests.

@inproceedings{vaswani2017attention,
  topic         = {Transformers},
  kind          = {paper},
  title         = {Attention Is All You Need},
  author        = {Vaswani, Ashish and Shazeer, Noam},
  year          = {2017},
  eprint        = {1706.03762},
  archiveprefix = {arXiv},
  url           = {https://arxiv.org/abs/1706.03762}
}

@misc{kingma2013auto,
  topic         = {VAEs},
  kind          = {paper},
  title         = {Auto-Encoding Variational Bayes},
  author        = {Kingma, Diederik P. and Welling, Max},
  year          = {2013},
  eprint        = {1312.6114v10},
  archiveprefix = {arXiv}
}

@misc{old2002quantum,
  topic         = {Old style},
  kind          = {paper},
  title         = {An old-style id},
  author        = {Someone, Else},
  year          = {2002},
  eprint        = {quant-ph/0201082v1},
  archiveprefix = {arXiv}
}

@misc{alammar2018illustrated,
  topic         = {Transformers},
  kind          = {blog},
  title         = {The Illustrated Transformer},
  author        = {Alammar, Jay},
  year          = {2018},
  url           = {https://jalammar.github.io/illustrated-transformer/}
}
"""
SMALL_ARXIV = {"vaswani2017attention": "1706.03762", "kingma2013auto": "1312.6114",
               "old2002quantum": "quant-ph/0201082"}


def make_ws(root: Path, bib: str | bytes, monkeypatch: pytest.MonkeyPatch) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    data = bib.encode("utf-8") if isinstance(bib, str) else bib
    (root / "readings.bib").write_bytes(data)
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir(exist_ok=True)
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(root))
    monkeypatch.setenv("PAPERDESK_NOW", FIXED_NOW)
    monkeypatch.chdir(root)
    return root


def arxiv_bib(entries: dict[str, str]) -> str:
    """A bib of arXiv papers: key -> eprint."""
    return "".join(
        f"@misc{{{key},\n  title = {{Paper {eprint}}},\n  eprint = {{{eprint}}},\n"
        f"  archiveprefix = {{arXiv}}\n}}\n\n"
        for key, eprint in entries.items()
    )


@pytest.fixture
def small_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return make_ws(tmp_path / "ws", SMALL_BIB, monkeypatch)


@pytest.fixture
def fake_crossref(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> FakeCrossref:
    """Every DOI exists (a generated journal article); PAPERDESK_CROSSREF_API points here."""
    fake = FakeCrossref(httpserver).install()
    monkeypatch.setenv("PAPERDESK_CROSSREF_API", fake.api)
    return fake


@pytest.fixture
def fake_arxiv(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch,
               fake_crossref: FakeCrossref) -> FakeArxiv:
    """Every well-formed id exists; the workspace's endpoints point here (and the course's DOI
    readings, which a fetch asks Crossref about, to the fake Crossref on the same server)."""
    fake = FakeArxiv(httpserver).install()
    monkeypatch.setenv("PAPERDESK_ARXIV_API", fake.api_url)
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", fake.pdf_base)
    return fake


@pytest.fixture
def hung_server() -> Iterator[RawServer]:
    server = RawServer(None)
    yield server
    server.close()


def stored_ids(ws: Path) -> set[str]:
    """The arXiv ids in the workspace's database, read with plain sqlite3."""
    db = ws / ".paperdesk" / "paperdesk.db"
    if not db.exists():
        return set()
    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "paper_record" not in tables:
            return set()
        return {r[0] for r in conn.execute(
            "SELECT paper_id FROM paper_record WHERE source = 'arxiv'")}


def pdf_dir_state(ws: Path) -> tuple[list[str], list[str]]:
    """(whole PDFs, anything else) in .paperdesk/pdfs/; every *.pdf must start with %PDF-."""
    folder = ws / ".paperdesk" / "pdfs"
    if not folder.exists():
        return [], []
    pdfs, other = [], []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".pdf":
            data = path.read_bytes()
            assert data.startswith(b"%PDF-") and b"%%EOF" in data[-2048:], path
            pdfs.append(path.name)
        else:
            other.append(path.name)
    return pdfs, other
