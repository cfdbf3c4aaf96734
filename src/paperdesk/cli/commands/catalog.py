"""``list``, ``check`` and ``init``: the reading catalog."""

from __future__ import annotations

import sys

from paperdesk.cli.commands.common import clip, context, print_json, warn
from paperdesk.core.owner import UNREAD  # the word without core.status's enums

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # argparse too: `list` alone is parsed without it (cli.main.QUICK_LINES)
    import argparse

    from paperdesk.core.reading import Reading


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list the readings, grouped by topic",
                       description="List the course readings grouped by topic, in file order.")
    p.add_argument("--topic", metavar="TEXT", help="only topics containing TEXT")
    p.add_argument("--search", metavar="TEXT",
                   help="only readings matching every word of TEXT in title, authors, key, topic "
                   "or cached abstract, ignoring case and accents (the desk's filter)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("check", help="validate a .bib file",
                       description="Report every problem of a bibliography as FILE:LINE: message. "
                       "Exit 0 when clean, 1 when problems were found, 2 when it cannot be read. "
                       "The file is never modified.")
    p.add_argument("file", nargs="?", help="the .bib file (default: the workspace's readings.bib)")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("init", help="start a workspace for another course",
                       description="Create course.toml (commented, to fill in), readings.bib and "
                       "reviews/ in DIR. Existing files are never overwritten.")
    p.add_argument("dir", nargs="?", default=".", help="the folder (default: here)")
    p.add_argument("--bib", metavar="FILE", help="copy the reading list from FILE")
    p.set_defaults(handler=cmd_init)


def cmd_list(args: argparse.Namespace) -> int:
    from paperdesk.core.reading import filter_topic, group_by_topic
    from paperdesk.services.statuses import combined

    ctx = context(args)
    catalog = ctx.catalog
    readings = list(catalog.readings)
    if args.topic:
        readings = filter_topic(readings, args.topic)
    if args.search:
        from paperdesk.services.catalog import search_readings

        readings = search_readings(ctx, readings, args.search)
    statuses = combined(ctx)
    if args.json:
        print_json([
            {**r.to_json(), "status": statuses.get(r.key, UNREAD)} for r in readings
        ])
        return 0
    errors = sum(p.severity == "error" and p.path == catalog.source for p in catalog.problems)
    if errors:
        entries = "1 entry" if errors == 1 else f"{errors} entries"
        warn(f"{entries} of {catalog.source} could not be read (paperdesk check lists them)")
    # The student's own list (my-readings.bib): its skipped entries and key collisions, named.
    own = [p for p in catalog.problems if p.path != catalog.source
           and (p.severity == "error" or p.line == 0)]
    for p in own[:3]:
        warn(str(p) if p.line else f"{p.path}: {p.message}")
    if len(own) > 3:
        warn(f"... and {len(own) - 3} more in {own[0].path}")
    if not readings:
        if args.search and catalog.readings:
            print(f"No reading matches {args.search!r}.")
        elif args.topic and catalog.readings:
            print(f"No readings in a topic matching {args.topic!r}. The topics: "
                  f"{'; '.join(catalog.topics())}.")
        else:
            print("No readings.")
        return 0
    lines = render_list(group_by_topic(readings), statuses, _output_width())
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _output_width() -> int | None:
    """Columns to fit: ``$COLUMNS``, else the terminal's; None (no clipping) into a pipe."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        from paperdesk.cli.main import terminal_columns  # shutil's rule, without shutil

        return terminal_columns()
    return None


def _authors(reading: Reading) -> str:
    """As the desk's list and a citation say it: 'Kingma & Welling', 'Vaswani et al.'."""
    return reading.cite if reading.authors else ""


def render_list(
    groups: list[tuple[str, list[Reading]]], statuses: dict[str, str], width: int | None
) -> list[str]:
    """One line per reading when the title still gets 30 columns, else two (80 columns fit).

    Wide: ``key  kind  year  arXiv  status  authors  title`` (the title last, so a pipe
    gets it whole). Narrow: ``key  year  title`` over ``kind · authors · arXiv · status``.
    """
    from itertools import repeat  # both loaded at start-up (collections imports them)
    from operator import attrgetter

    everyone = [r for _, group in groups for r in group]
    keys = list(map(attrgetter("key"), everyone))
    kinds = list(map(attrgetter("kind"), everyone))
    arxivs = [a.versioned if a else "" for a in map(attrgetter("arxiv"), everyone)]
    states = list(map(statuses.get, keys, repeat(UNREAD)))
    key_w, kind_w, arxiv_w, status_w = (max(map(len, column), default=0)
                                        for column in (keys, kinds, arxivs, states))
    author_w = 22
    fixed = 2 + sum(w + 2 for w in (key_w, kind_w, 4, arxiv_w, status_w, author_w) if w)
    if width is None or width - fixed >= 30:
        lines = _wide_lines(everyone, (keys, kinds, arxivs, states), (key_w, kind_w, arxiv_w,
                                                                       status_w, author_w), width)
    else:
        lines = []
        for r, arxiv, status in zip(everyone, arxivs, states, strict=True):
            lines.append(_fit(f"  {r.key.ljust(key_w)}  {r.year.ljust(4)}  {r.title}", width))
            details = [r.kind, _authors(r), f"arXiv {arxiv}" if arxiv else "", status]
            lines.append(_fit("      " + " · ".join(d for d in details if d), width))
    per_reading = len(lines) // len(everyone) if everyone else 1
    out: list[str] = []
    start = 0
    for topic, group in groups:
        if out:
            out.append("")
        out.append(_fit(f"{topic} ({len(group)})", width))
        stop = start + len(group) * per_reading
        out.extend(lines[start:stop])
        start = stop
    return out


