"""Fixtures every test module may use: a clean environment, a copy of the course workspace,
the shared real-world fixtures (skipped where ``../shared`` is absent), and the CLI in-process."""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
FIXED_NOW = "2021-04-14T12:00:00-05:00"  # week 3 of the course: a stable "today" for tests

# Where PYTHONDONTWRITEBYTECODE is set (it is on the development machines), pytest rewrote and
# compiled every test module anew in each worker, and each interpreter a test starts compiled
# src/ anew: 8 s of CPU a worker before the first test. The tests write their caches as Python
# and pytest do by default (__pycache__/ is ignored by git).
if sys.dont_write_bytecode:
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def _temp_in_memory(root: str = "/dev/shm", room: int = 2 << 30) -> None:
    """The tests' temporary folders (tmp_path, the PostgreSQL server's, what their subprocesses
    make) go to a memory file system where there is one with room (2 GB): every review saved,
    database committed and PDF written is synced to disk (fsync), and on the disk each sync waits
    for it. The same calls, checked as before, return at once there. A TMPDIR the runner set is
    kept; without such a folder (or with a small one, as a container's 64 MB) nothing changes."""
    if os.environ.get("TMPDIR"):
        return
    try:
        fs = os.statvfs(root)
    except OSError:
        return
    if fs.f_bavail * fs.f_frsize >= room and os.access(root, os.W_OK | os.X_OK):
        os.environ["TMPDIR"] = root  # inherited by xdist's workers and the tests' subprocesses
        tempfile.tempdir = None  # gettempdir() looks again


_temp_in_memory()

# The garbage collector took a quarter of the CPU of a TUI test (each Textual app allocates
# hundreds of thousands of objects, and every 700 allocations started a collection): it runs
# less often, and never walks again the modules and collected tests (frozen after collection).
gc.set_threshold(10_000, 50, 100)


PG_RUN_DIR = pytest.StashKey[Path]()
PG_WARM_UP = pytest.StashKey[threading.Thread]()
PG_FIXTURES = {"pg_server", "pg_url", "pg_fresh_url"}


