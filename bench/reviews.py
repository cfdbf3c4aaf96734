"""How fast the review loop is: a save, the batch rules, and ``status``/``list`` with reviews.

Every table alternates its cases (A B C A B C ...) through ``bench/timing.py`` and prints
medians, min-max and the ratio to a baseline measured in the same rounds:
- an atomic, conflict-checked save against a plain ``write_bytes`` of the same text;
- the batch rules over 25 reviews (in-process);
- ``paperdesk status`` and ``paperdesk list`` (fresh processes of the installed command, bytecode
  caches present) in workspaces with no review, 20 and 49 reviews, against ``paperdesk list``
  with no reviews at all (so a ratio is what reviews cost).

Run: ``python bench/reviews.py [--runs N] [--quick]``.
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

from timing import Case, alternate, table  # bench/ is on sys.path when a bench runs

REPO = Path(__file__).resolve().parent.parent


def paperdesk() -> str:
    script = shutil.which("paperdesk") or str(Path(sys.executable).with_name("paperdesk"))
    if not Path(script).exists():
        sys.exit("paperdesk is not installed in this environment (pip install -e .)")
    return script


def command(ws: Path, *args: str) -> Callable[[], object]:
    # A user's install has bytecode caches: PYTHONDONTWRITEBYTECODE is dropped (warm-ups write
    # them), and no PAPERDESK_ setting of the runner leaks in.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAPERDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_NOW="2021-05-01T12:00Z",
               PAPERDESK_STUDENT="Ada Lovelace", PAPERDESK_EMAIL="ada@example.edu",
               XDG_CONFIG_HOME=str(ws / ".config"))

    def run() -> object:
        return subprocess.run([paperdesk(), *args], env=env, check=True,
                              stdout=subprocess.DEVNULL)

    return run


def review(key: str, n: int) -> str:
    final = n % 3 != 2
    head = ["---", f"reading: {key}", "student: Ada Lovelace",
            f"status: {'final' if final else 'draft'}"]
    if final:
        head.append(f"submitted: 2021-04-{10 + n % 15:02d}T09:00:00-05:00")
    return "\n".join([*head, "---", ""]) + "A paragraph of review text. " * 60 + "\n"


def course(root: Path, keys: list[str] | None = None) -> Path:
    """The course workspace with reviews of ``keys`` (none by default)."""
    (root / "reviews").mkdir(parents=True)
    shutil.copy(REPO / "readings.bib", root)
    shutil.copy(REPO / "course.toml", root)
    for i, key in enumerate(keys or []):
        (root / "reviews" / f"{key}.md").write_text(review(key, i), encoding="utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--quick", action="store_true", help="3 rounds a table")
    parsed = parser.parse_args()
    runs = 3 if parsed.quick else parsed.runs
    sys.path.insert(0, str(REPO / "src"))
    from paperdesk.adapters.reviewfiles import current_token, write_review_file
    from paperdesk.core.deadlines import standing
    from paperdesk.core.review_format import parse_review
    from paperdesk.services.context import Context

    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-reviews-") as tmp:
        empty = course(Path(tmp) / "none")
        keys = [r.key for r in Context.discover(str(empty)).catalog.readings]

        text = review(keys[0], 0)
        plain_path = empty / "reviews" / "plain.md"
        path = empty / "reviews" / "bench.md"
        token = write_review_file(path, text, None)

        def save() -> None:
            nonlocal token
            token = write_review_file(path, text, token)

        token = current_token(path)
        base = "plain write_bytes"
        cases = [Case(base, lambda: plain_path.write_bytes(text.encode())),
                 Case("atomic save + conflict check (fsync)", save, baseline=base)]
        print(table("saving a review (in-process)", cases, alternate(cases, runs * 20)))
        path.unlink()
        plain_path.unlink()

        reviews = [parse_review(review(k, i), "r.md") for i, k in enumerate(keys[:25])]
        rules = Context.discover(str(empty)).course.rules
        now = reviews[0].submitted or rules.batches[0].due
        cases = [Case("batch rules, 25 reviews", lambda: standing(reviews, rules, now))]
        print(table("the batch rules (in-process)", cases, alternate(cases, runs * 50)))

        some = course(Path(tmp) / "twenty", keys[:20])
        every = course(Path(tmp) / "all", keys)
        for ws in (empty, some, every):  # bytecode, the catalog snapshot, the review index
            command(ws, "list")()
            command(ws, "status")()
        base = "paperdesk list, no reviews"
        cases = [Case(base, command(empty, "list")),
                 Case("paperdesk status, no reviews", command(empty, "status"), baseline=base),
                 Case("paperdesk status, 20 reviews", command(some, "status"), baseline=base),
                 Case(f"paperdesk list, {len(keys)} reviews", command(every, "list"),
                      baseline=base)]
        print(table("status and list with reviews (fresh processes)", cases,
                    alternate(cases, runs)))


if __name__ == "__main__":
    main()
