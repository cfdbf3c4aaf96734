"""The student and the instructor read a review by one rule (core.readable): a NUL byte, invalid
UTF-8 or a 300 kB body gets the same verdict from ``status`` and ``submit`` as from ``collect``."""

from __future__ import annotations

import json
from pathlib import Path

from tests.reviews.conftest import review_text, write

WHEN = "2021-04-10T10:00:00-05:00"  # before batch 1 is due
NOTES = "<!-- " + "notes I keep while reading " * 11_500 + "-->\n"  # ~310 kB, none of it printed


def _files(ws: Path, keys: list[str]) -> dict[str, str]:
    """One honest final review, and three the rule refuses; file name -> reading."""
    good, nul, utf8, big = keys[:4]
    write(ws, f"{good}.md", review_text(good, "An honest review.\n", "final", WHEN))
    write(ws, f"{nul}.md", review_text(nul, "Pasted from a PDF:\nfoo\x00bar\n", "final", WHEN))
    write(ws, f"{utf8}.md", review_text(utf8, "caf\xe9\n", "final", WHEN).encode("latin-1"))
    write(ws, f"{big}.md", review_text(big, "A short review.\n\n" + NOTES, "final", WHEN))
    return {"good": good, "nul": nul, "utf8": utf8, "big": big}


def test_status_and_collect_give_the_same_verdict(course_ws: Path, cli, keys: list[str]) -> None:
    which = _files(course_ws, keys)

    status = cli("status", "--json")
    assert status.code == 0, status.err
    counted = [k for b in json.loads(status.out)["batches"] for k in b["counted"]]
    assert counted == [which["good"]]
    problems = json.loads(status.out)["problems"]
    assert any(f"{which['nul']}.md:8:" in p and "NUL byte" in p for p in problems), problems
    assert any(f"{which['utf8']}.md:7:" in p and "not valid UTF-8" in p for p in problems)
    assert any(f"{which['big']}.md" in p and "at most 256 kB" in p for p in problems)

    book = cli("collect", str(course_ws), "--json")
    student = json.loads(book.out)["students"][0]
    assert [k for b in student["batches"] for k in b["counted"]] == [which["good"]]
    outcome = {r["file"].rsplit("/", 1)[-1]: r["outcome"] for r in student["reviews"]}
    assert outcome == {f"{which['good']}.md": "counted", f"{which['nul']}.md": "unreadable",
                       f"{which['utf8']}.md": "unreadable", f"{which['big']}.md": "over length"}
    messages = [f"{p['file']}: {p['message']}" for p in student["problems"]]
    assert any(f"{which['nul']}.md:8: " in m and "NUL byte" in m for m in messages), messages
    assert any(f"{which['utf8']}.md:7: " in m and "not valid UTF-8" in m for m in messages)
    assert any(f"{which['big']}.md: " in m and "at most 256 kB" in m for m in messages)


def test_submit_refuses_what_collect_would_not_count(course_ws: Path, cli,
                                                    keys: list[str]) -> None:
    nul, big = keys[:2]
    write(course_ws, f"{nul}.md", review_text(nul, "foo\x00bar\n"))
    write(course_ws, f"{big}.md", review_text(big, "A short review.\n\n" + NOTES))

    result = cli("submit", nul)
    assert result.code == 2 and f"reviews/{nul}.md:6: holds a NUL byte" in result.err
    result = cli("submit", big)
    assert result.code == 2 and "at most 256 kB" in result.err and "delete old notes" in result.err
    assert "status: draft" in (course_ws / "reviews" / f"{big}.md").read_text(encoding="utf-8")


def test_nothing_paperdesk_saves_is_refused_when_read_back(course_ws: Path,
                                                          keys: list[str]) -> None:
    import pytest

    from paperdesk.core.errors import ReviewError
    from paperdesk.services.context import Context
    from paperdesk.services.reviews import create_review, save_review

    ctx = Context.discover(str(course_ws))
    loaded = create_review(ctx, keys[0])
    loaded = save_review(ctx, loaded, loaded.text + "Written.\n")  # a new review has no file
    with pytest.raises(ReviewError, match=r":\d+: holds a NUL byte"):
        save_review(ctx, loaded, loaded.text + "pasted\x00\n")
    assert "\x00" not in (course_ws / "reviews" / f"{keys[0]}.md").read_text(encoding="utf-8")


def test_status_counts_pages_as_collect_does(course_ws: Path, cli, keys: list[str],
                                            monkeypatch) -> None:
    """A final review edited after submit to run to two pages: status leaves it out, as
    collect does; the page count is remembered, so the next status does not typeset again."""
    import sys

    good, long = keys[:2]
    write(course_ws, f"{good}.md", review_text(good, "An honest review.\n", "final", WHEN))
    write(course_ws, f"{long}.md", review_text(long, "On and on about the paper. " * 200 + "\n",
                                               "final", WHEN))
    status = cli("status", "--json")
    data = json.loads(status.out)
    assert [k for b in data["batches"] for k in b["counted"]] == [good]
    assert any(f"{long}.md" in p and "2 pages: over the 1-page limit, not counted" in p
               for p in data["problems"]), data["problems"]

    book = json.loads(cli("collect", str(course_ws), "--json").out)["students"][0]
    assert [k for b in book["batches"] for k in b["counted"]] == [good]
    assert {r["reading"]: r["outcome"] for r in book["reviews"]}[long] == "over length"

    monkeypatch.setitem(sys.modules, "paperdesk.services.export", None)  # no typst from here on
    again = json.loads(cli("status", "--json").out)
    assert again["problems"] == data["problems"]
