"""The core and the fast commands import nothing heavy (checked in fresh interpreters)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.catalog.conftest import Cli

HEAVY = ("textual", "sqlmodel", "sqlalchemy", "requests", "typst", "arxiv", "yaml")


def loaded_after(script: str, cwd: Path | None = None) -> list[str]:
    """Run ``script`` in a new interpreter; the heavy top-level packages it left loaded."""
    probe = script + (
        "\nimport json, sys\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=True)
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_core_imports_no_framework() -> None:
    script = (
        "import pkgutil, importlib, paperdesk.core as core\n"
        "for m in pkgutil.iter_modules(core.__path__):\n"
        "    importlib.import_module('paperdesk.core.' + m.name)\n"
    )
    assert loaded_after(script) == []


def run_main(*args: str) -> str:
    return (
        "import contextlib, io\n"
        "from paperdesk.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({list(args)!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
    )


def test_help_imports_nothing_heavy() -> None:
    assert loaded_after(run_main("--help")) == []


def imported_by(*args: str, cwd: Path | None = None, no_export: bool = False) -> set[str]:
    """The modules ``paperdesk ARGS`` adds in a fresh interpreter, beyond what the console
    script has loaded already (``re``, ``sys``) and this probe needs (``json``, ``io``).
    ``no_export``: the export module blocked (no page check, as where typst is missing)."""
    probe = (
        "import contextlib, io, json, re, sys\n"
        + ("sys.modules['paperdesk.services.export'] = None\n" if no_export else "") +
        "before = set(sys.modules)\n"
        "from paperdesk.cli.main import main\n"
        "out, err = io.StringIO(), io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        f"    main({list(args)!r})\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=cwd, timeout=120, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_help_is_kept_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--help`` builds no parser: it prints the text argparse would (regenerate it with
    ``python -m paperdesk.cli.parser`` when an option or a command's help changes)."""
    from paperdesk.cli import help_text
    from paperdesk.cli.parser import build_parser, static_help

    assert Path(help_text.__file__).read_text(encoding="utf-8") == static_help(), \
        "run python -m paperdesk.cli.parser to regenerate src/paperdesk/cli/help_text.py"
    monkeypatch.setenv("COLUMNS", "200")  # wider terminals get the same text
    assert build_parser().format_help() == help_text.HELP
    assert imported_by("--help") == {"paperdesk", "paperdesk.cli", "paperdesk.cli.main",
                                     "paperdesk.cli.help_text", "__future__"}
    assert imported_by("--version") == {"paperdesk", "paperdesk.cli", "paperdesk.cli.main",
                                        "__future__"}


def test_help_in_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    from paperdesk.cli.main import main

    monkeypatch.setenv("COLUMNS", "50")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "list" in out and max(len(line) for line in out.splitlines()) <= 48


def warm_by_a_list(cli: Cli) -> None:
    """The caches a first ``list`` leaves (the snapshot, the reading states), made in this
    process: it writes the same files a fresh interpreter's would, and what the tests look at
    is the next command's fresh interpreter."""
    result = cli("list")
    assert result.code == 0, result.err


@pytest.mark.parametrize("warm", [False, True], ids=["cold-cache", "warm-cache"])
def test_list_imports_nothing_heavy(course_ws: Path, warm: bool, cli: Cli) -> None:
    if warm:
        warm_by_a_list(cli)
    assert loaded_after(run_main("list"), cwd=course_ws) == []
    assert loaded_after(run_main("list", "--json"), cwd=course_ws) == []


# What a warm ``list`` leaves alone (the snapshot, its file's stat and the settings memo kept):
# the bib parser, TOML, time zones, platformdirs, logging, temporary files, random numbers,
# hashing, dataclasses (and inspect), typing.
NOT_FOR_LIST = ("bibtexparser", "tomllib", "zoneinfo", "platformdirs", "logging", "tempfile",
                "secrets", "random", "shutil", "hashlib", "dataclasses", "inspect", "typing",
                "unicodedata", "paperdesk.core.course", "paperdesk.adapters.bibfile",
                "paperdesk.core.keyfiles")
