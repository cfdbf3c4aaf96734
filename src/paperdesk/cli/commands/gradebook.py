"""The stored gradebook: ``gradebook``, ``roster``, ``extend``, ``excuse``, ``grade``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.cli.commands.common import context, print_json, warn

if TYPE_CHECKING:
    from paperdesk.core.gradebook import Gradebook


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "gradebook", help="the stored gradebook, without collecting again",
        description="Show what paperdesk collect stored, graded now: matched to the roster, "
        "with extensions, excusals and grade overrides. Nothing is read from the students' "
        "folders and nothing is typeset. Exit 0, or 2 when nothing was collected yet.")
    p.add_argument("--csv", metavar="FILE", help="write the gradebook as CSV ('-': stdout)")
    p.add_argument("--json", action="store_true", help="print the gradebook as JSON instead")
    p.add_argument("--markdown", metavar="FILE",
                   help="write a report, one section per student ('-': stdout)")
    p.add_argument("--canvas", metavar="FILE",
                   help="write Canvas's gradebook import CSV for the roster ('-': stdout)")
    p.add_argument("--tui", action="store_true", help="browse the gradebook in the terminal UI")
    p.add_argument("--todo", action="store_true",
                   help="list the counted reviews no grader has marked yet")
    p.set_defaults(handler=cmd_gradebook)

    p = sub.add_parser(
        "roster", help="the class list: import it, or list it",
        description="With no argument, list the roster. 'roster import FILE' reads Canvas's "
        "gradebook export (Student, ID, SIS User ID, SIS Login ID, Section; its 'Points "
        "Possible' row is skipped) or a plain CSV of name,email[,section], and replaces the "
        "course's roster with it. Submissions are matched by email or SIS login, else by name.")
    p.add_argument("action", nargs="?", choices=["import"], help="import FILE as the roster")
    p.add_argument("file", nargs="?", metavar="FILE", help="the CSV to import")
    p.add_argument("--json", action="store_true", help="print the roster as JSON")
    p.set_defaults(handler=cmd_roster)

    p = sub.add_parser(
        "extend", help="give one student a later due time for one batch",
        description="STUDENT is a roster student's email, SIS login or name (an unambiguous "
        "prefix will do). The extension is stored in the gradebook and survives every later "
        "collect; students see extensions written in course.toml's [[extensions]].")
    p.add_argument("student", metavar="STUDENT")
    p.add_argument("--batch", type=int, required=True, metavar="N", help="the batch, from 1")
    p.add_argument("--until", required=True, metavar="TIME",
                   help="the new due time, like 2021-04-23T16:00 (course time zone)")
    p.add_argument("--reason", default="", metavar="TEXT")
    p.set_defaults(handler=cmd_extend)

    p = sub.add_parser(
        "excuse", help="count one student's review as on time",
        description="The review of KEY by STUDENT counts as if submitted on time.")
    p.add_argument("student", metavar="STUDENT")
    p.add_argument("key", metavar="KEY", help="the reading's citekey")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(handler=cmd_excuse)

    p = sub.add_parser(
        "grade", help="set the points of one student's review",
        description="Override what one review earns (partial credit, 0 for a copied one). "
        "Recorded with the grader ($PAPERDESK_GRADER, else your configured identity) and the "
        "time; a later grade of the same review replaces it.")
    p.add_argument("student", metavar="STUDENT")
    p.add_argument("key", metavar="KEY", help="the reading's citekey")
    p.add_argument("--points", type=int, metavar="N",
                   help="what it earns, 0 to the course's points_per_review")
    p.add_argument("--comment", default="", metavar="TEXT", help="Markdown, $math$ allowed")
    p.add_argument("--rubric", action="append", default=[], metavar="NAME=SCORE",
                   help="a score per [[reviews.rubric]] item (repeat it): the points are the sum")
    p.set_defaults(handler=cmd_grade)


def cmd_gradebook(args: argparse.Namespace) -> int:
    from paperdesk.cli.commands.collect import _check_outputs, _write, show
    from paperdesk.core.gradebook_report import canvas_column, to_canvas
    from paperdesk.services.gradebook import build

    if args.canvas == "-" and (args.json or "-" in (args.csv, args.markdown)):
        from paperdesk.core.errors import CollectError

        raise CollectError("only one of --canvas, --csv, --markdown, --json can go to stdout")
    _check_outputs(args)
    ctx = context(args)
    book = build(ctx)
    if not book.students:
        warn("the gradebook is empty: paperdesk collect PATH... fills it "
             "(and paperdesk roster import FILE lists the class)")
        return 2
    if args.todo:
        return _todo(book)
    if args.canvas:
        column = canvas_column(ctx.course.lms_assignment, ctx.course.lms_assignment_id)
        text, left_out = to_canvas(book, column)
        _write(args.canvas, text)
        for line in left_out:
            warn(line)
        if args.canvas == "-":
            return 0
    code = show(args, book, ctx)
    if not (args.json or "-" in (args.csv, args.markdown)):
        from paperdesk.core.marking import progress

        print("\n".join(progress(book).lines()))
    return code


def _todo(book: Gradebook) -> int:
    from paperdesk.core.marking import progress
    from paperdesk.core.safetext import printable

    p = progress(book)
    for u in p.todo:
        print(f"{printable(u.student.name)}\t{u.review.reading}\t{u.review.batch}")
    print(f"{len(p.todo)} to mark; {p.marked} of {p.total} counted reviews marked.")
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from paperdesk.services import gradebook

    ctx = context(args)
    if args.action == "import":
        if not args.file:
            warn("roster import: give the CSV file (Canvas's gradebook export, or name,email)")
            return 2
        students = gradebook.import_roster(ctx, Path(args.file))
        sections = sorted({s.section for s in students if s.section})
        print(f"{len(students)} students imported into the roster of {ctx.course.name}"
              + (f" (sections: {', '.join(sections)})" if sections else "") + ".")
        return 0
    if args.file:
        warn("roster: to import a file, say 'paperdesk roster import FILE'")
        return 2
    students = gradebook.roster(ctx)
    if args.json:
        print_json([s.to_json() for s in students])
        return 0
    if not students:
        print("No roster yet: paperdesk roster import FILE (Canvas's gradebook export, or a "
              "CSV of name,email[,section]).")
        return 0
    from paperdesk.core.safetext import printable

    width = max(len(s.name) for s in students)
    for s in students:
        ident = s.email or s.sis_login or s.key
        print(f"{printable(s.name).ljust(width)}  {printable(ident)}"
              + (f"  {printable(s.section)}" if s.section else ""))
    print(f"\n{len(students)} students.")
    return 0


def cmd_extend(args: argparse.Namespace) -> int:
    from paperdesk.services.gradebook import extend

    ctx = context(args)
    e = extend(ctx, args.student, args.batch, args.until, args.reason)
    batch = ctx.course.rules.batches[args.batch - 1].name
    assert e.until is not None
    print(f"{e.student}: {batch} now due {e.until.isoformat(timespec='minutes')}"
          + (f" ({args.reason})" if args.reason else "") + ".")
    return 0


def cmd_excuse(args: argparse.Namespace) -> int:
    from paperdesk.services.gradebook import excuse

    key = excuse(context(args), args.student, args.key, args.reason)
    print(f"{key}: the review of {args.key} counts as on time ({args.reason}).")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    from paperdesk.services.gradebook import grader, set_points

    ctx = context(args)
    from paperdesk.core.rubric import parse_scores

    scores = parse_scores(args.rubric)
    key = set_points(ctx, args.student, args.key, args.points, args.comment, scores or None)
    points = sum(scores.values()) if scores else args.points
    by = grader(ctx)
    sys.stdout.write(f"{key}: {args.key} set to {points} point"
                     f"{'s' if points != 1 else ''}" + (f" by {by}" if by else "") + ".\n")
    return 0
