"""Ctrl-C during a fetch ends it at once, though arXiv and Crossref are asked in threads (the
interpreter, leaving, would otherwise wait for their requests until they time out)."""

from __future__ import annotations

import dis
import linecache
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from paperdesk.adapters.crossref_client import CrossrefClient, CrossrefSettings
from paperdesk.adapters.polite_http import current_generation, pause
from paperdesk.adapters.sources import Batch
from paperdesk.services.fetch import _ask_all
from tests.arxiv.server import RawServer

# paperdesk as ``python -m paperdesk`` runs it, but hearing Ctrl-C whatever it inherited: a test
# run started in the background by a script (``pytest &``, no job control) ignores SIGINT, its
# children inherit that, and Python then installs no KeyboardInterrupt handler (a user's terminal
# never starts paperdesk that way; a stress loop of the suite did, and this test hung in it).
HEAR_CTRL_C = ("import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
               "runpy.run_module('paperdesk', run_name='__main__', alter_sys=True)")

def test_ctrl_c_ends_a_fetch_whose_servers_never_answer(course_ws: Path,
                                                        hung_server: RawServer) -> None:
    env = {**os.environ, "PAPERDESK_ARXIV_API": hung_server.url("/api/query"),
           "PAPERDESK_CROSSREF_API": hung_server.url(""),
           # without the cancel, the process would wait for these: far past the test's patience
           "PAPERDESK_ARXIV_TIMEOUT": "900", "PAPERDESK_CROSSREF_TIMEOUT": "900",
           "PYTHONFAULTHANDLER": "1"}  # a hang is shown with every thread's stack (SIGABRT)
    fetch = subprocess.Popen([sys.executable, "-c", HEAR_CTRL_C, "fetch"], env=env,
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


# -- Ctrl-C that lands just before the main thread blocks ------------------------------------
HANG_BOUND = 30.0  # how long a fake source waits for a cancel before giving up on its own


class _HungSource:
    """A source whose request never answers: it waits (a polite pause, which a cancel ends)
    and says whether a cancel or its own patience ended the wait."""

    requests_made = 0
    offline = None

    def __init__(self) -> None:
        self.started = threading.Event()
        self.ended_by: str | None = None

    def fetch(self, ids: object, on_batch: object = None) -> list[object]:
        generation = current_generation()
        self.started.set()
        pause(HANG_BOUND)
        self.ended_by = "cancel" if current_generation() != generation else "its own patience"
        return []

    def close(self) -> None:
        return None


def _blocked_in_get(main: int) -> bool:
    """The main thread is inside ``came.get()``: no Python code runs there until it returns.
    (The caller holds the GIL, so the main thread has let it go inside the call.)"""
    frame = sys._current_frames().get(main)
    if frame is None or frame.f_code.co_name != "_wait_for_all":
        return False
    op = next(i for i in dis.get_instructions(frame.f_code) if i.offset == frame.f_lasti)
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
    return op.opname.startswith("CALL") and "came.get(" in line


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are handled in the main thread only")
def test_a_ctrl_c_that_does_not_wake_the_waiting_main_thread_still_ends_the_fetch() -> None:
    # The race the whole suite lost once under load: SIGINT came just before the main thread
    # blocked waiting for the sources (after its last look at pending signals, before it slept).
    # Python's handler runs in the main thread, and only once that thread wakes: nothing woke it,
    # and the sources' requests (900 s timeouts) held it. Made certain here: SIGINT is given to
    # another thread while the main thread is blocked (the state that race leaves behind).
    sources = {"arxiv": _HungSource(), "crossref": _HungSource()}
    main = threading.get_ident()

    def interrupt() -> None:
        for source in sources.values():
            source.started.wait(HANG_BOUND)
        for _ in range(int(HANG_BOUND / 0.01)):
            if _blocked_in_get(main):
                break
            time.sleep(0.01)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)  # tripped here, not in main

    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Thread(target=interrupt, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            _ask_all({name: (source, ["x"]) for name, source in sources.items()},  # type: ignore[misc]
                     lambda name, batch: None)
    finally:
        signal.signal(signal.SIGINT, old)
    for source in sources.values():
        assert source.started.wait(HANG_BOUND)
    deadline = time.monotonic() + HANG_BOUND
    while any(s.ended_by is None for s in sources.values()) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert {name: s.ended_by for name, s in sources.items()} == \
        {"arxiv": "cancel", "crossref": "cancel"}, "the Ctrl-C waited for the sources"


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals are handled in the main thread only")
def test_ctrl_c_ends_a_fetch_of_crossref_alone(hung_server: RawServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # A course of DOIs only asks one source. Its pool, run in the main thread, joined its
    # threads when the Ctrl-C left it, before the cancel was made: each DOI's request, then the
    # next one's, ran for its whole timeout.
    client = CrossrefClient(CrossrefSettings(api=hung_server.url(""), timeout=5.0, retries=0,
                                             backoff=0.0))
    ended: list[str] = []
    one = client._one

    def recorded(doi: str) -> Batch:
        batch = one(doi)
        ended.extend(batch.failures.values())
        return batch

    monkeypatch.setattr(client, "_one", recorded)
    main = threading.get_ident()

    def interrupt() -> None:
        while hung_server.connections < 1:
            time.sleep(0.01)
        signal.pthread_kill(main, signal.SIGINT)

    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Thread(target=interrupt, daemon=True).start()
        with pytest.raises(KeyboardInterrupt):
            _ask_all({"crossref": (client, ["10.1000/a", "10.1000/b"])},  # type: ignore[dict-item]
                     lambda name, batch: None)
    finally:
        signal.signal(signal.SIGINT, old)
    for _ in range(int(HANG_BOUND / 0.01)):
        if len(ended) == 2:
            break
        time.sleep(0.01)
    client.close()
    assert len(ended) == 2 and all("cancelled" in message for message in ended), ended
    assert hung_server.connections == 1  # the second DOI was not asked
