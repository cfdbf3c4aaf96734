"""Line numbers after a backslash at the end of a line (TUGboat's ``\\TeX\\`` idiom).

bibtexparser's splitter did not count a newline right after a backslash, so each such line made
every later problem point 1 line too early, in ``check`` and in ``add``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import parse_bib
from tests.catalog.conftest import Cli

ENTRY = """@Article{{{key},
  author =       "Barbara Beeton and Karl Berry",
  title =        "{{\\TeX\\
                 }} and {{\\LaTeX\\
                 }} notes {n}",
  journal =      "TUGboat",
  note =         "First line\\\\
                  second line",
  year =         "19{n:02d}",
{extra}}}

"""


def tugboat(n: int, newline: str = "\n", extra: str = "") -> str:
    text = "".join(ENTRY.format(key=f"tb{i}", n=i, extra=extra if i == n - 1 else "")
                   for i in range(n))
    return text.replace("\n", newline)


def at_lines(text: str) -> dict[str, int]:
    return {line.split("{", 1)[1].rstrip(","): number
            for number, line in enumerate(text.splitlines(), start=1) if line.startswith("@")}


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_every_reading_is_on_the_line_of_its_at(newline: str) -> None:
    text = tugboat(30, newline)
    catalog = parse_bib(text, "tug.bib")
    assert not catalog.problems
    assert {r.key: r.line for r in catalog.readings} == at_lines(text)
    assert catalog.by_key["tb3"].title == "TeX and LaTeX notes 3"


def test_check_points_at_the_right_line(write_bib: Callable[..., Path], cli: Cli) -> None:
    text = tugboat(12) + "@Article{late,\n  author = {A. Author},\n  year = 1999,\n}\n"
    path = write_bib(text)
    result = cli("check", str(path))
    assert result.code == 1
    late = at_lines(text)["late"]
    assert f"{path}:{late}: late: no title: entry skipped" in result.out.splitlines()


def test_add_names_the_right_line_of_the_twin(workspace: Callable[..., Path], cli: Cli) -> None:
    twin = ('@Misc{vaswani2017attention,\n  title = {Attention Is All You Need},\n'
            '  author = {Ashish Vaswani},\n  year = {2017},\n  eprint = {1706.03762},\n'
            '  archiveprefix = {arXiv},\n}\n')
    text = tugboat(20) + twin
    workspace(text)
    result = cli("add", "1706.03762")
    assert result.code == 2
    line = at_lines(text)["vaswani2017attention"]
    assert f"already in readings.bib as vaswani2017attention (line {line})" in result.err
