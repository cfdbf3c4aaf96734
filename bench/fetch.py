"""How politely and how fast paperdesk fetches arXiv metadata, against a naive per-paper loop.

A loopback arXiv (``http.server`` in a thread) answers the query API with generated feeds
(``tests/arxiv/feeds.py``), adds LATENCY (200 ms) to every request and counts them. Measured:

- ``paperdesk fetch --refresh`` (the installed command, a fresh process, as a user runs it) on
  the course's readings.bib (29 arXiv papers) and on a generated list of 1,000 arXiv papers, with
  arXiv's real 3 s pacing between paperdesk's batches;
- the baseline: one ``arxiv.Client.results(Search(id_list=[id]))`` per paper with the package's
  own ``delay_seconds=3``: measured for the 29 course papers (about 90 s; ``--quick`` computes it
  instead), and computed for 1,000 (999 mandated pauses of 3 s plus 1,000 round trips).

Goal: requests at the floor, ceil(n / 100): the course in 1 request and about one round trip.

The DOI path: 20 readings with a DOI and no arXiv id, each one Crossref request (``/works/<doi>``)
to the same loopback server (same latency), with an email (Crossref's polite pool: paperdesk runs
3 requests at once) and without one (the public pool: 1 at a time). The course run also asks
Crossref about its 3 DOI-only readings.

First, alternating (A B A B ...): ``paperdesk fetch --refresh`` on the course against the network's
own time, the ``arxiv`` package fetching the same ids in one request in a fresh process (goal:
paperdesk within 0.2 s of it).

Run: ``python bench/fetch.py [--runs N] [--quick]``.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the feed generator lives with the tests

from tests.arxiv.feeds import answer_query, generated_ids  # noqa: E402
from tests.crossref.server import generated_work, work_body  # noqa: E402

LATENCY = 0.2
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


def time_paperdesk(server: LoopbackArxiv, ws: Path, runs: int,
                   email: str = "bench@example.org") -> tuple[int, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
    env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_ARXIV_API=server.url,
               PAPERDESK_ARXIV_DELAY=str(ARXIV_DELAY), PAPERDESK_CROSSREF_API=server.crossref,
               PAPERDESK_STUDENT="Bench", PAPERDESK_EMAIL=email,
               XDG_CONFIG_HOME=str(ws / ".config"))
    times, counts = [], []
    for _ in range(runs):
        server.reset()
        start = time.perf_counter()
        done = subprocess.run([paperdesk(), "fetch", "--refresh"], env=env, capture_output=True,
                              text=True)
        times.append(time.perf_counter() - start)
        counts.append(server.requests)
        if done.returncode != 0:
            sys.exit(f"paperdesk fetch failed:\n{done.stdout}{done.stderr}")
    return max(counts), times


def time_baseline(server: LoopbackArxiv, ids: list[str]) -> tuple[int, float]:
    """The naive loop: one request per paper, the package's own 3 s delay between them."""
    import arxiv

    client = arxiv.Client(delay_seconds=ARXIV_DELAY)
    client.query_url_format = server.url + "?{}"
    server.reset()
    start = time.perf_counter()
    for arxiv_id in ids:
        results = list(client.results(arxiv.Search(id_list=[arxiv_id])))
        assert len(results) == 1, arxiv_id
    return server.requests, time.perf_counter() - start


ONE_REQUEST = """
import sys, arxiv
url, ids = sys.argv[1], sys.argv[2:]
client = arxiv.Client(delay_seconds=0)
client.query_url_format = url + "?{}"
found = list(client.results(arxiv.Search(id_list=ids, max_results=None)))
assert len(found) == len(ids), len(found)
"""


def alternating(server: LoopbackArxiv, ws: Path, ids: list[str], runs: int) -> None:
    """paperdesk fetch of the course against the arxiv package's one request, A B A B."""
    sys.path.insert(0, str(REPO / "bench"))
    from timing import Case, alternate, table

    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
    env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_ARXIV_API=server.url,
               PAPERDESK_ARXIV_DELAY=str(ARXIV_DELAY), PAPERDESK_CROSSREF_API=server.crossref,
               PAPERDESK_STUDENT="Bench", PAPERDESK_EMAIL="bench@example.org",
               XDG_CONFIG_HOME=str(ws / ".config"))

    def fetch() -> None:
        subprocess.run([paperdesk(), "fetch", "--refresh"], env=env, capture_output=True,
                       check=True)

    def one_request() -> None:
        subprocess.run([sys.executable, "-c", ONE_REQUEST, server.url, *ids], check=True)

    fetch()  # warm: bytecode, the catalog snapshot, the database
    base = "arxiv package, one request (fresh process)"
    cases = [Case(base, one_request),
             Case(f"paperdesk fetch --refresh, course ({len(ids)} papers)", fetch,
                  baseline=base)]
    times = alternate(cases, runs)
    print(table(f"fetch against the network's own time ({LATENCY * 1000:.0f} ms a request)",
                cases, times))
    gap = statistics.median(times[cases[1].name]) - statistics.median(times[base])
    print(f"paperdesk - the one request: {gap:+.3f} s (goal: within 0.2 s: "
          f"{'met' if gap < 0.2 else 'MISSED'})\n", flush=True)


