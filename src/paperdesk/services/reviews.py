"""Writing, submitting and counting reviews: the student's core loop, for the CLI and the TUI.

A review lives in ``reviews/<key>.md``. Loading one returns the text and a token of the bytes
read; saving it back checks the token, so a change made on disk meanwhile is never overwritten.

The values here are FrozenValues, not dataclasses: ``status``, ``submit`` and ``unsubmit`` load
neither dataclasses nor inspect.
"""

from __future__ import annotations

from pathlib import Path

from paperdesk.adapters import reviewfiles
from paperdesk.adapters.reviewfiles import FileToken
from paperdesk.core.deadlines import Standing, exceptions_for, standing
from paperdesk.core.errors import PaperdeskError, ReviewError, UnknownReadingError
from paperdesk.core.readable import over_length, oversize, oversize_message
from paperdesk.core.reading import Reading
from paperdesk.core.resubmission import (
    UnsubmitLoss,
    earlier_submission,
    unsubmit_loss,
    withdrawn,
    without_history,
)
from paperdesk.core.review import DRAFT, FINAL, Review
from paperdesk.core.review_format import (
    field_line,
    has_writing,
    is_blank,
    pages_phrase,
    parse_review,
    render_review,
    split_front_matter,
)
from paperdesk.core.values import FrozenValue
from paperdesk.services.catalog import reading_by_key
from paperdesk.services.context import Context
from paperdesk.services.identity import Ask, known_identity, student_identity

# A reading state belongs to services.statuses: re-exported for the callers that look here.
from paperdesk.services.statuses import set_reading_status as set_reading_status


class LoadedReview(FrozenValue):
    """A review file as read: its text, the token of its bytes, and the parsed review.

    ``review`` is None (and ``problem`` says why) when the text does not parse: the text can
    still be edited and saved, which is how a broken file gets fixed.
    """

    __slots__ = ("key", "label", "path", "problem", "review", "text", "token")
    key: str
    path: Path
    label: str  # the name shown in messages: reviews/<key>.md
    text: str
    token: FileToken | None
    review: Review | None
    problem: ReviewError | None

    def __init__(self, key: str, path: Path, label: str, text: str, token: FileToken | None,
                 review: Review | None, problem: ReviewError | None = None) -> None:
        init = object.__setattr__
        init(self, "key", key)
        init(self, "path", path)
        init(self, "label", label)
        init(self, "text", text)
        init(self, "token", token)
        init(self, "review", review)
        init(self, "problem", problem)


class UnsubmitRefused(ReviewError):
    """Un-submitting would lose an on-time submission: the caller must ask first."""

    title = "unsubmit"

    def __init__(self, message: str, loss: UnsubmitLoss, *, path: str | None = None) -> None:
        super().__init__(message, path=path)
        self.loss = loss


class ReviewScan(FrozenValue):
    __slots__ = ("own", "problems", "reviews")
    reviews: list[Review]  # of course readings: what the batch rules count
    problems: list[PaperdeskError]
    # Reviews of the student's own readings (my-readings.bib): kept, never counted.
    own: list[Review]

    def __init__(self, reviews: list[Review], problems: list[PaperdeskError],
                 own: list[Review] | None = None) -> None:
        init = object.__setattr__
        init(self, "reviews", reviews)
        init(self, "problems", problems)
        init(self, "own", [] if own is None else own)


def _label(ctx: Context, path: Path) -> str:
    try:
        return str(path.relative_to(ctx.workspace.root))
    except ValueError:
        return str(path)


def review_path(ctx: Context, key: str) -> Path:
    """Where the review of ``key`` is (or would be); ReviewError for a key unsafe as a name."""
    return reviewfiles.review_file(ctx.workspace.reviews_dir, key)


def reading_of(ctx: Context, key: str) -> Reading:
    """The catalog's reading ``key``; UnknownReadingError (with near matches) otherwise."""
    return reading_by_key(ctx.catalog, key)


