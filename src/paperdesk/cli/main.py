"""Entry point: parse arguments, run one command, turn errors into one line and an exit code.

Exit codes: 0 done, 1 the command found problems (``check``, a failed fetch), 2 an error the user
can fix (bad input, no workspace). Tracebacks only with ``--debug``. This module and the command
modules import nothing heavy at the top: ``--help`` and ``list`` must start instantly.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from paperdesk import __version__
from paperdesk.core.errors import PaperdeskError

# Each module has register(subparsers): the order here is the order in --help.
COMMAND_MODULES = (
    "paperdesk.cli.commands.catalog",
    "paperdesk.cli.commands.fetch",
    "paperdesk.cli.commands.bib",
    "paperdesk.cli.commands.search",
    "paperdesk.cli.commands.reviews",
    "paperdesk.cli.commands.export",
    "paperdesk.cli.commands.collect",
    "paperdesk.cli.commands.gradebook",
    "paperdesk.cli.commands.feedback",
)
# A command -> the module that registers it: ``paperdesk list`` builds only that module's parsers
# (--help and anything not named here build them all; a test keeps this table exact).
COMMAND_HOMES = {
    "list": "catalog", "check": "catalog", "init": "catalog",
    "fetch": "fetch", "show": "fetch", "open": "fetch", "add": "fetch",
    "bib": "bib", "search": "search", "feedback": "feedback",
    "review": "reviews", "submit": "reviews", "unsubmit": "reviews", "status": "reviews",
    "mark": "reviews", "discard": "reviews", "whoami": "reviews",
    "export": "export", "pages": "export", "handin": "export",
    "collect": "collect",
    "gradebook": "gradebook", "roster": "gradebook", "extend": "gradebook",
    "excuse": "gradebook", "grade": "gradebook",
}


class _Parser(argparse.ArgumentParser):
    """Usage errors are one line too: ``paperdesk: list: unrecognized arguments: -x``."""

    def error(self, message: str) -> NoReturn:
        where = self.prog.removeprefix("paperdesk").strip()
        self.exit(2, f"paperdesk: {where + ': ' if where else ''}{_shorter(message)} "
                  f"(see {self.prog} --help)\n")


def _shorter(message: str) -> str:
    """argparse's "invalid choice: 'lst' (choose from ...16 names)" as "... did you mean list?"."""
    import difflib
    import re

    m = re.match(r"argument COMMAND: invalid choice: '(.*)' \(choose from (.*)\)$", message)
    if not m:
        return message
    names = re.findall(r"'([^']*)'", m.group(2))
    near = difflib.get_close_matches(m.group(1), names, n=1)
    return f"no command {m.group(1)!r}" + (f"; did you mean {near[0]}?" if near else "")


def _command_named(argv: Sequence[str]) -> str | None:
    """The command in ``argv`` (the first word that is no option nor --workspace's value)."""
    words = iter(argv)
    for word in words:
        if word == "--workspace":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; ``only``: just that command module's part (it starts faster)."""
    parser = _Parser(
        prog="paperdesk",
        description="Read a course's papers, write single-page reviews, meet the deadlines. "
        "With no command, opens the desk (a terminal UI) on the workspace.",
    )
    parser.add_argument("--version", action="version", version=f"paperdesk {__version__}")
    parser.add_argument("--workspace", metavar="DIR",
                        help="the course folder (default: $PAPERDESK_WORKSPACE, or the nearest "
                        "folder upwards that holds readings.bib)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    parser.set_defaults(handler=None)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for name in (only,) if only else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from paperdesk.cli.commands.common import context
    from paperdesk.tui.app import run_app

    return int(run_app(context(args)))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    home = COMMAND_HOMES.get(_command_named(words) or "")
    parser = build_parser(f"paperdesk.cli.commands.{home}" if home else None)
    args = parser.parse_args(words)
    handler = args.handler or _run_tui
    try:
        return int(handler(args) or 0)
    except PaperdeskError as exc:
        if args.debug:
            raise
        print(f"paperdesk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("paperdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the last line of defence: one line, not a traceback
        if args.debug:
            raise
        print(f"paperdesk: internal error: {type(exc).__name__}: {exc} (run with --debug for "
              "the traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
