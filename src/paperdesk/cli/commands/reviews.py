"""review, submit, unsubmit, discard, status and mark: writing reviews and meeting the deadlines."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from paperdesk.cli.commands.common import context, print_json, warn
from paperdesk.core.status import ReadingStatus

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # argparse too: `status` alone is parsed without it (cli.main.QUICK_LINES)
    import argparse
    from datetime import tzinfo

    from paperdesk.core.deadlines import Standing
    from paperdesk.core.feedback import FeedbackFile
    from paperdesk.core.review import Review
    from paperdesk.services.context import Context
    from paperdesk.services.identity import Ask


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("review", help="write the review of a reading in your editor",
                       description="Open reviews/KEY.md in $VISUAL or $EDITOR, creating it from "
                       "the template first if it is new, and wait until the editor closes.")
    p.add_argument("key", metavar="KEY", help="the reading's citekey (paperdesk list shows them)")
    p.set_defaults(handler=cmd_review)

    p = sub.add_parser("submit", help="mark a review final (it counts from now)",
                       description="Mark reviews/KEY.md final with the current time "
                       "($PAPERDESK_NOW if set). Refuses an empty review, a review of an unknown "
                       "reading, and one longer than the course's page limit.")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=cmd_submit)

    p = sub.add_parser("unsubmit", help="turn a final review back into a draft",
                       description="Make reviews/KEY.md a draft again: it no longer counts "
                       "until it is submitted again (unchanged, it keeps its submission time). "
                       "A review that counts toward a batch that has closed is refused without "
                       "--force.")
    p.add_argument("key", metavar="KEY")
    p.add_argument("--force", action="store_true",
                   help="un-submit even a review that counts toward a closed batch")
    p.set_defaults(handler=cmd_unsubmit)

    p = sub.add_parser("discard", help="delete a draft review (never a final one)",
                       description="Delete reviews/KEY.md (and the PDF exported from it) if it "
                       "is a draft, after asking on the terminal. A final review is never "
                       "discarded: unsubmit it first.")
    p.add_argument("key", metavar="KEY")
    p.add_argument("-y", "--yes", action="store_true",
                   help="do not ask (needed where there is no terminal to ask on)")
    p.set_defaults(handler=cmd_discard)

    p = sub.add_parser("status", help="the deadlines and where you stand",
                       description="What is due next, how many reviews are left, the days left, "
                       "which drafts could finish the batch, late reviews and points.")
    p.add_argument("--json", action="store_true", help="print JSON instead of sentences")
    p.set_defaults(handler=cmd_status)

    p = sub.add_parser("whoami", help="the name and email that sign your reviews",
                       description="Show the name and email paperdesk signs your reviews with, "
                       "and where each comes from (PAPERDESK_STUDENT / PAPERDESK_EMAIL, or the "
                       "config file); --name and --email change them in the config file.")
    p.add_argument("--name", metavar="NAME", help="your name, as on your reviews")
    p.add_argument("--email", metavar="EMAIL", help="your email")
    p.set_defaults(handler=cmd_whoami)

    p = sub.add_parser("mark", help="set how far you are with a reading",
                       description="Set a reading's status: unread, reading or read.")
    p.add_argument("key", metavar="KEY")
    p.add_argument("status", choices=[s.value for s in ReadingStatus])
    p.set_defaults(handler=cmd_mark)


def _terminal_ask() -> Ask | None:
    """Questions go to the terminal; with no terminal nobody can answer, so there is no asking."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None

    def ask(prompt: str) -> str:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        try:
            return input()
        except EOFError:
            return ""

    return ask


