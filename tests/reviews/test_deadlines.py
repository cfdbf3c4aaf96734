"""The batch rules as a table: which final reviews count, toward which batch, for what points."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from paperdesk.core.deadlines import standing
from paperdesk.core.review import Review
from tests.reviews.conftest import CHICAGO, RULES, at, draft, final

NOW = "2021-04-14T12:00:00-05:00"  # week 3: both batches still open


@dataclass
class Case:
    reviews: list[Review]
    batch1: list[str]
    batch2: list[str]
    late: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    now: str = NOW

    @property
    def points(self) -> int:
        return 2 * (len(self.batch1) + len(self.batch2))


def keys(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(n)]


def finals(prefix: str, n: int, day: str) -> list[Review]:
    """n final reviews submitted a minute apart from ``day`` 09:00 Chicago time."""
    return [final(k, f"{day}T09:{i:02d}:00") for i, k in enumerate(keys(prefix, n))]


CASES = {
    "no reviews at all": Case([], [], []),
    "only drafts count for nothing": Case([draft("a"), draft("b")], [], []),
    "early extras roll into batch 2": Case(
        finals("r", 12, "2021-04-10"), keys("r", 12)[:10], keys("r", 12)[10:]),
    "submission order, not the order given": Case(
        list(reversed(finals("r", 12, "2021-04-10"))), keys("r", 12)[:10], keys("r", 12)[10:]),
    "exactly on the first due time counts in batch 1": Case(
        [final("a", "2021-04-21T16:00:00")], ["a"], []),
    "one minute late for batch 1 goes to batch 2": Case(
        [final("a", "2021-04-21T16:01:00")], [], ["a"], now="2021-04-22T12:00:00"),
    "exactly on the last due time counts": Case(
        [final("a", "2021-05-26T16:00:00")], [], ["a"], now="2021-05-27T12:00:00"),
    "one minute after the last due time is late": Case(
        [final("a", "2021-05-26T16:01:00")], [], [], late=["a"], now="2021-05-27T12:00:00"),
    "25 final reviews: 20 count, 5 are late": Case(
        finals("r", 25, "2021-04-10"), keys("r", 25)[:10], keys("r", 25)[10:20],
        late=keys("r", 25)[20:]),
    "a full batch 1 sends later ones to batch 2": Case(
        finals("a", 10, "2021-04-10") + finals("b", 3, "2021-05-01"),
        keys("a", 10), keys("b", 3)),
    "a duplicate reading counts once": Case(
        [final("a", "2021-04-10T09:00:00"), final("a", "2021-04-11T09:00:00"),
         final("b", "2021-04-12T09:00:00")], ["a", "b"], [], duplicates=["a"]),
    "a duplicate of a late review is not counted either": Case(
        [final("a", "2021-06-01T09:00:00"), final("a", "2021-06-02T09:00:00")], [], [],
        late=["a"], duplicates=["a"], now="2021-06-03T12:00:00"),
    "15:59 Chicago time from a UTC clock is on time": Case(
        [final("a", "2021-04-21T20:59:00+00:00")], ["a"], []),
    "16:01 Chicago time from a UTC clock is not": Case(
        [final("a", "2021-04-21T21:01:00Z")], [], ["a"]),
    "an offset far from the course's is compared as the same instant": Case(
        [final("a", "2021-04-22T05:59:00+09:00")], ["a"], []),  # 15:59 in Chicago
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_batch_rules(case: Case) -> None:
    st = standing(case.reviews, RULES, at(case.now), "Ada")
    assert list(st.batches[0].counted) == case.batch1
    assert list(st.batches[1].counted) == case.batch2
    assert list(st.late) == case.late
    assert list(st.duplicates) == case.duplicates
    assert st.points == case.points
    assert st.max_points == 40
    assert st.batches[0].remaining == 10 - len(case.batch1)


def test_points_never_exceed_the_maximum() -> None:
    st = standing(finals("r", 25, "2021-04-10"), RULES, at(NOW))
    assert st.points == st.max_points == 40


def test_days_left_are_calendar_days_in_the_course_zone() -> None:
    st = standing([], RULES, at(NOW))
    assert [b.days_left for b in st.batches] == [7, 42]
    assert not any(b.passed for b in st.batches)
    # 02:00 UTC on the 22nd is still the evening of the 21st in Chicago: due today, passed.
    st = standing([], RULES, at("2021-04-22T02:00:00Z"))
    assert (st.batches[0].days_left, st.batches[0].passed) == (0, True)
    # One second before the due time, from a UTC clock: due today, not passed.
    st = standing([], RULES, at("2021-04-21T20:59:59Z"))
    assert (st.batches[0].days_left, st.batches[0].passed) == (0, False)
    assert st.next_batch is not None and st.next_batch.name == "Batch 1"


def test_next_batch_skips_a_full_or_passed_one() -> None:
    st = standing(finals("a", 10, "2021-04-10"), RULES, at(NOW))
    assert st.next_batch is not None and st.next_batch.name == "Batch 2"
    st = standing([], RULES, at("2021-04-22T12:00:00"))
    assert st.next_batch is not None and st.next_batch.name == "Batch 2"
    st = standing([], RULES, at("2021-05-27T12:00:00"))
    assert st.next_batch is None


def test_drafts_that_could_finish_the_next_batch() -> None:
    reviews = [*finals("a", 8, "2021-04-10"), draft("d1"), draft("d2"), draft("d3"),
               draft("a00")]  # a draft of a reading already final is not a candidate
    st = standing(reviews, RULES, at(NOW))
    assert st.drafts == ("d1", "d2", "d3")
    assert st.candidates == ("d1", "d2", "d3")
    assert st.next_batch is not None and st.next_batch.remaining == 2
    assert standing(reviews, RULES, at("2021-06-01T00:00:00")).candidates == ()


def test_to_json_has_the_documented_fields() -> None:
    st = standing([final("a", "2021-04-10T09:00:00"), draft("b"),
                   final("c", "2021-06-01T09:00:00")], RULES, at(NOW), "Ada Lovelace")
    data = st.to_json()
    assert {"now", "student", "points", "max_points", "batches", "late", "drafts"} <= set(data)
    assert data["now"] == "2021-04-14T12:00:00-05:00"
    assert data["student"] == "Ada Lovelace"
    assert (data["points"], data["max_points"]) == (2, 40)
    assert data["late"] == ["c"] and data["drafts"] == ["b"]
    first = data["batches"][0]
    assert {"name", "due", "size", "counted", "remaining", "days_left"} <= set(first)
    assert first == {**first, "name": "Batch 1", "due": "2021-04-21T16:00:00-05:00", "size": 10,
                     "counted": ["a"], "remaining": 9, "days_left": 7}
    assert data["next"]["candidates"] == ["b"]


def test_reachable_points_count_only_the_room_left_in_open_batches() -> None:
    assert standing([], RULES, at(NOW)).reachable == 40
    # Batch 1 closed with 8: the 2 it missed are gone for good.
    st = standing(finals("a", 8, "2021-04-10"), RULES, at("2021-04-22T12:00:00"))
    assert (st.points, st.reachable) == (16, 36)
    assert st.to_json()["reachable_points"] == 36
    assert standing(finals("a", 8, "2021-04-10"), RULES, at("2021-06-01T00:00:00")).reachable \
        == 16


MISSING = {
    "complete: nothing to say": (finals("a", 10, "2021-04-10"), NOW, None),
    "open, drafts enough": (
        [*finals("a", 8, "2021-04-10"), draft("d1"), draft("d2"), draft("d3")], NOW,
        "Batch 1 has 8 of 10 reviews; 2 missing: due Wed 21 Apr 2021 16:00 CDT (in 7 days); "
        "2 drafts would count once submitted: d1, d2"),
    "open, drafts too few": (
        [*finals("a", 7, "2021-04-10"), draft("d1")], NOW,
        "Batch 1 has 7 of 10 reviews; 3 missing: due Wed 21 Apr 2021 16:00 CDT (in 7 days); "
        "1 draft would count once submitted: d1 (2 more to write)"),
    "open, no drafts": (
        [], "2021-04-21T09:00:00",
        "Batch 1 has 0 of 10 reviews; 10 missing: due Wed 21 Apr 2021 16:00 CDT (today); "
        "no drafts waiting (paperdesk review KEY starts one)"),
    "closed short": (
        finals("a", 7, "2021-04-10"), "2021-04-22T12:00:00",
        "Batch 1 has 7 of 10 reviews; 3 missing: it closed Wed 21 Apr 2021 16:00 CDT "
        "(yesterday), so no review can count toward it now"),
}


@pytest.mark.parametrize("case", MISSING.values(), ids=MISSING.keys())
def test_missing_note_says_what_a_batch_lacks(case: tuple[list[Review], str, str | None]) -> None:
    from paperdesk.core.deadlines import missing_note

    reviews, now, expected = case
    assert missing_note(standing(reviews, RULES, at(now)), 0, CHICAGO) == expected


def test_missing_note_of_a_later_batch_while_an_earlier_one_is_open() -> None:
    from paperdesk.core.deadlines import missing_note

    note = missing_note(standing([draft("d1")], RULES, at(NOW)), 1, CHICAGO)
    assert note is not None
    assert note.endswith("reviews submitted now count toward Batch 1 first")
