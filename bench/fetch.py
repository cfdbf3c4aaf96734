"""How fast and how politely paperdesk fetches paper metadata, against the network's own time.

A loopback server (``http.server`` in a thread) plays arXiv's query API and Crossref's
``/works/<doi>``, adds LATENCY (200 ms) to every request and counts them. Its feeds are generated
(``tests/arxiv/feeds.py``) in the Atom format of the real arXiv recordings in
``../shared/fixtures/arxiv/`` (those hold 6 papers, none of the course's 29), so any id list gets
an answer. Every case is a fresh process of the INSTALLED command, with bytecode caches present
(PYTHONDONTWRITEBYTECODE dropped, a warm-up run first), and the cases of a table alternate
(A B C A B C ...: a load that comes and goes falls on all alike), through ``bench/timing.py``.

1. The course (29 arXiv papers, 3 DOI-only readings) against the network's own time: the
   ``arxiv`` package asking for the same 29 ids in one request, in a fresh process (the
   baseline; it pays its own imports too). Cold against cold: ``paperdesk fetch`` with no record
   cached (a fresh copy of a database as the full store makes it, before every run); also
   ``fetch --refresh`` (every record cached, all asked again) and the first fetch of a new
   workspace (no ``.paperdesk/``: the bib parsed, the SQLModel store making the database).
   Goal: within 0.2 s of the baseline (met/MISSED).
2. 20 DOI-only readings (one Crossref request each): with an email (Crossref's polite pool,
   3 at once) against without one (the public pool, 1 at a time).
3. Many ids (1,000; ``--quick``: 250): requests against the floor ceil(n / 100) (the goal,
   met/MISSED), and time against the floor of arXiv's pacing ((requests - 1) x 3 s + requests
   x LATENCY) and a naive loop of one request a paper with the ``arxiv`` package's own 3 s
   delay (computed; measured for the course's 29 with ``--naive``, about 90 s).

Run: ``python bench/fetch.py [--quick] [--runs N] [--naive]``.
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the feed generator lives with the tests

from tests.arxiv.feeds import answer_query, generated_ids  # noqa: E402
from tests.crossref.server import generated_work, work_body  # noqa: E402
from timing import Case, alternate, table  # noqa: E402  (bench/ is on sys.path)

LATENCY = 0.2
GOAL_GAP = 0.2  # seconds over the network's own time
DOIS = 20  # Crossref: one request a DOI; 3 at once with an email (its polite pool), else 1
ARXIV_DELAY = 3.0
BATCH = 100


class LoopbackArxiv:
    """The query API on 127.0.0.1 with a fixed latency per request; counts the requests."""

    def __init__(self, latency: float = LATENCY) -> None:
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with owner.lock:
                    owner.requests += 1
                    owner.in_flight += 1
                    owner.most_in_flight = max(owner.most_in_flight, owner.in_flight)
                time.sleep(owner.latency)
                with owner.lock:
                    owner.in_flight -= 1
                path = urlsplit(self.path).path
                if path.startswith("/works/"):  # the Crossref side: a generated work
                    doi = unquote(path[len("/works/"):])
                    status, body = 200, work_body(generated_work(doi))
                    kind = "application/json"
                else:
                    status, body = answer_query(urlsplit(self.path).query)
                    kind = "application/atom+xml; charset=utf-8"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.latency = latency
        self.requests = 0
        self.in_flight = 0
        self.most_in_flight = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    @property
    def crossref(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def reset(self) -> None:
        with self.lock:
            self.requests = 0
            self.most_in_flight = 0

    @contextmanager
    def running(self) -> Iterator[LoopbackArxiv]:
        self.thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


def paperdesk() -> str:
    script = shutil.which("paperdesk") or str(Path(sys.executable).with_name("paperdesk"))
    if not Path(script).exists():
        sys.exit("paperdesk is not installed in this environment (pip install -e .)")
    return script


def workspace(root: Path, bib: str | None) -> Path:
    root.mkdir(parents=True)
    if bib is None:
        shutil.copy(REPO / "readings.bib", root / "readings.bib")
    else:
        (root / "readings.bib").write_text(bib, encoding="utf-8")
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir()
    return root


def generated_bib(n: int) -> str:
    return "".join(
        f"@misc{{paper{i},\n  title = {{Paper {x}}},\n  eprint = {{{x}}},\n"
        f"  archiveprefix = {{arXiv}}\n}}\n\n" for i, x in enumerate(generated_ids(n)))


def doi_bib(n: int) -> str:
    return "".join(f"@article{{work{i},\n  title = {{Work {i}}},\n  doi = {{10.5555/bench.{i}}}\n}}"
                   "\n\n" for i in range(n))


def bench_env(server: LoopbackArxiv, ws: Path, email: str = "bench@example.org",
              ) -> dict[str, str]:
    # A user's install has bytecode caches: PYTHONDONTWRITEBYTECODE is dropped, and each
    # table's warm-up run writes them.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAPERDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_ARXIV_API=server.url,
               PAPERDESK_ARXIV_DELAY=str(ARXIV_DELAY), PAPERDESK_CROSSREF_API=server.crossref,
               PAPERDESK_STUDENT="Bench", PAPERDESK_EMAIL=email,
               XDG_CONFIG_HOME=str(ws / ".config"))
    return env


def fetch_case(server: LoopbackArxiv, env: dict[str, str], *args: str,
               counts: list[int] | None = None) -> Callable[[], None]:
    """One ``paperdesk fetch ARGS`` run; the requests it made go to ``counts``."""
    def run() -> None:
        before = server.requests
        done = subprocess.run([paperdesk(), "fetch", *args], env=env, capture_output=True,
                              text=True)
        if done.returncode != 0:
            sys.exit(f"paperdesk fetch {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        if counts is not None:
            counts.append(server.requests - before)
    return run


ONE_REQUEST = """
import sys, arxiv
url, ids = sys.argv[1], sys.argv[2:]
client = arxiv.Client(delay_seconds=0)
client.query_url_format = url + "?{}"
found = list(client.results(arxiv.Search(id_list=ids, max_results=None)))
assert len(found) == len(ids), len(found)
"""


def child_cpu(fn: Callable[[], object], into: list[float]) -> Callable[[], None]:
    """``fn``, its child processes' CPU time (user + sys) appended to ``into``: what a load
    of other processes changes least (the wall time waits for the cores too)."""
    def run() -> None:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        fn()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        into.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return run


def pristine_database(folder: Path) -> Path:
    """A database as the full store makes it (schema, no records): what a workspace has once
    anything stored state in it (a mark, the desk); copied in before every cold run."""
    sys.path.insert(0, str(REPO / "src"))
    from paperdesk.adapters.store import Store

    db = folder / "pristine.db"
    Store(f"sqlite:///{db}").close()
    return db


def with_database(ws: Path, pristine: Path) -> Callable[[], None]:
    def reset() -> None:
        state = ws / ".paperdesk"
        for extra in ("", "-wal", "-shm"):
            (state / f"paperdesk.db{extra}").unlink(missing_ok=True)
        shutil.copy(pristine, state / "paperdesk.db")
    return reset


def course_table(server: LoopbackArxiv, tmp: Path, ids: list[str], runs: int) -> None:
    """Table 1: the course, cold against cold, against the arxiv package's one request."""
    pristine = pristine_database(tmp)
    cold_ws = workspace(tmp / "cold", None)
    refresh_ws = workspace(tmp / "refresh", None)
    new_ws = workspace(tmp / "new", None)
    cold_env, refresh_env, new_env = (bench_env(server, ws) for ws in (cold_ws, refresh_ws,
                                                                        new_ws))
    for env in (cold_env, refresh_env):  # bytecode, the catalog snapshot, the database
        fetch_case(server, env)()
    base = "arxiv package, the 29 ids in one request"
    counts: dict[str, list[int]] = {"cold": [], "refresh": [], "new": []}
    cpu: dict[str, list[float]] = {"base": [], "cold": [], "refresh": [], "new": []}
    cases = [
        Case(base, child_cpu(lambda: subprocess.run(
            [sys.executable, "-c", ONE_REQUEST, server.url, *ids], env=cold_env, check=True),
            cpu["base"])),
        Case("paperdesk fetch, nothing cached",
             child_cpu(fetch_case(server, cold_env, counts=counts["cold"]), cpu["cold"]),
             before=with_database(cold_ws, pristine), baseline=base),
        Case("paperdesk fetch --refresh, all cached",
             child_cpu(fetch_case(server, refresh_env, "--refresh", counts=counts["refresh"]),
                       cpu["refresh"]), baseline=base),
        Case("paperdesk fetch, new workspace (SQLModel makes the db)",
             child_cpu(fetch_case(server, new_env, counts=counts["new"]), cpu["new"]),
             before=lambda: shutil.rmtree(new_ws / ".paperdesk", ignore_errors=True),
             baseline=base),
    ]
    times = alternate(cases, runs)
    network = statistics.median(times[base])
    for case in cases[1:3]:  # the goal: within 0.2 s of the network's own time
        case.goal = network + GOAL_GAP
    print(table(f"fetch of the course ({len(ids)} arXiv papers + 3 DOIs) against the network's "
                f"own time ({LATENCY * 1000:.0f} ms a request)", cases, times))
    for name, case in (("cold", cases[1]), ("refresh", cases[2]), ("new", cases[3])):
        gap = statistics.median(times[case.name]) - network
        verdict = f"goal within {GOAL_GAP:g} s: {'met' if gap < GOAL_GAP else 'MISSED'}"
        print(f"- {case.name}: {gap:+.3f} s over the one request "
              f"({verdict if case.goal else 'no goal'}); requests "
              f"{sorted(set(counts[name]))} (1 arXiv + 3 Crossref); CPU (user+sys) "
              f"{statistics.median(cpu[name]):.3f} s, "
              f"{statistics.median(cpu[name]) - statistics.median(cpu['base']):+.3f} s over "
              f"the one request's {statistics.median(cpu['base']):.3f} s")
    print(flush=True)


