"""Entry point: parse arguments, run one command, turn errors into one line and an exit code.

Exit codes: 0 done, 1 the command found problems (``check``, a failed fetch), 2 an error the user
can fix (bad input, no workspace). Tracebacks only with ``--debug``. This module and the command
modules import nothing heavy at the top: ``--help`` and ``list`` must start instantly.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing's own flag, without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # argparse and the commands load only for a command: --help needs neither
    import argparse
    from collections.abc import Sequence

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
# (anything not named here builds them all; a test keeps this table exact).
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
# The top-level --help is formatted at most this wide (paperdesk.cli.parser).
HELP_WIDTH = 80
# Whole command lines taken without argparse: building it (and gettext's look-ups of its
# messages) is a sixth of what ``paperdesk list`` costs. The words -> the command module and the
# values argparse gives them (a test compares the two); any other line goes through argparse.
QUICK_LINES: dict[tuple[str, ...], tuple[str, dict[str, object]]] = {
    ("list",): ("catalog", {"topic": None, "search": None, "json": False}),
    ("list", "--json"): ("catalog", {"topic": None, "search": None, "json": True}),
    ("status",): ("reviews", {"json": False}),
    ("status", "--json"): ("reviews", {"json": True}),
}
# The same for lines that name one reading: ``show KEY``. The KEY (any word not starting with
# "-", as argparse takes it) is left out of the words looked up here and given as ``key``.
QUICK_KEY_LINES: dict[tuple[str, ...], tuple[str, dict[str, object]]] = {
    ("show",): ("fetch", {"json": False}),
    ("show", "--json"): ("fetch", {"json": True}),
}


def terminal_columns(fallback: int = 80) -> int:
    """The width argparse would use (shutil.get_terminal_size's rule: $COLUMNS, else the
    terminal on stdout, else ``fallback``), without importing shutil (and the compression
    modules it loads)."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or fallback  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return fallback


def _command_named(argv: Sequence[str]) -> str | None:
    """The command in ``argv`` (the first word that is no option nor --workspace's value)."""
    words = iter(argv)
    for word in words:
        if word == "--workspace":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def quick_args(words: Sequence[str]) -> argparse.Namespace | None:
    """The arguments of a line in QUICK_LINES or QUICK_KEY_LINES, or of no words at all (the
    desk, as most starts are: no command module is loaded for it), as argparse would make them;
    None for others."""
    import types

    if not words:
        return types.SimpleNamespace(workspace=None, debug=False,  # type: ignore[return-value]
                                     handler=None)
    quick = _quick_line(words)
    if quick is None:
        return None
    module, values = quick
    name = f"paperdesk.cli.commands.{module}"
    __import__(name)  # importlib.import_module's work without importlib (and its warnings)
    handler = getattr(sys.modules[name], f"cmd_{words[0]}")
    args = types.SimpleNamespace(workspace=None, debug=False, handler=handler, **values)
    return args  # type: ignore[return-value]  # all argparse's Namespace is, for a handler


def _quick_line(words: Sequence[str]) -> tuple[str, dict[str, object]] | None:
    """(the command module, argparse's values) of a line in QUICK_LINES or QUICK_KEY_LINES."""
    quick = QUICK_LINES.get(tuple(words))
    if quick is not None:
        return quick
    if len(words) >= 2 and not words[1].startswith("-"):
        keyed = QUICK_KEY_LINES.get((words[0], *words[2:]))
        if keyed is not None:
            return keyed[0], {"key": words[1], **keyed[1]}
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line (:func:`paperdesk.cli.parser.build_parser`)."""
    from paperdesk.cli.parser import build_parser as build

    return build(only)


def _run_tui(args: argparse.Namespace) -> int:
    import gc  # built in

    # No cycle collection until the desk's first paint (the app gives it back then): its passes
    # over what start-up builds (modules, styles, widgets) free nothing, and cost the desk three
    # times what they cost an empty Textual app.
    collecting = gc.isenabled()
    gc.disable()
    from paperdesk.cli.commands.common import context
    from paperdesk.tui.prepare import prepare_in_background

    ctx = context(args)
    ready = prepare_in_background(ctx)  # the memos are made on another core meanwhile...
    from paperdesk.tui.app import run_app  # ...as Textual is imported here

    ready()
    return int(run_app(ctx, collector_paused=collecting))


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words in (["--help"], ["-h"]) and terminal_columns() >= HELP_WIDTH:
        from paperdesk.cli.help_text import HELP  # argparse's own text, kept ready

        sys.stdout.write(HELP)
        return 0
    if words == ["--version"]:
        from paperdesk import __version__

        sys.stdout.write(f"paperdesk {__version__}\n")
        return 0
    import gc  # built in

    collecting = gc.isenabled()
    if words and _quick_line(words) is not None:
        # A quick line is a short command whose objects die with the process: the collector's
        # passes over the modules it imports free nothing (a tenth of a warm list's own work).
        gc.disable()
    try:
        return _run(words)
    finally:
        if collecting:
            gc.enable()  # a caller in this process (a test) gets its collector back


def _run(words: list[str]) -> int:
    args = quick_args(words)
    if args is None:
        home = COMMAND_HOMES.get(_command_named(words) or "")
        parser = build_parser(f"paperdesk.cli.commands.{home}" if home else None)
        args = parser.parse_args(words)
    handler = args.handler or _run_tui
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("paperdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        if args.debug:
            raise
        # imported on failure only: a warm list loads none of the error classes
        from paperdesk.core.errors import PaperdeskError

        if isinstance(exc, PaperdeskError):
            print(f"paperdesk: {exc}", file=sys.stderr)
        else:  # the last line of defence: one line, not a traceback
            print(f"paperdesk: internal error: {type(exc).__name__}: {exc} (run with --debug "
                  "for the traceback)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