def _parsed(key: str, path: Path, label: str, text: str, token: FileToken | None) -> LoadedReview:
    try:
        return LoadedReview(key, path, label, text, token, parse_review(text, label))
    except ReviewError as exc:
        return LoadedReview(key, path, label, text, token, None, exc)


def load_review(ctx: Context, key: str, strict: bool = True) -> LoadedReview:
    """Read ``reviews/<key>.md``. ``strict``: raise when it does not parse (else keep the text)."""
    path = review_path(ctx, key)
    label = _label(ctx, path)
    if not path.exists():
        try:
            reading_of(ctx, key)
        except UnknownReadingError as exc:  # a typo, not a review still to write
            raise ReviewError(str(exc)) from exc
        raise ReviewError(f"no review of {key} yet (paperdesk review {key} starts one)",
                          path=label)
    text, token = reviewfiles.read_review_file(path, label)
    reviewfiles.remove_stale_temporaries(path.parent)  # left by saves a kill interrupted
    loaded = _parsed(key, path, label, text, token)
    if strict and loaded.problem is not None:
        raise loaded.problem
    return loaded


def create_review(ctx: Context, key: str, ask: Ask | None = None) -> LoadedReview:
    """The review of ``key``: its file, or a new one from the template that is NOT written yet.

    Looking is not writing: a new review (``token`` None, see :func:`is_new`) gets its file on
    the first :func:`save_review` of text the student wrote; left untouched, it leaves no file
    for ``status``, ``handin`` or ``collect`` to talk about.
    """
    path = review_path(ctx, key)
    if path.exists():
        return load_review(ctx, key, strict=False)
    from paperdesk.core.review_format import new_review_text

    reading = reading_of(ctx, key)
    who = student_identity(ctx, ask)
    text = new_review_text(reading, who.name, who.email)
    return _parsed(key, path, _label(ctx, path), text, None)


def is_new(loaded: LoadedReview) -> bool:
    """True for a review that has no file yet (started from the template, never saved)."""
    return loaded.token is None


def worth_saving(loaded: LoadedReview, text: str) -> bool:
    """Whether ``text`` should be written over ``loaded``: always for a file that exists; for a
    new review only once it holds writing (the template's prompts alone are not text)."""
    if not is_new(loaded):
        return text != loaded.text
    try:
        body = split_front_matter(text, loaded.label)[1]
    except ReviewError:
        return True  # the student broke the front matter: that is something they did
    return has_writing(body)


def write_for_editor(ctx: Context, loaded: LoadedReview) -> LoadedReview:
    """Write a new review's template, so an outside editor ($EDITOR) has a file to open.
    Pair with :func:`drop_if_unwritten` once the editor has closed."""
    if not is_new(loaded):
        return loaded
    return save_review(ctx, loaded, loaded.text)


def drop_if_unwritten(ctx: Context, loaded: LoadedReview) -> bool:
    """Delete the file :func:`write_for_editor` made if the student wrote nothing in it (a draft
    whose body is only the template's notes, unchanged since ``loaded`` was read). True when
    the file is gone."""
    if loaded.token is None:
        return not loaded.path.exists()
    review = loaded.review
    if review is None or review.status != DRAFT or has_writing(review.body):
        return False
    if reviewfiles.current_token(loaded.path) != loaded.token:
        return False  # changed since it was read: someone wrote something
    loaded.path.unlink(missing_ok=True)
    return True


