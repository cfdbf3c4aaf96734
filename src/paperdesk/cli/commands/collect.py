"""``collect``: the instructor's gradebook from the students' folders and zips."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.cli.commands.common import clip, context, print_json, terminal_width, warn

if TYPE_CHECKING:
    from paperdesk.core.gradebook import Gradebook
    from paperdesk.services.collect import Progress
    from paperdesk.services.context import Context


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
    from paperdesk.services.collect import collect

    _check_outputs(args)  # before the work: a typo in a path must not cost a class's typesetting
    ctx = context(args)
    if args.tui and not (args.csv or args.markdown or args.json):
        from paperdesk.tui.gradebook_app import run_collect

        return run_collect(args.paths, ctx, args.jobs)  # a progress bar, then the gradebook
    book = collect(args.paths, ctx, jobs=args.jobs, progress=_progress())
    if not book.students:
        warn("no students found in " + ", ".join(args.paths))
        return 2
    return show(args, book, ctx)


def show(args: argparse.Namespace, book: Gradebook, ctx: Context | None = None) -> int:
    """The gradebook as the flags ask (--csv, --markdown, --json, --tui; else the table)."""
    from paperdesk.core.gradebook_report import to_csv, to_markdown

    if args.csv:
        _write(args.csv, to_csv(book))
    if args.markdown:
        _write(args.markdown, to_markdown(book))
    if args.json:
        print_json(book.to_json())
    elif "-" not in (args.csv, args.markdown) and not args.tui:
        _print_table(book)
    _warn_merged_and_empty(book)
    if args.tui:
        from paperdesk.tui.gradebook_app import run_gradebook

        run_gradebook(book, ctx)
    return 1 if _unreadable(book) else 0


def _check_outputs(args: argparse.Namespace) -> None:
    from paperdesk.core.errors import CollectError

    outputs = {"csv": args.csv, "markdown": args.markdown}
    if getattr(args, "canvas", None):
        outputs["canvas"] = args.canvas
    to_stdout = [k for k, v in outputs.items() if v == "-"] + (["json"] if args.json else [])
    if len(to_stdout) > 1:
        raise CollectError(f"only one of {', '.join(to_stdout)} can go to stdout")
    for flag, target in outputs.items():
        if target and target != "-":
            path = Path(target)
            if path.is_dir():
                raise CollectError(f"is a folder; --{flag} wants a file name", path=target)
            if not path.resolve().parent.is_dir():
                raise CollectError(f"cannot write --{flag}: no folder {path.parent}",
                                   path=target)


def _unreadable(book: Gradebook) -> bool:
    """Some student folder or zip could not be read at all (it has no review files); a roster
    student with nothing handed in is not a folder that failed."""
    return any(not s.reviews and s.origins for s in book.students)


def _write(target: str, text: str) -> None:
    from paperdesk.core.errors import CollectError

    if target == "-":
        sys.stdout.write(text)
        return
    try:
        Path(target).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise CollectError(f"cannot write: {exc.strerror}", path=target) from exc


def _warn_merged_and_empty(book: Gradebook) -> None:
    """What the instructor must see even without the report: merged folders, unread students."""
    from paperdesk.core.gradebook import MERGED
    from paperdesk.core.gradebook_report import problem_line
    from paperdesk.core.safetext import printable

    for s in book.students:
        for p in s.problems:
            if p.kind == MERGED or (not s.reviews and s.origins):
                warn(f"{printable(s.name)}: {problem_line(p)}")


def _print_table(book: Gradebook) -> None:
    import os

    from paperdesk.core.gradebook_report import flag, summary_header, summary_rows

    header, rows = summary_header(book), summary_rows(book)
    # Students whose identity or hand-in is in doubt in red, on a terminal (NO_COLOR honoured).
    red = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    doubt = [s.serious or bool(flag(s)) for s in book.students]
    for i, line in enumerate(fit_table([header, *rows], terminal_width())):
        student = i - 2  # after the header and its rule
        print(f"\x1b[31m{line}\x1b[0m" if red and 0 <= student < len(doubt) and doubt[student]
              else line)
    problems = sum(len(s.problems) for s in book.students)
    sizes = ", ".join(str(b.size) for b in book.rules.batches)
    flagged = sum(doubt)
    print(f"\n{len(book.students)} students, {book.review_count} review files, {problems} "
          f"problems; batches of {sizes}, page limit {book.rules.page_limit}.\n"
          + (f"{flagged} student{'s' if flagged != 1 else ''} marked ! to look at first "
             "(identity or hand-in in doubt).\n" if flagged else "")
          + "Each student's reviews and problems: --markdown FILE, or --tui.")


def fit_table(rows: list[list[str]], width: int) -> list[str]:
    """The summary table in ``width`` columns: names clipped if need be, emails (column 1) left
    out when they do not fit whole, numbers right-aligned; a rule under the header."""
    gap = 2
    need = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    numbers = sum(need[2:]) + gap * (len(need) - 2)
    room = width - numbers - gap  # for the name, and the email if it fits
    keep_email = room >= min(need[0], 16) + gap + need[1]
    if keep_email:
        sizes = [min(need[0], room - gap - need[1]), need[1], *need[2:]]
    else:
        sizes = [min(need[0], max(room, 12)), *need[2:]]
        rows = [[r[0], *r[2:]] for r in rows]
    first_number = 2 if keep_email else 1
    out = []
    for row in rows:
        cells = [clip(cell, sizes[i]).rjust(sizes[i]) if i >= first_number
                 else clip(cell, sizes[i]).ljust(sizes[i]) for i, cell in enumerate(row)]
        out.append((" " * gap).join(cells).rstrip())
    out.insert(1, "-" * len(out[0]))
    return out
