"""What the instructor may hand to collect, found as one item per student (no typesetting here)."""

from __future__ import annotations

from pathlib import Path

from paperdesk.adapters.studentfiles import Discovery, StudentItem
from tests.collect.builders import make_workspace, on_time, write_reviews, zip_folder

WHO = ("Mia Moss", "mia@uni.edu")


def _found(tmp_path: Path, *paths: Path) -> list[StudentItem]:
    scratch = tmp_path / "scratch"
    scratch.mkdir(exist_ok=True)
    return Discovery(scratch).items(list(paths))


def _shape(items: list[StudentItem]) -> list[tuple[str, str, int]]:
    return [(i.label, i.kind, len(i.sources)) for i in items]


def test_each_shape_of_one_student(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "mia")
    write_reviews(ws / "reviews", on_time(3), *WHO)
    assert _shape(_found(tmp_path, ws)) == [("mia", "workspace", 3)]
    assert _shape(_found(tmp_path, ws / "reviews")) == [("mia", "reviews", 3)]
    # A zip of the workspace inside a top folder, as GitHub's "Download ZIP" makes it.
    zip_folder(ws, tmp_path / "mia-main.zip", under="paperdesk-main/")
    items = _found(tmp_path, tmp_path / "mia-main.zip")
    assert _shape(items) == [("paperdesk-main", "workspace", 3)]
    assert items[0].sources[0].name == f"{tmp_path / 'mia-main.zip'}:paperdesk-main/reviews/r00.md"
    # A zip of the reviews folder itself.
    zip_folder(ws / "reviews", tmp_path / "mia.zip")
    assert _shape(_found(tmp_path, tmp_path / "mia.zip")) == [("mia", "reviews", 3)]


def test_a_folder_of_students_in_every_shape(tmp_path: Path) -> None:
    room = tmp_path / "room"
    write_reviews(room / "ana" / "reviews", on_time(1), *WHO)               # a reviews/ copy
    write_reviews(room / "ben" / "clone" / "reviews", on_time(2), *WHO)     # wrapped workspace
    write_reviews(tmp_path / "cy" / "reviews", on_time(3), *WHO)
    zip_folder(tmp_path / "cy", room / "cy.zip")                            # zipped
    write_reviews(tmp_path / "dee", on_time(4), *WHO)
    (room / "dee").mkdir()
    zip_folder(tmp_path / "dee", room / "dee" / "dee-handin.zip")           # a zip in a folder
    (room / "grades.csv").write_text("not a student", encoding="utf-8")     # ignored
    (room / ".DS_Store").write_text("junk", encoding="utf-8")               # ignored
    (room / "empty").mkdir()                                                # reported
    items = _found(tmp_path, room)
    assert _shape(items) == [("ana", "workspace", 1), ("ben", "workspace", 2),
                             ("cy", "workspace", 3), ("dee", "reviews", 4), ("empty", "empty", 0)]
    assert "no reviews found" in str(items[-1].notices[0])
    # Everything extracted went below the scratch folder; nothing was added to the room.
    assert len(list(room.rglob("*.md"))) == 3
    assert {p.name for p in (tmp_path / "scratch").iterdir()} == {"00001-cy", "00002-dee-handin"}


def test_a_kept_beside_copy_is_not_a_review(tmp_path: Path) -> None:
    """The editor's "Keep both" writes ``<key>.md.mine-<time>`` beside a review: never graded."""
    ws = make_workspace(tmp_path / "mia")
    reviews = write_reviews(ws / "reviews", on_time(2), *WHO)
    (reviews / "r00.md.mine-20210414-120000").write_text(
        (reviews / "r00.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert _shape(_found(tmp_path, ws)) == [("mia", "workspace", 2)]
