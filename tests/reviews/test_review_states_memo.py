"""The status column's review states are kept in a memo until a review file or the folder's
listing changes: the desk's first paint and ``list`` then read no review and import no YAML."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.adapters import memo
from paperdesk.services import reviews as reviews_module
from paperdesk.services.context import Context
from paperdesk.services.statuses import review_states
from tests.reviews.conftest import review_text, write


@pytest.fixture
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are younger than the 2 s a memo waits for: trust them at once."""
    monkeypatch.setattr(memo, "_RACY_NS", 0)


def states(ws: Path) -> dict[str, str]:
    ctx = Context.discover(str(ws))
    ctx.workspace.ensure_state_dir()
    return review_states(ctx)


def test_the_memo_answers_until_a_review_changes(course_ws: Path, keys: list[str],
                                                 no_racy_window: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    a, b, c = keys[:3]
    write(course_ws, f"{a}.md", review_text(a))
    write(course_ws, f"{b}.md", review_text(b, status="final",
                                            submitted="2021-04-10T09:00:00-05:00"))
    assert states(course_ws) == {a: "draft", b: "final"}
    assert (course_ws / ".paperdesk" / "cache" / "review-states.json").is_file()

    def refuse(*args: object) -> None:
        raise AssertionError("the reviews were read again although none changed")

    with monkeypatch.context() as m:
        m.setattr(reviews_module, "review_statuses", refuse)
        assert states(course_ws) == {a: "draft", b: "final"}

    # submitted in place (same name), a new review, a review removed: each is seen
    write(course_ws, f"{a}.md", review_text(a, status="final",
                                            submitted="2021-04-11T09:00:00-05:00"))
    assert states(course_ws) == {a: "final", b: "final"}
    write(course_ws, f"{c}.md", review_text(c))
    assert states(course_ws) == {a: "final", b: "final", c: "draft"}
    (course_ws / "reviews" / f"{b}.md").unlink()
    assert states(course_ws) == {a: "final", c: "draft"}
    write(course_ws, f"{c}.md", "no front matter\n")  # broken: left out, as without the memo
    assert states(course_ws) == {a: "final"}


def test_nothing_is_kept_about_a_review_changed_just_now(course_ws: Path,
                                                         keys: list[str]) -> None:
    """Its stat could stay the same through a second change in the same instant."""
    write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    assert states(course_ws) == {keys[0]: "draft"}
    assert not (course_ws / ".paperdesk" / "cache" / "review-states.json").exists()


def test_a_damaged_memo_is_worked_out_again(course_ws: Path, keys: list[str],
                                            no_racy_window: None) -> None:
    write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    states(course_ws)
    kept = course_ws / ".paperdesk" / "cache" / "review-states.json"
    data = json.loads(kept.read_text("utf-8"))
    data["value"] = {keys[0]: 3}
    kept.write_text(json.dumps(data), "utf-8")
    assert states(course_ws) == {keys[0]: "draft"}
    kept.write_text("{", "utf-8")
    assert states(course_ws) == {keys[0]: "draft"}


def test_a_kept_answer_imports_no_yaml(course_ws: Path, keys: list[str],
                                       no_racy_window: None) -> None:
    write(course_ws, f"{keys[0]}.md", review_text(keys[0]))
    assert states(course_ws) == {keys[0]: "draft"}
    script = ("import sys\nfrom paperdesk.services.context import Context\n"
              "from paperdesk.services.statuses import review_states\n"
              f"print(review_states(Context.discover({str(course_ws)!r})))\n"
              "print(sorted(m for m in ('yaml', 'paperdesk.services.reviews', 'pathlib') "
              "if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                         text=True, timeout=60).stdout.splitlines()
    assert out == [str({keys[0]: "draft"}), "[]"]
