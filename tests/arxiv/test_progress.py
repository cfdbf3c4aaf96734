"""Progress: a bar redrawn in place on a terminal, plain lines when output is not a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from paperdesk.cli.commands.fetch import Progress
from tests.arxiv.server import FakeArxiv


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bar_on_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    term = Terminal()
    progress = Progress("PDFs", term)
    progress(0, 4, "downloading a")
    progress(2, 4, "downloading c")
    progress.finish()
    drawn = term.getvalue()
    assert drawn.count("\r\x1b[2K") == 3 and "\n" not in drawn
    assert "2/4 downloading c" in drawn and "#" in drawn
    assert capsys.readouterr().out == ""


def test_plain_lines_when_piped(small_ws: Path, fake_arxiv: FakeArxiv, cli) -> None:
    result = cli("fetch", "--pdfs")
    assert result.code == 0 and result.err == ""
    assert result.out.splitlines() == [
        "metadata: [0/3] asking arXiv for 3 papers",
        "metadata: [3/3] 3 of 3 papers came back from arXiv",
        "metadata: 3 stored (1 request)",
        "PDFs: [0/3] downloading vaswani2017attention",
        "PDFs: [1/3] downloading kingma2013auto",
        "PDFs: [2/3] downloading old2002quantum",
        "PDFs: [3/3] 3 PDFs downloaded",
        "PDFs: 3 downloaded (3 requests)",
        "search: 3 PDFs indexed (paperdesk search TEXT)",
    ]