LIST_MODULES = 52  # the most modules a warm ``list`` or ``mark`` may add (33 and 47 when set)
# The most a warm ``list`` may add with its memos kept (27 when set: no sqlite3 and datetime,
# no pathlib; json, __future__ and gc among them).
WARM_LIST_MODULES = 27
# What a warm ``list`` finds its files without (os.path does): pathlib and what it loads
# (urllib.parse, ipaddress, fnmatch, ntpath), and contextlib; core.status's enum classes (the
# word "unread" and the owner come from core.owner); the error classes (loaded to fail only);
# the bib's reader and the review files' module (the reviews are listed by adapters.workspace).
NOT_FOR_WARM_LIST = ("pathlib", "urllib", "ipaddress", "fnmatch", "ntpath", "contextlib",
                     "collections.abc", "paperdesk.adapters.bibfile", "paperdesk.core.status",
                     "paperdesk.core.errors", "paperdesk.adapters.bibbytes",
                     "paperdesk.adapters.reviewfiles")
# All a warm ``list`` adds of the standard library to what the console script loaded (``re``):
# what the stdlib baseline of bench/catalog.py loads too (json), ``__future__`` and ``gc``.
WARM_LIST_STDLIB = {"__future__", "_json", "gc", "json", "json.decoder", "json.encoder",
                    "json.scanner"}


def make_database(cli: Cli) -> None:
    """The workspace's database, made by a first ``mark`` as the student's would be. It runs in
    this process (an interpreter here costs a second of importing SQLModel): what the tests look
    at is the next command's fresh interpreter."""
    result = cli("mark", "vaswani2017attention", "reading")
    assert result.code == 0, result.err


