"""Student zips are untrusted: zip-slip names, symbolic links, bomb shapes, corrupt archives.

Each is refused and reported, nothing lands outside the temporary folder, and the other students
are still graded.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from pathlib import Path

import pytest

from paperdesk.adapters import safezip
from paperdesk.adapters.safezip import Budget, ZipRefused, extract
from paperdesk.services.collect import collect
from paperdesk.services.context import Context
from tests.collect.builders import Spec, on_time, review_text, write_reviews, zip_folder

ADA = ("Ada Lovelace", "ada@uni.edu")


def _review(key: str = "r00") -> str:
    return review_text(Spec(key, "2021-04-02T10:00:00-05:00"), *ADA)


def _zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return path


def _symlink(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def _declare_size(path: Path, entry: str, size: int) -> None:
    """Rewrite the uncompressed size an entry declares, in both headers (a bomb's shape)."""
    data = bytearray(path.read_bytes())
    name = entry.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        n = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30 : local + 30 + n] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + n] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_zip_slip_names_are_refused_and_nothing_escapes(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "evil.zip", [
        ("reviews/r00.md", _review().encode()),
        ("../escaped.md", b"x"),
        ("reviews/../../escaped2.md", b"x"),
        ("/tmp/absolute.md", b"x"),
        ("C:\\windows\\drive.md", b"x"),
        ("..\\backslash.md", b"x"),
    ])
    dest = tmp_path / "box" / "out"
    result = extract(archive, dest, Budget(10**9))
    assert result.written == ["reviews/r00.md"]
    assert {name for name, _ in result.refused} == {
        "../escaped.md", "reviews/../../escaped2.md", "/tmp/absolute.md",
        "C:\\windows\\drive.md", "..\\backslash.md"}
    assert _files_under(tmp_path) == {"evil.zip", "box/out/reviews/r00.md"}
    assert not Path("/tmp/absolute.md").exists()


def test_symlinks_in_a_zip_are_refused(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "links.zip", [
        ("reviews/r00.md", _review().encode()),
        _symlink("reviews/r01.md", "/etc/passwd"),
        _symlink("reviews", "/"),
    ])
    result = extract(archive, tmp_path / "out", Budget(10**9))
    assert result.written == ["reviews/r00.md"]
    assert sorted(why for _, why in result.refused) == ["it is a symbolic link"] * 2
    assert not any(p.is_symlink() for p in (tmp_path / "out").rglob("*"))


def test_bomb_shapes_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    # An archive declaring 300 MB uncompressed: refused as a whole.
    bomb = _zip(tmp_path / "bomb.zip", [("reviews/r00.md", b"0" * 1000)])
    _declare_size(bomb, "reviews/r00.md", 300 * 1024 * 1024)
    with pytest.raises(ZipRefused, match="would expand to 300 MB"):
        extract(bomb, tmp_path / "out", Budget(10**9))
    assert not (tmp_path / "out").exists()

    # More than 10,000 entries.
    many = _zip(tmp_path / "many.zip", [(f"f{i}.txt", b"") for i in range(10_001)])
    with pytest.raises(ZipRefused, match="10,001 entries"):
        extract(many, tmp_path / "out2", Budget(10**9))

    # Bigger than 200 MB on disk: refused without being opened (a sparse file costs nothing).
    huge = tmp_path / "huge.zip"
    with open(huge, "wb") as fh:
        fh.truncate(201 * 1024 * 1024)
    with pytest.raises(ZipRefused, match="201 MB"):
        extract(huge, tmp_path / "out3", Budget(10**9))


def test_a_big_file_and_a_lying_entry_are_refused_the_rest_kept(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "mixed.zip", [
        ("reviews/r00.md", _review().encode()),
        ("reviews/big.pdf", b"%PDF-" + b"0" * (6 * 1024 * 1024)),
        ("reviews/liar.md", b"A" * 100_000),
    ])
    _declare_size(archive, "reviews/liar.md", 10)  # declares 10 bytes, inflates to 100 kB
    result = extract(archive, tmp_path / "out", Budget(10**9))
    assert result.written == ["reviews/r00.md"]
    refused = dict(result.refused)
    assert "files over 5 MB are refused" in refused["reviews/big.pdf"]
    assert "reviews/liar.md" in refused
    assert _files_under(tmp_path / "out") == {"reviews/r00.md"}


def test_the_run_budget_caps_what_all_zips_may_write(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "a.zip", [(f"reviews/r{i:02d}.md", b"x" * 1000) for i in range(5)])
    result = extract(archive, tmp_path / "out", Budget(2500))
    assert len(result.written) == 2
    assert all("budget" in why for _, why in result.refused)


def test_corrupt_zips_are_reported(tmp_path: Path) -> None:
    noise = tmp_path / "noise.zip"
    noise.write_bytes(os.urandom(4096))
    with pytest.raises(ZipRefused, match="not a readable zip"):
        extract(noise, tmp_path / "o1", Budget(10**9))
    good = _zip(tmp_path / "cut.zip", [("reviews/r00.md", _review().encode() * 50)])
    good.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ZipRefused):
        extract(good, tmp_path / "o2", Budget(10**9))


