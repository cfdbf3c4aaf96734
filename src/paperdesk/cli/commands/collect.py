"""``collect``: the instructor's gradebook from the students' folders and zips."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.cli.commands.common import context, print_json, table, warn

if TYPE_CHECKING:
    from paperdesk.core.gradebook import Gradebook
    from paperdesk.services.collect import Progress


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "collect", help="the instructor's gradebook from the students' reviews",
        description="Read each student's reviews/ folder, workspace, zip of either, hand-in zip "
        "(paperdesk handin), or a folder holding one of those per student; typeset every final "
        "review with the course template, and grade it under course.toml: batch, on time or "
        "late, over the page limit, duplicates, points. Student files are untrusted: unsafe zip "
        "entries, symbolic links and files over 5 MB are refused and reported. Prints one row "
        "per student. Exit 0 when every path could be read, 1 when some student folder or zip "
        "could not be, 2 when nothing could be collected.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a student's folder or zip, or a folder of them")
    p.add_argument("--csv", metavar="FILE", help="write the gradebook as CSV ('-': stdout)")
    p.add_argument("--json", action="store_true", help="print the gradebook as JSON instead")
    p.add_argument("--markdown", metavar="FILE",
                   help="write a report, one section per student ('-': stdout)")
    p.add_argument("--tui", action="store_true", help="browse the gradebook in the terminal UI")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="typeset in N processes (default: 2, or 1 for a few reviews)")
    p.set_defaults(handler=cmd_collect)


def _progress() -> Progress | None:
    """A one-line counter on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int, message: str) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\rtypesetting {done}/{total}{end}")
        sys.stderr.flush()

    return show


def cmd_collect(args: argparse.Namespace) -> int:
    from paperdesk.core.gradebook_report import to_csv, to_markdown
    from paperdesk.services.collect import collect

    ctx = context(args)
    book = collect(args.paths, ctx, jobs=args.jobs, progress=_progress())
    if not book.students:
        warn("no students found in " + ", ".join(args.paths))
        return 2
    outputs = {"csv": args.csv, "markdown": args.markdown}
    to_stdout = [k for k, v in outputs.items() if v == "-"] + (["json"] if args.json else [])
    if len(to_stdout) > 1:
        from paperdesk.core.errors import CollectError

        raise CollectError(f"only one of {', '.join(to_stdout)} can go to stdout")
    if args.csv:
        _write(args.csv, to_csv(book))
    if args.markdown:
        _write(args.markdown, to_markdown(book))
    if args.json:
        print_json(book.to_json())
    elif not to_stdout and not args.tui:
        _print_table(book)
    if args.tui:
        from paperdesk.tui.gradebook_app import run_gradebook

        run_gradebook(book)
    return 1 if _unreadable(book) else 0


def _unreadable(book: Gradebook) -> bool:
    """Some student folder or zip could not be read at all (it has no review files)."""
    return any(not s.reviews for s in book.students)


def _write(target: str, text: str) -> None:
    from paperdesk.core.errors import CollectError

    if target == "-":
        sys.stdout.write(text)
        return
    try:
        Path(target).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise CollectError(f"cannot write: {exc.strerror}", path=target) from exc


def _print_table(book: Gradebook) -> None:
    from paperdesk.core.gradebook_report import summary_header, summary_rows

    header = summary_header(book)
    rows = summary_rows(book)
    n_batches = len(book.batch_names)
    widths = [0, 26, *([max(7, len(n)) for n in book.batch_names]), 4, 4, 8, 6]
    lines = list(table([header, *rows], widths, flex=0))
    print(lines[0])
    print("-" * len(lines[0]))
    for line in lines[1:]:
        print(line)
    problems = sum(len(s.problems) for s in book.students)
    print(f"\n{len(book.students)} students, {book.review_count} review files, {problems} "
          f"problems (--markdown FILE lists them). "
          f"{n_batches} batches of {', '.join(str(b.size) for b in book.rules.batches)}; "
          f"page limit {book.rules.page_limit}.")
    for s in book.students:
        if not s.reviews:
            for p in s.problems:
                warn(f"{s.name}: {p}")
