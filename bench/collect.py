"""How fast ``paperdesk collect`` grades a class: 100 students with 20 reviews each.

Generates, in a temporary folder, the instructor's workspace (30 readings and this repository's
``course.toml``: two batches of 10) and one folder per student (a workspace clone: ``reviews/``
with 20 Markdown reviews of about 350 words with math, lists and emphasis, each with a handed-in
PDF), then times the installed command, cold, as the instructor runs it. Prints, median of
``--runs``:

- the wall time for 25, 50 and 100 students, the time per review, and the time per review
  relative to the 25-student run (linear growth keeps it near 1.0);
- the baseline in the same run: 100 students with ``--jobs 1`` (one process), and the speed-up
  the worker processes give over it.

Goal: under 20 s for the 2,000 reviews on a 2-core machine. Each of those runs starts from an
empty database, so nothing is known from an earlier run.

Then the stored gradebook (``--incremental N``, default 200 students, 4,000 reviews): the first
collect into an empty database, the second over the same folders (nothing to typeset: goal under
3 s, against 40 s for the first), and a third after 10 files changed (goal under 5 s).

Run: ``python bench/collect.py [--runs N] [--students 25,50,100] [--incremental 200]``;
``--quick`` tries it all at a small size (5 and 10 students, 10 for the incremental part).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REVIEWS = 20
READINGS = 30
# The course of this repository: its two batches of 10, 2 points each, one page.
COURSE = Path(__file__).resolve().parent.parent / "course.toml"
BODY = """\
## Summary

The paper {n} proposes to learn a latent variable model by maximising the evidence lower
bound $\\mathcal{{L}} = \\mathbb{{E}}_{{q_\\phi(z|x)}}[\\log p_\\theta(x|z)] -
\\mathrm{{KL}}(q_\\phi \\| p)$, with the *reparameterisation trick* so that gradients flow
through samples. Student {s} finds the argument **clear**, and the derivation easy to follow.

$$ \\nabla_\\phi \\mathbb{{E}}_{{\\epsilon}}[f(g_\\phi(\\epsilon))]
 = \\mathbb{{E}}_\\epsilon[\\nabla_\\phi f] $$

## Strengths and weaknesses

- The experiments cover {n} data sets and compare with the usual baselines.
- The ablation in the third section isolates the effect of the prior.
- The paper could say more about posterior collapse, and about $\\beta \\neq 1$.

{filler}
"""
FILLER = ("The reviewer would ask the authors how the bound behaves when the decoder is very "
          "expressive, and whether the results hold on larger images. ") * 6


def write_class(root: Path, students: int) -> tuple[Path, Path]:
    """The instructor's workspace and a folder of ``students`` student workspaces."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import typst

    ws = root / "instructor"
    ws.mkdir(parents=True)
    shutil.copy(COURSE, ws / "course.toml")
    (ws / "readings.bib").write_text("\n".join(
        f"@inproceedings{{paper{i:02d},\n  title = {{A study of generative model number {i}}},\n"
        f"  author = {{Ada Author and Bob Writer and Carla Coder}},\n"
        f"  booktitle = {{Advances in Neural Information Processing Systems}},\n"
        f"  year = {{2020}},\n  topic = {{VAEs}},\n  kind = {{paper}},\n}}\n"
        for i in range(READINGS)), encoding="utf-8")
    pdf = typst.compile(b"A one-page review", format="pdf")
    assert isinstance(pdf, bytes)
    folder = root / "submissions"
    for s in range(students):
        reviews = folder / f"student{s:03d}" / "reviews"
        reviews.mkdir(parents=True)
        for i in range(REVIEWS):
            key = f"paper{(s + i) % READINGS:02d}"
            month, day = (4, 1 + i) if i < 10 else (5, 1 + i)
            text = (f"---\nreading: {key}\nstudent: Student {s}\nemail: s{s}@uni.edu\n"
                    f"status: final\nsubmitted: 2021-{month:02d}-{day:02d}T10:00:00-05:00\n"
                    "---\n" + BODY.format(n=i, s=s, filler=FILLER))
            (reviews / f"{key}.md").write_text(text, encoding="utf-8")
            (reviews / f"{key}.pdf").write_bytes(pdf)
    return ws, folder


_runs = 0


