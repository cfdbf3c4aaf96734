"""export, pages and handin: reviews to PDF, their length, and the zip a student hands in."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.cli.commands.common import context, warn

if TYPE_CHECKING:
    from paperdesk.services.context import Context
    from paperdesk.services.export import ExportResult


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="typeset reviews to PDF",
                       description="Write reviews/KEY.pdf beside each review's source and report "
                       "its pages. --batch N exports every review counted in batch N and "
                       "reviews/batch-N.pdf (a cover page listing them, then each review); --all "
                       "exports every final review. Exit 1 when a review is over the page limit.")
    p.add_argument("keys", nargs="*", metavar="KEY", help="the readings whose reviews to export")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--batch", type=int, metavar="N", help="the reviews counted in batch N")
    group.add_argument("--all", action="store_true", help="every final review")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("pages", help="print how many pages a review typesets to",
                       description="Typeset reviews/KEY.md with the course's template (nothing is "
                       "written) and print its page count.")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=cmd_pages)

    p = sub.add_parser("handin", help="build the zip to hand in for a batch",
                       description="Build <Student>-batch-N.zip: each review counted in batch N "
                       "(its Markdown and a freshly exported PDF) and manifest.json (reading, "
                       "title, submitted time, pages, SHA-256 of each file). Refuses while a "
                       "review of the batch is over the page limit; says what the batch lacks.")
    p.add_argument("--batch", type=int, metavar="N", required=True)
    p.add_argument("-o", "--output", metavar="PATH",
                   help="a folder, or the .zip path (default: the workspace folder)")
    p.set_defaults(handler=cmd_handin)


def _shown(ctx: Context, path: Path) -> str:
    try:
        return str(path.relative_to(ctx.workspace.root))
    except ValueError:
        return str(path)


def _report(ctx: Context, results: list[ExportResult]) -> int:
    from paperdesk.core.review_format import pages_phrase

    over = 0
    for r in results:
        for w in r.warnings:
            warn(f"{r.key}: {w}")
        print(f"{_shown(ctx, r.path)}: {r.pages} page{'s' if r.pages != 1 else ''}")
        if r.over_limit:
            over += 1
            warn(f"{r.key}: {pages_phrase(r.pages, r.page_limit)} (submit and handin refuse it "
                 "until it is shortened)")
    return 1 if over else 0


def cmd_export(args: argparse.Namespace) -> int:
    from paperdesk.core.errors import ExportError
    from paperdesk.services import export

    ctx = context(args)
    if args.batch is not None:
        if args.keys:
            raise ExportError("give KEYs or --batch N, not both")
        batch = export.export_batch(ctx, args.batch)
        code = _report(ctx, batch.reviews)
        for w in batch.warnings:
            warn(w)
        print(f"{_shown(ctx, batch.combined)}: {batch.name}, {len(batch.reviews)} reviews, "
              f"{batch.pages} pages with the cover")
        return code
    if args.all:
        if args.keys:
            raise ExportError("give KEYs or --all, not both")
        results = export.export_all(ctx)
        if not results:
            print("No final review to export (paperdesk submit KEY makes a review final).")
        return _report(ctx, results)
    if not args.keys:
        raise ExportError("name the reviews to export (KEY...), or use --batch N or --all")
    return _report(ctx, export.export_reviews(ctx, args.keys))


def cmd_pages(args: argparse.Namespace) -> int:
    from paperdesk.core.review_format import over_limit, pages_phrase
    from paperdesk.services import export

    ctx = context(args)
    result = export.typeset_key(ctx, args.key)
    for w in result.warnings:
        warn(f"{args.key}: {w}")
    print(result.pages)
    limit = ctx.course.rules.page_limit
    if over_limit(result.pages, limit):
        warn(f"{args.key}: {pages_phrase(result.pages, limit)}")
    return 0


def cmd_handin(args: argparse.Namespace) -> int:
    from paperdesk.services import export

    ctx = context(args)
    path = export.handin(ctx, args.batch, notes=warn,
                         output=Path(args.output) if args.output else None)
    print(f"wrote {_shown(ctx, path)}")
    return 0
