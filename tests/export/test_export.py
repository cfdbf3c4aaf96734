"""The export service and its commands: files written, page limits, batches and the hand-in zip."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.export.conftest import BATCH_KEYS, SUBMITTED, pdf_pages, pdf_text, words

Cli = Callable[..., Any]


def test_export_writes_the_pdf_beside_the_source(cli: Cli, export_ws: Path,
                                                 write_review: Callable[..., Path]) -> None:
    write_review("vaswani2017attention")
    result = cli("export", "vaswani2017attention")
    assert result.code == 0, result.err
    assert result.out == "reviews/vaswani2017attention.pdf: 1 page\n"
    pdf = (export_ws / "reviews" / "vaswani2017attention.pdf").read_bytes()
    assert pdf_pages(pdf) == 1 and "Attention Is All You Need" in pdf_text(pdf)


def test_export_is_deterministic(cli: Cli, export_ws: Path,
                                 write_review: Callable[..., Path]) -> None:
    write_review("kingma2014auto")
    target = export_ws / "reviews" / "kingma2014auto.pdf"
    cli("export", "kingma2014auto")
    first = target.read_bytes()
    target.unlink()
    cli("export", "kingma2014auto")
    assert target.read_bytes() == first


def test_over_the_limit_is_reported_and_submit_refuses(cli: Cli, export_ws: Path,
                                                       write_review: Callable[..., Path]) -> None:
    write_review("kingma2014auto", words(900), final=False)
    result = cli("export", "kingma2014auto")
    assert result.code == 1
    assert result.out == "reviews/kingma2014auto.pdf: 2 pages\n"
    assert "kingma2014auto: 2 pages: over the 1-page limit" in result.err
    assert pdf_pages((export_ws / "reviews" / "kingma2014auto.pdf").read_bytes()) == 2

    pages = cli("pages", "kingma2014auto")
    assert (pages.code, pages.out) == (0, "2\n")
    assert "over the 1-page limit" in pages.err

    submitted = cli("submit", "kingma2014auto")
    assert submitted.code == 2
    assert "2 pages: over the 1-page limit" in submitted.err
    assert "status: draft" in (export_ws / "reviews" / "kingma2014auto.md").read_text()


def test_unknown_or_missing_reviews_are_one_line_errors(cli: Cli, export_ws: Path) -> None:
    result = cli("export", "vaswani2017attention")
    assert result.code == 2 and result.err.startswith("paperdesk: ")
    assert "no review of vaswani2017attention" in result.err
    assert cli("export").code == 2
    assert "no batch 3" in cli("export", "--batch", "3").err
    assert "nothing to hand in" in cli("handin", "--batch", "1").err


def test_warnings_name_the_file_line(cli: Cli, write_review: Callable[..., Path]) -> None:
    write_review("kingma2014auto", "Fine.\n\nBroken $\\nosuch{x}$ math.\n")
    result = cli("export", "kingma2014auto")
    assert result.code == 0
    # The front matter takes 7 lines (--- + 5 fields + ---): the body's line 3 is line 10.
    assert "kingma2014auto: line 10: math not typeset (unknown variable: nosuch)" in result.err


def _write_batch(write_review: Callable[..., Path], keys: tuple[str, ...] = BATCH_KEYS) -> None:
    for i, key in enumerate(keys):
        write_review(key, submitted=SUBMITTED + timedelta(minutes=i))


def test_batch_export_has_a_cover_and_one_page_a_review(
        cli: Cli, export_ws: Path, write_review: Callable[..., Path]) -> None:
    _write_batch(write_review)
    write_review("schoelkopf2021causal", final=False)  # a draft: not in the batch
    result = cli("export", "--batch", "1")
    assert result.code == 0, result.err
    assert "reviews/batch-1.pdf: Batch 1, 10 reviews, 11 pages with the cover" in result.out
    combined = (export_ws / "reviews" / "batch-1.pdf").read_bytes()
    assert pdf_pages(combined) == 11
    cover = pdf_text(combined).split("Review of")[0]
    for title in ("Attention Is All You Need", "Auto-Encoding Variational Bayes",
                  "Extra Reading Number 6"):
        assert title in cover
    assert "Toward Causal" not in pdf_text(combined)
    for key in BATCH_KEYS:
        assert (export_ws / "reviews" / f"{key}.pdf").exists()


def test_batch_export_says_what_is_missing(cli: Cli, export_ws: Path,
                                           write_review: Callable[..., Path]) -> None:
    _write_batch(write_review, BATCH_KEYS[:3])
    write_review("extra72020", final=False)
    result = cli("export", "--batch", "1")
    assert result.code == 0
    assert "Batch 1 has 3 of 10 reviews; 7 missing" in result.err
    assert "extra72020" in result.err
    assert pdf_pages((export_ws / "reviews" / "batch-1.pdf").read_bytes()) == 4


def test_export_all_takes_final_reviews_only(cli: Cli, export_ws: Path,
                                             write_review: Callable[..., Path]) -> None:
    write_review("vaswani2017attention")
    write_review("kingma2014auto", final=False)
    result = cli("export", "--all")
    assert result.code == 0
    assert result.out == "reviews/vaswani2017attention.pdf: 1 page\n"
    assert not (export_ws / "reviews" / "kingma2014auto.pdf").exists()


def _zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def test_handin_zip_holds_sources_fresh_pdfs_and_a_true_manifest(
        cli: Cli, export_ws: Path, write_review: Callable[..., Path]) -> None:
    _write_batch(write_review)
    result = cli("handin", "--batch", "1")
    assert result.code == 0, result.err
    assert result.out == "wrote Ada-Lovelace-batch-1.zip\n"
    files = _zip(export_ws / "Ada-Lovelace-batch-1.zip")
    folder = "Ada-Lovelace-batch-1/"
    assert all(name.startswith(folder) for name in files)
    manifest = json.loads(files[folder + "manifest.json"])
    assert manifest["student"] == "Ada Lovelace" and manifest["batch"] == 1
    assert [r["reading"] for r in manifest["reviews"]] == list(BATCH_KEYS)
    assert set(manifest["files"]) == {n.removeprefix(folder) for n in files} - {"manifest.json"}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[folder + name]).hexdigest() == digest
    for entry in manifest["reviews"]:
        md = files[folder + entry["md"]]
        pdf = files[folder + entry["pdf"]]
        assert md == (export_ws / "reviews" / entry["md"]).read_bytes()
        assert pdf == (export_ws / "reviews" / entry["pdf"]).read_bytes()  # freshly exported
        assert entry["pages"] == pdf_pages(pdf) == 1
        assert entry["title"] in pdf_text(pdf)
        assert entry["submitted"].startswith("2021-04-13T21:")
    # The batch PDF: the cover and every review, one bookmark each, listed in the manifest.
    batch = files[folder + "batch-1.pdf"]
    assert manifest["batch_pdf"] == {"file": "batch-1.pdf", "pages": 11,
                                     "sha256": hashlib.sha256(batch).hexdigest()}
    assert pdf_pages(batch) == 11 == 1 + len(BATCH_KEYS)
    assert batch == (export_ws / "reviews" / "batch-1.pdf").read_bytes()
    text = pdf_text(batch)
    assert all(entry["title"] in text for entry in manifest["reviews"])
    # The same reviews give the same zip.
    cli("handin", "--batch", "1")
    assert _zip(export_ws / "Ada-Lovelace-batch-1.zip") == files


def test_handin_refuses_a_review_over_the_limit(cli: Cli, export_ws: Path,
                                                write_review: Callable[..., Path]) -> None:
    _write_batch(write_review, BATCH_KEYS[:2])
    write_review("hinton2006reducing", words(900))  # final already: edited after submitting
    result = cli("handin", "--batch", "1")
    assert result.code == 2
    assert "over the 1-page limit: hinton2006reducing (2 pages)" in result.err
    assert not list(export_ws.glob("*.zip"))


def test_handin_says_what_is_missing_and_goes_where_told(
        cli: Cli, export_ws: Path, tmp_path: Path, write_review: Callable[..., Path]) -> None:
    _write_batch(write_review, BATCH_KEYS[:4])
    out = tmp_path / "out"
    out.mkdir()
    result = cli("handin", "--batch", "1", "--output", str(out))
    assert result.code == 0
    assert "Batch 1 has 4 of 10 reviews; 6 missing" in result.err
    assert (out / "Ada-Lovelace-batch-1.zip").exists()


def test_the_instructor_reads_the_handin_back(export_ws: Path, tmp_path: Path,
                                             write_review: Callable[..., Path]) -> None:
    from paperdesk.services.context import Context
    from paperdesk.services.export import handin

    collect = pytest.importorskip("paperdesk.services.collect")
    _write_batch(write_review, BATCH_KEYS[:3])
    ctx = Context.discover(str(export_ws))
    path = handin(ctx, 1)
    book = collect.collect([path], ctx, jobs=1)
    data = book.to_json()
    text = json.dumps(data)
    assert "Ada Lovelace" in text
    assert "manifest" not in text or "SHA-256 differs" not in text
    # Tampering with a file after the hand-in is caught by the manifest.
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data_bytes = src.read(info)
            if info.filename.endswith("kingma2014auto.md"):
                data_bytes += b"\nOne more line.\n"
            dst.writestr(info, data_bytes)
    assert "SHA-256 differs" in json.dumps(collect.collect([tampered], ctx, jobs=1).to_json())


def test_preview_pages_counts_unsaved_text(ctx: Any) -> None:
    from paperdesk.services.export import preview_pages

    head = "---\nreading: kingma2014auto\nstudent: Ada Lovelace\nstatus: draft\n---\n"
    assert preview_pages(ctx, "kingma2014auto", head + "Short.\n").pages == 1
    long = preview_pages(ctx, "kingma2014auto", head + words(900))
    assert long.pages == 2 and pdf_pages(long.pdf) == 2


def test_export_result_bytes_are_a_valid_pdf(ctx: Any,
                                             write_review: Callable[..., Path]) -> None:
    from paperdesk.services.export import export_reviews

    write_review("hinton2006reducing")
    [result] = export_reviews(ctx, ["hinton2006reducing"])
    data = result.path.read_bytes()
    assert data.startswith(b"%PDF-") and not result.over_limit
    from pypdf import PdfReader

    metadata = PdfReader(io.BytesIO(data)).metadata
    assert metadata is not None
    assert metadata.title == "Review of Reducing the Dimensionality of Data with Neural Networks"


def test_preview_measures_how_far_the_text_runs(export_ws: Path,
                                                write_review: Callable[..., Path]) -> None:
    """The editor's "1.3 pages": a decimal that grows with the text and agrees with the PDF."""
    from paperdesk.services.context import Context
    from paperdesk.services.export import preview_pages

    ctx = Context.discover()
    sizes = {}
    for n in (150, 900, 1300):
        text = write_review("kingma2014auto", words(n), final=False).read_text(encoding="utf-8")
        typeset = preview_pages(ctx, "kingma2014auto", text)
        assert typeset.fraction is not None
        assert typeset.pages - 1 < typeset.fraction <= typeset.pages
        sizes[n] = typeset.fraction
    assert sizes[150] < 1 < sizes[900] < sizes[1300]


