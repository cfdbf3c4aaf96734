"""How fast reviews become PDFs: warm in-process, the command cold, a batch of 10, and pandoc.

Prints medians of N runs (default 5), on a copy of the course workspace with 10 final reviews
of about 400 words each, with inline and display math, lists, code and a citation:
- one review typeset warm, in this process (what the editor's live page count costs), and
  exported warm (typeset + written to reviews/KEY.pdf);
- ``paperdesk export KEY`` run as a fresh process (interpreter, imports, fonts: all cold);
- ``paperdesk export --batch 1`` as a fresh process: 10 reviews + the combined PDF with a cover;
- the baseline: the same 10 reviews converted by ``pandoc -t typst -s --citeproc`` and
  compiled by the typst wheel (one fresh compile each), with the ratios. pandoc comes from the
  ``bench`` extra (``pip install -e '.[bench]'``: pypandoc_binary ships pandoc 3.9) or from
  PATH (3.1.2+ has a Typst writer); without one the baseline is skipped.

Cold against cold, alternating (A B A B ...): ``paperdesk export KEY`` in a fresh process against
a fresh ``python`` that imports typst and compiles the very Typst document paperdesk makes for
that review (the floor of a cold export).

Goals: under 50 ms warm per review; a batch of 10 under 1 s cold.

Run: ``python bench/export.py [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from timing import median_time  # bench/ is on sys.path when a bench runs

REPO = Path(__file__).resolve().parent.parent
NOW = "2021-04-14T12:00:00-05:00"

BODY = r"""## Summary

The authors {topic}. The central object is the evidence lower bound
$$
\log p_\theta(x) \ge \mathbb{{E}}_{{q_\phi(z|x)}}[\log p_\theta(x|z)]
  - \mathrm{{KL}}(q_\phi(z|x) \| p(z)),
$$
optimised with a reparameterised estimator where $z = \mu + \sigma \odot \epsilon$ and
$\epsilon \sim \mathcal{{N}}(0, I)$. {filler} {filler}

## Strengths

- The objective is simple: $\sum_{{i=1}}^n \frac{{1}}{{\sqrt{{n}}}} \|x_i\|_2$ stays bounded.
- The experiments are *careful* and the code is **available**.

## Weaknesses

{filler} Compare with [@{other}]. {filler}

```python
z = mu + sigma * torch.randn_like(sigma)
```

{filler}
"""
FILLER = ("The paper argues that a latent variable model trained with amortised inference can "
          "match autoregressive baselines while sampling much faster, and the ablations mostly "
          "support the claim, although the likelihood comparison on the larger data set uses a "
          "different preprocessing than the prior work it cites, which weakens the conclusion "
          "a little; a fairer table would report both settings side by side.")


def make_workspace(root: Path) -> list[str]:
    """The course workspace with 10 final reviews; returns their keys."""
    sys.path.insert(0, str(REPO / "src"))
    from paperdesk.adapters.bibfile import load_bib
    from paperdesk.core.review import FINAL, Review
    from paperdesk.core.review_format import render_review

    shutil.copy(REPO / "readings.bib", root / "readings.bib")
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir()
    readings = load_bib(root / "readings.bib").readings
    keys = [r.key for r in readings[:10]]
    start = datetime(2021, 4, 10, 20, 0, tzinfo=ZoneInfo("America/Chicago"))
    for i, key in enumerate(keys):
        body = BODY.format(topic=f"study {readings[i].title.lower()}", filler=FILLER,
                           other=keys[(i + 1) % len(keys)])
        review = Review(reading=key, body=body, student="Ada Lovelace", email="ada@example.edu",
                        status=FINAL, submitted=start + timedelta(hours=i))
        (root / "reviews" / f"{key}.md").write_text(render_review(review), encoding="utf-8")
    return keys


def pandoc_typst() -> str | None:
    """A pandoc with a Typst writer: the one ``pip install -e .[bench]`` brings
    (pypandoc_binary), else ``pandoc`` on PATH; None when there is neither."""
    try:
        import pypandoc  # type: ignore[import-untyped]

        pandoc: str | None = pypandoc.get_pandoc_path()  # the newest of PATH and the wheel's
    except (ImportError, OSError):
        pandoc = shutil.which("pandoc")
    if pandoc is None:
        return None
    formats = subprocess.run([pandoc, "--list-output-formats"], capture_output=True, text=True)
    return pandoc if "typst" in formats.stdout.split() else None


def typst_fixed(source: str) -> str:
    """pandoc's Typst with the symbol names typst 0.15 rejects renamed (``dot.circle``...), as
    paperdesk does for its own math; without it pandoc's output of these reviews fails."""
    from paperdesk.adapters.tex_math import RENAMES

    names = re.compile(r"(?<![A-Za-z.])(" + "|".join(
        re.escape(k) for k in sorted(RENAMES, key=len, reverse=True)) + r")(?![A-Za-z])")
    math = re.compile(r"(?<!\\)\$(?:[^$\\]|\\.)*\$")
    return math.sub(lambda m: names.sub(lambda n: RENAMES[n.group(1)], m.group()), source)


COMPILE_ONE = """
import sys, typst
pdf = typst.compile(open(sys.argv[1], "rb").read(), format="pdf", timestamp=0)
assert pdf[:5] == b"%PDF-"
"""


