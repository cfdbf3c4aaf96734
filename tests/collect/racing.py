"""Run several ``paperdesk`` commands at once, each in a process of its own.

``python tests/collect/racing.py`` reads a JSON list of argument lists on stdin, imports
paperdesk's CLI (and, for a database server, its storage) once, forks one child per command
(all before any is waited for), and prints a JSON list of ``[exit code, stderr]``, one per
command, in order. Each child is a separate process with its own connections that runs the
command as ``python -m paperdesk`` would; only the interpreter's start-up and the imports (about
1.5 s of CPU a command on PostgreSQL, most of what four racing commands cost) are paid once
instead of once a command. This process is new and has one thread, so forking it is safe (a
pytest worker, with threads, is not forked).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import sys
import tempfile


def _child(args: list[str], err_path: str) -> None:
    """Runs in the forked child: the command, its stderr to a file; never returns."""
    code = 70
    try:
        with open(err_path, "w", encoding="utf-8") as err:
            sys.stdout = io.StringIO()  # the tests look at the database, not at the output
            sys.stderr = err
            from paperdesk.cli.main import main

            try:
                code = main(args)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException as exc:  # reported, as a traceback would be
                import traceback

                traceback.print_exc(file=err)
                code = 1
                del exc
            err.flush()
    finally:
        os._exit(code)


def run(commands: list[list[str]]) -> list[tuple[int, str]]:
    # What every command imports anyway: imported here once, inherited by every child. On
    # SQLite the commands take the light store (sqlite3); elsewhere they all need SQLModel.
    names = ["paperdesk.cli.main"]
    if not os.environ.get("PAPERDESK_DB", "sqlite").startswith("sqlite"):
        names += ["paperdesk.adapters.gradebook_db", "paperdesk.adapters.store",
                  "paperdesk.services.collect", "paperdesk.services.gradebook",
                  "sqlalchemy.dialects.postgresql.psycopg", "psycopg"]
    for name in names:
        with contextlib.suppress(ImportError):  # no driver: the command says so itself
            importlib.import_module(name)

    folder = tempfile.mkdtemp(prefix="pd-racing-")
    pids = []
    for i, args in enumerate(commands):
        err_path = os.path.join(folder, f"{i}.err")
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(args, err_path)
        pids.append((pid, err_path))
    results = []
    for pid, err_path in pids:
        _, status = os.waitpid(pid, 0)
        with open(err_path, encoding="utf-8") as fh:
            results.append((os.waitstatus_to_exitcode(status), fh.read()))
        os.unlink(err_path)
    os.rmdir(folder)
    return results


if __name__ == "__main__":
    print(json.dumps(run(json.loads(sys.stdin.read()))))
