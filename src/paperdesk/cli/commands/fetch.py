"""``fetch``, ``show``, ``open`` and ``add``: paper metadata (arXiv, Crossref), PDFs, new papers."""

from __future__ import annotations

import sys
import textwrap

from paperdesk.cli.commands.common import context, print_json, terminal_width

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    import argparse
    from typing import TextIO

    from paperdesk.services.context import Context
    from paperdesk.services.fetch import FetchReport


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "fetch", help="fetch paper metadata (and PDFs) for offline use",
        description="Ask arXiv (arXiv papers) and Crossref (readings with a DOI and no arXiv id) "
        "for the metadata of the readings not cached yet (all of them, or the KEYs named): "
        "arXiv in as few requests as it allows, at most one every 3 seconds, Crossref a few "
        "DOIs at a time. "
        "Exit 1 when any reading failed (one line each on stderr).")
    p.add_argument("keys", nargs="*", metavar="KEY", help="only these readings")
    p.add_argument("--refresh", action="store_true", help="fetch again what is already cached")
    p.add_argument("--pdfs", action="store_true",
                   help="also download the PDFs to .paperdesk/pdfs/ (those not there yet)")
    p.set_defaults(handler=cmd_fetch)

    p = sub.add_parser("show", help="show a reading with its abstract, PDF and review",
                       description="Print a reading, its cached metadata and abstract, and "
                       "where its PDF and review are. Never uses the network.")
    p.add_argument("key", metavar="KEY")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("open", help="open a reading's PDF (or its web page)",
                       description="Open the reading's PDF in the system viewer, downloading it "
                       "first if needed, or its URL in a browser when it has no PDF. "
                       "PAPERDESK_OPENER names another viewer command.")
    p.add_argument("key", metavar="KEY")
    p.set_defaults(handler=cmd_open)

    p = sub.add_parser("add", help="add a paper (arXiv id or DOI) to your own readings",
                       description="Fetch the paper and append a BibTeX entry for it at the end of "
                       "your own my-readings.bib (made on the first add; its readings are listed "
                       "under 'My readings' and reviews of them never count toward the course), "
                       "or with --course of the course's readings.bib; the rest of the file is "
                       "left byte for byte as it was. Its "
                       "key follows the style of the keys already there (like "
                       "vaswani2017attention), with a letter added if that key is taken.")
    p.add_argument("id_or_url", metavar="ID_OR_URL",
                   help="an arXiv id (1706.03762v5, hep-th/9901001, arXiv:...) or its arxiv.org "
                   "abs, pdf or html URL, or a DOI (10.1145/3442188.3445922, doi:..., "
                   "https://doi.org/...), fetched from Crossref")
    p.add_argument("--topic", metavar="TEXT",
                   help="the topic to file it under (an existing topic matches in any case)")
    p.add_argument("--course", action="store_true",
                   help="add it to the course's readings.bib (for the instructor); without it, "
                   "the paper goes to your own my-readings.bib, which never counts")
    p.set_defaults(handler=cmd_add)


class Progress:
    """A bar on stderr when it is a terminal; else plain lines on stdout (stderr keeps only the
    failures, one line each)."""

    def __init__(self, label: str, stream: TextIO | None = None) -> None:
        self.label = label
        self.bar_stream = stream or sys.stderr
        self.tty = self.bar_stream.isatty()
        self.drawn = False

    def __call__(self, done: int, total: int, message: str) -> None:
        if not self.tty:
            print(f"{self.label}: [{done}/{total}] {message}", flush=True)
            return
        columns = terminal_width()
        width = max(min(columns, 100) - 40 - len(self.label), 10)
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        line = f"{self.label} [{bar}] {done}/{total} {message}"
        self.bar_stream.write("\r\x1b[2K" + line[: columns - 1])
        self.bar_stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.bar_stream.write("\r\x1b[2K")
            self.bar_stream.flush()


