"""Handed-in PDFs: missing, disagreeing with their source, or not PDFs at all; and a hand-in zip
made by the student's own ``paperdesk handin``, read back and checked against its manifest."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from paperdesk.core.gradebook import PDF_MISMATCH, PDF_MISSING, PDF_UNREADABLE
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import (
    export_pdfs,
    make_workspace,
    on_time,
    typst_pdf,
    write_reviews,
)


def test_missing_and_disagreeing_pdfs(ctx: Context, submissions: Path) -> None:
    ws = make_workspace(submissions / "erin")
    reviews = write_reviews(ws / "reviews", on_time(4), "Erin Ekker", "erin@uni.edu")
    export_pdfs(ws, reviews)
    (reviews / "r00.pdf").write_bytes(typst_pdf(2))  # a PDF that is not what the source gives
    (reviews / "r01.pdf").unlink()  # never exported
    (reviews / "r02.pdf").write_bytes(b"<html>not a pdf</html>")

    book = collect([submissions], ctx)
    erin = book.students[0]
    assert erin.points == 8  # the sources decide, whatever the PDFs say
    rows = {r.reading: r.to_json() for r in erin.reviews}
    assert (rows["r00"]["pages"], rows["r00"]["pdf_pages"], rows["r00"]["pdf_matches"]) == \
        (1, 2, False)
    assert rows["r01"]["pdf"] is None and rows["r01"]["pdf_matches"] is None
    assert rows["r02"]["pdf_matches"] is None
    assert rows["r03"]["pdf_matches"] is True
    kinds = {p.kind: str(p) for p in erin.problems}
    assert set(kinds) == {PDF_MISMATCH, PDF_MISSING, PDF_UNREADABLE}
    assert "has 2 pages, but its source typesets to 1" in kinds[PDF_MISMATCH]
    assert kinds[PDF_MISSING].endswith("1 final review: r01")
    assert "r02.pdf" in kinds[PDF_UNREADABLE] and "not a PDF" in kinds[PDF_UNREADABLE]


@pytest.fixture
def handed_in(tmp_path: Path) -> Path:
    """The zip Frank's own paperdesk made for batch 1: ten reviews, PDFs and manifest."""
    from paperdesk.services import export

    student_ws = make_workspace(tmp_path / "frank")
    write_reviews(student_ws / "reviews", on_time(10), "Frank Foster", "frank@uni.edu")
    # Handed in the day before Batch 1 was due (a hand-in made after the due time of reviews
    # claiming to be on time is a problem of its own: test_policy.py).
    student = Context.discover(str(student_ws), {
        "PAPERDESK_NOW": "2021-04-20T12:00:00-05:00", "PAPERDESK_STUDENT": "Frank Foster",
        "PAPERDESK_EMAIL": "frank@uni.edu"})
    return export.handin(student, 1)


def test_a_handin_zip_reads_back_clean(ctx: Context, handed_in: Path) -> None:
    with zipfile.ZipFile(handed_in) as zf:  # the batch PDF rides along, listed in the manifest
        names = {name.rsplit("/", 1)[-1] for name in zf.namelist()}
        manifest = json.loads(zf.read(next(n for n in zf.namelist()
                                           if n.endswith("manifest.json"))))
    assert "batch-1.pdf" in names and "batch-1.pdf" in manifest["files"]
    book = collect([handed_in], ctx)
    frank = book.students[0]
    assert (frank.name, frank.email) == ("Frank Foster", "frank@uni.edu")
    assert frank.points == 20 and frank.batch_counts == (10, 0)
    assert all(r.entry.pdf_file and r.entry.pdf_pages == r.entry.pages == 1
               for r in frank.reviews)
    assert frank.problems == ()


def test_a_tampered_handin_is_reported(ctx: Context, handed_in: Path, tmp_path: Path) -> None:
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(handed_in) as src, zipfile.ZipFile(tampered, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            name = info.filename.rsplit("/", 1)[-1]
            if name == "r03.pdf":
                continue  # a file removed after the hand-in
            if name == "r04.md":
                data = data.replace(b"convincing", b"persuasive")  # a file edited
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["reviews"][0]["pages"] = 3
                data = json.dumps(manifest).encode()
            out.writestr(info, data)
        out.writestr(info.filename.rsplit("/", 1)[0] + "/extra.md", b"added later")

    book = collect([tampered], ctx)
    messages = [p.message for s in book.students for p in s.problems if p.kind == "manifest"]
    assert any("lists r03.pdf, which is not in the zip" in m for m in messages)
    assert any("r04.md is not the file that was handed in" in m for m in messages)
    assert any("extra.md is in the zip but not in the manifest" in m for m in messages)
    assert any("says r00.md has 3 pages; its source typesets to 1 here" in m for m in messages)


def test_handin_zips_in_a_folder_of_students(ctx: Context, handed_in: Path,
                                            submissions: Path) -> None:
    shutil.copy(handed_in, submissions / handed_in.name)
    write_reviews(submissions / "gina" / "reviews", on_time(1), "Gina Gray", "gina@uni.edu")
    book = collect([submissions], ctx)
    assert [(s.name, s.points) for s in book.students] == [("Frank Foster", 20),
                                                          ("Gina Gray", 2)]
