"""``bib``: clean BibTeX of the readings, for citing them in one's own paper."""

from __future__ import annotations

import argparse
import sys

from paperdesk.cli.commands.common import context


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "bib", help="print clean BibTeX of the readings, for citing them",
        description="Print the readings (all, or the KEYs named, in that order) as BibTeX for "
        "citing: standard fields only (no topic, kind or note), keys as in readings.bib, "
        "capitals in titles protected by braces, arXiv papers with eprint, archiveprefix and "
        "primaryclass. UTF-8, or LaTeX escapes with --ascii.")
    p.add_argument("keys", nargs="*", metavar="KEY", help="only these readings")
    p.add_argument("--topic", metavar="TEXT", help="only readings whose topic contains TEXT")
    p.add_argument("--reviewed", action="store_true",
                   help="only readings you have submitted a (final) review of")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.add_argument("--ascii", action="store_true",
                   help="LaTeX escapes instead of UTF-8 (for 8-bit BibTeX)")
    p.set_defaults(handler=cmd_bib)


def cmd_bib(args: argparse.Namespace) -> int:
    from pathlib import Path

    from paperdesk.core.errors import PaperdeskError
    from paperdesk.services.bibout import bibtex_for, chosen_readings

    ctx = context(args)
    readings = chosen_readings(ctx, args.keys, args.topic, args.reviewed)
    text = bibtex_for(ctx, readings, ascii_only=args.ascii)
    if args.output and args.output != "-":
        target = Path(args.output)
        try:
            target.write_text(text, encoding="ascii" if args.ascii else "utf-8")
        except OSError as exc:
            raise PaperdeskError(f"cannot write: {exc.strerror}", path=str(target)) from exc
        print(f"{len(readings)} entr{'y' if len(readings) == 1 else 'ies'} written to {target}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    if not readings:
        print("no readings match", file=sys.stderr)
    return 0