def test_the_cover_of_ten_long_titles_is_one_page_without_a_number(course_ws: Path,
                                                                   cli: Cli) -> None:
    """The course's ten longest titles (two lines each in the cover's table) still fit."""
    from pypdf import PdfReader

    from paperdesk.core.review import FINAL, Review
    from paperdesk.core.review_format import render_review
    from paperdesk.services.context import Context

    readings = sorted(Context.discover(str(course_ws)).catalog.readings,
                      key=lambda r: len(r.title), reverse=True)[:10]
    for i, reading in enumerate(readings):
        review = Review(reading=reading.key, body="A short review.\n", student="Ada Lovelace",
                        status=FINAL, submitted=SUBMITTED + timedelta(minutes=i))
        (course_ws / "reviews" / f"{reading.key}.md").write_text(render_review(review))
    result = cli("export", "--batch", "1")
    assert "10 reviews, 11 pages with the cover" in result.out, result.err
    pages = PdfReader(course_ws / "reviews" / "batch-1.pdf").pages
    cover = pages[0].extract_text()
    assert "Instructor: Bryan Pardo" in cover and "Goodfellow et al. 2016" in cover
    assert "/ 11" not in cover and "2 / 11" in pages[1].extract_text()
    assert all("Review of" in page.extract_text() for page in pages[1:])


def test_handin_names_the_drafts_that_would_complete_the_batch(
        cli: Cli, export_ws: Path, write_review: Callable[..., Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    _write_batch(write_review, BATCH_KEYS[:8])
    write_review("extra72020", final=False)
    result = cli("handin", "--batch", "1")
    assert result.code == 0
    assert ("Batch 1 has 8 of 10 reviews; 2 missing: due Wed 21 Apr 2021 16:00 CDT (in 7 days);"
            " 1 draft would count once submitted: extra72020 (1 more to write)") in result.err
    monkeypatch.setenv("PAPERDESK_NOW", "2021-04-22T09:00:00-05:00")
    late = cli("handin", "--batch", "1")
    assert late.code == 0
    assert "it closed Wed 21 Apr 2021 16:00 CDT (yesterday), so no review can count" in late.err
    empty = cli("handin", "--batch", "2")
    assert empty.code == 2
    assert empty.err.startswith("paperdesk: nothing to hand in: Batch 2 has 0 of 10 reviews; "
                                "10 missing: due Wed 26 May 2021 16:00 CDT (in 34 days)")
