"""``search``: readings whose PDF, abstract or review contains a text."""

from __future__ import annotations

import argparse
import sys

from paperdesk.cli.commands.common import context, terminal_width


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "search", help="find a text inside the downloaded PDFs, abstracts and reviews",
        description="List the readings (by key) whose downloaded PDF, cached abstract or review "
        "contains TEXT (as a phrase; case and accents ignored), with the page and a snippet. "
        "PDFs downloaded since the last search are indexed first. Exit 1 when nothing has it.")
    p.add_argument("text", nargs="+", metavar="TEXT")
    p.add_argument("--topic", metavar="TEXT", help="only readings whose topic contains TEXT")
    p.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from paperdesk.cli.commands.fetch import Progress
    from paperdesk.core.reading import filter_topic
    from paperdesk.services.search import index_pdfs, search

    ctx = context(args)
    query = " ".join(args.text)
    readings = list(ctx.catalog.readings)
    progress = Progress("index", stream=sys.stderr)
    if not progress.tty:
        progress = None  # type: ignore[assignment]
    try:
        report = index_pdfs(ctx, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    for key in report.empty:
        print(f"paperdesk: {key}: its PDF has no text to search (a scan?); it is left out",
              file=sys.stderr)
    for key, why in report.failed:
        print(f"paperdesk: {key}: {why}", file=sys.stderr)
    if args.topic:
        readings = filter_topic(readings, args.topic)
    hits = search(ctx, query, readings)
    width = max(terminal_width(), 60)
    keyw = max((len(h.key) for h in hits), default=0)
    for hit in hits:
        where = f"p. {hit.page}" if hit.where == "pdf" else hit.where
        also = [p for p in hit.pages if p != hit.page]
        if also:
            where += f" (+{len(also)})"
        head = f"{hit.key:<{keyw}}  {where:<10}  "
        room = max(width - len(head) - 1, 20)
        snippet = hit.snippet if len(hit.snippet) <= room else hit.snippet[: room - 1] + "…"
        print(head + snippet)
    if not hits:
        print(f"nothing has {query!r}", file=sys.stderr)
    return 0 if hits else 1
