"""The export tests' workspace: the course's course.toml with a small reading list of our own."""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from paperdesk.core.review import DRAFT, FINAL, Review
from tests.conftest import FIXED_NOW, REPO

HERE = Path(__file__).resolve().parent
CHICAGO = ZoneInfo("America/Chicago")
SUBMITTED = datetime(2021, 4, 13, 21, 14, tzinfo=CHICAGO)  # before Batch 1 is due
BATCH_KEYS = (
    "vaswani2017attention", "kingma2014auto", "goodfellow2014generative", "hinton2006reducing",
    "extra12020", "extra22020", "extra32020", "extra42020", "extra52020", "extra62020",
)

SHORT_BODY = """## Summary

The paper asks whether attention alone suffices for sequence transduction, and answers yes:
the Transformer drops recurrence and convolution entirely and still sets a new state of the art.

## Assessment

The evidence is convincing, though the ablations are thin.
"""


def pdf_text(pdf: bytes) -> str:
    """All the text pypdf extracts from a PDF, pages joined."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_page_texts(pdf: bytes) -> list[str]:
    """The text of each page, read by poppler's ``pdftotext`` where it is installed (a tenth of
    pypdf's CPU: pypdf took 3 of the math corpus test's 9 s), else by pypdf (``pdf_text``)."""
    if shutil.which("pdftotext") is None:
        from pypdf import PdfReader

        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    done = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=pdf,
                          capture_output=True, check=True, timeout=120)
    return done.stdout.decode("utf-8").split("\f")[:-1]  # each page ends in a form feed


def pdf_pages(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def words(n: int) -> str:
    """``n`` words of plausible review prose, in paragraphs of about 90 words."""
    text = ("the model learns a latent representation of the data and the authors argue that "
            "its variational bound is tight enough to train deep generative networks at scale "
            "while the experiments compare likelihoods on several benchmark data sets")
    base = text.split()
    out: list[str] = []
    for i in range(n):
        out.append(base[i % len(base)])
        if i % 90 == 89:
            out[-1] += ".\n\n"
    return " ".join(out).replace("\n\n ", "\n\n") + ".\n"


def final_review(key: str, body: str = SHORT_BODY, **kw: object) -> Review:
    values: dict[str, object] = {
        "reading": key, "body": body, "student": "Ada Lovelace", "email": "ada@example.edu",
        "status": FINAL, "submitted": SUBMITTED,
    }
    values.update(kw)
    return Review(**values)  # type: ignore[arg-type]


@pytest.fixture
def export_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace: the course's course.toml, tests/export/readings.bib, an empty reviews/."""
    ws = tmp_path / "ws"
    (ws / "reviews").mkdir(parents=True)
    shutil.copy(REPO / "course.toml", ws / "course.toml")
    shutil.copy(HERE / "readings.bib", ws / "readings.bib")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_NOW", FIXED_NOW)
    monkeypatch.chdir(ws)
    return ws


@pytest.fixture
def write_review(export_ws: Path) -> Callable[..., Path]:
    """``write_review(key, body, final=True)`` writes reviews/<key>.md as the reviews code does."""
    from paperdesk.core.review_format import render_review

    def write(key: str, body: str = SHORT_BODY, final: bool = True,
              submitted: datetime = SUBMITTED) -> Path:
        review = final_review(key, body) if final else Review(
            reading=key, body=body, student="Ada Lovelace", email="ada@example.edu",
            status=DRAFT)
        if final:
            review = final_review(key, body, submitted=submitted)
        path = export_ws / "reviews" / f"{key}.md"
        path.write_text(render_review(review), encoding="utf-8")
        return path

    return write


@pytest.fixture
def ctx(export_ws: Path):  # type: ignore[no-untyped-def]
    from paperdesk.services.context import Context

    return Context.discover(str(export_ws))


@pytest.fixture
def catalog():  # type: ignore[no-untyped-def]
    from paperdesk.adapters.bibfile import load_bib

    return load_bib(HERE / "readings.bib")


@pytest.fixture
def course():  # type: ignore[no-untyped-def]
    from paperdesk.adapters.coursefile import load_course

    return load_course(REPO / "course.toml")