def doi_table(server: LoopbackArxiv, tmp: Path, runs: int) -> None:
    """Table 2: 20 DOIs, Crossref's polite pool (3 at once) against the public one (1)."""
    ws = workspace(tmp / "dois", doi_bib(DOIS))
    polite, public = bench_env(server, ws), bench_env(server, ws, email="")
    fetch_case(server, polite)()
    base = f"{DOIS} DOIs, no email (public pool: 1 at a time)"
    cases = [Case(base, fetch_case(server, public, "--refresh")),
             Case(f"{DOIS} DOIs, with an email (polite pool: 3 at once)",
                  fetch_case(server, polite, "--refresh"), baseline=base)]
    print(table(f"Crossref, {DOIS} DOI-only readings, one request each", cases,
                alternate(cases, runs)), flush=True)


def floor_seconds(requests: int) -> float:
    return (requests - 1) * ARXIV_DELAY + requests * LATENCY


def scale_table(server: LoopbackArxiv, tmp: Path, n: int, runs: int,
                naive: float | None) -> None:
    """Table 3: n ids, against the floor of arXiv's pacing and a naive loop."""
    ws = workspace(tmp / "many", generated_bib(n))
    env = bench_env(server, ws)
    fetch_case(server, env)()
    counts: list[int] = []
    floor_n = math.ceil(n / BATCH)
    case = Case(f"paperdesk fetch --refresh, {n:,} ids", fetch_case(server, env, "--refresh",
                                                                   counts=counts))
    times = alternate([case], runs)
    print(table(f"{n:,} arXiv ids: the floor of arXiv's pacing is {floor_n} requests, "
                f"{floor_seconds(floor_n):.1f} s", [case], times))
    took = statistics.median(times[case.name])
    per_request = LATENCY if naive is None else (naive - 28 * ARXIV_DELAY) / 29
    loop = (n - 1) * ARXIV_DELAY + n * per_request
    how = "measured on the course's 29 (--naive)" if naive is not None else "computed"
    print(f"- requests: {sorted(set(counts))} (goal: the floor, {floor_n}: "
          f"{'met' if max(counts) <= floor_n else 'MISSED'}); time: "
          f"{took - floor_seconds(floor_n):+.2f} s over the floor's {floor_seconds(floor_n):.1f} s")
    print(f"- a naive loop (one request a paper, the arxiv package's 3 s delay; {how}): "
          f"{loop:,.0f} s, {n:,} requests: {loop / took:.0f}x paperdesk's time, "
          f"{n / max(counts):.0f}x its requests\n", flush=True)