def discard_draft(ctx: Context, key: str) -> list[Path]:
    """Delete the draft review of ``key`` (and the PDF exported from it); refuses a final
    review, and a file that does not parse (it might be a final one). Returns what was removed.
    """
    loaded = load_review(ctx, key, strict=False)
    review = loaded.review
    if review is None:
        raise ReviewError(f"does not parse ({loaded.problem}), so it might be a final review: "
                          "not discarded (fix it, or delete the file yourself)", path=loaded.label)
    if review.is_final or review.status == FINAL:
        raise ReviewError(f"is final, so it is not discarded (paperdesk unsubmit {key} first, if "
                          "you really mean to throw it away)", path=loaded.label)
    if reviewfiles.current_token(loaded.path) != loaded.token:
        raise ReviewError("changed while being discarded; nothing was deleted", path=loaded.label)
    removed = [loaded.path]
    loaded.path.unlink()
    pdf = loaded.path.with_suffix(".pdf")
    if pdf.is_file():
        pdf.unlink()
        removed.append(pdf)
    return removed


def save_review(ctx: Context, loaded: LoadedReview, text: str) -> LoadedReview:
    """Save ``text`` over ``loaded``; ReviewConflictError if the file changed on disk since (or,
    for a new review, was created meanwhile)."""
    loaded.path.parent.mkdir(parents=True, exist_ok=True)
    if loaded.token is None:
        reviewfiles.remove_stale_temporaries(loaded.path.parent)  # left by interrupted saves
    token = reviewfiles.write_review_file(loaded.path, text, loaded.token, loaded.label)
    return _parsed(loaded.key, loaded.path, loaded.label, text, token)


def save_beside(ctx: Context, loaded: LoadedReview, text: str) -> str:
    """Keep ``text`` in a new file beside the review (``reviews/<key>.md.mine-<time>``), when the
    review changed on disk and both versions are kept. Not named ``*.md``: status, export and
    collect never take it for a review. Returns its label."""
    stamp = ctx.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        side = loaded.path.with_name(f"{loaded.path.name}.mine-{stamp}{f'-{n}' if n else ''}")
        if not side.exists():
            break
    label = _label(ctx, side)
    reviewfiles.write_review_file(side, text, None, label)
    return label


def _checked(ctx: Context, loaded: LoadedReview) -> Review:
    """The parsed review, once it is known to review the reading its file is named after."""
    review = loaded.review
    if review is None:  # load_review(strict=True) raised already; kept for the type checker
        raise loaded.problem or ReviewError("cannot be read", path=loaded.label)
    line = field_line(loaded.text, "reading")
    if ctx.catalog.get(review.reading) is None:
        raise ReviewError(f"reading {review.reading!r} is not in {ctx.workspace.bib.name}",
                          path=loaded.label, line=line)
    if review.reading != loaded.key:
        raise ReviewError(f"reviews {review.reading!r} but the file is named after {loaded.key!r}:"
                          " fix reading: or rename the file", path=loaded.label, line=line)
    return review


def page_count(ctx: Context, review: Review) -> int | None:
    """Pages of the review typeset with the course template; None where export cannot load.

    typst loads only here. The tests of the review loop block the export module to stay fast
    and to prove submit imports nothing heavy; the page limit itself is tested with real typst.
    """
    try:
        from paperdesk.services.export import pages_of
    except ImportError:
        return None
    return pages_of(ctx, review)


def submit(ctx: Context, key: str) -> Review:
    """Mark the review final at ``ctx.now()``; refuses an empty, unknown or too long review.

    A review that is already final keeps its submission time (submitting again would only make
    it later); :func:`unsubmit` first to submit it anew. A review un-submitted and submitted
    again with the body it had when it was final gets its earlier time back.
    """
    loaded = load_review(ctx, key)
    review = _checked(ctx, loaded)
    if review.is_final:
        return review
    if is_blank(review.body):
        raise ReviewError("is empty (only the template's notes): write the review first",
                          path=loaded.label)
    when = earlier_submission(review) or (
        ctx.now().astimezone(ctx.course.timezone).replace(microsecond=0))
    student = review.student
    if not student:
        who = known_identity(ctx)
        student = who.name if who else ""
    final = without_history(review.replace(status=FINAL, submitted=when, student=student))
    limit = ctx.course.rules.page_limit
    too_big = oversize(final.body)  # the rule collect applies (core.readable): not typeset
    if too_big:
        raise ReviewError(f"{oversize_message(too_big)}: shorten it (delete old notes), then "
                          "submit", path=loaded.label)
    pages = page_count(ctx, final)
    if pages is not None and over_length(pages, 0, limit):
        raise ReviewError(f"{pages_phrase(pages, limit)}; shorten it, then submit",
                          path=loaded.label)
    save_review(ctx, loaded, render_review(final))
    return final


