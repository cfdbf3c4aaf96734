"""A collect reads a handed-in PDF again only when the file changed: its SHA-256 is remembered
with the file's identity (device, inode, size, mtime, ctime), and the SHA-256 stays the key of
its page count. A change with the size and the mtime put back is still caught (the ctime)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from paperdesk.adapters import studentfiles
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import (
    NOW,
    export_pdfs,
    make_workspace,
    on_time,
    typst_pdf,
    write_reviews,
    zip_folder,
)


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files a collect reads to hash (PDFs), by name. Files written a moment ago are
    remembered too (RECENT_NS 0), as those of a class handed in days before the collect."""
    monkeypatch.setattr(studentfiles, "RECENT_NS", 0)
    calls: list[str] = []
    real = studentfiles._sha256_file

    def counting(path: Path) -> str:
        calls.append(path.name)
        return real(path)

    monkeypatch.setattr(studentfiles, "_sha256_file", counting)
    return calls


def _fresh(instructor: Path) -> Context:
    return Context.discover(str(instructor), {"PAPERDESK_NOW": NOW})


def _pdf_pages(book: object) -> dict[str, int | None]:
    return {r.reading: r.entry.pdf_pages for r in book.students[0].reviews}  # type: ignore[attr-defined]


def test_an_unchanged_pdf_is_not_read_again(instructor: Path, submissions: Path,
                                            hashed: list[str]) -> None:
    ws = make_workspace(submissions / "erin")
    export_pdfs(ws, write_reviews(ws / "reviews", on_time(3), "Erin Ekker", "erin@uni.edu"))
    first = collect([submissions], _fresh(instructor), jobs=1)
    assert sorted(hashed) == ["r00.pdf", "r01.pdf", "r02.pdf"]
    hashed.clear()
    second = collect([submissions], _fresh(instructor), jobs=1)
    assert hashed == []
    assert second.to_json()["students"] == first.to_json()["students"]


def test_a_changed_pdf_is_read_again_even_with_its_size_and_mtime_put_back(
        instructor: Path, submissions: Path, hashed: list[str]) -> None:
    ws = make_workspace(submissions / "erin")
    reviews = write_reviews(ws / "reviews", on_time(2), "Erin Ekker", "erin@uni.edu")
    export_pdfs(ws, reviews)
    pdf = reviews / "r00.pdf"
    collect([submissions], _fresh(instructor), jobs=1)
    before = pdf.stat()
    two = typst_pdf(2)
    # The same size as the old file, the same mtime: only the ctime (and the bytes) differ.
    data = two[:before.st_size].ljust(before.st_size, b"\n")
    pdf.write_bytes(data)
    os.utime(pdf, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (pdf.stat().st_size, pdf.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    hashed.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert hashed == ["r00.pdf"]
    assert _pdf_pages(book)["r00"] != 1  # 2 pages, or unreadable cut short: not the old count
    assert _pdf_pages(book)["r01"] == 1


def test_a_pdf_replaced_by_another_file_is_read_again(instructor: Path, submissions: Path,
                                                      hashed: list[str]) -> None:
    ws = make_workspace(submissions / "erin")
    reviews = write_reviews(ws / "reviews", on_time(2), "Erin Ekker", "erin@uni.edu")
    export_pdfs(ws, reviews)
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert _pdf_pages(book) == {"r00": 1, "r01": 1}
    (reviews / "other.pdf").write_bytes(typst_pdf(2))
    os.replace(reviews / "other.pdf", reviews / "r00.pdf")  # a new file under the old name
    hashed.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert hashed == ["r00.pdf"]
    assert _pdf_pages(book) == {"r00": 2, "r01": 1}


def test_a_zips_pdfs_are_always_read(instructor: Path, submissions: Path, tmp_path: Path,
                                     hashed: list[str]) -> None:
    ws = make_workspace(tmp_path / "erin")
    export_pdfs(ws, write_reviews(ws / "reviews", on_time(2), "Erin Ekker", "erin@uni.edu"))
    zip_folder(ws / "reviews", submissions / "erin.zip", under="reviews/")
    shutil.rmtree(ws)
    collect([submissions], _fresh(instructor), jobs=1)
    collect([submissions], _fresh(instructor), jobs=1)
    assert sorted(hashed) == ["r00.pdf", "r00.pdf", "r01.pdf", "r01.pdf"]


def test_a_broken_cache_file_means_reading_again(instructor: Path, submissions: Path,
                                                 hashed: list[str]) -> None:
    ws = make_workspace(submissions / "erin")
    export_pdfs(ws, write_reviews(ws / "reviews", on_time(1), "Erin Ekker", "erin@uni.edu"))
    collect([submissions], _fresh(instructor), jobs=1)
    cache = instructor / ".paperdesk" / "cache" / "file-hashes.json"
    assert cache.is_file()
    cache.write_text('{"x": [1, 2', encoding="utf-8")
    hashed.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert hashed == ["r00.pdf"] and _pdf_pages(book) == {"r00": 1}
