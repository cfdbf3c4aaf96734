"""How fast the catalog paths are: ``paperdesk list`` on the course and on 10,000 entries.

Prints medians of N runs (default 5) of the INSTALLED ``paperdesk`` command, each a fresh
process, as a user would run it:
- ``paperdesk --help``;
- ``paperdesk list`` on the course (49 readings; warm snapshot cache, and cold);
- ``paperdesk list`` on a generated 10,000-entry ``readings.bib``, cold cache (parsed) and warm;
- the baseline: ``bibtexparser.parse_file`` of the same 10,000-entry file, in this process
  (no interpreter start, no decoding, no output), and a bare ``python -c pass``.

Goals (ahead of the fastest peer, papis): --help < 0.10 s, the course < 0.19 s, 10k warm < 0.8 s.

Run: ``python bench/catalog.py [--runs N] [--entries N] [--importtime]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GOALS = {"--help": 0.10, "list, course (warm)": 0.19, "list, 10k warm": 0.8}

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


def median_time(fn: Callable[[], object], runs: int, before: Callable[[], None] | None = None
                ) -> float:
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(args: list[str], cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, env=bench_env(cwd))


def bench_env(cwd: Path) -> dict[str, str]:
    # A user's install has bytecode caches: without them every run recompiles the package
    # (~20 ms), so PYTHONDONTWRITEBYTECODE is dropped and the warm-up runs write them.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAPERDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PAPERDESK_WORKSPACE"] = str(cwd)
    return env


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--importtime", action="store_true", help="also show the slowest imports")
    opts = parser.parse_args()
    cmd = paperdesk()

    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-") as tmp:
        base = Path(tmp)
        big_bib = base / "big.bib"
        generate_bib(big_bib, opts.entries)
        course = make_workspace(base / "course", REPO / "readings.bib")
        big = make_workspace(base / "big", big_bib)

        import bibtexparser  # the baseline, measured in this process

        def parse_baseline() -> None:
            library = bibtexparser.parse_file(str(big_bib))
            assert len(library.entries) == opts.entries, len(library.entries)

        results: dict[str, float] = {}
        results["python -c pass"] = median_time(
            lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), opts.runs)
        run([*cmd, "--help"], course)  # warm-up: writes the bytecode caches
        results["--help"] = median_time(lambda: run([*cmd, "--help"], course), opts.runs)
        run([*cmd, "list"], course)  # warm the snapshot cache
        results["list, course (warm)"] = median_time(lambda: run([*cmd, "list"], course),
                                                     opts.runs)
        results["list, course (cold)"] = median_time(lambda: run([*cmd, "list"], course),
                                                     opts.runs, drop_cache(course))
        results["list, 10k cold"] = median_time(lambda: run([*cmd, "list"], big), opts.runs,
                                                drop_cache(big))
        run([*cmd, "list"], big)
        results["list, 10k warm"] = median_time(lambda: run([*cmd, "list"], big), opts.runs)
        results["baseline: bibtexparser.parse_file 10k"] = median_time(parse_baseline, opts.runs)

        size = big_bib.stat().st_size / 1e6
        print(f"paperdesk catalog bench: medians of {opts.runs} runs; {opts.entries} entries "
              f"({size:.1f} MB); {sys.executable}")
        baseline = results["baseline: bibtexparser.parse_file 10k"]
        for name, seconds in results.items():
            goal = GOALS.get(name)
            verdict = "" if goal is None else (
                f"  goal < {goal:.2f} s: {'met' if seconds < goal else 'MISSED'}")
            print(f"  {name:<40} {seconds:7.3f} s  {seconds / baseline:5.2f}x baseline{verdict}")
        print(f"  10k warm is {results['list, 10k cold'] / results['list, 10k warm']:.1f}x "
              "faster than 10k cold")
        if opts.importtime:
            importtime(["list"], course)
            importtime(["--help"], course)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
