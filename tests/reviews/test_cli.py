"""review, submit, unsubmit, status, mark and list's status column, through the command line."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest

from paperdesk.core.review_format import parse_review
from tests.reviews.conftest import review_text, write


def appender(text: str) -> str:
    """An $EDITOR that appends ``text`` to the file it is given (like a student typing)."""
    code = f"import sys; open(sys.argv[1], 'a', encoding='utf-8').write({text!r})"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


@pytest.fixture
def no_page_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Submit as before PDF export lands: importing the export service fails."""
    monkeypatch.setitem(sys.modules, "paperdesk.services.export", None)


@pytest.fixture
def pages(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A stand-in export service whose page count the test sets (``pages[0]``)."""
    count = [1]
    module = types.ModuleType("paperdesk.services.export")
    module.pages_of = lambda ctx, review: count[0]  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "paperdesk.services.export", module)
    return count


def status_json(cli) -> dict:
    result = cli("status", "--json")
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_review_creates_from_the_template_and_opens_the_editor(
        course_ws: Path, cli, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", appender("My first sentence.\n"))
    result = cli("review", keys[0])
    assert result.code == 0, result.err
    assert f"created reviews/{keys[0]}.md" in result.out
    assert "draft, 3 words, fits on one page." in result.out  # the editor's count and words
    text = (course_ws / "reviews" / f"{keys[0]}.md").read_text()
    review = parse_review(text, "r.md")
    assert review.reading == keys[0] and review.student == "Ada Lovelace"
    assert review.body.endswith("My first sentence.\n")
    # Opening it again keeps what was written.
    assert cli("review", keys[0]).code == 0
    assert (course_ws / "reviews" / f"{keys[0]}.md").read_text().count("My first sentence.") == 2


def test_visual_wins_over_editor(course_ws: Path, cli, keys: list[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VISUAL", appender("from visual\n"))
    monkeypatch.setenv("EDITOR", "false")
    assert cli("review", keys[0]).code == 0
    assert "from visual" in (course_ws / "reviews" / f"{keys[0]}.md").read_text()


def test_review_with_no_editor_says_so(course_ws: Path, cli, keys: list[str]) -> None:
    result = cli("review", keys[0])
    assert result.code == 2
    assert "$VISUAL" in result.err and "$EDITOR" in result.err
    assert keys[0] in result.err
    assert not (course_ws / "reviews" / f"{keys[0]}.md").exists()  # nothing written: no file


def test_review_with_a_missing_editor_program(cli, keys: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "no-such-editor-xyz --wait")
    result = cli("review", keys[0])
    assert result.code == 2
    assert "cannot start the editor 'no-such-editor-xyz'" in result.err


def test_review_of_an_unknown_reading(course_ws: Path, cli, keys: list[str]) -> None:
    result = cli("review", keys[0] + "x")
    assert result.code == 2
    assert f"no reading '{keys[0]}x'" in result.err and keys[0] in result.err  # a near match
    assert list((course_ws / "reviews").iterdir()) == []


def test_submit_refuses_a_review_with_only_the_template(
        course_ws: Path, cli, keys: list[str], no_page_check: None) -> None:
    from paperdesk.core.review_format import new_review_text
    from paperdesk.services.context import Context

    reading = Context.discover().catalog.by_key[keys[0]]
    path = write(course_ws, f"{keys[0]}.md", new_review_text(reading, "Ada Lovelace", ""))
    before = path.read_bytes()
    result = cli("submit", keys[0])
    assert result.code == 2
    assert f"reviews/{keys[0]}.md: is empty" in result.err
    assert path.read_bytes() == before


def test_submit_unsubmit_and_status(course_ws: Path, cli, keys: list[str],
                                    no_page_check: None) -> None:
    body = "Attention replaces recurrence.\n\nÜber *cool*, with $x^2$.\n"
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], body))
    write(course_ws, f"{keys[1]}.md", review_text(keys[1]))
    result = cli("submit", keys[0])
    assert result.code == 0, result.err
    assert "final, submitted Wed 14 Apr 2021 12:00 CDT" in result.out
    assert "counts toward Batch 1: 1 of 10" in result.out
    review = parse_review(path.read_text(), "r.md")
    assert review.is_final and review.submitted is not None
    assert review.submitted.isoformat() == "2021-04-14T12:00:00-05:00"  # PAPERDESK_NOW
    assert review.body == body  # the student's text, byte for byte

    data = status_json(cli)
    assert data["now"] == "2021-04-14T12:00:00-05:00"
    assert data["student"] == "Ada Lovelace"
    assert (data["points"], data["max_points"]) == (2, 40)
    assert data["batches"][0]["counted"] == [keys[0]]
    assert data["batches"][0]["remaining"] == 9 and data["batches"][0]["days_left"] == 7
    assert data["drafts"] == [keys[1]] and data["late"] == []

    again = cli("submit", keys[0])
    assert again.code == 0 and "already final" in again.out
    assert parse_review(path.read_text(), "r.md").submitted == review.submitted

    assert cli("unsubmit", keys[0]).code == 0
    unsubmitted = parse_review(path.read_text(), "r.md")
    assert unsubmitted.status == "draft" and unsubmitted.submitted is None
    assert unsubmitted.body == body
    assert status_json(cli)["points"] == 0


def test_status_in_plain_words(course_ws: Path, cli, keys: list[str]) -> None:
    for key in keys[:8]:
        write(course_ws, f"{key}.md", review_text(key, status="final",
                                                  submitted="2021-04-10T09:00:00-05:00"))
    for key in keys[8:11]:
        write(course_ws, f"{key}.md", review_text(key))
    result = cli("status")
    assert result.code == 0, result.err
    out = result.out
    assert "Ada Lovelace · Deep Generative Models, Spring 2021 · Wed 14 Apr 2021 12:00 CDT" in out
    assert "Next due: Batch 1, Wed 21 Apr 2021 16:00 CDT (in 7 days)." in out
    assert "8 of 10 counted; 2 to go." in out
    assert ("3 drafts could count toward it (submitting 2 of them would finish it): "
            + ", ".join(sorted(keys[8:11]))) in out
    assert "Batch 2: due Wed 26 May 2021 16:00 CDT (in 42 days), 0 of 10 counted, open." in out
    assert "Points: 16 of 40 (2 a review)." in out


def test_status_after_the_last_due_time(course_ws: Path, cli, keys: list[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_NOW", "2021-06-01T10:00:00Z")
    write(course_ws, f"{keys[0]}.md", review_text(keys[0], status="final",
                                                  submitted="2021-05-30T10:00:00-05:00"))
    out = cli("status").out
    assert "has passed: new submissions are late and earn nothing" in out
    assert f"Late (earn nothing): {keys[0]}" in out
    assert "Batch 1: due Wed 21 Apr 2021 16:00 CDT (41 days ago), 0 of 10 counted, closed." in out


def test_submitting_late_warns_that_it_earns_nothing(
        course_ws: Path, cli, keys: list[str], no_page_check: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_NOW", "2021-05-26T21:01:00Z")  # 16:01 in Chicago
    write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    result = cli("submit", keys[0])
    assert result.code == 0
    assert "late" in result.err and "earns nothing" in result.err


def test_submit_checks_the_page_limit(course_ws: Path, cli, keys: list[str],
                                      pages: list[int]) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    pages[0] = 2
    result = cli("submit", keys[0])
    assert result.code == 2
    assert f"reviews/{keys[0]}.md: 2 pages: over the 1-page limit; shorten it" in result.err
    assert "status: draft" in path.read_text()
    pages[0] = 1
    assert cli("submit", keys[0]).code == 0


def test_submit_a_review_whose_file_name_and_reading_differ(
        course_ws: Path, cli, keys: list[str], no_page_check: None) -> None:
    write(course_ws, f"{keys[1]}.md", review_text(keys[0]))  # copied, reading: not changed
    result = cli("submit", keys[1])
    assert result.code == 2
    assert f"reviews/{keys[1]}.md:2: reviews '{keys[0]}'" in result.err


def test_submit_without_a_review(cli, keys: list[str]) -> None:
    result = cli("submit", keys[0])
    assert result.code == 2
    assert f"no review of {keys[0]} yet (paperdesk review {keys[0]} starts one)" in result.err


def test_mark_and_the_list_status_column(course_ws: Path, cli, keys: list[str]) -> None:
    assert cli("mark", keys[0], "reading").code == 0
    assert cli("mark", keys[1], "read").code == 0
    write(course_ws, f"{keys[2]}.md", review_text(keys[2]))
    write(course_ws, f"{keys[3]}.md", review_text(keys[3], status="final",
                                                  submitted="2021-04-10T09:00:00-05:00"))
    assert cli("mark", keys[3], "read").code == 0  # the review's status shows over it
    listed = {r["key"]: r["status"] for r in json.loads(cli("list", "--json").out)}
    assert [listed[k] for k in keys[:5]] == ["reading", "read", "draft", "final", "unread"]
    text = cli("list").out
    for key, status in zip(keys[:5], ["reading", "read", "draft", "final", "unread"],
                           strict=True):
        line = next(line for line in text.splitlines() if line.strip().startswith(key + " "))
        assert f"  {status}  " in line + "  ", line


def test_mark_refuses_an_unknown_reading_or_status(cli, keys: list[str]) -> None:
    result = cli("mark", "nosuchreading", "read")
    assert result.code == 2 and "no reading 'nosuchreading'" in result.err
    result = cli("mark", keys[0], "skimmed")
    assert result.code == 2 and "invalid choice" in result.err


def test_paperdesk_now_must_be_a_time(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_NOW", "tomorrow")
    result = cli("status")
    assert result.code == 2
    assert "PAPERDESK_NOW='tomorrow' is not an ISO 8601 time" in result.err


def test_status_and_submit_do_not_import_heavy_modules(course_ws: Path, keys: list[str]) -> None:
    write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    code = (
        "import sys\n"
        "sys.modules['paperdesk.services.export'] = None\n"
        "from paperdesk.cli.main import main\n"
        f"assert main(['status']) == 0 and main(['submit', {keys[0]!r}]) == 0\n"
        "heavy = {'textual', 'sqlalchemy', 'sqlmodel', 'typst', 'requests', 'arxiv'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_submit_counts_real_pages_once_export_exists(course_ws: Path, cli,
                                                     keys: list[str]) -> None:
    """With the real export service: a review far over one page is refused, a short one is not."""
    pytest.importorskip("paperdesk.services.export")
    long_body = "\n\n".join(["A long paragraph of careful thoughts about the paper. " * 12] * 30)
    write(course_ws, f"{keys[0]}.md", review_text(keys[0], long_body + "\n"))
    result = cli("submit", keys[0])
    assert result.code == 2 and "pages: over the 1-page limit" in result.err
    write(course_ws, f"{keys[1]}.md", review_text(keys[1], "Short and to the point.\n"))
    assert cli("submit", keys[1]).code == 0


def _finals(ws: Path, keys: list[str], day: str) -> None:
    for i, key in enumerate(keys):
        write(ws, f"{key}.md", review_text(key, status="final",
                                           submitted=f"{day}T09:{i:02d}:00-05:00"))


def test_submit_of_an_unknown_reading_says_so(course_ws: Path, cli) -> None:
    # on a copy of the course: without it the repository's own folder was the workspace, and
    # the command left its .paperdesk/cache/ there
    result = cli("submit", "vaswani2017atention")
    assert result.code == 2
    assert "no reading 'vaswani2017atention'" in result.err
    assert "did you mean vaswani2017attention?" in result.err


STATUS_PHASES = {
    "before batch 1, nothing written": (
        "2021-03-31T10:00:00-05:00", 0, 0,
        ["Next due: Batch 1, Wed 21 Apr 2021 16:00 CDT (in 21 days).",
         "No drafts waiting: paperdesk review KEY starts one.",
         "Points: 0 of 40 (2 a review).\n"]),
    "between the batches, batch 1 short": (
        "2021-04-22T10:00:00-05:00", 7, 0,
        ["Next due: Batch 2, Wed 26 May 2021 16:00 CDT (in 34 days).",
         "Batch 1: due Wed 21 Apr 2021 16:00 CDT (yesterday), 7 of 10 counted, closed. 3 missed.",
         "Points: 14 of 40 (2 a review). At most 34 still possible."]),
    "after the last due time, with a late review": (
        "2021-05-28T10:00:00-05:00", 10, 1,
        ["The last due time (Wed 26 May 2021 16:00 CDT) has passed: new submissions are late",
         "Batch 2: due Wed 26 May 2021 16:00 CDT (2 days ago), 0 of 10 counted, closed. "
         "10 missed.",
         "Points: 20 of 40 (2 a review).\n"]),
    "everything done": (
        "2021-05-20T10:00:00-05:00", 20, 0,
        ["Every batch is complete: all 20 reviews count.", "Points: 40 of 40 (2 a review).\n"]),
}


@pytest.mark.parametrize("phase", STATUS_PHASES.values(), ids=STATUS_PHASES.keys())
def test_status_in_every_phase_of_the_term(course_ws: Path, cli, keys: list[str],
                                           monkeypatch: pytest.MonkeyPatch,
                                           phase: tuple[str, int, int, list[str]]) -> None:
    now, on_time, late, expected = phase
    monkeypatch.setenv("PAPERDESK_NOW", now)
    _finals(course_ws, keys[:min(on_time, 10)], "2021-04-10")
    _finals(course_ws, keys[10:on_time], "2021-05-10")
    _finals(course_ws, keys[20:20 + late], "2021-05-27")
    out = cli("status").out
    for sentence in expected:
        assert sentence in out, out
    if late:
        assert f"Late (earn nothing): {keys[20]}" in out


def test_status_when_the_open_batches_are_full_and_the_others_closed_short(
        course_ws: Path, cli, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_NOW", "2021-05-20T10:00:00-05:00")
    _finals(course_ws, keys[:4], "2021-04-10")
    _finals(course_ws, keys[4:14], "2021-05-10")
    out = cli("status").out
    assert "No open batch has room left: new submissions earn nothing." in out
    assert "has passed" not in out


# -- un-submitting asks first; an unchanged body keeps its time --------------------------------
AFTER_DUE_1 = "2021-04-22T09:00:00-05:00"  # Batch 1 closed the day before


def test_unsubmit_refuses_a_review_counted_in_a_closed_batch(
        course_ws: Path, cli, keys: list[str], no_page_check: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], "On time.\n"))
    assert cli("submit", keys[0]).code == 0  # 14 April: Batch 1
    monkeypatch.setenv("PAPERDESK_NOW", AFTER_DUE_1)
    before = path.read_bytes()

    refused = cli("unsubmit", keys[0])

    assert refused.code == 2 and refused.out == ""
    assert len(refused.err.splitlines()) == 1
    assert "submitted Wed 14 Apr 2021 12:00 CDT, it counts toward Batch 1, which closed" in \
        refused.err
    assert "--force" in refused.err
    assert path.read_bytes() == before

    forced = cli("unsubmit", keys[0], "--force")
    assert forced.code == 0, forced.err
    draft = parse_review(path.read_text(), "r.md")
    assert draft.status == "draft" and draft.submitted is None and draft.body == "On time.\n"
    assert status_json(cli)["batches"][0]["counted"] == []


def test_unsubmit_in_an_open_batch_needs_no_force(course_ws: Path, cli, keys: list[str],
                                                   no_page_check: None) -> None:
    write(course_ws, f"{keys[0]}.md", review_text(keys[0], "On time.\n"))
    assert cli("submit", keys[0]).code == 0
    assert cli("unsubmit", keys[0]).code == 0


def test_resubmitting_the_same_body_keeps_the_earlier_time(
        course_ws: Path, cli, keys: list[str], no_page_check: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], "On time.\n"))
    assert cli("submit", keys[0]).code == 0
    monkeypatch.setenv("PAPERDESK_NOW", AFTER_DUE_1)
    assert cli("unsubmit", keys[0], "--force").code == 0
    # an editor that adds a trailing newline has not changed the review
    path.write_text(path.read_text() + "\n")

    again = cli("submit", keys[0])

    assert again.code == 0, again.err
    assert "submitted Wed 14 Apr 2021 12:00 CDT (unchanged since it was last final" in again.out
    assert "counts toward Batch 1: 1 of 10" in again.out
    review = parse_review(path.read_text(), "r.md")
    assert review.submitted is not None
    assert review.submitted.isoformat() == "2021-04-14T12:00:00-05:00"
    assert review.extra == {}  # the remembered time is gone once it is final again


def test_resubmitting_a_changed_body_is_a_new_submission(
        course_ws: Path, cli, keys: list[str], no_page_check: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], "On time.\n"))
    assert cli("submit", keys[0]).code == 0
    monkeypatch.setenv("PAPERDESK_NOW", AFTER_DUE_1)
    assert cli("unsubmit", keys[0], "--force").code == 0
    path.write_text(path.read_text().replace("On time.", "On time, and then changed."))

    again = cli("submit", keys[0])

    assert again.code == 0, again.err
    assert "submitted Thu 22 Apr 2021 09:00 CDT." in again.out
    assert "counts toward Batch 2" in again.out


# -- looking is not writing --------------------------------------------------------------------
def test_review_with_nothing_written_leaves_no_file(course_ws: Path, cli, keys: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")  # opens the file, writes nothing, exits
    result = cli("review", keys[0])
    assert result.code == 0, result.err
    assert f"nothing written, so reviews/{keys[0]}.md was not kept" in result.out
    assert list((course_ws / "reviews").iterdir()) == []
    assert cli("status", "--json").out.count(keys[0]) == 0


def test_review_whose_editor_fails_before_writing_leaves_no_file(
        course_ws: Path, cli, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "false")
    result = cli("review", keys[0])
    assert "exited with status 1" in result.err
    assert list((course_ws / "reviews").iterdir()) == []


def test_review_keeps_a_draft_that_was_there_even_untouched(
        course_ws: Path, cli, keys: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.core.review_format import new_review_text
    from paperdesk.services.context import Context

    reading = Context.discover().catalog.by_key[keys[0]]
    path = write(course_ws, f"{keys[0]}.md", new_review_text(reading, "Ada Lovelace", ""))
    monkeypatch.setenv("EDITOR", "true")
    assert cli("review", keys[0]).code == 0
    assert path.exists()  # paperdesk did not make it: not paperdesk's to remove


def test_review_reports_over_the_page_limit(course_ws: Path, cli, keys: list[str],
                                            pages: list[int],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    pages[0] = 2
    monkeypatch.setenv("EDITOR", appender("Far too long. "))
    result = cli("review", keys[0])
    assert result.code == 0, result.err
    assert (f"reviews/{keys[0]}.md: draft, 3 words, 2 pages: over the 1-page limit (submit "
            "refuses it until it is shortened).") in result.out


def test_review_counts_words_as_the_editor_does(course_ws: Path, cli, keys: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.tui.screens.editor import word_count as editor_count

    text = "A state-of-the-art model -- isn't it? $x_1$ works: 42 % better.\n"
    monkeypatch.setenv("EDITOR", appender(text))
    result = cli("review", keys[0])
    on_disk = (course_ws / "reviews" / f"{keys[0]}.md").read_text()
    assert f"draft, {editor_count(on_disk)} words," in result.out
    assert editor_count(on_disk) == 10 != len(text.split())  # 11 by whitespace


def test_discard_deletes_a_draft_after_asking(course_ws: Path, cli, keys: list[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from paperdesk.cli.commands import reviews as commands

    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], "Three words here.\n"))
    pdf = write(course_ws, f"{keys[0]}.pdf", b"%PDF-1.7 its export")
    asked: list[str] = []
    answers = iter(["", "y"])

    def ask(prompt: str) -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr(commands, "_terminal_ask", lambda: ask)
    kept = cli("discard", keys[0])
    assert kept.code == 1 and "Nothing deleted" in kept.out and path.exists()
    assert asked[0] == (f"Delete reviews/{keys[0]}.md (a draft, 3 words) and "
                        f"reviews/{keys[0]}.pdf? It cannot be undone. [y/N] ")
    gone = cli("discard", keys[0])
    assert gone.code == 0, gone.err
    assert not path.exists() and not pdf.exists()
    assert f"deleted reviews/{keys[0]}.md" in gone.out


def test_discard_without_a_terminal_needs_yes(course_ws: Path, cli, keys: list[str]) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    refused = cli("discard", keys[0])
    assert refused.code == 2 and "no terminal to ask on" in refused.err and "--yes" in refused.err
    assert path.exists()
    assert cli("discard", keys[0], "--yes").code == 0
    assert not path.exists()


def test_discard_never_deletes_a_final_review(course_ws: Path, cli, keys: list[str]) -> None:
    path = write(course_ws, f"{keys[0]}.md", review_text(keys[0], status="final",
                                                         submitted="2021-04-10T09:00:00-05:00"))
    for args in ((), ("--yes",)):
        result = cli("discard", keys[0], *args)
        assert result.code == 2 and "is final" in result.err and "unsubmit" in result.err
        assert path.exists()
    broken = write(course_ws, f"{keys[1]}.md", "---\nstatus: [\n---\nfinal?\n")
    result = cli("discard", keys[1], "--yes")
    assert result.code == 2 and "might be a final review" in result.err and broken.exists()
