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
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the feed generator lives with the tests

from tests.arxiv.feeds import answer_query, generated_ids  # noqa: E402

LATENCY = 0.2
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
                time.sleep(owner.latency)
                status, body = answer_query(urlsplit(self.path).query)
                self.send_response(status)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.latency = latency
        self.requests = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    def reset(self) -> None:
        with self.lock:
            self.requests = 0

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


def time_paperdesk(server: LoopbackArxiv, ws: Path, runs: int) -> tuple[int, list[float]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
    env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_ARXIV_API=server.url,
               PAPERDESK_ARXIV_DELAY=str(ARXIV_DELAY))
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