def unsubmit_risk(ctx: Context, key: str) -> UnsubmitLoss | None:
    """What un-submitting the review of ``key`` would lose: its place in a batch that has
    closed; None when it would lose nothing that submitting again cannot bring back."""
    review = _checked(ctx, load_review(ctx, key))
    if not review.is_final:
        return None
    return unsubmit_loss(current_standing(ctx), review)


def loss_text(ctx: Context, loss: UnsubmitLoss) -> str:
    """What is lost, in words (the CLI's refusal and the desk's dialog say the same)."""
    from paperdesk.core.deadlines import when_text

    tz = ctx.course.timezone
    return (f"submitted {when_text(loss.submitted, tz)}, it counts toward {loss.batch}, which "
            f"closed {when_text(loss.due, tz)}; as a draft it no longer counts, and once "
            f"edited it is a new submission, too late for {loss.batch}")


def unsubmit(ctx: Context, key: str, force: bool = False) -> Review:
    """Turn a final review back into a draft. The front matter keeps when it was submitted (see
    :mod:`paperdesk.core.resubmission`). One that counts toward a batch that has closed is
    refused with :class:`UnsubmitRefused` unless ``force``: the caller asks the student first.
    """
    loaded = load_review(ctx, key)
    review = _checked(ctx, loaded)
    if review.status == DRAFT and review.submitted is None:
        return review
    if not force:
        loss = unsubmit_loss(current_standing(ctx), review)
        if loss is not None:
            raise UnsubmitRefused(f"{loss_text(ctx, loss)}: paperdesk unsubmit {key} --force "
                                  "does it anyway", loss, path=loaded.label)
    draft = withdrawn(review)
    save_review(ctx, loaded, render_review(draft))
    return draft


def scan_reviews(ctx: Context, measure: bool = False) -> ReviewScan:
    """The reviews in ``reviews/`` that parse and name a known reading; the others' errors.

    ``measure`` (``paperdesk status``) also counts the pages of each final review, as ``collect``
    does, and leaves out those over the limit: the student sees what the instructor will.
    """
    reviews: list[Review] = []
    own: list[Review] = []
    problems: list[PaperdeskError] = []
    pages = _PageCounter(ctx) if measure else None
    if ctx.workspace.reviews_dir.is_dir():
        reviewfiles.remove_stale_temporaries(ctx.workspace.reviews_dir)
    for path in reviewfiles.review_files(ctx.workspace.reviews_dir):
        label = _label(ctx, path)
        try:
            text, _token = reviewfiles.read_review_file(path, label)
            review = parse_review(text, label)
        except ReviewError as exc:
            problems.append(exc)
            continue
        reading = ctx.catalog.get(review.reading)
        if reading is None:
            problems.append(ReviewError(
                f"reading {review.reading!r} is not in {ctx.workspace.bib.name}; not counted",
                path=label, line=field_line(text, "reading")))
            continue
        if reading.personal:  # the student's own reading: never counted toward the course
            own.append(review)
            continue
        too_big = oversize(review.body)
        if review.is_final and too_big:  # over length for collect too: it would earn nothing
            problems.append(ReviewError(f"{oversize_message(too_big)}; not counted",
                                        path=label))
            continue
        if review.is_final and pages is not None:
            count, limit = pages.count(review, text), ctx.course.rules.page_limit
            if count is not None and over_length(count, 0, limit):
                problems.append(ReviewError(
                    f"{pages_phrase(count, limit)}, not counted "
                    f"(paperdesk unsubmit {review.reading}, shorten it, submit again)",
                    path=label))
                continue
        reviews.append(review)
    if pages is not None:
        pages.save()
    return ReviewScan(reviews, problems, own)


