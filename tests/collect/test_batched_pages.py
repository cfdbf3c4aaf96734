"""collect counts the pages of many reviews in one typst document (``typeset.page_counts``): each
count must be the very count of the review typeset alone, as ``export`` and ``status`` give it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paperdesk.adapters import typeset
from paperdesk.core.review import Review
from paperdesk.services import collect_typeset
from paperdesk.services.collect import collect
from paperdesk.services.collect_typeset import Task
from paperdesk.services.context import Context
from tests.collect.builders import SHORT, Spec, on_time, write_reviews

WHEN = "2021-04-01T10:00:00-05:00"


def _review(body: str, key: str = "r00") -> Review:
    from datetime import datetime

    return Review(reading=key, body=body, student="Ada Lovelace", email="ada@uni.edu",
                  status="final", submitted=datetime.fromisoformat(WHEN))


def _alone(ctx: Context, review: Review) -> int:
    catalog = ctx.course_catalog
    return typeset.typeset_review(review, catalog.by_key[review.reading], ctx.course,
                                  catalog).pages


def _batched(ctx: Context, reviews: list[Review]) -> list[int]:
    catalog = ctx.course_catalog
    return typeset.page_counts([(r, catalog.by_key[r.reading], None) for r in reviews],
                               ctx.course, catalog)


def _longest_one_page(ctx: Context, unit: str) -> int:
    """The most repeats of ``unit`` that still typeset to one page alone."""
    lo, hi = 1, 64
    while _alone(ctx, _review(unit * hi)) == 1:
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if _alone(ctx, _review(unit * mid)) == 1 else (lo, mid)
    return lo


def test_a_batch_counts_each_review_as_it_typesets_alone(ctx: Context) -> None:
    empty, one, two = _review(""), _review(SHORT), _review(SHORT * 18)
    notes = _review("".join(f"Claim {i}.[^n{i}]\n\n" for i in range(30)) + "".join(
        f"[^n{i}]: " + "A long footnote that goes on. " * 8 + "\n" for i in range(30)))
    alone = [_alone(ctx, r) for r in (empty, one, two, notes)]
    assert alone[:3] == [1, 1, 2] and alone[3] >= 2
    # In every position: first, in the middle, last.
    assert _batched(ctx, [empty, one, two, notes]) == alone
    assert _batched(ctx, [two, notes, empty, one]) == [alone[2], alone[3], alone[0], alone[1]]
    assert _batched(ctx, [one, empty]) == [1, 1]


@pytest.mark.parametrize("unit", ["word ", "A sentence that ends here.\n\n", "- an item\n"])
def test_a_review_that_just_fills_its_page_is_one_page_in_a_batch(ctx: Context,
                                                                  unit: str) -> None:
    """The marker each review of a batch opens with takes no room: the fullest one-page review
    stays one page, one more line makes two, wherever it stands in the batch."""
    n = _longest_one_page(ctx, unit)
    full, over = _review(unit * n), _review(unit * (n + 1))
    assert _alone(ctx, over) == 2
    assert _batched(ctx, [full, over, full, _review(SHORT), over]) == [1, 2, 1, 1, 2]


def test_a_review_typst_refuses_is_found_alone_and_the_others_counted(
        ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    real = typeset.typeset_review

    def picky(review: Review, *args: Any, **kwargs: Any) -> Any:
        if "REFUSE" in review.body:
            raise typeset.ExportError("refused")
        return real(review, *args, **kwargs)

    def refusing(*args: Any, **kwargs: Any) -> Any:
        raise typeset.ExportError("one review of the batch is refused")

    monkeypatch.setattr(typeset, "typeset_review", picky)
    monkeypatch.setattr(typeset, "page_counts", refusing)
    collect_typeset._init(ctx.course, ctx.course_catalog)
    tasks = [Task(f"{k}.md", _review(body, k), "") for k, body in
             [("r00", SHORT), ("r01", "REFUSE " + SHORT), ("r02", SHORT * 18)]]
    got = dict(collect_typeset.measure_batch(tasks))
    assert (got["r00.md"].pages, got["r02.md"].pages) == (1, 2)
    assert got["r01.md"].pages is None
    assert got["r01.md"].typeset_error == "could not be typeset: refused"


def test_collect_in_batches_gives_the_pages_of_one_compile_each(
        instructor: Path, submissions: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    specs = [*on_time(3), Spec("r03", WHEN, SHORT * 18), Spec("r04", WHEN, "")]
    write_reviews(submissions / "ada" / "reviews", specs, "Ada Lovelace", "ada@uni.edu")
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": "2021-06-01T12:00:00-05:00"})
    batched = collect([submissions], ctx, jobs=1, store=False)
    monkeypatch.setattr(collect_typeset, "BATCH", 1)  # one review a batch: typeset alone
    alone = collect([submissions], ctx, jobs=1, store=False)
    pages = {r.entry.file: r.entry.pages for r in batched.students[0].reviews}
    assert pages == {r.entry.file: r.entry.pages for r in alone.students[0].reviews}
    assert sorted(pages.values()) == [1, 1, 1, 1, 2]


def test_a_worker_pool_measures_batches_too(instructor: Path, submissions: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ada", "bob", "cy"):
        write_reviews(submissions / name / "reviews", [*on_time(2), Spec("r05", WHEN,
                      SHORT * 18)], name.title(), f"{name}@uni.edu")
    ctx = Context.discover(str(instructor), {"PAPERDESK_NOW": "2021-06-01T12:00:00-05:00"})
    monkeypatch.setattr(collect_typeset, "BATCH", 2)  # several batches for the two workers
    book = collect([submissions], ctx, jobs=2, store=False)
    for student in book.students:
        assert sorted(r.entry.pages or 0 for r in student.reviews) == [1, 1, 2]


def test_status_of_a_review_changes_nothing_in_a_batch(ctx: Context) -> None:
    """A draft in the batch (collect only batches final reviews, but the count must not depend
    on it): the header says Draft instead of a date, on one line either way."""
    final = _review(SHORT * 17)
    draft = final.replace(status="draft", submitted=None)
    assert _batched(ctx, [final, draft]) == [_alone(ctx, final), _alone(ctx, draft)]
