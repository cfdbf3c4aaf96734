"""Every bench, one after the other, into one Markdown file (``bench/results.md`` by default).

Each bench alternates its own cases and prints a Markdown table of medians and ratios; this
collects them with the machine's load, so a figure is never read without its circumstances.
Run: ``python bench/all.py [--quick] [--out FILE] [--only catalog,tui,...]``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["catalog", "startup", "fetch", "tui", "export", "reviews", "search", "collect"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="each bench's quick mode")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--only", help="comma-separated bench names (default: all)")
    opts = parser.parse_args()
    names = opts.only.split(",") if opts.only else BENCHES
    parts = [f"# paperdesk benchmarks, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
             "", f"{platform.python_implementation()} {platform.python_version()}, "
             f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start"
             f"{', quick mode' if opts.quick else ''}.", ""]
    failed = []
    for name in names:
        script = HERE / f"{name}.py"
        args = [sys.executable, str(script)] + (["--quick"] if opts.quick else [])
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, cwd=HERE.parent)
        took = time.perf_counter() - start
        print(done.stdout, end="")
        parts.append(f"## {name} ({took:.0f} s)\n")
        if done.returncode:
            failed.append(name)
            parts.append(f"failed (exit {done.returncode}):\n\n```\n{done.stderr[-2000:]}\n```\n")
        else:
            parts.append(done.stdout)
    opts.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"written: {opts.out}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