def _report(what: str, report: FetchReport, noun: str) -> None:
    for key, message in report.failures:
        print(f"paperdesk: {key}: {message}", file=sys.stderr)
    for key, why in report.skipped:
        print(f"{key}: {why}")
    parts = [f"{len(report.stored)} {noun}"]
    if report.already:
        parts.append(f"{len(report.already)} already there")
    if report.failures:
        parts.append(f"{len(report.failures)} failed")
    requests = f" ({report.requests} request{'s' if report.requests != 1 else ''})"
    print(f"{what}: {', '.join(parts)}{requests if report.requests else ''}")


def cmd_fetch(args: argparse.Namespace) -> int:
    from paperdesk.services.fetch import fetch_metadata, fetch_pdfs

    ctx = context(args)
    keys = list(args.keys) or None
    progress = Progress("metadata")
    try:
        meta = fetch_metadata(ctx, keys, refresh=args.refresh, progress=progress)
    finally:
        progress.finish()
    _report("metadata", meta, "stored")
    if meta.already and not args.refresh and not meta.stored and not meta.failures:
        print("(paperdesk fetch --refresh fetches them again)")
    failed = bool(meta.failures)
    if args.pdfs and meta.offline:
        # Every PDF would fail the same way: say so once instead of once a paper.
        print("PDFs: not tried, no network (the PDFs already downloaded are still there)")
    elif args.pdfs:
        progress = Progress("PDFs")
        try:
            pdfs = fetch_pdfs(ctx, keys, progress=progress)
        finally:
            progress.finish()
        _report("PDFs", pdfs, "downloaded")
        failed = failed or bool(pdfs.failures)
        if pdfs.stored:
            _index(ctx, pdfs.stored)
    return 1 if failed else 0


def _index(ctx: Context, keys: list[str]) -> None:
    """Index the new PDFs for ``paperdesk search`` (a PDF without text is said once)."""
    from paperdesk.services.search import index_pdfs

    readings = [r for r in ctx.catalog.readings if r.key in set(keys)]
    report = index_pdfs(ctx, readings)
    for key in report.empty:
        print(f"{key}: its PDF has no text to search (a scan?)")
    if report.indexed:
        print(f"search: {len(report.indexed)} PDFs indexed (paperdesk search TEXT)")


def _review_path(ctx: Context, key: str) -> str:
    # services.reviews.review_path's own answer, without the review rules it would load
    from paperdesk.adapters.reviewfiles import review_file

    return str(review_file(ctx.workspace.reviews_dir, key))