@contextlib.contextmanager
def _editor_has_the_terminal() -> Iterator[None]:
    """While the editor runs, ctrl+c and ctrl+\\ are the editor's (as git does): paperdesk must
    not die under it, and must get to clean up after it."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or os.name == "nt":
        yield
        return
    old = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGQUIT)}
    try:
        yield
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def cmd_review(args: argparse.Namespace) -> int:
    import shlex
    import subprocess

    from paperdesk.core.errors import PaperdeskError, ReviewError
    from paperdesk.services.reviews import (
        create_review,
        drop_if_unwritten,
        is_new,
        load_review,
        reading_of,
        write_for_editor,
    )

    ctx = context(args)
    editor = ctx.environ.get("VISUAL", "").strip() or ctx.environ.get("EDITOR", "").strip()
    loaded = create_review(ctx, args.key, ask=_terminal_ask() if editor else None) if editor \
        else None
    if loaded is None:
        reading_of(ctx, args.key)  # an unknown key is the first thing to say
        raise PaperdeskError(f"neither $VISUAL nor $EDITOR is set, so there is no editor to open "
                             f"the review of {args.key} in: set one (like export EDITOR=nano), or "
                             "write it in the desk (run paperdesk)")
    # A new review gets its file now (the editor needs one), and loses it again below if the
    # student wrote nothing: looking is not writing.
    created = is_new(loaded)
    loaded = write_for_editor(ctx, loaded)
    command = [*shlex.split(editor), str(loaded.path)]
    code: int | None = None
    try:
        editing = subprocess.Popen(command)  # started first: it must not inherit SIG_IGN
        with _editor_has_the_terminal():
            code = editing.wait()
    except OSError as exc:
        raise PaperdeskError(f"cannot start the editor {command[0]!r} (from $VISUAL/$EDITOR): "
                             f"{exc.strerror}") from exc
    finally:
        after = None
        with contextlib.suppress(ReviewError):  # else the editor deleted it
            after = load_review(ctx, args.key, strict=False)
        gone = after is None or (created and drop_if_unwritten(ctx, after))
    if code:
        warn(f"the editor exited with status {code}")
    if after is None and not created:
        print(f"{loaded.label} is gone (deleted in the editor)")
        return 0
    if gone:
        print(f"nothing written, so {loaded.label} was not kept "
              f"(paperdesk review {args.key} starts it again)")
        return 0
    assert after is not None
    if created:
        print(f"created {after.label}")
    if after.problem is not None:
        warn(f"{after.problem} (fix it before submitting)")
        return 1
    assert after.review is not None
    print(f"{after.label}: {review_summary(ctx, after.review)}"
          + ("" if after.review.is_final else f" paperdesk submit {args.key} when it is ready."))
    return 0


def review_summary(ctx: Context, review: Review) -> str:
    """'draft, 275 words, fits on one page.' with the editor's count and wording (the pages
    are left out where the typesetter cannot load)."""
    from paperdesk.core.review import DRAFT, FINAL
    from paperdesk.core.review_format import over_limit, pages_phrase, word_count
    from paperdesk.services.reviews import page_count

    words = word_count(review.body)
    parts = [FINAL if review.is_final else DRAFT, f"{words} word{'s' if words != 1 else ''}"]
    pages = page_count(ctx, review)
    limit = ctx.course.rules.page_limit
    if pages is not None:
        parts.append(pages_phrase(pages, limit)
                     + (" (submit refuses it until it is shortened)"
                        if over_limit(pages, limit) else ""))
    return ", ".join(parts) + "."


def cmd_submit(args: argparse.Namespace) -> int:
    from paperdesk.core.deadlines import when_text as when
    from paperdesk.services.reviews import current_standing, load_review, submit

    ctx = context(args)
    tz = ctx.course.timezone
    before = load_review(ctx, args.key).review
    review = submit(ctx, args.key)
    assert review.submitted is not None
    if before is not None and before.is_final:
        print(f"{args.key} is already final, submitted {when(review.submitted, tz)} "
              f"(paperdesk unsubmit {args.key} first to submit it again).")
        return 0
    from paperdesk.core.resubmission import earlier_submission

    kept = before is not None and earlier_submission(before) == review.submitted
    print(f"{args.key}: final, submitted {when(review.submitted, tz)}"
          + (" (unchanged since it was last final: its time is kept)." if kept else "."))
    from paperdesk.services.reviews import is_own, own_note

    if is_own(ctx, args.key):
        print(f"It does not count toward the course: {args.key} is {own_note(ctx)}.")
        return 0
    st = current_standing(ctx)
    for batch in st.batches:
        if args.key in batch.counted:
            print(f"It counts toward {batch.name}: {len(batch.counted)} of {batch.size}.")
            break
    else:
        if args.key in st.late:
            warn(f"{args.key} is late (after the last due time, or every batch is full): "
                 "it earns nothing")
        elif args.key in st.duplicates:
            warn(f"{args.key} was already counted once: a reading counts once")
    return 0


def cmd_unsubmit(args: argparse.Namespace) -> int:
    from paperdesk.services.reviews import unsubmit

    ctx = context(args)
    unsubmit(ctx, args.key, force=args.force)
    print(f"{args.key} is a draft: it does not count until it is submitted again "
          "(unchanged, it keeps its submission time).")
    return 0


def cmd_whoami(args: argparse.Namespace) -> int:
    from paperdesk.services.identity import identity_report, set_identity

    if args.name is not None or args.email is not None:
        path = set_identity(args.name, args.email)
        print(f"saved in {path}")
    report = identity_report(os.environ)
    for label, value, source, env, given in (
            ("name", report.name, report.name_from, "PAPERDESK_STUDENT", args.name),
            ("email", report.email, report.email_from, "PAPERDESK_EMAIL", args.email)):
        where = f"from {source}" if source else "set nowhere"
        print(f"{label + ':':<7}{value or '(none)'}  ({where})")
        if given is not None and source == env:
            warn(f"{env} is set, and wins over the config file: unset it to use {given!r}")
    if args.name is None and args.email is None:
        print(f"Kept in {report.config} (paperdesk whoami --name NAME --email EMAIL changes "
              "them); PAPERDESK_STUDENT and PAPERDESK_EMAIL win over it.")
    return 0


def cmd_discard(args: argparse.Namespace) -> int:
    from paperdesk.core.errors import ReviewError
    from paperdesk.core.review_format import word_count
    from paperdesk.services.reviews import discard_draft, load_review

    ctx = context(args)
    loaded = load_review(ctx, args.key, strict=False)
    if not args.yes:
        if loaded.review is not None and loaded.review.is_final:
            discard_draft(ctx, args.key)  # refuses, with the reason
        ask = _terminal_ask()
        if ask is None:
            raise ReviewError(f"not discarded: there is no terminal to ask on (paperdesk discard "
                              f"{args.key} --yes deletes it without asking)", path=loaded.label)
        words = word_count(loaded.review.body) if loaded.review is not None else 0
        pdf = loaded.path.with_suffix(".pdf")
        also = f" and {_shown(ctx, pdf)}" if pdf.is_file() else ""
        answer = ask(f"Delete {loaded.label} (a draft, {words} word{'s' if words != 1 else ''})"
                     f"{also}? It cannot be undone. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    for path in discard_draft(ctx, args.key):
        print(f"deleted {_shown(ctx, path)}")
    return 0


def _shown(ctx: Context, path: Path) -> str:
    try:
        return str(path.relative_to(ctx.workspace.root))
    except ValueError:
        return str(path)


def cmd_status(args: argparse.Namespace) -> int:
    from paperdesk.services.reviews import scan_reviews, standing_of

    ctx = context(args)
    scan = scan_reviews(ctx, measure=True)  # pages counted, as collect counts them
    st = standing_of(ctx, scan.reviews)
    own = sorted(dict.fromkeys(r.reading for r in scan.own))
    from paperdesk.services.feedback import load

    fb = load(ctx)
    if args.json:
        print_json({**st.to_json(), "own_readings": own,
                    "problems": [str(p) for p in scan.problems],
                    "feedback": {r.reading: r.short_json() for r in fb.reviews} if fb else {}})
    else:
        tz = ctx.course.timezone
        sys.stdout.write(describe(st, tz, f"{ctx.course.name}, {ctx.course.term}".strip(", ")))
        if own:
            from paperdesk.services.catalog import my_bib

            print(f"Not counted: {len(own)} review{'s' if len(own) != 1 else ''} of your own "
                  f"readings (from {my_bib(ctx.workspace, ctx.environ).name}) "
                  f"{'do' if len(own) != 1 else 'does'} not count toward the course: "
                  f"{_keys(own)}")
        if fb is not None:
            sys.stdout.write(describe_feedback(fb, st))
    for problem in scan.problems:
        warn(f"{problem}; left out")
    return 0


def describe_feedback(fb: FeedbackFile, st: Standing) -> str:
    """The marked points beside the counted ones, one line per marked review."""
    marked = [r for r in fb.reviews if r.marked]
    earned = sum(r.points for r in marked)
    lines = [f"Feedback of {fb.created[:10]}: {len(marked)} review"
             f"{'s' if len(marked) != 1 else ''} marked, "
             f"{earned} point{'s' if earned != 1 else ''} "
             f"(counted here: {st.points} of {st.max_points}; the gradebook said "
             f"{fb.points} of {fb.max_points})."]
    for r in fb.reviews:
        state = f"{r.points} of {r.max_points}" + (f" by {r.marked_by}" if r.marked_by else "") \
            if r.marked else "not marked yet"
        first = r.comment.strip().splitlines()[0] if r.comment.strip() else ""
        lines.append(f"  {r.reading}: {state}" + (f": {first[:60]}" if first else ""))
    return "\n".join(lines) + "\n"


def _keys(keys: tuple[str, ...] | list[str]) -> str:
    return ", ".join(keys)


def describe(st: Standing, tz: tzinfo, course: str) -> str:
    """The standing in plain sentences."""
    from paperdesk.core.deadlines import days_phrase
    from paperdesk.core.deadlines import when_text as when

    lines = [" · ".join(p for p in (st.student, course, when(st.now, tz)) if p), ""]
    nxt = st.next_batch
    if nxt is not None:
        lines.append(f"Next due: {nxt.name}, {when(nxt.due, tz)} ({days_phrase(nxt)}).")
        lines.append(f"  {len(nxt.counted)} of {nxt.size} counted; {nxt.remaining} to go.")
        drafts = st.candidates
        if drafts:
            if len(drafts) >= nxt.remaining:
                tail = f"submitting {nxt.remaining} of them would finish it"
            else:
                tail = f"submit them, then {nxt.remaining - len(drafts)} more finish it"
            lines.append(f"  {len(drafts)} draft{'s' if len(drafts) != 1 else ''} could count "
                         f"toward it ({tail}): {_keys(drafts)}")
        else:
            lines.append("  No drafts waiting: paperdesk review KEY starts one.")
    elif all(b.full for b in st.batches):
        lines.append(f"Every batch is complete: all {len(st.counted)} reviews count.")
    elif st.batches[-1].passed:
        last = st.batches[-1]
        lines.append(f"The last due time ({when(last.due, tz)}) has passed: new submissions "
                     "are late and earn nothing.")
    else:  # the batches still open are full, the others closed short
        lines.append("No open batch has room left: new submissions earn nothing.")
    lines.append("")
    for b in st.batches:
        state = "complete" if b.full else "closed" if b.passed else "open"
        missed = f" {b.remaining} missed." if b.passed and not b.full else ""
        extended = " (extended for you)" if b.extended else ""
        lines.append(f"{b.name}: due {when(b.due, tz)}{extended} ({days_phrase(b)}), "
                     f"{len(b.counted)} of {b.size} counted, {state}.{missed}")
    if st.penalties:
        lines.append("Counted late, less a penalty: " + ", ".join(
            f"{k} (-{n})" for k, n in st.penalties.items()))
    if st.excused:
        lines.append(f"Excused (counted as on time): {_keys(st.excused)}")
    if st.late:
        lines.append(f"Late (earn nothing): {_keys(st.late)}")
    if st.duplicates:
        lines.append(f"Reviewed twice (a reading counts once): {_keys(st.duplicates)}")
    if nxt is None and st.drafts:
        lines.append(f"Drafts: {_keys(st.drafts)}")
    points = f"Points: {st.points} of {st.max_points} ({st.points_per_review} a review)."
    if nxt is not None and st.reachable < st.max_points:
        points += f" At most {st.reachable} still possible."
    lines.append(points)
    return "\n".join(lines) + "\n"


def cmd_mark(args: argparse.Namespace) -> int:
    from paperdesk.services.statuses import set_reading_status

    ctx = context(args)
    set_reading_status(ctx, args.key, args.status)
    print(f"{args.key}: {args.status}")
    return 0