def warm_settings(ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The snapshot, the settings and reading states memos made now (a memo waits 2 s after a
    file changed)."""
    from paperdesk.adapters import memo
    from paperdesk.services.context import Context

    monkeypatch.setattr(memo, "_RACY_NS", 0)
    ctx = Context.discover(str(ws))
    _ = ctx.catalog
    from paperdesk.services.settings import settings

    settings(ctx.workspace, ctx.environ)
    assert (ws / ".paperdesk" / "cache" / "settings.json").is_file()
    from paperdesk.services.statuses import reading_states

    reading_states(ctx)  # their memo, with the database's stat (or its absence)
    assert (ws / ".paperdesk" / "cache" / "reading-states.json").is_file()


def test_warm_list_keeps_to_its_diet(course_ws: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warm_settings(course_ws, monkeypatch)
    loaded = imported_by("list", cwd=course_ws)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_LIST or m in NOT_FOR_LIST) == []
    assert "argparse" not in loaded  # a quick line (cli.main.QUICK_LINES)
    assert len(loaded) <= WARM_LIST_MODULES, sorted(loaded)
    assert not {"sqlite3", "datetime"} & loaded  # the reading states' memo
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_WARM_LIST
                  or m in NOT_FOR_WARM_LIST) == []


def test_warm_list_adds_only_json_of_the_standard_library(course_ws: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """As the installed console script runs it (``import re, sys``, then main), with nothing
    else loaded beforehand: the modules of the standard library it adds, exactly."""
    warm_settings(course_ws, monkeypatch)
    (course_ws / "reviews" / "README.md").write_text("notes\n", encoding="utf-8")
    probe = ("import re, sys\n"
             "before = set(sys.modules)\n"
             "sys.argv = ['paperdesk', 'list']\n"
             "from paperdesk.cli.main import main\n"
             "code = main()\n"
             "added = sorted(set(sys.modules) - before)\n"
             "import json\n"
             "sys.stderr.write(json.dumps(added))\n"
             "sys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=course_ws, timeout=120, check=True)
    loaded = set(json.loads(done.stderr))
    assert {m for m in loaded if m.split(".")[0] != "paperdesk"} == WARM_LIST_STDLIB
    assert len(loaded) <= WARM_LIST_MODULES, sorted(loaded)
    assert "vaswani2017attention" in done.stdout


def test_a_quick_line_gives_the_collector_back(course_ws: Path) -> None:
    """A quick line runs without the cycle collector (the process ends at once); a caller in
    the same process gets it back, as it was."""
    import gc

    from paperdesk.cli.main import main

    assert gc.isenabled()
    for words in (["list"], ["status", "--json"], ["list", "--topic", "GANs"]):
        main(words)
        assert gc.isenabled(), words
    gc.disable()
    try:
        main(["list"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_warm_list_reads_no_database_until_a_mark(course_ws: Path, cli: Cli,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The reading states' memo answers while the database (and its -wal) stay as they were;
    a ``mark`` changes them, and the next ``list`` shows it."""
    make_database(cli)
    warm_settings(course_ws, monkeypatch)
    loaded = imported_by("list", cwd=course_ws)
    assert not {"sqlite3", "datetime", "paperdesk.adapters.store_light"} & loaded
    assert len(loaded) <= WARM_LIST_MODULES, sorted(loaded)
    shown = subprocess.run([sys.executable, "-m", "paperdesk", "list", "--json"], cwd=course_ws,
                           capture_output=True, text=True, timeout=120, check=True)
    assert '"status": "reading"' in shown.stdout
    assert cli("mark", "vaswani2017attention", "read").code == 0
    shown = subprocess.run([sys.executable, "-m", "paperdesk", "list", "--json"], cwd=course_ws,
                           capture_output=True, text=True, timeout=120, check=True)
    assert '"status": "read"' in shown.stdout and '"status": "reading"' not in shown.stdout


def test_warm_mark_keeps_to_the_same_diet(course_ws: Path, monkeypatch: pytest.MonkeyPatch,
                                          cli: Cli) -> None:
    """``mark`` on a database made already: one row through sqlite3, nothing of the review
    rules, the course's time zone or the config's TOML."""
    make_database(cli)
    warm_settings(course_ws, monkeypatch)
    loaded = imported_by("mark", "vaswani2017attention", "read", cwd=course_ws)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_LIST or m in NOT_FOR_LIST) == []
    assert "paperdesk.services.reviews" not in loaded
    assert len(loaded) <= LIST_MODULES, sorted(loaded)


# What a warm ``show`` leaves alone, besides what list leaves: fetching (its reports, threads,
# the sources' clients, HTML entities), argparse (a quick line), the SQLModel store, YAML. (It
# names the review's file: core.keyfiles, without unicodedata.)
NOT_FOR_SHOW = (*(m for m in NOT_FOR_LIST if m != "paperdesk.core.keyfiles"), "threading",
                "html", "argparse", "yaml", "sqlmodel", "paperdesk.services.fetch",
                "paperdesk.adapters.store")
SHOW_MODULES = 62  # the most modules a warm ``show`` may add (54 when set; 88 before)


@pytest.mark.parametrize("args", [("show", "vaswani2017attention"),
                                  ("show", "vaswani2017attention", "--json")], ids=" ".join)
