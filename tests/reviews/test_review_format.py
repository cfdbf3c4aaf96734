"""The review file format: front matter parsed and rendered, the body kept byte for byte."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta, timezone

import pytest

from paperdesk.core.errors import ReviewError
from paperdesk.core.reading import Reading
from paperdesk.core.review import FINAL, Review
from paperdesk.core.review_format import (
    PROMPTS,
    is_blank,
    new_review_text,
    parse_review,
    render_review,
    template_body,
)

DESIGN_EXAMPLE = """---
reading: vaswani2017attention
student: Ada Lovelace
status: final                 # draft | final
submitted: 2021-04-20T21:14:00-05:00
---
The review, in Markdown, with $\\mathrm{KL}(q \\| p)$ math.
"""

READING = Reading(key="vaswani2017attention", topic="Transformers", kind="paper",
                  title="Attention Is All You Need",
                  authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar", "Jakob Uszkoreit"),
                  year="2017")


def test_the_design_example_parses() -> None:
    review = parse_review(DESIGN_EXAMPLE, "reviews/vaswani2017attention.md")
    assert review.reading == "vaswani2017attention"
    assert review.student == "Ada Lovelace"
    assert review.status == FINAL and review.is_final
    assert review.submitted == datetime(2021, 4, 20, 21, 14,
                                        tzinfo=timezone(timedelta(hours=-5)))
    assert review.body == "The review, in Markdown, with $\\mathrm{KL}(q \\| p)$ math.\n"


BODIES = {
    "empty": "",
    "no final newline": "Text without a newline at the end",
    "CRLF line ends": "Line one\r\nLine two\r\n",
    "trailing spaces and blank lines": "Hard break  \n\n\n   \n",
    "a --- line in the body": "Above\n---\nBelow\n",
    "unicode and math": "Schölkopf’s $\\alpha \\to \\beta$ — 模型\n",
    "leading blank line": "\nStarts after a blank line\n",
}


@pytest.mark.parametrize("body", BODIES.values(), ids=BODIES.keys())
def test_body_is_kept_byte_for_byte(body: str) -> None:
    review = Review(reading="k", body=body, student="Ada", email="ada@example.edu",
                    status=FINAL, submitted=datetime(2021, 4, 20, 21, 14,
                                                     tzinfo=timezone(timedelta(hours=-5))),
                    title="On attention", extra={"tags": ["nlp"]})
    text = render_review(review)
    again = parse_review(text, "r.md")
    assert again == review
    assert again.body.encode() == body.encode()
    assert again.extra == {"tags": ["nlp"]}
    assert render_review(again) == text


def test_rendered_time_is_iso_8601_with_its_offset() -> None:
    review = parse_review(DESIGN_EXAMPLE, "r.md")
    assert "submitted: 2021-04-20T21:14:00-05:00\n" in render_review(review)


def test_a_byte_order_mark_and_crlf_front_matter_are_accepted() -> None:
    text = "\ufeff---\r\nreading: k\r\nstatus: draft\r\n---\r\nBody\r\n"
    review = parse_review(text, "r.md")
    assert (review.reading, review.body) == ("k", "Body\r\n")


def test_status_is_read_in_any_case() -> None:
    review = parse_review("---\nreading: k\nstatus: Final\nsubmitted: 2021-04-20T10:00:00Z\n---\n",
                          "r.md")
    assert review.is_final and review.status == FINAL


def test_submitted_as_a_quoted_string_or_utc_z_is_a_time() -> None:
    text = '---\nreading: k\nstatus: final\nsubmitted: "2021-04-21T20:59:00Z"\n---\n'
    review = parse_review(text, "r.md")
    assert review.submitted == datetime(2021, 4, 21, 20, 59, tzinfo=UTC)


BAD = {
    "no front matter": ("Just a review.\n", 1, "no front matter"),
    "empty file": ("", 1, "no front matter"),
    "front matter never closed": ("---\nreading: k\nThe body\n", 1, "never closed"),
    "broken YAML": ("---\nreading: k\nstatus: [draft\n---\nbody\n", 4, "broken YAML"),
    "YAML tab indentation": ("---\nreading: k\n\tstatus: draft\n---\n", 3, "broken YAML"),
    "front matter is a list": ("---\n- a\n- b\n---\n", 2, "not a list of 'name: value'"),
    "empty front matter": ("---\n---\nbody\n", 2, "empty"),
    "no reading": ("---\nstudent: Ada\n---\n", 2, "no 'reading:'"),
    "submitted not a time": (
        "---\nreading: k\nstatus: final\nsubmitted: last Tuesday\n---\n", 4, "is not a time"),
    "submitted a date only": (
        "---\nreading: k\nstatus: final\nsubmitted: 2021-04-20\n---\n", 4, "date without a time"),
    "submitted with no offset": (
        "---\nreading: k\nstatus: final\nsubmitted: 2021-04-20T10:00:00\n---\n", 4,
        "no UTC offset"),
    "submitted a number": ("---\nreading: k\nstatus: final\nsubmitted: 12\n---\n", 4,
                           "is not a time"),
    "unknown status": ("---\nreading: k\nstudent: Ada\nstatus: done\n---\n", 4,
                       "unknown status 'done'"),
    "final without a time": ("---\nreading: k\nstatus: final\n---\n", 3, "no 'submitted:'"),
    "reading is a mapping": ("---\nreading: {a: 1}\n---\n", 2, "expected text"),
}


@pytest.mark.parametrize(("text", "line", "words"), BAD.values(), ids=BAD.keys())
def test_bad_front_matter_names_the_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ReviewError) as info:
        parse_review(text, "reviews/k.md")
    message = str(info.value)
    assert message.startswith(f"reviews/k.md:{line}: "), message
    assert words in message
    assert "\n" not in message


def test_template_names_the_reading_and_holds_prompts() -> None:
    text = new_review_text(READING, "Ada Lovelace", "ada@example.edu")
    review = parse_review(text, "r.md")
    assert (review.reading, review.student, review.email) == (
        "vaswani2017attention", "Ada Lovelace", "ada@example.edu")
    assert review.status == "draft" and review.submitted is None
    assert "Attention Is All You Need" in review.body
    assert "Ashish Vaswani, Noam Shazeer, Niki Parmar et al., 2017" in review.body
    assert all(prompt in review.body for prompt in PROMPTS)


def test_template_survives_a_title_that_would_close_its_comment() -> None:
    odd = READING.replace(title="Arrows --> and <!-- comments", authors=())
    body = template_body(odd)
    assert body.count("-->") == 1 + len(PROMPTS)  # one per note, none from the title
    assert is_blank(body)


BLANKS = {
    "the template": (template_body(READING), True),
    "whitespace": ("  \n\t\n\n", True),
    "headings only": ("# Review\n\n## Summary\n", True),
    "punctuation only": ("---\n* \n> \n", True),
    "a sentence among the prompts": (template_body(READING) + "It is good.\n", False),
    "prompts deleted, one word": ("Attention.\n", False),
    "math only": ("$x^2$\n", False),
}


@pytest.mark.parametrize(("body", "blank"), BLANKS.values(), ids=BLANKS.keys())
def test_what_counts_as_an_empty_review(body: str, blank: bool) -> None:
    assert is_blank(body) is blank


def test_front_matter_nested_thousands_deep_is_one_located_error(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml refuses deep nesting itself; the pure-Python loader would recurse until Python
    gives up: either way a ReviewError, never a RecursionError (issue 16, item 1)."""
    import yaml

    from paperdesk.core import review_format

    monkeypatch.setattr(review_format, "_Loader", yaml.SafeLoader)
    deep = "---\nreading: " + "[" * 5000 + "]" * 5000 + "\n---\nText.\n"
    # Python gives up a few hundred frames above this one rather than at its usual thousand:
    # the same RecursionError out of the loader, without the 1.5 s the pure-Python scanner
    # takes to reach a thousand frames (its simple keys make each "[" cost more than the last).
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 300)
    try:
        with pytest.raises(ReviewError, match="nested too deeply"):
            review_format.parse_review(deep, "reviews/x.md")
    finally:
        sys.setrecursionlimit(limit)
