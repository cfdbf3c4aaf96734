"""How fast ``paperdesk collect`` grades a class: 100 students with 20 reviews each.

Generates, in a temporary folder, the instructor's workspace (30 readings and this repository's
``course.toml``: two batches of 10) and one folder per student (a workspace clone: ``reviews/``
with 20 Markdown reviews of about 350 words with math, lists and emphasis, each with a handed-in
PDF), then times the installed command, cold (bytecode caches present, as after pip install),
as the instructor runs it. The cases alternate (A B C A B C ..., ``bench/timing.py``) and a
Markdown table gives their medians over ``--runs``:

- 25, 50 and 100 students (the default ``--jobs``: worker processes), each run on a new, empty
  database, so nothing is known from an earlier run; the ratio is the time per review against
  the 25-student run (linear growth keeps it near 1.0);
- the baseline in the same rounds: 100 students with ``--jobs 1`` (one process); the ratio of the
  default against it is the speed-up the worker processes give.

Goal: under 20 s for the 2,000 reviews on a 2-core machine.

Then the stored gradebook (``--incremental N``, default 200 students, 4,000 reviews), a sequence
run ``--runs`` times: the first collect into an empty database (goal under 40 s), the second over
the same folders (nothing to typeset: goal under 3 s), and a third after 10 files changed (goal
under 5 s); each round starts again from an empty database and the unchanged files.

Run: ``python bench/collect.py [--runs N] [--students 25,50,100] [--incremental 200]
[--only-incremental]``; ``--quick`` tries it all at a small size (5 and 10 students, 10 for the
incremental part, one round).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import Case, alternate, table  # bench/ is on sys.path when a bench runs

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


CPU: dict[str, list[float]] = {}  # user+sys seconds of each run, its worker processes included


def collector(ws: Path, folders: list[Path], *extra: str, db: Callable[[], str] | None = None,
              name: str = "") -> Callable[[], None]:
    """One ``paperdesk collect`` of ``folders``, on a new, empty database each call unless
    ``db`` names the one to use (the incremental part); its CPU time goes to ``CPU[name]``."""
    exe = shutil.which("paperdesk") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "paperdesk"]
    # A user's install has bytecode caches (pip compiles the package; a first run writes them),
    # so PYTHONDONTWRITEBYTECODE is dropped, as in the other benches, and main() compiles first.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "PAPERDESK_WORKSPACE": str(ws), "PAPERDESK_NOW": "2021-06-01T12:00:00-05:00"}

    def run() -> None:
        global _runs
        _runs += 1
        if db is None:  # cold: nothing remembered from an earlier run
            (ws / ".paperdesk" / "cache" / "file-hashes.json").unlink(missing_ok=True)
        env["PAPERDESK_DB"] = db() if db else f"sqlite:///{ws.parent / f'run-{_runs}.db'}"
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run([*cmd, "collect", *map(str, folders), "--json", *extra], env=env,
                              capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        CPU.setdefault(name, []).append(after.ru_utime - before.ru_utime
                                        + after.ru_stime - before.ru_stime)
        if done.returncode != 0 or b'"points": 40' not in done.stdout:
            raise SystemExit(f"collect failed ({done.returncode}): {done.stderr.decode()[-500:]}")

    return run


def incremental(root: Path, students: int, runs: int) -> None:
    """First, second (unchanged) and third (10 files changed) collect into one database."""
    ws, folder = write_class(root / "incremental", students)
    sources = sorted(folder.glob("*/reviews/*.md"))
    changed = sources[:: max(1, len(sources) // 10)][:10]
    originals = {md: md.read_text(encoding="utf-8") for md in changed}
    rounds = 0

    def new_round() -> None:  # an empty database, no remembered hashes, the files as they were
        nonlocal rounds
        rounds += 1
        (ws / ".paperdesk" / "cache" / "file-hashes.json").unlink(missing_ok=True)
        for md, text in originals.items():
            md.write_text(text, encoding="utf-8")

    def change() -> None:
        for md, text in originals.items():
            md.write_text(text + "\nOne more sentence.\n", encoding="utf-8")

    def db() -> str:
        return f"sqlite:///{root / f'incremental-{rounds}.db'}"

    n = students * REVIEWS
    first = "first collect (typesets all)"
    names = [first, "second, unchanged (typesets none)", f"third, {len(changed)} files changed"]
    goals = (40.0, 3.0, 5.0) if students == 200 else (None, None, None)  # the size
    cases = [Case(names[0], collector(ws, [folder], db=db, name=names[0]), before=new_round,
                  goal=goals[0]),
             Case(names[1], collector(ws, [folder], db=db, name=names[1]), goal=goals[1],
                  baseline=first),
             Case(names[2], collector(ws, [folder], db=db, name=names[2]), before=change,
                  goal=goals[2], baseline=first)]
    print(table(f"The stored gradebook: {students} students, {n:,} reviews, one database a "
                "round (goals: 40 s, 3 s and 5 s for 200 students)", cases,
                alternate(cases, runs)))
    print(cpu_line(names))


def cpu_line(names: list[str]) -> str:
    """The median CPU time of each case: what the machine's load changes least."""
    return ("CPU time (user+sys, worker processes included), median: "
            + "; ".join(f"{name}: {statistics.median(CPU[name]):.2f} s" for name in names)
            + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds of alternating cases")
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
    compile_package()
    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-collect-") as tmp:
        if not args.only_incremental:
            scaling(Path(tmp), sorted(int(n) for n in args.students.split(",")), args.runs)
        if args.incremental:
            incremental(Path(tmp), args.incremental, args.runs)


def compile_package() -> None:
    """The installed package's bytecode, as ``pip install`` leaves it (an editable install gets
    it on its first run, unless PYTHONDONTWRITEBYTECODE is set, as on this machine)."""
    found = subprocess.run([sys.executable, "-c", "import paperdesk; print(paperdesk.__path__[0])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", found], check=True)


def scaling(root: Path, sizes: list[int], runs: int) -> None:
    """Each class size on an empty database, and the largest with ``--jobs 1`` (the baseline of
    the worker processes)."""
    ws, folder = write_class(root / "scaling", sizes[-1])
    students = sorted(folder.iterdir())
    serial = f"{sizes[-1]} students, --jobs 1"
    cases = [Case(f"{n} students", collector(ws, students[:n], name=f"{n} students"),
                  goal=20.0 if n * REVIEWS == 2000 else None,  # the size
                  baseline=serial if n == sizes[-1] else None) for n in sizes]
    cases.append(Case(serial, collector(ws, students[:sizes[-1]], "--jobs", "1", name=serial)))
    times = alternate(cases, runs)
    print(table(f"paperdesk collect, {REVIEWS} reviews a student, each run on an empty "
                "database (goal: 2,000 reviews under 20 s)", cases, times))
    per = {c.name: statistics.median(times[c.name]) / (int(c.name.split()[0]) * REVIEWS)
           for c in cases}
    base = per[cases[0].name]
    print("Per review (linear growth keeps the ratio to the smallest class near 1.00): "
          + "; ".join(f"{name}: {ms * 1000:.2f} ms (x{ms / base:.2f})" for name, ms in per.items())
          + "\n")
    print(cpu_line([c.name for c in cases]))


if __name__ == "__main__":
    main()
