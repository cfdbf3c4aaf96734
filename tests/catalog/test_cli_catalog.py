"""``paperdesk list``, ``check``, ``init``, ``--version``: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

import paperdesk
from paperdesk.adapters.coursefile import load_course
from tests.catalog.conftest import Cli, run_paperdesk
from tests.conftest import REPO

JSON_FIELDS = {"key", "topic", "kind", "title", "authors", "year", "arxiv", "doi", "url"}


def test_list_json_fields(course_ws: Path, cli: Cli) -> None:
    result = cli("list", "--json")
    assert result.code == 0
    data = json.loads(result.out)
    assert len(data) == 49
    assert all(set(item) >= JSON_FIELDS for item in data)
    first = next(d for d in data if d["key"] == "vaswani2017attention")
    assert first["arxiv"] == "1706.03762"
    assert first["authors"][:2] == ["Ashish Vaswani", "Noam Shazeer"]
    assert first["topic"] == "Basic Transformer Networks"
    assert isinstance(first["year"], str) and first["status"] == "unread"
    blog = next(d for d in data if d["key"] == "alammar2018illustrated")
    assert blog["arxiv"] is None and blog["kind"] == "blog"


def test_list_topic_filter(course_ws: Path, cli: Cli) -> None:
    data = json.loads(cli("list", "--json", "--topic", "vae").out)
    assert {d["topic"] for d in data} == {"Help with VAEs", "Basic VAEs", "Advanced VAEs",
                                          "VAE Applications"}
    text = cli("list", "--topic", "GANs").out
    assert [line for line in text.splitlines() if line and not line.startswith(" ")] == [
        "Creating GANs (3)", "Advanced GANs (3)"]
    none = cli("list", "--topic", "no such topic")
    assert none.code == 0 and "No readings in a topic matching" in none.out


def test_list_groups_by_topic_in_file_order(course_ws: Path, cli: Cli,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    lines = cli("list").out.splitlines()
    headings = [line for line in lines if line and not line.startswith(" ")]
    assert headings[0] == "Background (1)" and headings[-1] == "VAE Applications (3)"
    assert len(headings) == 15
    row = next(line for line in lines if "vaswani2017attention" in line)
    for part in ("paper", "2017", "1706.03762", "unread", "Vaswani et al.",
                 "Attention Is All You Need"):
        assert part in row


@pytest.mark.parametrize("columns", [80, 100, 120])
def test_list_fits_the_terminal(course_ws: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch,
                                columns: int) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = cli("list").out.splitlines()
    assert max(len(line) for line in lines) <= columns
    text = "\n".join(lines)
    for part in ("vaswani2017attention", "2017", "1706.03762", "Vaswani et al.",
                 "Attention Is All You Need", "unread"):
        assert part in text


def test_list_warns_about_entries_it_could_not_read(
    workspace: Callable[..., Path], cli: Cli
) -> None:
    workspace("@misc{good, title = {Good}}\n@misc{bad, author = {No Title}}\n")
    result = cli("list")
    assert result.code == 0
    assert "good" in result.out
    assert result.err.strip() == ("paperdesk: warning: 1 entry of readings.bib could not be "
                                  "read (paperdesk check lists them)")


def test_check_exit_codes(course_ws: Path, cli: Cli, tmp_path: Path) -> None:
    clean = cli("check")
    assert clean.code == 0
    assert clean.out.strip().endswith("readings.bib: 49 readings, no problems")
    bad = tmp_path / "bad.bib"
    bad.write_text("@misc{a, title = {A}}\n@misc{a, title = {B}}\n", encoding="utf-8")
    found = cli("check", str(bad))
    assert found.code == 1
    assert found.out.splitlines() == [
        f"{bad}:2: duplicate key 'a': entry skipped",
        f"{bad}: 1 reading loaded, 1 skipped with errors, 0 warnings",
    ]
    assert cli("check", str(tmp_path / "absent.bib")).code == 2


def test_version_and_help(cli: Cli) -> None:
    version = cli("--version")
    assert version.code == 0 and version.out.strip() == f"paperdesk {paperdesk.__version__}"
    helped = cli("--help")
    assert helped.code == 0
    for command in ("list", "check", "init"):
        assert re.search(rf"^\s+{command}\s", helped.out, re.MULTILINE), command


def test_installed_command(course_ws: Path) -> None:
    assert run_paperdesk("--version").stdout.strip() == f"paperdesk {paperdesk.__version__}"
    listed = run_paperdesk("list", "--json", cwd=course_ws)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 49
    assert run_paperdesk("--help").returncode == 0


@pytest.mark.parametrize("args", [("list", "--no-such-flag"), ("list", "--topic"),
                                  ("no-such-command",)])
def test_usage_errors_are_one_line_and_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2
    [line] = result.err.strip().splitlines()
    assert line.startswith("paperdesk: ") and line.endswith("--help)")


def test_debug_shows_the_traceback(tmp_path: Path, cli: Cli,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    from paperdesk.core.errors import WorkspaceError

    with pytest.raises(WorkspaceError):
        cli("--debug", "list")


# -- init ------------------------------------------------------------------------------------

def test_init_creates_a_workspace_that_works(tmp_path: Path, cli: Cli,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "new-course"
    result = cli("init", str(target))
    assert result.code == 0
    assert (target / "course.toml").is_file() and (target / "readings.bib").is_file()
    assert (target / "reviews").is_dir()
    course = load_course(target / "course.toml")  # the template parses as it is
    assert course.rules.total_reviews == 20
    monkeypatch.chdir(target)
    assert cli("list").out.strip() == "No readings."
    assert cli("check").code == 0


def test_init_never_overwrites(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "course"
    target.mkdir()
    (target / "course.toml").write_text("# mine\n", encoding="utf-8")
    (target / "readings.bib").write_text("% mine\n", encoding="utf-8")
    result = cli("init", str(target), "--bib", str(REPO / "readings.bib"))
    assert result.code == 0
    assert (target / "course.toml").read_text(encoding="utf-8") == "# mine\n"
    assert (target / "readings.bib").read_text(encoding="utf-8") == "% mine\n"
    assert "kept" in result.out and "--bib not copied" in result.out
    assert (target / "reviews").is_dir()


def test_init_bib_copies_the_reading_list(tmp_path: Path, cli: Cli,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "copy"
    assert cli("init", str(target), "--bib", str(REPO / "readings.bib")).code == 0
    assert (target / "readings.bib").read_bytes() == (REPO / "readings.bib").read_bytes()
    monkeypatch.chdir(target)
    assert len(json.loads(cli("list", "--json").out)) == 49


def test_init_errors_leave_nothing_behind(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "half"
    result = cli("init", str(target), "--bib", str(tmp_path / "absent.bib"))
    assert result.code == 2
    assert result.err.startswith("paperdesk: cannot read --bib") and "\n" not in result.err[:-1]
    assert not target.exists()
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("x", encoding="utf-8")
    blocked = cli("init", str(in_the_way))
    assert blocked.code == 2 and "exists and is not a folder" in blocked.err


# -- the course files ----------------------------------------------------------------------

def test_course_toml_holds_the_course_rules() -> None:
    course = load_course(REPO / "course.toml")
    assert course.timezone.key == "America/Chicago"
    assert [(b.due.isoformat(), b.size) for b in course.rules.batches] == [
        ("2021-04-21T16:00:00-05:00", 10), ("2021-05-26T16:00:00-05:00", 10)]
    assert course.rules.points_per_review == 2 and course.rules.page_limit == 1
    assert len(course.calendar) == 11
    assert course.calendar[0].date.isoformat() == "2021-03-31"
    assert course.calendar[-1].date.isoformat() == "2021-06-09"


def test_template_has_the_same_schema_as_the_course() -> None:
    template = tomllib.loads(
        (REPO / "src" / "paperdesk" / "templates" / "course.toml").read_text(encoding="utf-8"))
    course = tomllib.loads((REPO / "course.toml").read_text(encoding="utf-8"))
    assert set(template) == set(course)
    assert set(template["reviews"]) == set(course["reviews"])
    assert set(template["reviews"]["batches"][0]) == set(course["reviews"]["batches"][0])
    assert set(course["course"]) - set(template["course"]) <= {"meets"}


def test_reviews_folder_is_not_ignored() -> None:
    assert (REPO / "reviews").is_dir()
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert not any(line.strip("/") == "reviews" for line in ignored)


def test_a_mistyped_command_gets_a_suggestion(cli: Cli) -> None:
    result = cli("lst")
    assert result.code == 2
    assert result.err == "paperdesk: no command 'lst'; did you mean list? (see paperdesk --help)\n"
    assert cli("xyzzy").err == "paperdesk: no command 'xyzzy' (see paperdesk --help)\n"


def test_list_names_two_authors_as_the_desk_does(course_ws: Path, cli) -> None:
    """'Hayes & Danezis' (not the first author alone), 'Vaswani et al.', as the desk's list."""
    out = cli("list").out
    line = next(x for x in out.splitlines() if x.strip().startswith("hayes2018learning "))
    assert "Hayes & Danezis" in line
    line = next(x for x in out.splitlines() if x.strip().startswith("vaswani2017attention "))
    assert "Vaswani et al." in line and "Ashish" not in line
