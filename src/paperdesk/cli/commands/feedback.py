"""``paperdesk feedback export OUTDIR`` (instructor) and ``feedback import FILE.zip`` (student)."""

from __future__ import annotations

import argparse
from pathlib import Path

from paperdesk.cli.commands.common import context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "feedback", help="send marks and comments to the students, or read yours",
        description="'feedback export OUTDIR' (instructor) writes OUTDIR/<Student>-feedback.zip "
        "per student: each marked review's points, outcome, comment, rubric lines, who marked "
        "it and when, and feedback.pdf. 'feedback import FILE.zip' (student) checks that the "
        "zip is for this course and for you and keeps it under feedback/ (a newer one replaces "
        "it); status, show and the desk then show it. Exit 2 when refused.")
    p.add_argument("action", choices=["export", "import"])
    p.add_argument("path", metavar="PATH", help="export: the folder to write; import: the zip")
    p.add_argument("--all", action="store_true",
                   help="export: every review, marked or not (default: marked ones only)")
    p.set_defaults(handler=cmd_feedback)


def cmd_feedback(args: argparse.Namespace) -> int:
    from paperdesk.services import feedback

    ctx = context(args)
    if args.action == "export":
        done = feedback.export(ctx, Path(args.path), everything=args.all)
        for e in done:
            print(f"{e.path}: {e.student}, {e.reviews} review{'s' if e.reviews != 1 else ''} "
                  f"({e.marked} marked)")
        if not done:
            print("No feedback to send: no review is marked yet (--all sends every review).")
        return 0
    fb = feedback.import_zip(ctx, Path(args.path))
    marked = sum(r.marked for r in fb.reviews)
    print(f"Feedback of {fb.created[:10]} imported into {feedback.feedback_dir(ctx)}: "
          f"{marked} of {len(fb.reviews)} reviews marked; standing {fb.points} of "
          f"{fb.max_points} points. paperdesk status shows it.")
    return 0
