"""Helpers the command modules share: the context, output in text or JSON, progress lines."""

from __future__ import annotations

import json
import sys

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:  # the context is loaded on first use: a parser needs none
    import argparse
    from collections.abc import Iterable, Sequence
    from typing import Any

    from paperdesk.services.context import Context


def context(args: argparse.Namespace) -> Context:
    from paperdesk.services.context import Context

    return Context.discover(getattr(args, "workspace", None), warn=warn)


def print_json(data: Any) -> None:
    # One string, one write: json.dump writes each token apart (300,000 writes for the
    # collect --json of a 200-student class).
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def warn(message: str) -> None:
    print(f"paperdesk: warning: {message}", file=sys.stderr)


def terminal_width(default: int = 100) -> int:
    """The terminal's columns (shutil's rule, without shutil); ``default`` into a pipe."""
    if not sys.stdout.isatty():
        return default
    from paperdesk.cli.main import terminal_columns

    return terminal_columns(default)


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(rows: Sequence[Sequence[str]], widths: Sequence[int], flex: int) -> Iterable[str]:
    """Rows as aligned columns; column ``flex`` takes the width the others leave."""
    total = terminal_width()
    fixed = sum(w for i, w in enumerate(widths) if i != flex) + 2 * (len(widths) - 1)
    sizes = list(widths)
    sizes[flex] = max(total - fixed, 20)
    for row in rows:
        cells = [clip(cell, sizes[i]).ljust(sizes[i]) for i, cell in enumerate(row)]
        yield "  ".join(cells).rstrip()