class _PageCounter:
    """Page counts of final reviews, typeset only when not remembered from an earlier run."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._known: dict[str, int] | None = None  # read at the first final review
        self.changed = False
        self._setting = ""

    @property
    def known(self) -> dict[str, int]:
        if self._known is None:
            from paperdesk.adapters import page_cache

            self._known = page_cache.load(self.ctx.workspace.state_dir)
        return self._known

    def _key(self, review: Review, text: str) -> str:
        import hashlib
        import json

        ctx = self.ctx
        if not self._setting:  # what else the page depends on: course, student, cited readings
            try:
                who = known_identity(ctx)
            except PaperdeskError:  # an unreadable config file: the front matter names them
                who = None
            readings = [(r.key, r.title, r.authors, r.year, r.venue) for r in ctx.catalog.readings]
            self._setting = json.dumps([ctx.course.name, ctx.course.term, str(ctx.course.timezone),
                                        [who.name, who.email] if who else [], readings])
        reading = ctx.catalog.get(review.reading)
        data = json.dumps([text, reading.to_json() if reading else None, self._setting])
        return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()

    def count(self, review: Review, text: str) -> int | None:
        key = self._key(review, text)
        if key in self.known:
            return self.known[key]
        try:
            pages = page_count(self.ctx, review)
        except PaperdeskError:
            return None  # cannot be typeset here: export says why; collect reports it too
        if pages is not None:
            self.known[key] = pages
            self.changed = True
        return pages

    def save(self) -> None:
        if self.changed:
            from paperdesk.adapters import page_cache

            page_cache.store(self.ctx.workspace.state_dir, self.known)


def all_reviews(ctx: Context) -> list[Review]:
    return scan_reviews(ctx).reviews


def review_statuses(ctx: Context) -> dict[str, str]:
    """Reading key -> 'draft' or 'final' (final wins when a reading has several reviews).

    Fast and quiet, for the list's status column: files that do not parse are left out here;
    ``paperdesk status`` reports them.
    """
    out: dict[str, str] = {}
    for path in reviewfiles.review_files(ctx.workspace.reviews_dir):
        try:
            text, _token = reviewfiles.read_review_file(path)
            review = parse_review(text, str(path))
        except ReviewError:
            continue
        if out.get(review.reading) != FINAL:
            out[review.reading] = FINAL if review.is_final else DRAFT
    return out


def is_own(ctx: Context, key: str) -> bool:
    """Whether ``key`` is one of the student's own readings (never counted toward the course)."""
    reading = ctx.catalog.get(key)
    return reading is not None and reading.personal


def own_note(ctx: Context) -> str:
    """The plain words for a review of one's own reading, naming the file it comes from."""
    from paperdesk.services.catalog import my_bib

    return (f"your own reading (from {my_bib(ctx.workspace, ctx.environ).name}): "
            "reviews of it do not count toward the course")


def standing_of(ctx: Context, reviews: list[Review]) -> Standing:
    # The batch rules see course readings only: the student's own are never counted.
    reviews = [r for r in reviews if not is_own(ctx, r.reading)]
    who = known_identity(ctx)
    name = who.name if who else next((r.student for r in reviews if r.student), "")
    email = who.email if who else next((r.email for r in reviews if r.email), "")
    # The instructor's [[extensions]] for this student: the gradebook applies the same ones.
    exceptions = exceptions_for(ctx.course.extensions, (name, email))
    return standing(reviews, ctx.course.rules, ctx.now(), name, exceptions)


def current_standing(ctx: Context) -> Standing:
    """Where the student stands now (``PAPERDESK_NOW`` honoured), from the files in reviews/."""
    return standing_of(ctx, all_reviews(ctx))