def time_naive(server: LoopbackArxiv, ids: list[str]) -> float:
    """One request per paper, the package's own 3 s delay between them (about 90 s)."""
    import arxiv

    client = arxiv.Client(delay_seconds=ARXIV_DELAY)
    client.query_url_format = server.url + "?{}"
    start = time.perf_counter()
    for arxiv_id in ids:
        results = list(client.results(arxiv.Search(id_list=[arxiv_id])))
        assert len(results) == 1, arxiv_id
    return time.perf_counter() - start


def course_ids() -> list[str]:
    sys.path.insert(0, str(REPO / "src"))
    from paperdesk.adapters.bibfile import load_bib

    catalog = load_bib(REPO / "readings.bib")
    return list(dict.fromkeys(r.arxiv.base for r in catalog.readings if r.arxiv))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="rounds of the course table")
    parser.add_argument("--quick", action="store_true",
                        help="3 rounds, 250 ids instead of 1,000, one round of the others")
    parser.add_argument("--naive", action="store_true",
                        help="measure the naive loop on the course (about 90 s)")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    ids = course_ids()
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-fetch-") as tmp, \
            LoopbackArxiv().running() as server:
        print(f"loopback arXiv and Crossref at {server.url}, {LATENCY * 1000:.0f} ms a request; "
              f"paperdesk paced at {ARXIV_DELAY:g} s between arXiv requests\n", flush=True)
        course_table(server, Path(tmp), ids, runs)
        doi_table(server, Path(tmp), 1 if args.quick else 3)
        naive = time_naive(server, ids) if args.naive else None
        scale_table(server, Path(tmp), 250 if args.quick else 1000, 1 if args.quick else 2,
                    naive)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
