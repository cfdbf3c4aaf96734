"""The timing rules of every bench: cases alternate (A B A B ...), so a load that comes and goes
(other processes on a 2-core machine) falls on all of them alike; medians and ratios are printed
side by side, as a Markdown table that ``bench/all.py`` collects."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Seconds: the median wall time of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Case:
    """One thing timed: ``fn``, after ``before`` (not timed) on every run."""

    name: str
    fn: Callable[[], object]
    before: Callable[[], object] | None = None
    goal: float | None = None  # seconds, where the issue sets one
    baseline: str | None = None  # the case it is compared with (the ratio column)


def alternate(cases: list[Case], runs: int) -> dict[str, list[float]]:
    """Every case once per round, ``runs`` rounds: A B C A B C ... Seconds per case."""
    times: dict[str, list[float]] = {c.name: [] for c in cases}
    for _ in range(runs):
        for case in cases:
            if case.before is not None:
                case.before()
            start = time.perf_counter()
            case.fn()
            times[case.name].append(time.perf_counter() - start)
    return times


def table(title: str, cases: list[Case], times: dict[str, list[float]]) -> str:
    """Medians, spread, the ratio to each case's baseline and the goal, as Markdown."""
    medians = {name: statistics.median(ts) for name, ts in times.items() if ts}
    lines = [f"### {title}", "",
             f"{len(next(iter(times.values())))} alternating rounds; load average "
             f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the start of the table.", "",
             "| case | median | min-max | baseline | ratio | goal |",
             "|---|---:|---:|---|---:|---|"]
    for case in cases:
        ts = times.get(case.name) or []
        if not ts:
            continue
        med = medians[case.name]
        base = medians.get(case.baseline or "")
        ratio = f"{med / base:.2f}" if base else ""
        goal = ""
        if case.goal is not None:
            goal = f"< {_fmt(case.goal)}: {'met' if med < case.goal else 'MISSED'}"
        lines.append(f"| {case.name} | {_fmt(med)} | {_fmt(min(ts))}-{_fmt(max(ts))} | "
                     f"{case.baseline or ''} | {ratio} | {goal} |")
    return "\n".join(lines) + "\n"


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"
