"""core.plain_front reads and writes plain front matter exactly as PyYAML does, or declines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.core.plain_front import read_plain, write_plain
from paperdesk.core.resubmission import withdrawn
from paperdesk.core.review import DRAFT, FINAL, Review
from paperdesk.core.review_format import _yaml, new_review_text, render_review, split_front_matter
from tests.reviews.test_review_format import READING

WHEN = datetime(2021, 4, 13, 10, 0, tzinfo=timezone(timedelta(hours=-5)))


def yaml_dump(data: dict[str, Any]) -> str:
    """What render_review's YAML path writes."""
    return yaml.dump(data, Dumper=_yaml()[1], sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1000)


def same(a: object, b: object) -> bool:
    """Equal, and of the same types all the way down (1 == True, and aware times compare
    across offsets: neither is the same value here)."""
    return repr(a) == repr(b) and a == b


# Pieces of front matter lines, the tricky ones YAML reads otherwise among them.
WORDS = ["reading", "Ada", "Lovelace", "Łukasiewicz", "模型", "vaswani2017attention", "yes",
         "No", "on", "OFF", "true", "null", "Null", "~", "''", "'quoted'", '"dq"', "a:b", ": ",
         ":", "#", " #c", "-", "- x", "&a", "*a", "!tag", "%", "@", "`", "|", ">", "?", "[1]",
         "{a: 1}", ",", "0b101", "017", "0x1f", "12", "1.5", ".inf", "1e5", "1_000", "1:20",
         "2021-04-13", "2021-04-13T10:00:00-05:00", "2021-04-13T10:00:00Z",
         "2021-04-13T10:00:00.5+01:00", "2021-04-13T25:00:00-05:00", "2021-04-13 10:00:00",
         "692bbe33b1d16b58032daca16aa2d941b229c843cfe95074771b457d360e6fa6", "0b1", "deadbeef",
         "O'Neil", "x\ty", "\u00a0", "\u2028", "\x85", "=", "<<", "---", "...", "  ", "\t"]
PLAIN = ["Ada", "Lovelace", "Łukasiewicz", "draft", "final", "ada@example.edu", "O'Neil",
         "2021-04-13T10:00:00-05:00", "deadbeef"]
# Half the words plain, so that a good share of the cases is read and written without YAML.
word = st.one_of(st.sampled_from(PLAIN), st.sampled_from(WORDS))
KEYS = ["reading", "student", "email", "status", "submitted", "title", "previously_submitted",
        "previous_body_sha256", "Yes", "on", "null", "a-b", "_x", "2x", "-k", "k k", "k:",
        "k" * 100, "k" * 101, "k" * 127, "k" * 128, "k" * 1025]

key = st.one_of(st.sampled_from(KEYS[:8]), st.sampled_from(KEYS))  # half of them plain
line = st.one_of(
    st.builds(lambda k, sep, v: f"{k}{sep}{v}", key,
              st.one_of(st.just(": "), st.sampled_from([":", ":  ", " : "])),
              st.lists(word, max_size=3).map(" ".join)),
    st.sampled_from(["", "  ", "# a comment", " indented: x", "- item", "%YAML 1.1", "---"]),
)
fronts = st.builds(lambda ls, crlf: "".join(x + ("\r\n" if crlf else "\n") for x in ls),
                   st.lists(line, min_size=1, max_size=6), st.booleans())


@settings(max_examples=400, deadline=None)
@given(fronts)
def test_what_is_read_plainly_is_what_yaml_reads(front: str) -> None:
    plain = read_plain(front)
    if plain is None:
        return  # declined: YAML reads it
    assert same(plain, yaml.load(front, Loader=yaml.SafeLoader)), front


texts = st.lists(word, min_size=0, max_size=4).map(" ".join)
values = st.one_of(st.none(), texts, st.text(max_size=8),
                   st.sampled_from([WHEN, WHEN.astimezone(UTC), WHEN.replace(microsecond=5),
                                    WHEN.replace(tzinfo=None), 3, True, ["a"]]))


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(key, values, min_size=1, max_size=6))
def test_what_is_written_plainly_is_what_yaml_writes(data: dict[str, Any]) -> None:
    plain = write_plain(data)
    if plain is None:
        return  # declined: YAML writes it
    assert plain == yaml_dump(data)
    assert same(read_plain(plain), yaml.load(plain, Loader=yaml.SafeLoader))


def front_of(text: str) -> str:
    return split_front_matter(text, "test")[0]


def test_what_the_review_commands_write_needs_no_yaml() -> None:
    """The template, a submitted review and a withdrawn one (with its digest) are plain, so
    review, submit and unsubmit of the usual reviews never load YAML."""
    draft = new_review_text(READING, "Ada Lovelace", "ada@example.edu")
    final = Review(READING.key, "Text.\n", "Ada Lovelace", "ada@example.edu", FINAL, WHEN)
    anonymous = Review(READING.key, "Text.\n", "", "", DRAFT)
    for review_text in (draft, render_review(final), render_review(withdrawn(final)),
                        render_review(anonymous)):
        front = front_of(review_text)
        data = read_plain(front)
        assert data is not None, front
        assert same(data, yaml.load(front, Loader=yaml.SafeLoader))
        assert write_plain(data) == yaml_dump(data) == front


def test_what_is_not_plain_is_left_to_yaml() -> None:
    for front in ("status: final   # draft | final\n", "title: 'Quoted: a title'\n",
                  "reading: k\ntags: [a, b]\n", "reading: k\nweek: 3\n", "reading: k\nok: yes\n",
                  "reading: k\nreading: j\n", "reading: k\n  continued\n", "reading: a: b\n"):
        assert read_plain(front) is None, front
    for data in ({"title": "A: B"}, {"n": 3}, {"ok": True}, {"t": "yes"}, {"s": " lead"},
                 {"when": WHEN.replace(microsecond=1)}, {"x": "a" * 1000}):
        assert write_plain(data) is None, data
