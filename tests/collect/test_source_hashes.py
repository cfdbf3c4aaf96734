"""A collect reads a review source again only when the file changed: its SHA-256 is remembered
with the file's identity (device, inode, size, mtime, ctime), and its text and front matter are
those stored for that SHA-256. Any write changes the ctime, so a change with the size and the
mtime put back is still caught; a replaced file has another inode; a broken cache is ignored;
a file written a moment before the collect is not remembered at all."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from paperdesk.adapters import studentfiles
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import NOW, Spec, on_time, write_reviews

CACHE = Path(".paperdesk") / "cache" / "file-hashes.json"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The review sources a collect reads, by name. Files written a moment ago are remembered
    too (RECENT_NS 0), as those of a class handed in days before the collect."""
    monkeypatch.setattr(studentfiles, "RECENT_NS", 0)
    calls: list[str] = []
    real = studentfiles.read_source

    def counting(path: Path, shown: str) -> object:
        calls.append(path.name)
        return real(path, shown)

    monkeypatch.setattr(studentfiles, "read_source", counting)
    return calls


def _fresh(instructor: Path, **env: str) -> Context:
    return Context.discover(str(instructor), {"PAPERDESK_NOW": NOW, **env})


def _erin(submissions: Path, n: int = 3) -> Path:
    return write_reviews(submissions / "erin" / "reviews", on_time(n), "Erin Ekker",
                         "erin@uni.edu")


def _outcomes(book: object) -> dict[str, str]:
    return {r.reading: r.outcome for r in book.students[0].reviews}  # type: ignore[attr-defined]


def test_an_unchanged_source_is_not_read_again(instructor: Path, submissions: Path,
                                               reads: list[str]) -> None:
    _erin(submissions)
    first = collect([submissions], _fresh(instructor), jobs=1)
    assert sorted(reads) == ["r00.md", "r01.md", "r02.md"]
    reads.clear()
    second = collect([submissions], _fresh(instructor), jobs=1)
    assert reads == []
    assert second.to_json()["students"] == first.to_json()["students"]
    # the text (the gradebook screen shows it) is the stored one, whole
    texts = {r.entry.file: r.entry.text for r in second.students[0].reviews}
    assert texts == {r.entry.file: r.entry.text for r in first.students[0].reviews}
    assert all(t and t.startswith("---\n") for t in texts.values())


def test_a_change_with_its_size_and_mtime_put_back_is_read(instructor: Path, submissions: Path,
                                                           reads: list[str]) -> None:
    reviews = _erin(submissions)
    md = reviews / "r01.md"
    collect([submissions], _fresh(instructor), jobs=1)
    before = md.stat()
    text = md.read_text(encoding="utf-8")
    late = text.replace("2021-04-02T10", "2021-05-29T10")  # the same length: now late
    assert late != text and len(late) == len(text)
    md.write_text(late, encoding="utf-8")
    os.utime(md, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (md.stat().st_size, md.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    reads.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert reads == ["r01.md"]
    assert _outcomes(book) == {"r00": "counted", "r01": "late", "r02": "counted"}


def test_a_source_replaced_by_another_file_is_read(instructor: Path, submissions: Path,
                                                   reads: list[str]) -> None:
    reviews = _erin(submissions)
    collect([submissions], _fresh(instructor), jobs=1)
    write_reviews(submissions / "elsewhere", [Spec("r00", "2021-05-29T10:00:00-05:00")],
                  "Erin Ekker", "erin@uni.edu")
    os.replace(submissions / "elsewhere" / "r00.md", reviews / "r00.md")  # a new inode
    (submissions / "elsewhere").rmdir()
    reads.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert reads == ["r00.md"]
    assert _outcomes(book)["r00"] == "late"


@pytest.mark.parametrize("broken", [
    '{"x": [1, 2',  # cut short
    "[]",  # not a table
    "[" * 100_000,  # nested deeper than the JSON parser goes
    '{"/x.md": "a", "/y.md": [1, 2, 3, 4, 5, 6, 7]}',  # entries of another shape
    None,  # every entry's SHA-256 is not one
])
def test_a_broken_cache_means_reading_again(instructor: Path, submissions: Path,
                                            reads: list[str], broken: str | None) -> None:
    _erin(submissions, 2)
    first = collect([submissions], _fresh(instructor), jobs=1)
    cache = instructor / CACHE
    if broken is None:
        entries = json.loads(cache.read_text(encoding="utf-8"))
        broken = json.dumps({k: [*v[:5], "not a sha256"] for k, v in entries.items()})
    cache.write_text(broken, encoding="utf-8")
    reads.clear()
    book = collect([submissions], _fresh(instructor), jobs=1)
    assert sorted(reads) == ["r00.md", "r01.md"]
    assert book.to_json()["students"] == first.to_json()["students"]


def test_a_file_written_just_before_the_collect_is_not_remembered(
        instructor: Path, submissions: Path, reads: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Its times may not change with a write in the same clock tick: it is read next time."""
    monkeypatch.setattr(studentfiles, "RECENT_NS", 3600 * 10**9)  # an hour counts as recent
    _erin(submissions, 2)
    collect([submissions], _fresh(instructor), jobs=1)
    reads.clear()
    collect([submissions], _fresh(instructor), jobs=1)
    assert sorted(reads) == ["r00.md", "r01.md"]


def test_a_database_without_the_text_means_reading_the_file(
        instructor: Path, submissions: Path, reads: list[str], tmp_path: Path) -> None:
    """The cache says the files are unchanged, but this database has never seen them."""
    _erin(submissions, 2)
    first = collect([submissions], _fresh(instructor), jobs=1)
    reads.clear()
    other = _fresh(instructor, PAPERDESK_DB=f"sqlite:///{tmp_path / 'other.db'}")
    book = collect([submissions], other, jobs=1)
    assert sorted(reads) == ["r00.md", "r01.md"]
    assert book.to_json()["students"] == first.to_json()["students"]


def test_a_source_that_did_not_parse_is_read_and_reported_again(
        instructor: Path, submissions: Path, reads: list[str]) -> None:
    reviews = _erin(submissions, 1)
    (reviews / "r05.md").write_text("---\nreading: [r05\n---\nBroken front matter.\n",
                                    encoding="utf-8")
    first = collect([submissions], _fresh(instructor), jobs=1)
    reads.clear()
    second = collect([submissions], _fresh(instructor), jobs=1)
    assert reads == ["r05.md"]  # its error is not stored as front matter: parsed again
    assert second.to_json()["students"] == first.to_json()["students"]
    assert any("r05.md" in p.file for p in second.students[0].problems)
