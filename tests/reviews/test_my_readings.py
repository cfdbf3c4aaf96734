"""The student's own readings (my-readings.bib, or a file they keep): listed under "My readings",
reviewable, and never counted toward the course, by status, submit or the batch rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reviews.conftest import review_text, write

MINE = """% my own papers
@misc{ho2020denoising,
  title = {Denoising Diffusion Probabilistic Models},
  author = {Ho, Jonathan and Jain, Ajay and Abbeel, Pieter},
  year = {2020},
  eprint = {2006.11239},
  archiveprefix = {arXiv},
  topic = {Diffusion}
}
@misc{vaswani2017attention,
  title = {My own copy of a course reading's key},
  year = {2017}
}
"""


@pytest.fixture
def mine(course_ws: Path) -> Path:
    path = course_ws / "my-readings.bib"
    path.write_text(MINE, encoding="utf-8")
    return path


@pytest.fixture
def no_page_check(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "paperdesk.services.export", None)


def test_listed_under_my_readings_and_a_colliding_key_is_the_course(mine: Path, cli) -> None:
    data = json.loads(cli("list", "--json").out)
    assert len(data) == 50
    own = data[-1]
    assert (own["key"], own["topic"], own["personal"]) == ("ho2020denoising", "My readings", True)
    course = next(r for r in data if r["key"] == "vaswani2017attention")
    assert course["title"] == "Attention Is All You Need" and not course["personal"]
    table = cli("list").out
    assert "My readings (1)" in table
    checked = cli("list", "--topic", "my readings")
    assert "ho2020denoising" in checked.out
    # the collision is a problem with its line, in list's warning
    assert cli("list").err == ("paperdesk: warning: my-readings.bib:10: vaswani2017attention: "
                               "also a key in readings.bib: the course's entry is used, this "
                               "one is skipped\n")


def test_a_key_in_both_files_is_a_clear_problem(mine: Path) -> None:
    from paperdesk.services.context import Context

    catalog = Context.discover().catalog
    [problem] = [p for p in catalog.problems if p.path == "my-readings.bib"]
    assert str(problem) == ("my-readings.bib:10: vaswani2017attention: also a key in "
                            "readings.bib: the course's entry is used, this one is skipped")


def test_submit_and_status_say_it_does_not_count(mine: Path, course_ws: Path, cli,
                                                 no_page_check: None) -> None:
    write(course_ws, "ho2020denoising.md", review_text("ho2020denoising"))
    write(course_ws, "vaswani2017attention.md", review_text("vaswani2017attention"))
    own = cli("submit", "ho2020denoising")
    assert own.code == 0, own.err
    assert ("It does not count toward the course: ho2020denoising is your own reading (from "
            "my-readings.bib): reviews of it do not count toward the course.") in own.out
    assert "counts toward Batch" not in own.out
    assert "counts toward Batch 1: 1 of 10" in cli("submit", "vaswani2017attention").out
    data = json.loads(cli("status", "--json").out)
    assert data["batches"][0]["counted"] == ["vaswani2017attention"]
    assert data["points"] == 2 and data["own_readings"] == ["ho2020denoising"]
    assert data["late"] == [] and "ho2020denoising" not in data["drafts"]
    text = cli("status").out
    assert ("Not counted: 1 review of your own readings (from my-readings.bib) does not count "
            "toward the course: ho2020denoising") in text


def test_a_file_the_student_keeps_is_read_not_written(course_ws: Path, tmp_path: Path, cli,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    zotero = tmp_path / "zotero" / "library.bib"
    zotero.parent.mkdir()
    zotero.write_text(MINE, encoding="utf-8")
    before = zotero.read_bytes()
    monkeypatch.setenv("PAPERDESK_MY_BIB", str(zotero))
    data = json.loads(cli("list", "--json").out)
    assert [r["key"] for r in data if r["personal"]] == ["ho2020denoising"]
    refused = cli("add", "2006.11240")
    assert refused.code == 2
    assert refused.err == (f"paperdesk: your own readings are {zotero} (named by "
                           "PAPERDESK_MY_BIB), which paperdesk only reads: add the paper there "
                           "(in your reference manager), or with --course to the course's "
                           "readings.bib\n")
    assert zotero.read_bytes() == before
    assert not (course_ws / "my-readings.bib").exists()


def test_library_bib_in_the_user_config(course_ws: Path, tmp_path: Path, cli) -> None:
    from paperdesk.adapters.userconfig import config_path

    library = tmp_path / "lib.bib"
    library.write_text(MINE, encoding="utf-8")
    config_path().parent.mkdir(parents=True, exist_ok=True)
    config_path().write_text(f'[library]\nbib = "{library}"\n', encoding="utf-8")
    data = json.loads(cli("list", "--json").out)
    assert [r["key"] for r in data if r["personal"]] == ["ho2020denoising"]
    library.unlink()  # gone: the course list still shows, and list says what is missing
    listed = cli("list")
    assert listed.code == 0 and "vaswani2017attention" in listed.out
    assert listed.err == (f"paperdesk: warning: {library}: not found (named by [library] bib in "
                          f"{config_path()}); only the course's readings are shown\n")


def test_show_names_the_file_and_says_it_does_not_count(mine: Path, cli) -> None:
    shown = cli("show", "ho2020denoising")
    assert shown.code == 0, shown.err
    assert shown.out.startswith("ho2020denoising  (my-readings.bib line 2)\n")
    assert ("Not counted: your own reading (from my-readings.bib): reviews of it do not count "
            "toward the course.") in shown.out
    assert "Not counted" not in cli("show", "vaswani2017attention").out
