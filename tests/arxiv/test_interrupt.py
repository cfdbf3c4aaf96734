"""Ctrl-C during a fetch ends it at once, though arXiv and Crossref are asked in threads (the
interpreter, leaving, would otherwise wait for their requests until they time out)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.arxiv.server import RawServer


def test_ctrl_c_ends_a_fetch_whose_servers_never_answer(course_ws: Path,
                                                        hung_server: RawServer) -> None:
    env = {**os.environ, "PAPERDESK_ARXIV_API": hung_server.url("/api/query"),
           "PAPERDESK_CROSSREF_API": hung_server.url(""),
           # without the cancel, the process would wait for these: far past the test's patience
           "PAPERDESK_ARXIV_TIMEOUT": "900", "PAPERDESK_CROSSREF_TIMEOUT": "900",
           "PYTHONFAULTHANDLER": "1"}  # a hang is shown with every thread's stack (SIGABRT)
    fetch = subprocess.Popen([sys.executable, "-m", "paperdesk", "fetch"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        while hung_server.connections < 2:  # arXiv's request and at least one of Crossref's
            assert fetch.poll() is None, fetch.communicate()
            time.sleep(0.05)
        fetch.send_signal(signal.SIGINT)
        try:
            _out, err = fetch.communicate(timeout=120)  # a hang detector, not a speed limit
        except subprocess.TimeoutExpired:
            fetch.send_signal(signal.SIGABRT)
            out, err = fetch.communicate(timeout=60)
            pytest.fail(f"fetch still running 120 s after Ctrl-C ({hung_server.connections} "
                        f"connections); its threads:\n{err}\n{out}")
    finally:
        if fetch.poll() is None:
            fetch.kill()
    assert fetch.returncode == 130
    assert err.strip().splitlines()[-1] == "paperdesk: interrupted"
