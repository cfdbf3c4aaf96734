"""The desk's and the week's data, without a screen: the filter, the grouping, the pace."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from paperdesk.adapters.coursefile import load_course
from paperdesk.core.course import Course, Week
from paperdesk.core.reading import Reading
from paperdesk.core.review import FINAL, Review
from paperdesk.tui.data.desk_model import DeskModel, TopicRow, group_rows, next_status
from paperdesk.tui.data.week_plan import burnup, pace, read_next, topics_of_week
from tests.conftest import REPO

COURSE_TOPICS = [
    "Background", "Help with Transformers (attention)", "Help with VAEs", "Comparative review",
    "Basic Transformer Networks", "Advanced Transformers",
    "Societal Costs of Transformers & Language Models", "Other autoregressive models",
    "Creating adversarial examples", "Creating GANs", "Advanced GANs", "Autoencoders",
    "Basic VAEs", "Advanced VAEs", "VAE Applications",
]


@pytest.fixture
def course() -> Course:
    return load_course(REPO / "course.toml")


def reading(key: str, topic: str = "T", title: str = "A title", authors: tuple[str, ...] = ()
            ) -> Reading:
    return Reading(key=key, topic=topic, kind="paper", title=title, authors=authors)


def test_filter_folds_case_accents_and_german_oe() -> None:
    model = DeskModel([reading("a", authors=("Bernhard Schölkopf",)),
                       reading("b", title="Ørsted and Łukasiewicz")])
    for query in ("schoelkopf", "SCHOLKOPF", "schölk"):
        assert [r.key for r in model.matching(query)] == ["a"]
    assert [r.key for r in model.matching("orsted lukas")] == ["b"]


def test_typing_on_narrows_exactly_as_a_fresh_search() -> None:
    rng = random.Random(3)
    words = ["attention", "gan", "flow", "schölkopf", "väe", "prior", "muse", "oe"]
    model = DeskModel([reading(f"k{i}", title=" ".join(rng.choices(words, k=4)))
                       for i in range(400)])
    typed = "attention schoe"
    for n in range(1, len(typed) + 1):
        incremental = model.matching(typed[:n])
        fresh = DeskModel(model.readings).matching(typed[:n])
        assert incremental == fresh, typed[:n]
    assert model.matching("") == model.readings
    assert model.matching("gan") == DeskModel(model.readings).matching("gan")  # not a prefix


def test_abstracts_are_searched_once_loaded() -> None:
    r = Reading(key="v", topic="T", kind="paper", title="Attention", authors=())
    model = DeskModel([r])
    assert model.matching("transduction") == []
    model.abstracts = {"v": "The dominant sequence transduction models..."}
    model.invalidate_index()
    assert model.matching("transduction") == [r]


def test_group_rows_keeps_file_order_of_first_appearance() -> None:
    rows = group_rows([reading("a", "X"), reading("b", "Y"), reading("c", "X")])
    assert [(r.topic, r.count) if isinstance(r, TopicRow) else r.key for r in rows] == [
        ("X", 2), "a", "c", ("Y", 1), "b"]


def test_status_cycle() -> None:
    assert [next_status(s) for s in ("unread", "reading", "read", "weird")] == \
        ["reading", "read", "unread", "unread"]


def test_calendar_topics_find_the_reading_list_topics() -> None:
    def topics(text: str) -> list[str]:
        return topics_of_week(Week(1, datetime(2021, 4, 7).date(), text), COURSE_TOPICS)

    assert topics("Transformers") == [
        "Help with Transformers (attention)", "Basic Transformer Networks",
        "Advanced Transformers", "Societal Costs of Transformers & Language Models"]
    assert "Other autoregressive models" in topics("Transformers (& other autoregressive models)")
    assert topics("GANs") == ["Creating GANs", "Advanced GANs"]
    assert topics("VAEs") == ["Help with VAEs", "Basic VAEs", "Advanced VAEs", "VAE Applications"]
    assert topics("Course basics & getting to know folks") == []
    assert topics("Final Projects") == []


def test_read_next_fills_up_to_what_the_deadline_needs() -> None:
    week = Week(5, datetime(2021, 4, 28).date(), "GANs")
    readings = [reading("g1", "Creating GANs"), reading("g2", "Advanced GANs"),
                reading("t1", "Advanced Transformers"), reading("t2", "Basic VAEs"),
                reading("t3", "Basic VAEs")]
    plan = read_next(week, readings, {"g2": "final", "t2": "draft"}, needed=3, at_least=1)
    assert [r.key for r in plan.this_week] == ["g1"]
    assert [r.key for r in plan.others] == ["t1", "t3"]


def test_pace_runs_straight_to_each_deadline(course: Course) -> None:
    tz = course.timezone
    start = datetime(2021, 3, 31, tzinfo=tz)
    first, second = course.rules.batches
    assert pace(course, start) == 0
    assert pace(course, first.due) == 10
    middle = start + (first.due - start) / 2
    assert pace(course, middle) == pytest.approx(5)
    assert pace(course, first.due + (second.due - first.due) / 2) == pytest.approx(15)
    assert pace(course, second.due + timedelta(days=3)) == 20


def test_burnup_counts_finals_by_the_end_of_each_week(course: Course) -> None:
    tz = course.timezone
    reviews = [Review(reading=f"r{i}", body="x", status=FINAL,
                      submitted=datetime(2021, 4, 2 + 6 * i, 12, tzinfo=tz)) for i in range(3)]
    now = datetime(2021, 4, 15, 9, tzinfo=tz)  # week 3
    points = burnup(course, reviews, now)
    assert [p.done for p in points[:4]] == [1, 2, 3, None]  # Apr 2, Apr 8, Apr 14
    assert [p.current for p in points[:4]] == [False, False, True, False]
    assert points[2].needed == 10  # by the end of week 3 (Apr 21) batch 1 is due
    assert points[-1].needed == 20


def test_the_pdf_folder_marks_downloaded_readings(tmp_path: Path) -> None:
    from paperdesk.services.context import Context
    from paperdesk.tui.data.loading import pdf_files

    (tmp_path / "readings.bib").write_text(
        "@misc{a1, title={A}, eprint={1706.03762}, archiveprefix={arXiv}}\n"
        "@misc{b2, title={B}, eprint={1409.0473}, archiveprefix={arXiv}}\n")
    (tmp_path / "course.toml").write_bytes((REPO / "course.toml").read_bytes())
    ctx = Context.discover(str(tmp_path))
    assert pdf_files(ctx, list(ctx.catalog.readings)) == set()
    ctx.workspace.pdf_dir.mkdir(parents=True)
    (ctx.workspace.pdf_dir / "b2.pdf").write_bytes(b"%PDF-1.4\n")
    assert pdf_files(ctx, list(ctx.catalog.readings)) == {"b2"}


def test_pages_phrase_shows_the_decimal_rounded_up() -> None:
    from paperdesk.tui.screens.editor import pages_phrase

    assert pages_phrase(1, 1, 0.62) == "fits on one page"
    assert pages_phrase(2, 1, 1.27) == "1.3 pages: over the 1-page limit"
    assert pages_phrase(2, 1, 1.01) == "1.1 pages: over the 1-page limit"
    assert pages_phrase(2, 1, None) == "2 pages: over the 1-page limit"


def test_a_missed_batch_is_written_off_and_the_pace_goes_on_to_the_next(course: Course) -> None:
    tz = course.timezone
    first, second = course.rules.batches
    after = first.due + (second.due - first.due) / 2
    assert pace(course, after, {first.name: 3}) == pytest.approx(3 + 5)
    assert pace(course, first.due - timedelta(hours=1), {first.name: 3}) > 9  # before: 10
    reviews = [Review(reading=f"r{i}", body="x", status=FINAL,
                      submitted=datetime(2021, 4, 10 + i, 12, tzinfo=tz)) for i in range(3)]
    points = burnup(course, reviews, datetime(2021, 4, 25, 12, tzinfo=tz))  # week 4
    week4 = next(p for p in points if p.current)
    assert week4.done == 3
    assert week4.needed == 5  # the three Batch 1 got, and a week's pace toward Batch 2
    assert points[2].needed == 10  # week 3 ended before Batch 1 closed: it needed them all


def test_first_authors_follow_one_rule_per_column() -> None:
    from paperdesk.tui.widgets.reading_list import CITATION_WIDTH, short_author

    three = reading("g", authors=("Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"))
    two = reading("k", authors=("Diederik P. Kingma", "Max Welling"))
    many = reading("c", authors=("Kyunghyun Cho", *(f"A{i} B{i}" for i in range(6))))
    long = reading("v", authors=("Aäron van den Oord", "Oriol Vinyals", "Koray Kavukcuoglu"))
    one = reading("a", authors=("Jay Alammar",))
    narrow = [short_author(r, 13) for r in (three, two, many, long, one)]
    assert narrow == ["Goodfellow +2", "Kingma +1", "Cho +6", "van den O… +2", "Alammar"]
    wide = [short_author(r, CITATION_WIDTH) for r in (three, two, many, long, one)]
    assert wide == ["Goodfellow et al.", "Kingma & Welling", "Cho et al.", "van den Oo… et al.",
                    "Alammar"]
    assert short_author(long) == "van den Oord et al."  # no width: as a citation, whole


def test_the_verdict_never_calls_a_term_with_missed_deadlines_on_pace(course: Course) -> None:
    from paperdesk.core.deadlines import standing
    from paperdesk.tui.widgets.burnup import verdict

    tz = course.timezone
    reviews = [Review(reading=f"r{i}", body="x", status=FINAL,
                      submitted=datetime(2021, 4, 10 + i, 12, tzinfo=tz)) for i in range(3)]
    in_week_4 = datetime(2021, 4, 25, 12, tzinfo=tz)
    points = burnup(course, reviews, in_week_4)
    assert verdict(points, standing(reviews, course.rules, in_week_4)) == (
        "Behind: 3 final, the pace needs 5 by week 4's end (2 to go). 7 missed at a deadline.")
    after = datetime(2021, 6, 20, 12, tzinfo=tz)
    assert verdict(burnup(course, reviews, after), standing(reviews, course.rules, after)) == (
        "Every deadline has passed: 3 of 20 reviews counted, 17 missed.")
