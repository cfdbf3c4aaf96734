"""``list``, ``check`` and ``init``: the reading catalog."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.cli.commands.common import context, print_json, table, warn


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list the readings, grouped by topic",
                       description="List the course readings grouped by topic, in file order.")
    p.add_argument("--topic", metavar="TEXT", help="only topics containing TEXT")
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
    statuses = combined(ctx)
    if args.json:
        print_json([
            {**r.to_json(), "status": statuses.get(r.key, "unread")} for r in readings
        ])
        return 0
    errors = sum(p.severity == "error" for p in catalog.problems)
    if errors:
        warn(f"{errors} entries of {catalog.source} could not be read (paperdesk check lists them)")
    if not readings:
        print("No readings" + (f" in a topic matching {args.topic!r}." if args.topic else "."))
        return 0
    out = []
    key_width = min(max(len(r.key) for r in readings), 28)
    for topic, group in group_by_topic(readings):
        out.append(f"\n{topic} ({len(group)})")
        rows = [
            (r.key, r.kind, r.year, r.title, r.first_author, str(r.arxiv or ""),
             statuses.get(r.key, "unread"))
            for r in group
        ]
        out.extend("  " + line for line in table(rows, (key_width, 8, 4, 0, 22, 12, 7), flex=3))
    sys.stdout.write("\n".join(out).lstrip("\n") + "\n")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
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
    if not catalog.problems:
        print(f"{catalog.source}: {n} readings, no problems")
        return 0
    print(f"{catalog.source}: {n} readings loaded, {errors} skipped with errors, "
          f"{warnings} warnings")
    return 1


def cmd_init(args: argparse.Namespace) -> int:
    from importlib.resources import files

    from paperdesk.adapters.workspace import BIB_NAME, COURSE_NAME, REVIEWS_DIR
    from paperdesk.core.errors import WorkspaceError

    root = Path(args.dir)
    root.mkdir(parents=True, exist_ok=True)
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

    template = files("paperdesk.templates").joinpath("course.toml").read_bytes()
    write_new(COURSE_NAME, template)
    if args.bib:
        try:
            bib = Path(args.bib).read_bytes()
        except OSError as exc:
            raise WorkspaceError(f"cannot read {args.bib}: {exc.strerror}") from exc
    else:
        bib = b"% The course's reading list: one BibTeX entry per reading, with topic and kind.\n"
    write_new(BIB_NAME, bib)
    reviews = root / REVIEWS_DIR
    if reviews.exists():
        kept.append(REVIEWS_DIR + "/")
    else:
        reviews.mkdir()
        made.append(REVIEWS_DIR + "/")
    for name in made:
        print(f"created {root / name}")
    for name in kept:
        print(f"kept    {root / name} (already there)")
    print(f"Next: fill in {root / COURSE_NAME}, then run paperdesk in {root}.")
    return 0
