"""Handing a file or URL to the system's viewer: ``xdg-open``, ``open`` or ``start``.

``PAPERDESK_OPENER`` names another command (split like a shell would, the target appended), so a
test or a user with a favourite viewer can choose. The viewer is started detached: paperdesk does
not wait for it to close.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping

from paperdesk.core.errors import PaperdeskError


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


def open_target(target: str, environ: Mapping[str, str]) -> None:
    """Start the viewer on ``target`` (a path or a URL); raises OpenError when there is none."""
    command = opener_command(environ)
    if shutil.which(command[0]) is None:
        raise OpenError(f"no program to open {target} ({command[0]} not found; "
                        "set PAPERDESK_OPENER to a viewer command)")
    try:
        subprocess.Popen(
            [*command, target],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise OpenError(f"cannot start {command[0]}: {exc.strerror}") from exc