def pytest_configure(config: pytest.Config) -> None:
    """The run's folder for its one PostgreSQL server (``tests/pg.py``): made by the process
    that started the run, handed to xdist's workers (``pytest_configure_node``)."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        config.stash[PG_RUN_DIR] = Path(workerinput["pg_run_dir"])
    else:
        config.stash[PG_RUN_DIR] = Path(tempfile.mkdtemp(prefix="pdpg-run-"))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:  # xdist's hook, in the process that started the run
    node.workerinput["pg_run_dir"] = str(node.config.stash[PG_RUN_DIR])


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.freeze()
    # Tests here need PostgreSQL: the server starts now, beside the first tests, rather than in
    # the first such test (2-3 s of initdb and start-up that test waited idle, in each worker).
    if not session.config.option.collectonly and any(
            PG_FIXTURES & set(getattr(item, "fixturenames", ())) for item in session.items):
        from tests import pg

        session.config.stash[PG_WARM_UP] = pg.warm_up(session.config.stash[PG_RUN_DIR])


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """A worker's warm-up has ended before the worker says it is done (so the run's end, which
    stops the server, never comes while it is still being started)."""
    warm_up = session.config.stash.get(PG_WARM_UP, None)
    if warm_up is not None:
        warm_up.join()


def pytest_unconfigure(config: pytest.Config) -> None:
    """pytest then collects the garbage five times over (to report what a finalizer raised),
    each a walk of all that a worker's 500 tests left alive (Textual's caches: ~200,000
    objects), seconds at the end of a worker while the run waits for it. Once is enough for the
    garbage there is; what a finalizer makes anew is still collected four times."""
    gc.collect()
    gc.freeze()
    if getattr(config, "workerinput", None) is None and PG_RUN_DIR in config.stash:
        from tests import pg

        pg.stop_shared(config.stash[PG_RUN_DIR])  # the workers are done with it


def _quick_textual_pilot() -> None:
    """Textual's Pilot waits after every key (twice) and every pause() until the app has used
    under 1 ms of CPU in a 20 ms sleep: 40-60 ms idle a key, most of a TUI test's idle time
    (a filter test types 50 keys). The same test with 5 ms sleeps (idle: under 0.5 ms of CPU in
    one; the loop's own wake-ups cost ~0.2 ms, so a smaller bound never sees idle and waits out
    Textual's 1 s cap) and a frame every 1/240 s instead of 1/60 s, so that a frame and what it
    calls afterwards still fit in one such sleep, as a 60 Hz frame fits in 20 ms. What the tests
    wait for in the background (workers, timers) they wait for by condition (tui/conftest.py's
    settle and wait_until), never by these sleeps; these only end a wait for the app's own
    reaction to a key sooner. The app's code is not changed: these are Textual's test knobs."""
    import textual._wait
    import textual.screen

    textual._wait.SLEEP_GRANULARITY = 0.005
    textual._wait.SLEEP_IDLE = 0.0005
    textual.screen.UPDATE_PERIOD = 1 / 240  # type: ignore[misc]  # Final in Textual


def _css_parsed_once() -> None:
    """Every app a test starts parsed the same CSS anew (every widget's DEFAULT_CSS and the
    .tcss files: 9% of a TUI test's CPU). Textual keeps what it parsed in a cache of each
    stylesheet, keyed by the CSS, where it was read from, its scope and order, and emptied when
    the theme's variables change; this cache is the same, kept for the run, with the variables
    in its key. Textual reuses the parsed rules from its own cache in the same way (they are
    not changed once parsed), so an app sees the rules it would have parsed itself."""
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], Any] = {}

    def _parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                     tie_breaker: int = 0, scope: str = "") -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope,
               tuple(sorted(self._variables.items())))
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse_rules(self, css, read_from, is_default_rules,
                                              tie_breaker, scope)
        return rules

    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]


_quick_textual_pilot()
_css_parsed_once()


# The tests that take longest (in wall time: several processes, a gated worker, a long corpus)
# start first, so that no worker is still on one of them while the other has nothing left.
# A name that no longer matches only loses its place; the order of the rest is unchanged.
# The PostgreSQL ones come after a few that need no server, which starts meanwhile.
RUN_FIRST = (
    "tests/tui/test_search_inside.py",
    "tests/export/test_math_corpus.py::test_every_formula_of_the_corpus_sets_without_tex_left",
    "tests/collect/test_gradebook_pg.py::test_two_processes_collecting_and_grading_at_once",
    "tests/reviews/test_reviewfiles.py::test_sigkill_during_saves",
    "tests/tui/test_e2e.py",
    "tests/collect/test_gradebook_pg.py",
    "tests/arxiv/test_light_imports.py::test_postgresql_goes_through_sqlmodel",
    "tests/reviews/test_plain_front.py",
    "tests/tui/test_snapshots.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        for place, prefix in enumerate(RUN_FIRST):
            if item.nodeid.startswith(prefix):
                return place
        return len(RUN_FIRST)

    items.sort(key=rank)  # stable: within a rank, the collection order


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test sees the developer's settings, config folder or the real arXiv."""
    for name in list(os.environ):
        if name.startswith("PAPERDESK_"):
            monkeypatch.delenv(name)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("PAPERDESK_STUDENT", "Ada Lovelace")
    monkeypatch.setenv("PAPERDESK_EMAIL", "ada@example.edu")
    # Anything that forgets to use a loopback server fails loudly instead of reaching out.
    monkeypatch.setenv("PAPERDESK_ARXIV_API", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERDESK_ARXIV_PDF", "http://127.0.0.1:9/pdf")
    monkeypatch.setenv("PAPERDESK_ARXIV_DELAY", "0")
    monkeypatch.setenv("PAPERDESK_CROSSREF_API", "http://127.0.0.1:9")
    monkeypatch.setenv("PAPERDESK_CROSSREF_DELAY", "0")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    # The width of the terminal pytest runs in (or that an earlier test left) is no test's input:
    # with it, the same test printed a narrow list under one runner and a wide one under another.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


@pytest.fixture(autouse=True)
def lasting_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Textual notification stays in ``app._notifications`` for an hour, not its 4-12 s: a
    test reads it after its settle(), which on a loaded machine took longer than that, and found
    it already reaped (a race the steady suite must not have)."""
    from textual.app import App

    real = App.notify

    def notify(self: App[object], message: str, *, title: str = "",
               severity: SeverityLevel = "information", timeout: float | None = None,
               markup: bool = True) -> None:
        real(self, message, title=title, severity=severity, timeout=3600.0, markup=markup)

    monkeypatch.setattr(App, "notify", notify)


@pytest.fixture
def shared() -> Path:
    """``../shared`` beside the repository; tests that need it skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared (the course facts and real fixtures) is not beside the repository")
    return SHARED


@pytest.fixture
def course_ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's own course workspace (readings.bib, course.toml, empty reviews/)."""
    ws = tmp_path / "course"
    ws.mkdir()
    shutil.copy(REPO / "readings.bib", ws / "readings.bib")
    shutil.copy(REPO / "course.toml", ws / "course.toml")
    (ws / "reviews").mkdir()
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(ws))
    monkeypatch.setenv("PAPERDESK_NOW", FIXED_NOW)
    monkeypatch.chdir(ws)
    return ws


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    """Run ``paperdesk ARGS`` in-process: ``cli("list", "--json")`` -> CliResult."""
    from paperdesk.cli.main import main

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors and --help
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    yield run


@pytest.fixture(scope="session")
def pg_server(pytestconfig: pytest.Config) -> object:
    """The run's PostgreSQL server (``tests/pg.py``): started once for all the run's processes
    (or already started by a warm-up), removed at the end of the run.

    Skips, with the reason, where there are no PostgreSQL binaries or driver."""
    from tests import pg

    try:
        return pg.shared(pytestconfig.stash[PG_RUN_DIR])
    except pg.Unavailable as exc:
        pytest.skip(f"no PostgreSQL server: {exc}")


@pytest.fixture(scope="session")
def pg_url(pg_server: object) -> str:
    """A SQLAlchemy URL (postgresql+psycopg://...) of a database made for this run."""
    from tests.pg import PgServer

    assert isinstance(pg_server, PgServer)
    return pg_server.create_database("session")


@pytest.fixture
def pg_fresh_url(pg_server: object) -> str:
    """The URL of a new, empty PostgreSQL database for one test."""
    from tests.pg import PgServer

    assert isinstance(pg_server, PgServer)
    return pg_server.create_database()
