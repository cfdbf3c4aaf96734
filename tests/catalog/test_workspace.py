"""Finding the workspace: --workspace, then PAPERDESK_WORKSPACE, then the cwd and upwards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.adapters.workspace import find_workspace
from paperdesk.core.errors import WorkspaceError
from tests.catalog.conftest import Cli


@pytest.fixture
def two_courses(tmp_path: Path) -> tuple[Path, Path]:
    a, b = tmp_path / "course-a", tmp_path / "course-b"
    for root, key in ((a, "alpha2020one"), (b, "beta2021two")):
        (root / "reviews" / "deep" / "down").mkdir(parents=True)
        (root / "readings.bib").write_text(f"@misc{{{key}, title = {{T}}}}\n", encoding="utf-8")
    return a, b


def test_found_from_the_current_folder_upwards(two_courses: tuple[Path, Path]) -> None:
    a, _ = two_courses
    assert find_workspace(environ={}, cwd=a).root == a.resolve()
    assert find_workspace(environ={}, cwd=a / "reviews" / "deep" / "down").root == a.resolve()


def test_explicit_beats_environment_beats_cwd(two_courses: tuple[Path, Path]) -> None:
    a, b = two_courses
    env = {"PAPERDESK_WORKSPACE": str(b)}
    assert find_workspace(environ=env, cwd=a).root == b.resolve()
    assert find_workspace(str(a), environ=env, cwd=b).root == a.resolve()


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    lonely = tmp_path / "nothing-here"
    lonely.mkdir()
    with pytest.raises(WorkspaceError, match=r"no readings\.bib in .* or any folder above it"):
        find_workspace(environ={}, cwd=lonely)
    with pytest.raises(WorkspaceError, match="is not a folder"):
        find_workspace(str(tmp_path / "absent"), environ={})
    with pytest.raises(WorkspaceError, match=r"has no readings\.bib \(paperdesk init makes one\)"):
        find_workspace(str(lonely), environ={})


def test_found_with_os_path_as_pathlib_found_it(two_courses: tuple[Path, Path],
                                                 tmp_path: Path) -> None:
    """The workspace is found without pathlib (a warm list imports none): the same folder and
    the same messages as ``Path.resolve`` / ``Path.parents`` gave, through a link too."""
    a, _ = two_courses
    link = tmp_path / "link"
    link.symlink_to(a / "reviews")
    ws = find_workspace(environ={}, cwd=link / "deep")
    assert ws.folder == str(a.resolve()) and ws.root == a.resolve()
    assert ws.join("readings.bib") == str(ws.bib) and ws.db_url({}) == \
        f"sqlite:///{a.resolve() / '.paperdesk' / 'paperdesk.db'}"
    assert find_workspace(f"{tmp_path}/./link/../../course-a/", environ={}).root == a.resolve()
    messy = f"{tmp_path}//./absent/"
    with pytest.raises(WorkspaceError, match=f"^workspace {Path(messy)} is not a folder$"):
        find_workspace(messy, environ={})
    with pytest.raises(WorkspaceError, match=r"no readings\.bib in / or any folder above it"):
        find_workspace(environ={}, cwd="/")


def test_cli_flag_and_environment(two_courses: tuple[Path, Path], cli: Cli,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = two_courses
    monkeypatch.chdir(a / "reviews")
    assert "alpha2020one" in cli("list").out
    assert "beta2021two" in cli("--workspace", str(b), "list").out
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(b))
    assert "beta2021two" in cli("list").out
    assert "alpha2020one" in cli("--workspace", str(a), "list").out


@pytest.mark.parametrize("how", ["cwd", "flag", "env"])
def test_cli_errors_are_one_line_and_exit_2(tmp_path: Path, cli: Cli, how: str,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    args: list[str] = ["list"]
    if how == "flag":
        args = ["--workspace", str(tmp_path / "absent"), "list"]
    elif how == "env":
        monkeypatch.setenv("PAPERDESK_WORKSPACE", str(tmp_path))
    result = cli(*args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith("paperdesk: ") and "Traceback" not in result.err


def test_state_folder_is_made_on_first_need(two_courses: tuple[Path, Path], cli: Cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    a, _ = two_courses
    monkeypatch.chdir(a)
    assert not (a / ".paperdesk").exists()
    cli("list")
    assert (a / ".paperdesk" / ".gitignore").is_file()


def test_a_file_where_the_state_folder_goes(course_ws: Path, cli: Cli) -> None:
    """A read-only or odd workspace still lists its readings; what needs the state says why."""
    (course_ws / ".paperdesk").write_text("not a folder", encoding="utf-8")
    listed = cli("list", "--json")
    assert listed.code == 0 and len(json.loads(listed.out)) == 49
    marked = cli("mark", "vaswani2017attention", "read")
    assert marked.code == 2
    assert marked.err == (f"paperdesk: cannot create paperdesk's state folder "
                          f"{course_ws / '.paperdesk'} (a file is in its place)\n")
