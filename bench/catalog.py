"""How fast the everyday commands are, each a fresh process of the INSTALLED ``paperdesk``:

- ``--help``; ``list`` on the course (warm snapshot, and cold); ``show``, ``status`` (no
  reviews) on the course; ``mark`` in a copy, and ``list`` there right after one (the database
  changed: the reading states are read again); ``unsubmit`` and ``submit`` (the page check
  off: the export module blocked, as where typst is missing) of one review in a copy of it;
  ``add`` of an arXiv id to ``my-readings.bib`` (made anew each round) in another copy,
  answered by a loopback server that plays arXiv's API (``tests/arxiv/feeds.py``), with no
  politeness delay;
- ``list`` on a generated 10,000-entry bib: cold (parsed), warm, and right after one entry was
  appended (the tail is parsed and the snapshot extended);
- baselines in the same rounds: ``python -c pass``; ``papis list`` on the same 49 readings when
  papis is installed (``pip install -e ".[bench]"``); a stdlib script that reads the snapshot
  JSON and prints it.

All cases alternate (A B C A B C ...), medians and ratios are printed as a Markdown table.
Run: ``python bench/catalog.py [--quick] [--runs N] [--entries N] [--importtime]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # the arXiv feed generator lives with the tests

from tests.arxiv.feeds import answer_query  # noqa: E402
from timing import Case, alternate, table  # noqa: E402  (bench/ is on sys.path)

SURNAMES = ["Vaswani", "Goodfellow", "Kingma", "Schölkopf", "van den Oord", "Sønderby",
            "Bengio", "Müller", "Ng", "O'Neil", "García", "Łukasiewicz", "Zhang", "Doersch"]
GIVEN = ["Ashish", "Ian", "Diederik P.", "Bernhard", "Aäron", "Casper Kaae", "Yoshua", "Jürgen",
         "Andrew", "Cathy", "José", "Jan", "Wei", "Carl"]
WORDS = ["attention", "generative", "adversarial", "variational", "networks", "learning",
         "deep", "representations", "inference", "models", "discrete", "latent", "transformer",
         "diffusion", "autoencoders", "scalable", "neural", "bayesian", "flows", "energy"]
TOPICS = ["Transformers", "GANs", "VAEs", "Normalizing flows", "Diffusion", "Theory & Practice"]


def paperdesk() -> list[str]:
    script = shutil.which("paperdesk") or str(Path(sys.executable).with_name("paperdesk"))
    if not Path(script).exists():
        sys.exit("paperdesk is not installed in this environment (pip install -e .)")
    return [script]


def generate_bib(path: Path, n: int, seed: int = 1) -> None:
    """A realistic file: several entry types, LaTeX accents, macros, arXiv eprints, DOIs."""
    rng = random.Random(seed)
    out = ['@string{nips = "Advances in Neural Information Processing Systems"}\n']
    for i in range(n):
        authors = " and ".join(
            f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}" for _ in range(rng.randint(1, 6)))
        authors = authors.replace("ö", '{\\"o}') if i % 3 == 0 else authors
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 10))).capitalize()
        year = rng.randint(1995, 2024)
        kind = rng.choice(["inproceedings", "article", "misc", "book"])
        venue = {"inproceedings": "  booktitle = nips # { 30},\n",
                 "article": "  journal = {Journal of Machine Learning Research},\n",
                 "misc": "  howpublished = {Blog},\n",
                 "book": "  publisher = {MIT Press},\n"}[kind]
        arxiv = ""
        if year >= 2015 and i % 2 == 0:
            arxiv = (f"  eprint = {{{year % 100:02d}{rng.randint(1, 12):02d}."
                     f"{rng.randint(0, 99999):05d}}},\n  archiveprefix = {{arXiv}},\n")
        out.append(
            f"@{kind}{{entry{i}{year},\n  title = {{{{{title}}}: A Study of \\emph{{{i}}}}},\n"
            f"  author = {{{authors}}},\n  year = {{{year}}},\n{venue}{arxiv}"
            f"  doi = {{10.{1000 + i % 9000}/x.{i}}},\n  topic = {{{rng.choice(TOPICS)}}},\n"
            f"  kind = {{{'book' if kind == 'book' else 'paper'}}},\n}}\n\n"
        )
    path.write_text("".join(out), encoding="utf-8")


def run(args: list[str], cwd: Path, **extra: str) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   env={**bench_env(cwd), **extra})


def bench_env(cwd: Path) -> dict[str, str]:
    # A user's install has bytecode caches: without them every run recompiles the package
    # (~20 ms), so PYTHONDONTWRITEBYTECODE is dropped and the warm-up runs write them.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAPERDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PAPERDESK_WORKSPACE"] = str(cwd)
    return env


# ``submit`` without the page check: the console script's own lines, with the export module
# (typst) blocked as where it cannot load; then submit checks everything but the page count.
NO_PAGE_CHECK = ("import re, sys; sys.modules['paperdesk.services.export'] = None; "
                 "from paperdesk.cli.main import main; raise SystemExit(main(sys.argv[1:]))")


def review(key: str, status: str) -> str:
    submitted = "submitted: 2021-04-13T10:00:00-05:00\n" if status == "final" else ""
    return (f"---\nreading: {key}\nstudent: Ada Lovelace\nstatus: {status}\n{submitted}---\n\n"
            "A careful review of the paper, short enough for one page.\n")


class LoopbackArxiv:
    """arXiv's query API on 127.0.0.1 (every well-formed id exists), for ``add``."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, body = answer_query(urlsplit(self.path).query)
                self.send_response(status)
                self.send_header("Content-Type", "application/atom+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/query"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def make_workspace(root: Path, bib: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(bib, root / "readings.bib")
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir()
    return root


def drop_cache(ws: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(ws / ".paperdesk" / "cache", ignore_errors=True)


def importtime(cmd: list[str], cwd: Path, top: int = 12) -> None:
    """The slowest imports (cumulative microseconds) of one warm run."""
    code = ("import sys; from paperdesk.cli.main import main; "
            f"sys.argv = {['paperdesk', *cmd]!r}; main(sys.argv[1:])")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], cwd=cwd,
                          capture_output=True, text=True, env=bench_env(cwd), check=True)
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    print(f"\nslowest imports of `paperdesk {' '.join(cmd)}` (cumulative):")
    for micros, name in sorted(rows, reverse=True)[:top]:
        print(f"  {micros / 1000:7.1f} ms  {name}")


STDLIB_LIST = """
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()  # JSON lines: header, shape, problems, rows
rows = json.loads("[" + text.split("\\n", 3)[3].replace("\\n", ",") + "]")
sys.stdout.write("\\n".join(f"{r[0]}  {r[5]}  {r[3]}" for r in rows))
"""


def papis_library(root: Path, bib: Path) -> list[str] | None:
    """``papis list`` of a papis library holding the same entries (papis's own bibtex import;
    ``-l PATH`` names the library folder, no config needed); None where papis is not installed."""
    papis = shutil.which("papis") or str(Path(sys.executable).with_name("papis"))
    if not Path(papis).exists():
        return None
    lib = root / "papis-lib"
    lib.mkdir()
    subprocess.run([papis, "-l", str(lib), "bibtex", "read", str(bib), "import", "--all"],
                   check=True, capture_output=True, timeout=600)
    return [papis, "-l", str(lib), "list", "--all", "--format",
            "{doc[ref]}  {doc[year]}  {doc[title]}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="3 rounds, 2,000 entries")
    parser.add_argument("--importtime", action="store_true", help="also show the slowest imports")
    opts = parser.parse_args()
    if opts.quick:
        opts.runs, opts.entries = 3, 2_000
    cmd = paperdesk()

    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-") as tmp:
        base = Path(tmp)
        big_bib = base / "big.bib"
        generate_bib(big_bib, opts.entries)
        course = make_workspace(base / "course", REPO / "readings.bib")
        big = make_workspace(base / "big", big_bib)
        grown = make_workspace(base / "grown", big_bib)
        key = "vaswani2017attention"
        (course / "reviews" / "README.md").write_text("notes\n", encoding="utf-8")
        for args in (["--help"], ["list"], ["mark", key, "reading"], ["list"]):
            run([*cmd, *args], course)  # warm-up: bytecode caches, the snapshot, the database
        run([*cmd, "list"], big)
        run([*cmd, "list"], grown)
        appended = [0]

        def append_one() -> None:
            appended[0] += 1
            with open(grown / "readings.bib", "a", encoding="utf-8") as out:
                out.write(f"@misc{{appended{appended[0]},\n  title = {{Appended {appended[0]}}},"
                          "\n  topic = {Appended},\n}\n")

        # unsubmit and submit: one review each, in a copy (the course's status has no review);
        # add: to my-readings.bib, made anew each round, in another copy
        reviews = make_workspace(base / "reviews", REPO / "readings.bib")
        # mark: in a copy of its own, so "list, course (warm)" keeps its memo of the reading
        # states; the list that follows a mark (the database changed) is a case of its own
        marking = make_workspace(base / "marking", REPO / "readings.bib")
        for args in (["mark", key, "reading"], ["list"]):
            run([*cmd, *args], marking)
        adding = make_workspace(base / "adding", REPO / "readings.bib")
        final_key, draft_key = "sutskever2014sequence", "goodfellow2014generative"
        term = {"PAPERDESK_NOW": "2021-04-14T12:00:00-05:00"}  # before Batch 1 closes
        arxiv = LoopbackArxiv()
        add_env = {"PAPERDESK_ARXIV_API": arxiv.url, "PAPERDESK_ARXIV_DELAY": "0"}
        mine = adding / "my-readings.bib"

        def final_review() -> None:
            (reviews / "reviews" / f"{final_key}.md").write_text(review(final_key, "final"),
                                                                 encoding="utf-8")

        def draft_review() -> None:
            (reviews / "reviews" / f"{draft_key}.md").write_text(review(draft_key, "draft"),
                                                                 encoding="utf-8")

        def submit() -> None:
            run([sys.executable, "-c", NO_PAGE_CHECK, "submit", draft_key], reviews, **term)

        def add() -> None:
            run([*cmd, "add", "2401.00001"], adding, **add_env)

        for warm in (final_review, draft_review):
            warm()
        run([*cmd, "mark", key, "reading"], reviews)
        run([*cmd, "unsubmit", final_key], reviews, **term)
        submit()
        mine.unlink(missing_ok=True)
        add()
        run([*cmd, "list"], adding)

        snapshot = course / ".paperdesk" / "cache" / "catalog.json"
        py = sys.executable
        cases = [
            Case("python -c pass", lambda: subprocess.run([py, "-c", "pass"], check=True)),
            Case("stdlib: read the snapshot, print", lambda: subprocess.run(
                [py, "-c", STDLIB_LIST, str(snapshot)], check=True, stdout=subprocess.DEVNULL)),
            Case("--help", lambda: run([*cmd, "--help"], course), goal=0.05,
                 baseline="python -c pass"),
            Case("list, course (warm)", lambda: run([*cmd, "list"], course), goal=0.07,
                 baseline="stdlib: read the snapshot, print"),
            Case("list, course (cold)", lambda: run([*cmd, "list"], course),
                 before=drop_cache(course), baseline="list, course (warm)"),
            Case("mark", lambda: run([*cmd, "mark", key, "read"], marking), goal=0.15,
                 baseline="list, course (warm)"),
            Case("list, course (right after a mark)", lambda: run([*cmd, "list"], marking),
                 before=lambda: run([*cmd, "mark", key, "reading"], marking),
                 baseline="list, course (warm)"),
            Case("show", lambda: run([*cmd, "show", key], course), goal=0.15,
                 baseline="list, course (warm)"),
            Case("status (no reviews)", lambda: run([*cmd, "status"], course), goal=0.15,
                 baseline="list, course (warm)"),
            Case("unsubmit", lambda: run([*cmd, "unsubmit", final_key], reviews, **term),
                 before=final_review, goal=0.15, baseline="list, course (warm)"),
            Case("submit (page check off)", submit, before=draft_review, goal=0.15,
                 baseline="list, course (warm)"),
            Case("add (arXiv id, loopback)", add,
                 before=lambda: mine.unlink(missing_ok=True), baseline="list, course (warm)"),
            Case(f"list, {opts.entries} cold", lambda: run([*cmd, "list"], big),
                 before=drop_cache(big)),
            Case(f"list, {opts.entries} warm", lambda: run([*cmd, "list"], big),
                 baseline=f"list, {opts.entries} cold"),
            Case(f"list, {opts.entries} + 1 appended", lambda: run([*cmd, "list"], grown),
                 before=append_one, goal=0.4, baseline=f"list, {opts.entries} cold"),
        ]
        papis = papis_library(base, REPO / "readings.bib")
        if papis is not None:
            cases.insert(2, Case("papis list, course", lambda: subprocess.run(
                papis, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)))
            cases[4].baseline = "papis list, course"  # list, course (warm): goal < 0.5x papis
        else:
            print("(papis is not installed: pip install -e \".[bench]\" for its baseline)")
        try:
            times = alternate(cases, opts.runs)
        finally:
            arxiv.close()
        print(table(f"catalog and one-row commands ({opts.entries} entries for the big bib)",
                    cases, times))
        if opts.importtime:
            importtime(["list"], course)
            importtime(["--help"], course)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
