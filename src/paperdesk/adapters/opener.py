"""Handing a file or URL to the system's viewer: ``xdg-open``, ``open`` or ``start``.

``PAPERDESK_OPENER`` names another command (split like a shell would, the target appended), so a
test or a user with a favourite viewer can choose.

"Opened" must mean something opened. ``xdg-open`` and ``open`` hand the target over and exit at
once, with a status that says whether it worked (``xdg-open`` exits 3 on a machine without a
desktop); a viewer named in ``PAPERDESK_OPENER`` may instead stay open until it is closed. So the
command is waited on for at most :data:`WAIT_SECONDS`: an exit in that time is its verdict
(0 opened, anything else failed), a command still running then is a viewer showing the target.
Either way the process is reaped (a thread waits for a viewer that stays), so none is left a
zombie.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping

from paperdesk.core.errors import PaperdeskError

WAIT_SECONDS = 2.0  # xdg-open answers in well under a second; a viewer is still running then
_HINT = "set PAPERDESK_OPENER to a viewer command"


class OpenError(PaperdeskError):
    title = "open"


def opener_command(environ: Mapping[str, str], platform: str = sys.platform) -> list[str]:
    custom = environ.get("PAPERDESK_OPENER", "").strip()
    if custom:
        try:
            return shlex.split(custom)
        except ValueError as exc:
            raise OpenError(f"PAPERDESK_OPENER={custom!r} cannot be split into a command: "
                            f"{exc}") from exc
    if platform == "darwin":
        return ["open"]
    if platform.startswith("win"):
        return ["cmd", "/c", "start", ""]  # "" is start's window title
    return ["xdg-open"]


def _last_line(data: bytes) -> str:
    lines = [line.strip() for line in data.decode("utf-8", "replace").splitlines()]
    return next((line for line in reversed(lines) if line), "")[:200]


def open_target(target: str, environ: Mapping[str, str], wait: float | None = None) -> None:
    """Start the viewer on ``target`` (a path or a URL); OpenError when there is no viewer, it
    cannot start, or it exits with a failure status within ``wait`` seconds. The message names
    the target, so the user can open it another way."""
    command = opener_command(environ)
    if shutil.which(command[0]) is None:
        raise OpenError(f"no program to open {target} ({command[0]} not found; {_HINT})")
    # stderr goes to an unnamed file, not a pipe: a viewer that stays open and keeps writing
    # can never block on a full pipe, and the file goes away with the last descriptor.
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                [*command, target],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
                start_new_session=True,
            )
        except OSError as exc:
            raise OpenError(f"could not open {target}: cannot start {command[0]}: "
                            f"{exc.strerror} ({_HINT})") from exc
        try:
            code = proc.wait(timeout=WAIT_SECONDS if wait is None else wait)
        except subprocess.TimeoutExpired:
            # Still running: a viewer showing the target. Reap it when it closes.
            threading.Thread(target=proc.wait, name="opener-reaper", daemon=True).start()
            return
        if code == 0:
            return
        errors.seek(0)
        said = _last_line(errors.read(4096))
    why = f"{command[0]} exited with status {code}" + (f": {said}" if said else "")
    raise OpenError(f"could not open {target} ({why}); open it yourself, or {_HINT}")
