"""End to end: the installed ``paperdesk`` in a real terminal (tmux), driven by keys and read back
with ``capture-pane``, on a copy of the course workspace."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.e2e


# Generous: a loaded 2-core CI machine may take seconds to start Python and draw; the waits
# end as soon as the screen shows what they wait for, looked at every POLL s (a capture-pane
# costs a few ms of CPU; a tenth of a second between looks was most of a wait's idle time).
TIMEOUT = 60.0
POLL = 0.02


def installed_paperdesk() -> str:
    """The command installed beside this interpreter (the package under test), else on PATH."""
    beside = Path(sys.executable).with_name("paperdesk")
    found = str(beside) if beside.exists() else shutil.which("paperdesk")
    if found is None:
        pytest.skip("the paperdesk command is not installed (pip install -e .)")
    return found


class Terminal:
    """One tmux session on a private server, running one command."""

    def __init__(self, command: str, size: tuple[int, int]) -> None:
        self.socket = f"paperdesk-e2e-{uuid.uuid4().hex[:8]}"
        self.name = "desk"
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y", str(size[1]),
                  command)

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args], check=True,
                              capture_output=True, text=True).stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def wait_for(self, check: Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(POLL)
        raise AssertionError(f"timed out; the screen was:\n{text}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(course_ws: Path, tmp_path: Path) -> Iterator[Callable[..., Terminal]]:
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed: the end-to-end test needs a real terminal")
    command = installed_paperdesk()
    opened: list[Terminal] = []

    def start(size: tuple[int, int] = (100, 30), **env: str) -> Terminal:
        settings = {
            "PAPERDESK_WORKSPACE": str(course_ws), "PAPERDESK_NOW": FIXED_NOW,
            "PAPERDESK_STUDENT": "Ada Lovelace", "PAPERDESK_EMAIL": "ada@example.edu",
            "PAPERDESK_ARXIV_API": "http://127.0.0.1:9/api/query",
            "PAPERDESK_ARXIV_PDF": "http://127.0.0.1:9/pdf", "HOME": str(tmp_path),
            "XDG_CONFIG_HOME": str(tmp_path / ".config"), "TERM": "xterm-256color", **env,
        }
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
        status = tmp_path / "status"
        # COLUMNS=80 LINES=24 come along from pytest's process (through tmux), as they might
        # from a user's shell: paperdesk must size itself by the terminal all the same.
        shell = (f"cd {shlex.quote(str(course_ws))} && env COLUMNS=80 LINES=24 {assignments} "
                 f"{shlex.quote(command)};"
                 f" echo $? > {shlex.quote(str(status))}; sleep 30")
        term = Terminal(f"sh -c {shlex.quote(shell)}", size)
        term.status = status  # type: ignore[attr-defined]
        opened.append(term)
        return term

    yield start
    for term in opened:
        term.close()


def exit_status(term: Terminal, timeout: float = TIMEOUT) -> int:
    path: Path = term.status  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(POLL)
    raise AssertionError(f"paperdesk did not exit; the screen was:\n{term.screen()}")


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
def test_the_desk_shows_the_course_and_q_quits(terminal: Callable[..., Terminal],
                                               size: tuple[int, int]) -> None:
    term = terminal(size)
    # The deadline bar's numbers come from a worker after the first paint: wait for them too.
    screen = term.wait_for(lambda s: "Help with Transformers" in s and "0/40 pts" in s)
    assert "Deep Generative Models" in screen
    assert "Sequence to Sequence Learning" in screen
    assert "Batch 1" in screen and "Batch 2" in screen and "0/10" in screen
    # The next deadline says how long is left, in words as long as the terminal is wide (which
    # also shows the app saw the terminal's real size).
    assert ("7 days left" if size[0] >= 120 else "7d left") in screen
    term.keys("/schoelkopf", literal=True)  # typed at once: the filter gets every key
    screen = term.wait_for(lambda s: "Wasserstein Auto-Encoders" in s
                           and "Sequence to Sequence" not in s)
    term.keys("Escape")  # every reading again, the cursor still on the one found
    term.wait_for(lambda s: "Ladder Variational Autoencoders" in s and "schoelkopf" not in s)
    term.keys("q")
    assert exit_status(term) == 0


def test_writing_a_review_in_editor_then_submitting(terminal: Callable[..., Terminal],
                                                    course_ws: Path, tmp_path: Path) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text(  # appends a line to the file it is given, as a person would
        "#!/bin/sh\nprintf '\\nWritten in an outside editor, at length.\\n' >> \"$1\"\n")
    editor.chmod(0o755)
    term = terminal((120, 32), EDITOR=str(editor))
    term.wait_for(lambda s: "0/40 pts" in s)
    term.keys("/attention is all", literal=True)
    term.wait_for(lambda s: "Attention Is All You Need" in s and "Sequence to" not in s)
    term.keys("Enter")  # back to the list, the filter kept
    # The list has the keys again ("r" is no letter): the list's footer with the filter on. (The
    # desk's first footer has "r Review" too, and may still be on screen if the filter's footer
    # came late: waiting for "r Review" alone let the "r" reach the filter box.)
    term.wait_for(lambda s: "r Review" in s and "esc Show all" in s)
    term.keys("r")
    term.wait_for(lambda s: "reviews/vaswani2017attention.md" in s and "words" in s)
    term.keys("C-o")  # hand over to $EDITOR, then reload
    term.wait_for(lambda s: "7 words" in s)  # the editor's line, reloaded and counted
    review = (course_ws / "reviews" / "vaswani2017attention.md").read_text(encoding="utf-8")
    assert "Written in an outside editor, at length." in review
    term.keys("Escape")
    term.wait_for(lambda s: "Show all" in s and "draft" in s)  # the filter is still on
    term.keys("s")
    term.wait_for(lambda s: "1/10" in s and "final" in s)
    term.keys("q")
    assert exit_status(term) == 0
    assert "status: final" in (course_ws / "reviews" / "vaswani2017attention.md").read_text()