def cold_against_cold(ctx: Any, ws: Path, key: str, review: Any, env: dict[str, str],
                      runs: int) -> str:
    """``paperdesk export KEY`` cold against ``import typst`` + one compile of the same
    document, cold: both fresh processes, alternating."""
    from timing import Case, alternate, table

    from paperdesk.adapters.typeset import _document, review_markup, typesetter

    reading = ctx.catalog.get(key)
    markup, _warnings, _text = review_markup(review, reading, ctx.course, ctx.catalog, None,
                                             typesetter().check_math, 0)
    source = ws / "same-document.typ"
    source.write_text(_document(f"Review of {reading.title}", review.student) + markup + "\n",
                      encoding="utf-8")
    base = "import typst + one compile of the same document"
    cases = [
        Case(base, lambda: subprocess.run([sys.executable, "-c", COMPILE_ONE, str(source)],
                                          check=True, cwd=ws)),
        Case("paperdesk export KEY", lambda: subprocess.run(
            [sys.executable, "-m", "paperdesk", "export", key], env=env, check=True,
            capture_output=True), baseline=base),
    ]
    return table("export, cold against cold (fresh processes)", cases, alternate(cases, runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2 runs a case")
    args = parser.parse_args()
    if args.quick:
        args.runs = 2
    runs = args.runs

    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-export-") as tmp:
        ws = Path(tmp)
        keys = make_workspace(ws)
        env = {**os.environ, "PAPERDESK_WORKSPACE": str(ws), "PAPERDESK_NOW": NOW,
               "PAPERDESK_STUDENT": "Ada Lovelace", "PAPERDESK_EMAIL": "ada@example.edu"}
        os.environ.update(env)

        from paperdesk.adapters.typeset import typeset_review
        from paperdesk.core.review_format import parse_review
        from paperdesk.services.context import Context
        from paperdesk.services.export import export_batch, export_reviews

        ctx = Context.discover(str(ws), env)
        key = keys[1]
        review = parse_review((ws / "reviews" / f"{key}.md").read_text(), key)
        reading = ctx.catalog.get(key)
        assert reading is not None
        first = time.perf_counter()
        result = typeset_review(review, reading, ctx.course, ctx.catalog)
        first_s = time.perf_counter() - first
        warm_same = median_time(
            lambda: typeset_review(review, reading, ctx.course, ctx.catalog), runs)
        edits = iter(range(10**6))

        def edited() -> None:  # as in the editor: the text changed since the last typeset
            changed = replace(review, body=review.body + f"\nOne more word: {next(edits)}.\n")
            typeset_review(changed, reading, ctx.course, ctx.catalog)

        warm_typeset = median_time(edited, runs)
        warm_export = median_time(lambda: export_reviews(ctx, [key]), runs)
        warm_batch = median_time(lambda: export_batch(ctx, 1), runs)

        command = [sys.executable, "-m", "paperdesk"]
        cold_one = median_time(lambda: subprocess.run(
            [*command, "export", key], env=env, check=True, capture_output=True), runs)
        cold_batch = median_time(lambda: subprocess.run(
            [*command, "export", "--batch", "1"], env=env, check=True, capture_output=True),
            runs)
        python_start = median_time(lambda: subprocess.run(
            [sys.executable, "-c", "pass"], check=True), runs)
        cold_table = cold_against_cold(ctx, ws, key, review, env, runs)

        print(f"review: {len(review.body.split())} words, {result.pages} page, "
              f"{len(result.warnings)} warnings; runs: {runs} (medians)")
        print(f"first typeset in this process (compiler start, fonts): {first_s * 1000:7.1f} ms")
        print(f"one review typeset, warm, in-process, edited:    {warm_typeset * 1000:7.1f} ms"
              "   (goal < 50 ms)")
        print(f"one review typeset, warm, in-process, unchanged: {warm_same * 1000:7.1f} ms")
        print(f"one review exported (typeset + write), warm:     {warm_export * 1000:7.1f} ms")
        print(f"batch of 10 + combined PDF, warm, in-process:    {warm_batch * 1000:7.1f} ms")
        print(f"paperdesk export KEY, cold process:              {cold_one * 1000:7.1f} ms")
        print(f"paperdesk export --batch 1 (10 + cover), cold:   {cold_batch * 1000:7.1f} ms"
              "   (goal < 1000 ms)")
        print(f"python -c pass (interpreter start):              {python_start * 1000:7.1f} ms")

        print()
        print(cold_table)
        pandoc = pandoc_typst()
        if pandoc is None:
            print("baseline: no pandoc with a Typst writer (pip install -e '.[bench]' brings "
                  "pandoc 3.9); no pandoc figures in this run")
            return 0
        import typst

        version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                 check=True).stdout.split("\n")[0]
        sources = [(ws / "reviews" / f"{k}.md").read_text() for k in keys]

        def pandoc_pdf(text: str) -> bytes:
            # --citeproc: [@key] becomes (Author Year) and a reference list, as in paperdesk
            out = subprocess.run([pandoc, "-f", "markdown", "-t", "typst", "-s", "--citeproc",
                                  "--bibliography", str(ws / "readings.bib")],
                                 input=text, capture_output=True, text=True, check=True)
            pdf = typst.compile(typst_fixed(out.stdout).encode(), format="pdf")
            assert isinstance(pdf, bytes)
            return pdf

        baseline_one = median_time(lambda: pandoc_pdf(sources[1]), runs)
        baseline = median_time(lambda: [pandoc_pdf(text) for text in sources], runs)
        print(f"baseline: {version} -t typst -s --citeproc, then typst.compile "
              "(a fresh compiler each)")
        print(f"baseline, one review:                            {baseline_one * 1000:7.1f} ms"
              f"   (paperdesk export KEY cold / baseline: {cold_one / baseline_one:.2f};"
              f" warm typeset / baseline: {warm_typeset / baseline_one:.2f})")
        print(f"baseline, the same 10 reviews:                   {baseline * 1000:7.1f} ms"
              f"   (paperdesk cold batch / baseline: {cold_batch / baseline:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
