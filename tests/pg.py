"""A throwaway PostgreSQL server for tests, from the distribution's own binaries.

``PAPERDESK_TEST_PG_URL`` names a server that already runs (a CI service): its databases are
used as they are. Otherwise a cluster is made with ``initdb`` in a temporary folder and started
with ``pg_ctl`` on a unix socket only (no TCP port to collide with), as the ``postgres`` user
when the tests run as root (PostgreSQL refuses to run as root), and removed at the end.
Where that is impossible the reason is given, and the tests that need the server skip with it.

A run has one server (``shared``): the first of its processes that asks (an xdist worker, or the
only process) starts it while the others wait on a lock, every one then reads where it is (or why
there is none) from the run's folder, and the process that made the folder stops it at the end
(``stop_shared``). A worker that collected tests needing it asks as soon as its collection ends,
in a thread (``warm_up``), so that the server starts while the first tests run.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import os
import pwd
import shlex
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ENV_URL = "PAPERDESK_TEST_PG_URL"
USER = "paperdesk"


class Unavailable(Exception):
    """No PostgreSQL server can be had here; the message says why."""


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)  # newest first
    for candidate in candidates:
        if (Path(candidate) / "initdb").is_file() and (Path(candidate) / "pg_ctl").is_file():
            return Path(candidate)
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    raise Unavailable("no PostgreSQL binaries (initdb, pg_ctl): apt-get install postgresql")


def _driver() -> None:
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise Unavailable('no PostgreSQL driver: pip install "psycopg[binary]"') from exc


@dataclass
class PgServer:
    """A running server: ``url(db)`` is a SQLAlchemy URL, ``create_database()`` a fresh one."""

    base_url: str  # without the database name, e.g. postgresql+psycopg://paperdesk@/
    query: str = ""  # e.g. ?host=/tmp/pdpg-x/sock
    _stop: list[Sequence[str]] = field(default_factory=list)
    _folder: Path | None = None

    def url(self, database: str) -> str:
        return f"{self.base_url}{database}{self.query}"

    def create_database(self, prefix: str = "t") -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        conninfo = self.url("postgres").replace("postgresql+psycopg://", "postgresql://", 1)
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        for command in self._stop:
            subprocess.run(command, capture_output=True, check=False, timeout=60, cwd="/")
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise Unavailable("running as root and there is no 'postgres' user to run the "
                          "server as") from exc
    runner = shutil.which("runuser") or shutil.which("su")
    if runner is None:
        raise Unavailable("running as root and neither runuser nor su is there")
    if runner.endswith("runuser"):
        return [runner, "-u", "postgres", "--", *command]
    return [runner, "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]


def _run(command: list[str], what: str) -> None:
    try:
        # cwd "/": the server's user must be able to enter it, and a test may have chdir'd this
        # process into its own tmp_path (0700, root's) while the warm-up thread starts the server
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False,
                              cwd="/")
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise Unavailable(f"{what} failed: {exc}") from exc
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise Unavailable(f"{what} failed (exit {done.returncode}): {' / '.join(tail)}")


def start() -> PgServer:
    """A server to test against, or :class:`Unavailable` with the reason."""
    _driver()
    given = os.environ.get(ENV_URL)
    if given:
        base, _, rest = given.rpartition("/")
        _database, sep, query = rest.partition("?")
        return PgServer(base_url=base + "/", query=sep + query)
    bin_dir = _bin_dir()
    # /tmp, not pytest's tmp_path: a unix socket's path must stay under ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="pdpg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        try:
            server_user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise Unavailable("running as root and there is no 'postgres' user") from None
        for path in (folder, sock):
            os.chown(path, server_user.pw_uid, server_user.pw_gid)
    try:
        _run(_as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-U", USER,
                              "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"]),
             "initdb")
        options = f"-c listen_addresses='' -k {sock} -F"
        _run(_as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-l",
                              str(folder / "server.log"), "-o", options, "-w", "-t", "60",
                              "start"]), "pg_ctl start")
    except Unavailable:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    stop = _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                            "-w", "stop"])
    return PgServer(base_url=f"postgresql+psycopg://{USER}@/", query=f"?host={sock}",
                    _stop=[stop], _folder=folder)


STATE = "server.json"


def shared(run_dir: Path) -> PgServer:
    """The run's server (started here if no process of the run has started it yet), without the
    means to stop it: ``stop_shared`` does that once the run is over. :class:`Unavailable`, with
    the first attempt's reason, where it could not be started (it is not tried again)."""
    state_file = run_dir / STATE
    with (run_dir / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be starting it: wait for it
        if not state_file.exists():
            try:
                server = start()
            except Unavailable as exc:
                state: dict[str, object] = {"unavailable": str(exc)}
            else:
                state = {"base_url": server.base_url, "query": server.query,
                         "stop": [list(c) for c in server._stop],
                         "folder": str(server._folder) if server._folder else None}
            partial = state_file.with_suffix(".part")
            partial.write_text(json.dumps(state), encoding="utf-8")
            partial.replace(state_file)
        state = json.loads(state_file.read_text(encoding="utf-8"))
    if "unavailable" in state:
        raise Unavailable(str(state["unavailable"]))
    return PgServer(base_url=str(state["base_url"]), query=str(state["query"]))


def stop_shared(run_dir: Path) -> None:
    """Stop the run's server if one was started, and remove the run's folder."""
    try:
        with (run_dir / "lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # a start under way ends first
            state = json.loads((run_dir / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        state = {}
    if "base_url" in state:
        folder = state.get("folder")
        PgServer(base_url=state["base_url"], query=state["query"], _stop=state["stop"],
                 _folder=Path(folder) if folder else None).stop()
    shutil.rmtree(run_dir, ignore_errors=True)


def warm_up(run_dir: Path) -> threading.Thread:
    """Start the run's server in a thread (its reason, if it cannot start, is kept for
    ``shared``, which the tests call as before)."""

    def start_quietly() -> None:
        with contextlib.suppress(Unavailable):  # written down: the tests skip with it
            shared(run_dir)

    thread = threading.Thread(target=start_quietly, name="pg-warm-up", daemon=True)
    thread.start()
    return thread