def cmd_show(args: argparse.Namespace) -> int:
    from pathlib import Path

    from paperdesk.core.status import ReadingStatus

    # services.papers, not services.fetch: show reads the cache and loads nothing of fetching
    from paperdesk.services.papers import (
        get_reading,
        has_pdf_source,
        paper_ref,
        pdf_path,
        record_for,
    )
    from paperdesk.services.statuses import combined

    ctx = context(args)
    reading = get_reading(ctx, args.key)
    record = record_for(ctx, reading)
    pdf = pdf_path(ctx, reading)
    review = _review_path(ctx, reading.key)
    status = combined(ctx).get(reading.key, ReadingStatus.UNREAD)
    from paperdesk.services.feedback import by_key

    fb = by_key(ctx).get(reading.key)
    if args.json:
        print_json({
            **reading.to_json(),
            "web_url": reading.web_url or None,
            "status": status,
            "metadata": record.to_json() if record else None,
            "pdf": {"path": str(pdf), "downloaded": pdf.is_file()},
            "review": {"path": review, "exists": Path(review).is_file()},
            "feedback": fb.short_json() if fb else None,
        })
        return 0
    width = min(terminal_width(), 100)
    source = ctx.workspace.bib.name
    if reading.personal:
        from paperdesk.services.catalog import my_bib

        source = my_bib(ctx.workspace, ctx.environ).name
    out = [f"{reading.key}  ({source} line {reading.line})",
           record.title if record else reading.title]
    authors = record.authors if record else list(reading.authors)
    if authors:
        out.append(textwrap.fill(", ".join(authors), width))
    facts = [reading.year, reading.venue, f"topic: {reading.topic}", reading.kind]
    out.append(textwrap.fill(" · ".join(f for f in facts if f), width))
    if record and record.source != "arxiv":
        venue = ", ".join(v for v in (record.venue, record.extra.get("volume", ""),
                                      record.extra.get("pages", "").replace("--", "–")) if v)
        out.append(f"Crossref: {record.extra.get('crossref_type', record.entry_type)} · "
                   f"{venue or 'no venue'} · {record.year or 'no year'}")
    elif record:
        others = [c for c in record.categories if c != record.primary_category]
        cats = record.primary_category + (f" (also {', '.join(others)})" if others else "")
        out.append(f"arXiv {record.arxiv_id}v{record.version} · {cats} · published "
                   f"{record.published[:10]} · updated {record.updated[:10]}")
        for label, value in (("Comment", record.comment), ("Journal", record.journal_ref),
                             ("DOI", record.doi)):
            if value:
                out.append(textwrap.fill(f"{label}: {value}", width, subsequent_indent="  "))
    elif reading.arxiv is not None:
        out.append(f"arXiv {reading.arxiv}: abstract and arXiv details not fetched yet "
                   f"(paperdesk fetch {reading.key})")
    elif reading.doi and paper_ref(reading) is not None:
        out.append(f"DOI {reading.doi}: Crossref's record not fetched yet "
                   f"(paperdesk fetch {reading.key})")
    if reading.doi and not (record and record.doi):
        out.append(f"DOI: {reading.doi}")
    if reading.web_url:
        out.append(f"Web: {reading.web_url}")
    if reading.note:
        out.append(textwrap.fill(f"Note: {reading.note}", width))
    if record and record.abstract:
        out += ["", "Abstract", textwrap.fill(record.abstract, width, initial_indent="  ",
                                              subsequent_indent="  "), ""]
    if pdf.is_file():
        pdf_line = f"{pdf} (downloaded)"
    elif has_pdf_source(reading):
        pdf_line = f"{pdf} (not downloaded yet; paperdesk open {reading.key} fetches it)"
    else:
        pdf_line = "none" + (f" (paperdesk open {reading.key} opens its web page)"
                             if reading.web_url else "")
    if reading.personal:
        from paperdesk.services.reviews import own_note

        out.append(textwrap.fill(f"Not counted: {own_note(ctx)}.", width))
    review_state = "written" if Path(review).is_file() else "not started"
    out += [f"PDF:    {pdf_line}", f"Review: {review} ({review_state})",
            f"Status: {status}"]
    if fb is not None:
        out.append(f"Feedback: {fb.points} of {fb.max_points} points ({fb.outcome})"
                   + (f", marked by {fb.marked_by}" if fb.marked_by else "")
                   + (f" on {fb.marked_at[:10]}" if fb.marked_at else "")
                   + ("" if fb.marked else ", not marked yet"))
        out += [textwrap.indent(textwrap.fill(p, width - 2), "  ")
                for p in fb.comment.strip().split("\n\n") if p.strip()]
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from paperdesk.services.fetch import open_reading

    target = open_reading(context(args), args.key)
    print(f"opened {target}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from paperdesk.services.add import add_paper

    ctx = context(args)
    reading = add_paper(ctx, args.id_or_url, topic=args.topic, course=args.course)
    if reading.personal:
        from paperdesk.services.catalog import my_bib

        print(f"added {reading.key} to {my_bib(ctx.workspace, ctx.environ).name} (line "
              f"{reading.line}): {reading.title}")
        print("It is one of your own readings (listed under 'My readings'): reviews of it do "
              "not count toward the course. paperdesk add --course adds to readings.bib.")
        return 0
    print(f"added {reading.key} to {ctx.workspace.bib.name} (line {reading.line}): {reading.title}")
    if not args.topic:
        print(f"It has no topic, so it is listed under {reading.topic!r}: give its entry a topic "
              "field, or use --topic TEXT when adding.")
    return 0