def test_warm_show_keeps_to_its_diet(course_ws: Path, cli: Cli, args: tuple[str, ...],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The record read through sqlite3 (services.papers), without services.fetch."""
    make_database(cli)
    warm_settings(course_ws, monkeypatch)
    loaded = imported_by(*args, cwd=course_ws)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_SHOW or m in NOT_FOR_SHOW) == []
    assert len(loaded) <= SHOW_MODULES, sorted(loaded)


def test_warm_list_does_not_import_the_parser(course_ws: Path, cli: Cli) -> None:
    script = run_main("list") + "import sys\nprint(json.dumps('bibtexparser' in sys.modules))\n"
    script = "import json\n" + script
    warm_by_a_list(cli)
    done = subprocess.run([sys.executable, "-c", script], cwd=course_ws, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "false"


# After an append (``add``) the tail is read by bibsimple: the list still leaves these alone
# (pathlib too: bibfile names Path for its annotations only).
NOT_AFTER_APPEND = ("bibtexparser", "logging", "dataclasses", "inspect", "typing", "tempfile",
                    "pathlib", "urllib")


def test_list_after_a_plain_append_does_not_import_the_parser(
    course_ws: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warm_settings(course_ws, monkeypatch)
    with (course_ws / "readings.bib").open("a", encoding="utf-8") as out:
        out.write("\n@misc{appended2026,\n  title = {Appended {\\'E}tude},\n"
                  "  author = {Doe, Jane},\n  topic = {Appended},\n}\n")
    loaded = imported_by("list", cwd=course_ws)
    assert sorted(m for m in loaded if m.split(".")[0] in NOT_AFTER_APPEND) == []
    assert "paperdesk.adapters.bibsimple" in loaded  # the tail was read, not the whole file


ONE_ROW = [
    ("mark", "vaswani2017attention", "read"),
    ("show", "vaswani2017attention"),
    ("show", "vaswani2017attention", "--json"),
    ("status",),
    ("status", "--json"),
]


@pytest.mark.parametrize("args", ONE_ROW, ids=" ".join)
@pytest.mark.parametrize("db", [False, True], ids=["no-database", "database"])
def test_one_row_commands_import_nothing_heavy(course_ws: Path, args: tuple[str, ...],
                                                db: bool, cli: Cli) -> None:
    """No reviews yet; no database, or one the full store made (SQLite, this schema version).

    The one exception: the very first ``mark`` of a workspace creates the database, and the
    schema is SQLModel's to create (no copy of it here)."""
    if db:
        make_database(cli)
        assert (course_ws / ".paperdesk" / "paperdesk.db").is_file()
    loaded = loaded_after(run_main(*args), cwd=course_ws)
    if args[0] == "mark" and not db:
        assert "sqlmodel" in loaded  # it made the database
        return
    assert loaded == []
    assert db == (course_ws / ".paperdesk" / "paperdesk.db").is_file()  # reads made none


def test_every_command_is_found_in_its_home_module() -> None:
    """``paperdesk CMD`` builds only CMD's module's parsers: the table must name them all."""
    import argparse
    import importlib

    from paperdesk.cli.main import COMMAND_HOMES, COMMAND_MODULES

    registered = {}
    for module in COMMAND_MODULES:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(sub)
        registered |= dict.fromkeys(sub.choices, module.rsplit(".", 1)[1])
    assert registered == COMMAND_HOMES


def test_quick_lines_are_parsed_as_argparse_parses_them() -> None:
    """``paperdesk list`` (and the other lines of QUICK_LINES, and a bare ``paperdesk``) skip
    argparse: the values must be the ones argparse gives, handler included."""
    from paperdesk.cli.main import QUICK_KEY_LINES, QUICK_LINES, build_parser, quick_args

    keyed = [(words[0], key, *words[1:]) for words in QUICK_KEY_LINES
             for key in ("vaswani2017attention", "a:b/c", "", "show")]
    for words in [*QUICK_LINES, *keyed, ()]:  # () : no words, the desk
        quick = quick_args(list(words))
        assert quick is not None
        assert vars(quick) == vars(build_parser().parse_args(list(words))), words
    assert quick_args(["list", "--topic", "GANs"]) is None
    assert quick_args(["--workspace", "x", "list"]) is None
    for words in (["show"], ["show", "--json", "k"], ["show", "-k"], ["show", "k", "--js"],
                  ["show", "k", "--json", "--json"], ["show", "k", "x"]):
        assert quick_args(words) is None, words  # argparse's to take (or refuse)


def _review(status: str, submitted: str = "") -> str:
    lines = ["---", "reading: vaswani2017attention", "student: Ada Lovelace", f"status: {status}"]
    return "\n".join([*lines, *([f"submitted: {submitted}"] if submitted else []), "---",
                      "", "I read it and have thoughts.\n"])


@pytest.mark.parametrize("command", ["submit", "unsubmit"])
def test_submit_and_unsubmit_import_nothing_heavy(course_ws: Path, command: str,
                                                  cli: Cli) -> None:
    """With the page check off (the export module blocked, as where typst is missing): a plain
    front matter is read and written without YAML (core.plain_front), so nothing of the heavy
    list loads. The database is there."""
    make_database(cli)
    review = course_ws / "reviews" / "vaswani2017attention.md"
    review.write_text(_review("draft") if command == "submit" else
                      _review("final", "2021-04-13T10:00:00-05:00"), encoding="utf-8")
    script = "import sys\nsys.modules['paperdesk.services.export'] = None\n" + run_main(
        command, "vaswani2017attention")
    assert loaded_after(script, cwd=course_ws) == []
    done = "status: final" if command == "submit" else "status: draft"
    assert done in review.read_text(encoding="utf-8")


def test_a_front_matter_yaml_must_read_still_loads_it(course_ws: Path) -> None:
    """A comment in the front matter (as in the design's example) is YAML's to read."""
    review = course_ws / "reviews" / "vaswani2017attention.md"
    review.write_text(_review("draft").replace("status: draft", "status: draft  # or final"),
                      encoding="utf-8")
    loaded = imported_by("submit", "vaswani2017attention", cwd=course_ws, no_export=True)
    assert "yaml" in loaded
    assert "status: final" in review.read_text(encoding="utf-8")


# What a warm ``status`` (no reviews), ``submit`` and ``unsubmit`` leave alone, besides what
# list leaves (the bib parser, platformdirs, logging, temporary files, random numbers): YAML for
# a plain front matter, TOML (course.toml's tables are kept in .paperdesk/cache/course.json),
# dataclasses (and inspect), typing, the SQLModel store.
NOT_FOR_REVIEWS = ("bibtexparser", "platformdirs", "logging", "tempfile", "secrets", "random",
                   "shutil", "yaml", "tomllib", "dataclasses", "inspect", "typing",
                   "paperdesk.adapters.bibfile", "paperdesk.adapters.store",
                   "paperdesk.services.export")
REVIEW_MODULES = 78  # the most a warm status, submit or unsubmit may add (68, 75, 75 when set)


def warm_review_commands(ws: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli) -> None:
    """The database, the snapshot and both memos (settings, course) made."""
    make_database(cli)
    warm_settings(ws, monkeypatch)
    from paperdesk.adapters.coursefile import load_course

    load_course(ws / "course.toml", ws / ".paperdesk")
    assert (ws / ".paperdesk" / "cache" / "course.json").is_file()


def off_the_diet(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if m.split(".")[0] in NOT_FOR_REVIEWS or m in NOT_FOR_REVIEWS)


def test_warm_status_keeps_to_its_diet(course_ws: Path, monkeypatch: pytest.MonkeyPatch,
                                       cli: Cli) -> None:
    warm_review_commands(course_ws, monkeypatch, cli)
    loaded = imported_by("status", cwd=course_ws)
    assert off_the_diet(loaded) == []
    assert "argparse" not in loaded  # a quick line (cli.main.QUICK_LINES)
    assert "hashlib" not in loaded  # no review: nothing hashed
    assert len(loaded) <= REVIEW_MODULES, sorted(loaded)


@pytest.mark.parametrize("command", ["submit", "unsubmit"])
def test_warm_submit_and_unsubmit_keep_to_the_diet(course_ws: Path, command: str,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   cli: Cli) -> None:
    warm_review_commands(course_ws, monkeypatch, cli)
    review = course_ws / "reviews" / "vaswani2017attention.md"
    review.write_text(_review("draft") if command == "submit" else
                      _review("final", "2021-04-13T10:00:00-05:00"), encoding="utf-8")
    loaded = imported_by(command, "vaswani2017attention", cwd=course_ws, no_export=True)
    assert off_the_diet(loaded) == []
    assert len(loaded) <= REVIEW_MODULES, sorted(loaded)
