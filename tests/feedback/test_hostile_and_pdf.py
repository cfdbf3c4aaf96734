"""Hostile feedback zips change nothing; feedback.pdf is deterministic and typesets Markdown."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from paperdesk.adapters.feedback_typeset import typeset_feedback
from paperdesk.core.feedback import FeedbackFile, ReviewFeedback, RubricLine
from paperdesk.core.reading import Catalog
from tests.feedback.conftest import COMMENT, as_student


def _good(cli: Any, out: Path) -> bytes:
    assert cli("feedback", "export", str(out)).code == 0
    return (out / "Ada-Lovelace-feedback.zip").read_bytes()


def _rezip(good: bytes, extra: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buffer, "w") as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(name))
        for name, data in extra.items():
            dst.writestr(name, data)
    return buffer.getvalue()


def _bomb(good: bytes) -> bytes:
    """A manifest entry that says it is small and inflates far past it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        dst.writestr("feedback.pdf", src.read("feedback.pdf"))
        dst.writestr("manifest.json", b" " * (30 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["zip-slip", "absolute", "huge", "not-a-zip", "extra",
                                  "tampered-pdf", "bad-json"])
def test_hostile_zips_change_nothing(kind: str, cli: Any, marked_class: Path, student: Path,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good = _good(cli, tmp_path / "out")
    as_student(monkeypatch, student)
    assert cli("feedback", "import", str(tmp_path / "out" / "Ada-Lovelace-feedback.zip")
               ).code == 0
    before = {p.name: p.read_bytes() for p in (student / "feedback").iterdir()}
    hostile = {
        "zip-slip": lambda: _rezip(good, {"../../evil.json": b"{}"}),
        "absolute": lambda: _rezip(good, {"/tmp/evil.pdf": b"x"}),
        "huge": lambda: _bomb(good),
        "not-a-zip": lambda: b"this is not a zip at all",
        "extra": lambda: _rezip(good, {"reviews/r00.md": b"overwritten?"}),
        "tampered-pdf": lambda: _rezip(good, {}).replace(b"%PDF", b"%PDX", 1),
        "bad-json": lambda: _rezip(good, {}).replace(b'"format"', b'"formax"', 1),
    }[kind]()
    path = tmp_path / "hostile.zip"
    path.write_bytes(hostile)
    result = cli("feedback", "import", str(path))
    assert result.code == 2, result.out
    assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert {p.name: p.read_bytes() for p in (student / "feedback").iterdir()} == before
    assert not (tmp_path / "evil.json").exists() and not (student / "evil.json").exists()
    assert not (student / "reviews" / "r00.md").exists()
    assert not list((student / ".paperdesk").glob("feedback-*"))  # its temp folder is gone


def _sample() -> FeedbackFile:
    reviews = (
        ReviewFeedback("r00", "Reading r00 on generative models", "counted", 1, 2, True,
                       COMMENT + "\n| a | b |\n|---|---|\n| 1 | 2 |\n\n$$\\int_0^1 x\\,dx$$\n",
                       "TA Tess", "2021-06-01T12:00:00-05:00",
                       (RubricLine("Summary", 1, 1, "states the question and answer"),
                        RubricLine("Critique", 0, 1, "one weakness argued"))),
        ReviewFeedback("r01", "Reading r01", "late", 0, 2, False),
    )
    return FeedbackFile("dgm-spring-2021", "Deep Generative Models", "Spring 2021",
                        "Ada Lovelace", "ada@uni.edu", "2021-06-01T12:00:00-05:00", 1, 40,
                        reviews)


def test_feedback_pdf_is_deterministic_and_typesets_math_and_markdown() -> None:
    from pypdf import PdfReader

    first = typeset_feedback(_sample(), Catalog([]))
    second = typeset_feedback(_sample(), Catalog([]))
    assert first.pdf == second.pdf and first.pages == 1
    assert not first.warnings
    text = PdfReader(io.BytesIO(first.pdf)).pages[0].extract_text()
    for words in ("Feedback for Ada Lovelace", "Standing: 1 of 40 points", "Marked by TA Tess",
                  "stated well", "experiments", "Summary", "Not marked yet"):
        assert words in text, words
    assert "$" not in text and "**" not in text  # math and emphasis were set, not printed raw


def test_manifest_json_round_trips() -> None:
    from paperdesk.core.feedback import parse_manifest

    fb = _sample()
    assert parse_manifest(json.loads(json.dumps(fb.to_json()))) == fb
