"""Helpers for the catalog tests: small .bib files and the installed command in a subprocess."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, CliResult

# The ``cli`` fixture of tests/conftest.py: ``cli("list", "--json")`` -> CliResult.
Cli = Callable[..., CliResult]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paperdesk_command() -> list[str]:
    """The installed console script, or the module where it is not on PATH."""
    script = shutil.which("paperdesk")
    if script is None:
        beside = Path(sys.executable).with_name("paperdesk")
        script = str(beside) if beside.exists() else None
    return [script] if script else [sys.executable, "-m", "paperdesk"]


def run_paperdesk(*args: str, cwd: Path | None = None,
                  env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*paperdesk_command(), *args], cwd=cwd, env=env or dict(os.environ),
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def write_bib(tmp_path: Path) -> Callable[..., Path]:
    """``write_bib(text, name="x.bib")``: a .bib file in tmp, as UTF-8 (or bytes as given)."""

    def write(text: str | bytes, name: str = "test.bib") -> Path:
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return write


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """``workspace(bib_text)``: a workspace folder with that readings.bib and the course.toml."""

    def make(bib: str | bytes, name: str = "ws") -> Path:
        root = tmp_path / name
        root.mkdir()
        data = bib if isinstance(bib, bytes) else bib.encode("utf-8")
        (root / "readings.bib").write_bytes(data)
        shutil.copy(REPO / "course.toml", root / "course.toml")
        (root / "reviews").mkdir()
        monkeypatch.chdir(root)
        return root

    return make