def test_entry_names() -> None:
    assert safezip.entry_parts("reviews/./r00.md") == ("reviews", "r00.md")
    assert isinstance(safezip.entry_parts("a/../../b"), str)
    assert isinstance(safezip.entry_parts("nul\x00.md"), str)
    assert isinstance(safezip.entry_parts("\\\\server\\share\\x.md"), str)


def test_hostile_students_never_stop_the_others(ctx: Context, submissions: Path,
                                                tmp_path: Path) -> None:
    """A folder of five students: three hostile or broken zips and two honest students."""
    honest = write_reviews(tmp_path / "ann" / "reviews", on_time(3), "Ann Honest", "ann@uni.edu")
    zip_folder(honest.parent, submissions / "ann.zip")
    write_reviews(submissions / "ben" / "reviews", on_time(2), "Ben Honest", "ben@uni.edu")
    _zip(submissions / "slip.zip", [("reviews/r00.md", _review().encode()),
                                    ("../../../../outside.md", _review("r01").encode())])
    _zip(submissions / "links.zip", [_symlink("reviews/r00.md", "/etc/passwd")])
    (submissions / "corrupt.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    bomb = _zip(submissions / "bomb.zip", [("reviews/r00.md", b"0" * 1000)])
    _declare_size(bomb, "reviews/r00.md", 250 * 1024 * 1024)

    book = collect([submissions], ctx)
    by_label = {s.labels[0]: s for s in book.students}
    assert by_label["ann"].points == 6 and by_label["ann"].name == "Ann Honest"
    assert by_label["ben"].points == 4
    slip = by_label["slip"]
    assert slip.name == "Ada Lovelace" and slip.points == 2  # the safe entry still counts
    assert any("climbs out" in p.message for p in slip.problems)
    assert any("symbolic link" in p.message for p in by_label["links"].problems)
    assert any("not a readable zip" in p.message for p in by_label["corrupt"].problems)
    assert any("would expand" in p.message for p in by_label["bomb"].problems)
    assert not (tmp_path / "outside.md").exists()
    assert not list(Path("/").glob("outside.md"))


def test_folders_with_links_binary_and_bad_utf8(ctx: Context, submissions: Path,
                                                tmp_path: Path) -> None:
    reviews = write_reviews(submissions / "dan" / "reviews", on_time(2), "Dan Doe", "dan@uni.edu")
    secret = tmp_path / "secret.md"
    secret.write_text(_review("r05"), encoding="utf-8")
    (reviews / "r05.md").symlink_to(secret)
    (reviews / "binary.md").write_bytes(b"\x00\x01\x02" * 100)
    bad = _review("r03").replace("It is clear", "It is cl\xe9ar").encode("latin-1")
    (reviews / "r03.md").write_bytes(bad)
    (reviews / "huge.md").write_bytes(b"x" * (5 * 1024 * 1024 + 1))
    os.symlink("/", submissions / "rootlink")

    book = collect([submissions], ctx)
    dan = next(s for s in book.students if s.name == "Dan Doe")
    # r00 and r01; r03 is unreadable, as the student's own status and submit say (core.readable)
    assert dan.points == 4
    messages = [str(p) for p in dan.problems]
    assert any("r05.md" in m and "symbolic link" in m for m in messages)
    assert any("binary.md:1" in m and "NUL byte" in m for m in messages)
    assert any("r03.md:" in m and "not valid UTF-8" in m for m in messages)
    assert any("huge.md" in m and "a review file is at most 1,024 kB" in m for m in messages)
    link = next(s for s in book.students if s.labels == ("rootlink",))
    assert link.points == 0 and "symbolic link" in str(link.problems[0])


def test_a_huge_review_is_over_length_without_being_typeset(ctx: Context,
                                                            submissions: Path) -> None:
    huge = Spec("r00", "2021-04-02T10:00:00-05:00", body="<!-- hidden -->\n" * 20_000)
    write_reviews(submissions / "kim" / "reviews", [huge, *on_time(1, start=1)], "Kim Kay",
                  "kim@uni.edu")
    kim = collect([submissions], ctx).students[0]
    assert kim.points == 2 and kim.count("over length") == 1
    assert any("over the page limit without being typeset" in p.message for p in kim.problems)


def test_a_folder_of_thousands_of_files_is_capped(ctx: Context, submissions: Path) -> None:
    reviews = submissions / "lee" / "reviews"
    reviews.mkdir(parents=True)
    for i in range(1005):
        (reviews / f"n{i:04d}.md").write_text("no front matter\n", encoding="utf-8")
    lee = collect([submissions], ctx).students[0]
    assert len(lee.reviews) == 1000
    assert any("only the first 1,000 were read" in p.message for p in lee.problems)