def course_ids() -> list[str]:
    from paperdesk.adapters.bibfile import load_bib

    catalog = load_bib(REPO / "readings.bib")
    return list(dict.fromkeys(r.arxiv.base for r in catalog.readings if r.arxiv))


def floor_seconds(requests: int) -> float:
    return (requests - 1) * ARXIV_DELAY + requests * LATENCY


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="paperdesk runs per case (median)")
    parser.add_argument("--quick", action="store_true",
                        help="compute the 29-paper baseline instead of running it (~90 s)")
    args = parser.parse_args()

    ids = course_ids()
    rows: list[tuple[str, int, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp, LoopbackArxiv().running() as server:
        course_ws = workspace(Path(tmp) / "course", None)
        big_ws = workspace(Path(tmp) / "big", generated_bib(1000))
        print(f"loopback arXiv at {server.url}, {LATENCY * 1000:.0f} ms per request; "
              f"paperdesk paced at {ARXIV_DELAY:g} s between requests", flush=True)
        alternating(server, course_ws, ids, 3 if args.quick else max(args.runs, 5))

        n_course, t_course = time_paperdesk(server, course_ws, args.runs)
        rows.append((f"paperdesk fetch, course ({len(ids)} papers)", n_course,
                     f"{statistics.median(t_course):7.2f} s", f"median of {args.runs}, "
                     f"floor {math.ceil(len(ids) / BATCH)} request"))
        print(*rows[-1], sep="  |  ", flush=True)
        n_big, t_big = time_paperdesk(server, big_ws, args.runs)
        rows.append(("paperdesk fetch, 1,000 ids", n_big, f"{statistics.median(t_big):7.2f} s",
                     f"median of {args.runs}, floor {math.ceil(1000 / BATCH)} requests "
                     f"= {floor_seconds(10):.1f} s"))
        print(*rows[-1], sep="  |  ", flush=True)

        doi_ws = workspace(Path(tmp) / "dois", doi_bib(DOIS))
        n_doi, t_doi = time_paperdesk(server, doi_ws, args.runs)
        rows.append((f"paperdesk fetch, {DOIS} DOIs", n_doi, f"{statistics.median(t_doi):7.2f} s",
                     f"Crossref, {server.most_in_flight} at once (polite pool, with an email)"))
        print(*rows[-1], sep="  |  ", flush=True)
        n_one, t_one = time_paperdesk(server, doi_ws, args.runs, email="")
        rows.append((f"paperdesk fetch, {DOIS} DOIs, no email", n_one,
                     f"{statistics.median(t_one):7.2f} s",
                     f"Crossref, {server.most_in_flight} at once (public pool)"))
        print(*rows[-1], sep="  |  ", flush=True)

        if args.quick:
            base_n, base_t = len(ids), floor_seconds(len(ids))
            how = "computed: (n-1) x 3 s pauses + n x 0.2 s"
        else:
            base_n, base_t = time_baseline(server, ids)
            how = "measured once, arxiv.Client(delay_seconds=3)"
        rows.append((f"baseline arxiv loop, course ({len(ids)})", base_n, f"{base_t:7.2f} s", how))
        print(*rows[-1], sep="  |  ", flush=True)
        per_request = (base_t - (base_n - 1) * ARXIV_DELAY) / base_n
        big_base = 999 * ARXIV_DELAY + 1000 * per_request
        rows.append(("baseline arxiv loop, 1,000 ids", 1000, f"{big_base:7.0f} s",
                     f"computed: 999 x 3 s pauses + 1,000 x {per_request:.2f} s per request"))

    print("\ncase                                  requests   wall       how")
    for name, n, wall, how in rows:
        print(f"{name:<38}{n:>8}   {wall:>9}  {how}")
    print(f"\nratios (baseline / paperdesk): course {base_n / n_course:.0f}x fewer requests, "
          f"{base_t / statistics.median(t_course):.0f}x less wall time; 1,000 ids "
          f"{1000 / n_big:.0f}x fewer requests, {big_base / statistics.median(t_big):.0f}x less "
          "wall time")
    print(f"DOIs: {DOIS} requests either way; 3 at once take "
          f"{statistics.median(t_one) / statistics.median(t_doi):.1f}x less wall time than 1")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