def collect_time(ws: Path, folders: list[Path], runs: int, *extra: str,
                 db: str = "") -> float:
    """Median wall time of ``paperdesk collect``; each run on a new, empty database unless
    ``db`` names one (the incremental part)."""
    global _runs
    exe = shutil.which("paperdesk") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "paperdesk"]
    env = {**os.environ, "PAPERDESK_WORKSPACE": str(ws),
           "PAPERDESK_NOW": "2021-06-01T12:00:00-05:00"}
    times = []
    for _ in range(runs):
        _runs += 1
        env["PAPERDESK_DB"] = db or f"sqlite:///{ws.parent / f'run-{_runs}.db'}"
        start = time.perf_counter()
        done = subprocess.run([*cmd, "collect", *map(str, folders), "--json", *extra], env=env,
                              capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0 or b'"points": 40' not in done.stdout:
            raise SystemExit(f"collect failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return statistics.median(times)


def incremental(root: Path, students: int) -> None:
    """First, second (unchanged) and third (10 files changed) collect into one database."""
    ws, folder = write_class(root / "incremental", students)
    db = f"sqlite:///{root / 'incremental.db'}"
    paths = [folder]
    first = collect_time(ws, paths, 1, db=db)
    second = collect_time(ws, paths, 1, db=db)
    changed = sorted(folder.glob("*/reviews/*.md"))[:: max(1, students * REVIEWS // 10)][:10]
    for md in changed:
        md.write_text(md.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                      encoding="utf-8")
    third = collect_time(ws, paths, 1, db=db)
    n = students * REVIEWS
    print(f"stored gradebook, {students} students, {n} reviews, one database:")
    print(f"  first collect (typesets all):      {first:6.2f} s   goal 40 s")
    print(f"  second, unchanged (typesets none): {second:6.2f} s   goal 3 s  "
          f"({second / first:.1%} of the first)")
    print(f"  third, {len(changed)} files changed:         {third:6.2f} s   goal 5 s")
    load = os.getloadavg()
    print(f"  load average while measured: {load[0]:.1f} (1 min), {load[1]:.1f} (5 min) "
          f"on {os.cpu_count()} CPUs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--students", default="25,50,100",
                        help="class sizes, comma-separated; the largest also runs with --jobs 1")
    parser.add_argument("--incremental", type=int, default=200, metavar="N",
                        help="students for the first/second/third collect (0: skip)")
    parser.add_argument("--only-incremental", action="store_true",
                        help="skip the scaling runs")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run: a try-out")
    args = parser.parse_args()
    if args.quick:
        args.students, args.runs, args.incremental = "5,10", 1, 10
    if args.only_incremental:
        with tempfile.TemporaryDirectory(prefix="paperdesk-bench-collect-") as tmp:
            incremental(Path(tmp), args.incremental)
        return
    sizes = sorted(int(n) for n in args.students.split(","))
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-collect-") as tmp:
        ws, folder = write_class(Path(tmp), sizes[-1])
        students = sorted(folder.iterdir())
        print(f"paperdesk collect, {REVIEWS} reviews a student, median of {args.runs} runs, "
              f"{os.cpu_count()} CPUs")
        first_per_review = 0.0
        for n in sizes:
            wall = collect_time(ws, students[:n], args.runs)
            per = wall / (n * REVIEWS)
            first_per_review = first_per_review or per
            print(f"  {n:4d} students, {n * REVIEWS:5d} reviews: {wall:6.2f} s  "
                  f"{per * 1000:6.2f} ms/review  (x{per / first_per_review:.2f} per review "
                  f"vs {sizes[0]} students)")
        n = sizes[-1]
        serial = collect_time(ws, students[:n], args.runs, "--jobs", "1")
        print(f"  baseline, --jobs 1, {n * REVIEWS} reviews: {serial:6.2f} s  "
              f"{serial / (n * REVIEWS) * 1000:6.2f} ms/review; worker processes are "
              f"x{serial / wall:.2f} faster")
        goal = "met" if n * REVIEWS >= 2000 and wall < 20 else "not shown"
        print(f"  goal (2,000 reviews under 20 s): {goal}")
        if args.incremental:
            incremental(Path(tmp), args.incremental)


if __name__ == "__main__":
    main()
