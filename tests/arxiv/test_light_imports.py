"""The fetch commands are registered without importing requests, arxiv or SQLAlchemy."""

from __future__ import annotations

import subprocess
import sys


def test_registering_the_commands_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from paperdesk.cli.main import build_parser\n"
        "build_parser().parse_args(['fetch', '--pdfs'])\n"
        "heavy = {'requests', 'arxiv', 'sqlalchemy', 'sqlmodel', 'lxml'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