def _wide_lines(everyone: list[Reading], columns: tuple[list[str], ...],
                widths: tuple[int, ...], width: int | None) -> list[str]:
    """The one-line form of each reading: 10,000 of them in a big bib, so each column is made
    by C-level maps and every line by one %-format (the columns of width 0 left out, as when
    no reading has an arXiv id; the title last)."""
    from operator import attrgetter

    keys, kinds, arxivs, states = columns
    key_w, kind_w, arxiv_w, status_w, author_w = widths
    cites = [("" if not authors else cite if len(cite) <= author_w else clip(cite, author_w))
             for cite, authors in zip(map(attrgetter("cite"), everyone),
                                      map(attrgetter("authors"), everyone), strict=True)]
    cells = [(keys, key_w), (kinds, kind_w), (list(map(attrgetter("year"), everyone)), 4),
             (arxivs, arxiv_w), (states, status_w), (cites, author_w)]
    kept = [(cell, w) for cell, w in cells if w]
    row = "  " + "  ".join([f"%-{w}s" for _, w in kept] + ["%s"])
    titles = list(map(attrgetter("title"), everyone))
    values = zip(*[cell for cell, _ in kept], titles, strict=True)
    lines = list(map(str.rstrip, map(row.__mod__, values)))
    if width is None:
        return lines
    return [line if len(line) <= width else clip(line, width) for line in lines]


def _fit(line: str, width: int | None) -> str:
    line = line.rstrip()
    return line if width is None else clip(line, width)


def cmd_check(args: argparse.Namespace) -> int:
    from pathlib import Path  # here: a warm list imports no pathlib

    from paperdesk.adapters.bibfile import load_bib

    if args.file:
        path = Path(args.file)
        catalog = load_bib(path, args.file)
    else:
        ctx = context(args)
        catalog = load_bib(ctx.workspace.bib, str(ctx.workspace.bib))
    for problem in catalog.problems:
        print(problem)
    errors = sum(p.severity == "error" for p in catalog.problems)
    warnings = len(catalog.problems) - errors
    n = len(catalog.readings)
    readings = f"{n} reading{'s' if n != 1 else ''}"
    if not catalog.problems:
        print(f"{catalog.source}: {readings}, no problems")
        return 0
    print(f"{catalog.source}: {readings} loaded, {errors} skipped with errors, "
          f"{warnings} warning{'s' if warnings != 1 else ''}")
    return 1


def cmd_init(args: argparse.Namespace) -> int:
    from importlib.resources import files
    from pathlib import Path

    from paperdesk.adapters.workspace import BIB_NAME, COURSE_NAME, REVIEWS_DIR
    from paperdesk.core.errors import WorkspaceError

    root = Path(args.dir)
    # Read everything first: a bad --bib must not leave a half-made workspace behind.
    if args.bib:
        try:
            bib = Path(args.bib).read_bytes()
        except IsADirectoryError as exc:
            raise WorkspaceError(f"--bib {args.bib} is a folder, not a .bib file") from exc
        except OSError as exc:
            raise WorkspaceError(f"cannot read --bib {args.bib}: {exc.strerror}") from exc
    else:
        bib = b"% The course's reading list: one BibTeX entry per reading, with topic and kind.\n"
    template = files("paperdesk.templates").joinpath("course.toml").read_bytes()
    try:
        root.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise WorkspaceError(f"{root} exists and is not a folder") from exc
    except OSError as exc:
        raise WorkspaceError(f"cannot create {root}: {exc.strerror}") from exc
    made: list[str] = []
    kept: list[str] = []

    def write_new(name: str, data: bytes) -> None:
        target = root / name
        try:
            with open(target, "xb") as out:  # "x": never overwrite
                out.write(data)
            made.append(name)
        except FileExistsError:
            kept.append(name)
        except OSError as exc:
            raise WorkspaceError(f"cannot write {target}: {exc.strerror}") from exc

    write_new(COURSE_NAME, template)
    write_new(BIB_NAME, bib)
    reviews = root / REVIEWS_DIR
    if reviews.is_dir():
        kept.append(REVIEWS_DIR + "/")
    else:
        try:
            reviews.mkdir()
        except OSError as exc:
            raise WorkspaceError(f"cannot create {reviews}: {exc.strerror}") from exc
        made.append(REVIEWS_DIR + "/")
    for name in made:
        print(f"created {root / name}{'/' if name.endswith('/') else ''}")
    for name in kept:
        why = " (already there; --bib not copied)" if name == BIB_NAME and args.bib else \
            " (already there)"
        print(f"kept    {root / name}{'/' if name.endswith('/') else ''}{why}")
    print(f"Next: fill in {root / COURSE_NAME}, then run paperdesk in {root}.")
    return 0
