"""Hostile input: each case gives one clear line and the right exit code, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import MAX_BIB_BYTES, load_bib
from paperdesk.core.errors import BibError
from tests.catalog.conftest import Cli, run_paperdesk, sha256

GOOD = "@misc{good2020entry,\n  title = {A Good Entry},\n  kind = {paper},\n}\n"


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("paperdesk: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


def test_invalid_utf8_is_a_located_warning_and_the_rest_loads(
    write_bib: Callable[..., Path], cli: Cli
) -> None:
    path = write_bib(GOOD.encode() + b"@misc{bad, title = {caf\xe9 \xff}}\n")
    catalog = load_bib(path, "x.bib")
    assert [r.key for r in catalog.readings] == ["good2020entry", "bad"]
    assert catalog.get("bad").title == "caf\ufffd \ufffd"  # type: ignore[union-attr]
    [problem] = catalog.problems
    assert str(problem).startswith("x.bib:5: invalid UTF-8 (byte 0xe9)")
    result = cli("check", str(path))
    assert result.code == 1 and "Traceback" not in result.err
    assert f"{path}:5: invalid UTF-8" in result.out


def test_50_mb_file_is_refused_in_one_line(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "huge.bib"
    block = (GOOD * 1000).encode()
    with path.open("wb") as f:
        while f.tell() < 50 * 1024 * 1024:
            f.write(block)
    assert path.stat().st_size > MAX_BIB_BYTES
    with pytest.raises(BibError, match=r"is \d+ MB; paperdesk reads bibliographies up to"):
        load_bib(path)
    result = cli("check", str(path))
    assert result.code == 2
    assert_one_line_error(result.err, str(path), "MB")


def test_unbalanced_braces_at_end_of_file(write_bib: Callable[..., Path], cli: Cli) -> None:
    path = write_bib(GOOD + "@misc{open2020,\n  title = {Never {closed}\n")
    catalog = load_bib(path, "x.bib")
    assert [r.key for r in catalog.readings] == ["good2020entry"]
    [problem] = catalog.problems
    assert problem.line == 5
    assert "unbalanced braces or quotes" in problem.message
    result = cli("check", str(path))
    assert result.code == 1
    assert result.err == ""  # bibtexparser's own log lines are not let through


@pytest.mark.parametrize("key", ["../../etc/passwd", "a/b", "..", "x/../y", "..\\evil"])
def test_citekeys_that_look_like_paths_are_readings(write_bib: Callable[..., Path],
                                                    key: str) -> None:
    """BibTeX accepts them: readings like any other (their review's name is made safe)."""
    path = write_bib(GOOD + f"@misc{{{key},\n  title = {{Evil}},\n}}\n")
    catalog = load_bib(path, "x.bib")
    assert [r.key for r in catalog.readings] == ["good2020entry", key]
    assert catalog.problems == ()


def test_empty_file(write_bib: Callable[..., Path], cli: Cli) -> None:
    path = write_bib(b"")
    assert load_bib(path).readings == ()
    result = cli("check", str(path))
    assert result.code == 0
    assert result.out.strip() == f"{path}: 0 readings, no problems"


def test_empty_workspace_lists_nothing(workspace: Callable[..., Path], cli: Cli) -> None:
    workspace(b"")
    result = cli("list")
    assert result.code == 0
    assert result.out.strip() == "No readings."


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        (lambda tmp: tmp, "is a folder"),
        (lambda tmp: tmp / "missing.bib", "no such file"),
    ],
    ids=["directory", "missing"],
)
def test_unreadable_targets_exit_2(
    tmp_path: Path, cli: Cli, make: Callable[[Path], Path], fragment: str
) -> None:
    target = make(tmp_path)
    result = cli("check", str(target))
    assert result.code == 2
    assert_one_line_error(result.err, str(target), fragment)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_a_device_is_not_read(cli: Cli) -> None:
    result = cli("check", "/dev/zero")
    assert result.code == 2
    assert_one_line_error(result.err, "not a regular file")


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_exits_2(write_bib: Callable[..., Path], cli: Cli) -> None:
    path = write_bib(GOOD)
    path.chmod(0)
    try:
        result = cli("check", str(path))
    finally:
        path.chmod(0o644)
    assert result.code == 2
    assert_one_line_error(result.err, "cannot be read")


def test_check_never_modifies_the_file(write_bib: Callable[..., Path], cli: Cli) -> None:
    path = write_bib(GOOD + "@misc{dup, title={a}}\n@misc{dup, title={b}}\n@misc{x, title={")
    before = sha256(path)
    mtime = path.stat().st_mtime_ns
    assert cli("check", str(path)).code == 1
    assert sha256(path) == before and path.stat().st_mtime_ns == mtime


def test_installed_command_on_hostile_file_has_no_traceback(
    write_bib: Callable[..., Path], tmp_path: Path
) -> None:
    bad = write_bib(b"@misc{a/b, title={\xff}}\n@misc{c, title={open\n")
    result = run_paperdesk("check", str(bad), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr == ""
    folder = run_paperdesk("check", str(tmp_path), cwd=tmp_path)
    assert folder.returncode == 2
    assert_one_line_error(folder.stderr, "is a folder")
