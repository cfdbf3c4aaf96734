"""The student's identity: from the environment, from the config file, or asked once."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdesk.adapters.userconfig import config_path
from paperdesk.core.errors import IdentityError
from paperdesk.services.context import Context
from paperdesk.services.identity import Identity, known_identity, student_identity


@pytest.fixture
def ctx(course_ws: Path) -> Context:
    return Context.discover(str(course_ws))


@pytest.fixture
def nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PAPERDESK_STUDENT")
    monkeypatch.delenv("PAPERDESK_EMAIL")


def test_the_environment_wins(course_ws: Path) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text('[student]\nname = "Someone Else"\nemail = "else@x.org"\n')
    ctx = Context.discover(str(course_ws))
    assert student_identity(ctx) == Identity("Ada Lovelace", "ada@example.edu")


def test_the_config_file_is_in_the_user_config_folder(nobody: None) -> None:
    assert config_path() == Path(os.environ["XDG_CONFIG_HOME"]) / "paperdesk" / "config.toml"


def test_from_the_config_file(nobody: None, ctx: Context) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text('# mine\n[student]\nname = "Grace Hopper"\nemail = "grace@navy.mil"\n')
    assert student_identity(ctx) == Identity("Grace Hopper", "grace@navy.mil")


def test_the_environment_and_the_file_combine(monkeypatch: pytest.MonkeyPatch,
                                               ctx: Context) -> None:
    monkeypatch.delenv("PAPERDESK_EMAIL")
    config_path().parent.mkdir(parents=True)
    config_path().write_text('[student]\nname = "Grace Hopper"\nemail = "grace@navy.mil"\n')
    ctx = Context.discover(str(ctx.workspace.root))
    assert student_identity(ctx) == Identity("Ada Lovelace", "grace@navy.mil")


def test_asked_once_then_remembered(nobody: None, ctx: Context) -> None:
    questions: list[str] = []

    def ask(prompt: str) -> str:
        questions.append(prompt)
        return {0: "  Grace Hopper ", 1: "grace@navy.mil"}[len(questions) - 1]

    assert known_identity(ctx) is None
    assert student_identity(ctx, ask) == Identity("Grace Hopper", "grace@navy.mil")
    assert len(questions) == 2
    assert 'name = "Grace Hopper"' in config_path().read_text()

    def never(prompt: str) -> str:
        raise AssertionError("asked twice")

    assert student_identity(ctx, never) == Identity("Grace Hopper", "grace@navy.mil")
    assert student_identity(ctx) == Identity("Grace Hopper", "grace@navy.mil")


def test_answers_are_written_as_valid_toml(nobody: None, ctx: Context) -> None:
    answers = iter(['Zoë "Q" O\'Neil \\ 模型', ""])
    config_path().parent.mkdir(parents=True)
    config_path().write_text("[ui]\ntheme = \"dark\"")  # other settings, no final newline
    who = student_identity(ctx, lambda prompt: next(answers))
    assert who == Identity('Zoë "Q" O\'Neil \\ 模型', "")
    import tomllib

    data = tomllib.loads(config_path().read_text(encoding="utf-8"))
    assert data == {"ui": {"theme": "dark"}, "student": {"name": who.name, "email": ""}}


def test_an_empty_name_is_refused_and_nothing_saved(nobody: None, ctx: Context) -> None:
    with pytest.raises(IdentityError, match="a name is needed"):
        student_identity(ctx, lambda prompt: "   ")
    assert not config_path().exists()


def test_nobody_to_ask_says_how_to_set_it(nobody: None, ctx: Context) -> None:
    with pytest.raises(IdentityError) as info:
        student_identity(ctx)
    message = str(info.value)
    assert "PAPERDESK_STUDENT" in message and "PAPERDESK_EMAIL" in message
    assert str(config_path()) in message


def test_a_broken_config_file_is_named_with_its_line(nobody: None, ctx: Context) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text('[student]\nname = "Ada\n')
    with pytest.raises(IdentityError) as info:
        student_identity(ctx)
    assert str(info.value).startswith(f"{config_path()}:2: ")


def test_cli_without_a_terminal_says_how_to_set_it(nobody: None, course_ws: Path, cli,
                                                   keys: list[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDITOR", "true")
    result = cli("review", keys[0])
    assert result.code == 2
    assert "PAPERDESK_STUDENT" in result.err and "Traceback" not in result.err
    assert not (course_ws / "reviews" / f"{keys[0]}.md").exists()


def _read_until(fd: int, needle: bytes, timeout: float = 20.0) -> bytes:
    out = b""
    deadline = time.monotonic() + timeout
    while needle not in out:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"waited for {needle!r}, got {out!r}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    return out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_cli_on_a_terminal_asks_once(nobody: None, course_ws: Path, keys: list[str]) -> None:
    """The real command on a pseudo-terminal: asked on the first review, not on the second."""
    typing = "import sys; open(sys.argv[1], 'a').write('A thought.')"
    env = {**os.environ, "EDITOR": f"{sys.executable} -c \"{typing}\""}

    def run(key: str, answers: list[bytes]) -> bytes:
        master, slave = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "paperdesk", "review", key],
                                stdin=slave, stdout=slave, stderr=slave, env=env,
                                cwd=course_ws, close_fds=True)
        os.close(slave)
        out = b""
        try:
            for answer in answers:
                out += _read_until(master, b": ")
                os.write(master, answer)
            out += _read_until(master, b"when it is ready")
            assert proc.wait(timeout=20) == 0, out
        finally:
            os.close(master)
            if proc.poll() is None:
                proc.kill()
        return out

    first = run(keys[0], [b"Grace Hopper\n", b"grace@navy.mil\n"])
    assert b"Your name" in first and b"Your email" in first
    second = run(keys[1], [])
    assert b"Your name" not in second
    text = (course_ws / "reviews" / f"{keys[1]}.md").read_text()
    assert "student: Grace Hopper\nemail: grace@navy.mil\n" in text


# -- whoami ------------------------------------------------------------------------------------
def test_whoami_says_what_and_where_from(monkeypatch: pytest.MonkeyPatch, cli,
                                         tmp_path: Path) -> None:
    monkeypatch.delenv("PAPERDESK_EMAIL")
    monkeypatch.chdir(tmp_path)  # no workspace needed: you are you in every course
    config_path().parent.mkdir(parents=True)
    config_path().write_text('[student]\nname = "Grace Hopper"\nemail = "grace@navy.mil"\n')
    result = cli("whoami")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "name:  Ada Lovelace  (from PAPERDESK_STUDENT)"
    assert lines[1] == f"email: grace@navy.mil  (from {config_path()})"
    assert f"Kept in {config_path()}" in lines[2] and "whoami --name" in lines[2]


def test_whoami_sets_name_and_email_keeping_the_rest(nobody: None, cli) -> None:
    config_path().parent.mkdir(parents=True)
    config_path().write_text('# my settings\n[ui]\ntheme = "dark"\n\n[student]\n'
                             'name = "Old Name"  \n\n[other]\nx = 1\n')
    result = cli("whoami", "--name", "Grace Hopper", "--email", "grace@navy.mil")
    assert result.code == 0, result.err
    assert f"name:  Grace Hopper  (from {config_path()})" in result.out
    text = config_path().read_text()
    assert text == ('# my settings\n[ui]\ntheme = "dark"\n\n[student]\nname = "Grace Hopper"\n'
                    'email = "grace@navy.mil"\n\n[other]\nx = 1\n')
    assert not [p for p in config_path().parent.iterdir() if p.name != "config.toml"]  # atomic
    again = cli("whoami", "--email", "g@example.edu")
    assert again.code == 0
    assert 'name = "Grace Hopper"\nemail = "g@example.edu"\n' in config_path().read_text()


def test_whoami_on_a_new_machine_creates_the_file(nobody: None, cli) -> None:
    assert "(set nowhere)" in cli("whoami").out
    assert cli("whoami", "--name", "Zoë \"Q\"").code == 0
    import tomllib

    assert tomllib.loads(config_path().read_text())["student"]["name"] == 'Zoë "Q"'


def test_whoami_says_when_the_environment_wins(cli) -> None:
    result = cli("whoami", "--name", "Someone Else")
    assert result.code == 0
    assert "PAPERDESK_STUDENT is set, and wins over the config file" in result.err
    assert 'name = "Someone Else"' in config_path().read_text()


def test_whoami_refuses_an_empty_name(nobody: None, cli) -> None:
    result = cli("whoami", "--name", "  ")
    assert result.code == 2 and "a name is needed" in result.err
    assert not config_path().exists()
