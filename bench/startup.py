"""What a warm ``paperdesk list`` costs past Python's own start, in measures a load does not move.

Wall time on a shared 2-core machine swings with the other processes; these do not: the
instructions a process executes (valgrind's callgrind, where installed: the same count run after
run, a few hundred thousand apart) and its CPU time (user + sys of the child, median of
alternating rounds). Three cases, each a fresh process with bytecode caches present:
``python -c pass``; bench/catalog.py's stdlib reader of the snapshot (``json`` and a print);
the installed ``paperdesk list`` on a copy of the course workspace, its snapshot and memos made.
Run: ``python bench/startup.py [--quick] [--runs N] [--no-valgrind]``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from catalog import REPO, STDLIB_LIST, bench_env, make_workspace, paperdesk


def cpu_ms(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    """The CPU time (user + sys, ms) of one run of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return 1000 * (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)


def instructions(args: list[str], cwd: Path, env: dict[str, str]) -> int | None:
    """Instructions executed by one run of ``args`` (callgrind's total), None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    done = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    return int(found.group(1)) if found else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="5 rounds")
    parser.add_argument("--no-valgrind", action="store_true", help="CPU time only")
    opts = parser.parse_args()
    runs = 5 if opts.quick else opts.runs
    with tempfile.TemporaryDirectory() as tmp:
        course = make_workspace(Path(tmp) / "course", REPO / "readings.bib")
        env = bench_env(course)
        listing = [*paperdesk(), "list"]
        for _ in range(2):  # bytecode caches, the snapshot; the memos once their files settled
            subprocess.run(listing, cwd=course, env=env, check=True, stdout=subprocess.DEVNULL)
            time.sleep(2.1)
        snapshot = course / ".paperdesk" / "cache" / "catalog.json"
        py = sys.executable
        cases = {"python -c pass": [py, "-c", "pass"],
                 "stdlib: read the snapshot, print": [py, "-c", STDLIB_LIST, str(snapshot)],
                 "paperdesk list, course (warm)": listing}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):  # A B C A B C ...
            for name, args in cases.items():
                cpu[name].append(cpu_ms(args, course, env))
        counts = {name: None if opts.no_valgrind else instructions(args, course, env)
                  for name, args in cases.items()}
    pass_ms = statistics.median(cpu["python -c pass"])
    print("### A warm list past Python's start (load-independent measures)\n")
    print(f"{runs} alternating rounds of CPU time; load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores at the end.\n")
    print("| case | CPU ms (median) | past `pass` | instructions (M) | past `pass` (M) |")
    print("|---|---:|---:|---:|---:|")
    base = counts["python -c pass"]
    for name in cases:
        ms = statistics.median(cpu[name])
        count = counts[name]
        ir = f"{count / 1e6:.1f}" if count else "-"
        past = f"{(count - base) / 1e6:.1f}" if count and base else "-"
        print(f"| {name} | {ms:.1f} | {ms - pass_ms:.1f} | {ir} | {past} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
