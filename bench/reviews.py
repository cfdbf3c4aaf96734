"""How fast the review loop is: a save, the batch rules, and ``status``/``list`` with reviews.

Prints medians and the ratio to a baseline measured in the same run:
- an atomic, conflict-checked save against a plain ``write_bytes`` of the same text;
- ``paperdesk status`` (20 reviews) and ``paperdesk list`` (49 reviews) against ``paperdesk list``
  in the same workspace with no reviews at all (so the ratio is what reviews cost).

Run: ``python bench/reviews.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from timing import median_time  # bench/ is on sys.path when a bench runs

REPO = Path(__file__).resolve().parent.parent


def command(ws: Path, *args: str) -> Callable[[], object]:
    env = {**os.environ, "PAPERDESK_WORKSPACE": str(ws), "PAPERDESK_NOW": "2021-05-01T12:00Z",
           "PAPERDESK_STUDENT": "Ada Lovelace", "PAPERDESK_EMAIL": "ada@example.edu"}

    def run() -> object:
        return subprocess.run([sys.executable, "-m", "paperdesk", *args], env=env, check=True,
                              stdout=subprocess.DEVNULL)

    return run


def review(key: str, n: int) -> str:
    final = n % 3 != 2
    head = ["---", f"reading: {key}", "student: Ada Lovelace",
            f"status: {'final' if final else 'draft'}"]
    if final:
        head.append(f"submitted: 2021-04-{10 + n % 15:02d}T09:00:00-05:00")
    return "\n".join([*head, "---", ""]) + "A paragraph of review text. " * 60 + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 runs a case")
    parsed = parser.parse_args()
    runs = 3 if parsed.quick else parsed.runs
    sys.path.insert(0, str(REPO / "src"))
    from paperdesk.adapters.reviewfiles import current_token, write_review_file
    from paperdesk.core.deadlines import standing
    from paperdesk.core.review_format import parse_review
    from paperdesk.services.context import Context

    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "course"
        (ws / "reviews").mkdir(parents=True)
        shutil.copy(REPO / "readings.bib", ws)
        shutil.copy(REPO / "course.toml", ws)
        keys = [r.key for r in Context.discover(str(ws)).catalog.readings]

        text = review(keys[0], 0)
        path = ws / "reviews" / "bench.md"
        plain = median_time(lambda: path.write_bytes(text.encode()), runs * 20)
        path.unlink()
        token = None

        def save() -> None:
            nonlocal token
            token = write_review_file(path, text, token if path.exists() else None)

        save()
        token = current_token(path)
        atomic = median_time(save, runs * 20)
        path.unlink()
        print(f"save: atomic + conflict check {atomic * 1e3:.2f} ms, plain write "
              f"{plain * 1e3:.3f} ms (x{atomic / plain:.0f}; the price of fsync)")

        reviews = [parse_review(review(k, i), "r.md") for i, k in enumerate(keys[:25])]
        course = Context.discover(str(ws)).course
        now = reviews[0].submitted or course.rules.batches[0].due
        rules_time = median_time(lambda: standing(reviews, course.rules, now), runs * 50)
        print(f"batch rules, 25 reviews: {rules_time * 1e6:.0f} µs")

        command(ws, "list")()  # warm the catalog cache
        base = median_time(command(ws, "list"), runs)
        for i, key in enumerate(keys[:20]):
            (ws / "reviews" / f"{key}.md").write_text(review(key, i), encoding="utf-8")
        status = median_time(command(ws, "status"), runs)
        for i, key in enumerate(keys[20:], 20):
            (ws / "reviews" / f"{key}.md").write_text(review(key, i), encoding="utf-8")
        listed = median_time(command(ws, "list"), runs)
        print(f"paperdesk list, no reviews (baseline): {base * 1e3:.0f} ms")
        print(f"paperdesk status, 20 reviews: {status * 1e3:.0f} ms (x{status / base:.2f})")
        print(f"paperdesk list, {len(keys)} reviews: {listed * 1e3:.0f} ms (x{listed / base:.2f})")


if __name__ == "__main__":
    main()
