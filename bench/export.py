"""How fast reviews become PDFs: warm in-process, cold in fresh processes, and pandoc.

On a copy of the course workspace with 10 final reviews of about 400 words each, with inline and
display math, lists, code and a citation. Every table alternates its cases (A B C A B C ...)
through ``bench/timing.py`` and prints medians, min-max, the ratio to the baseline measured in
the same rounds, and the goal (met/MISSED):

1. Warm, in this process: one review typeset after an edit (what the editor's live page count
   costs; goal under 50 ms) and unchanged, exported (typeset + written), and the batch of 10 +
   the combined PDF; with pandoc, ``pandoc -t typst -s --citeproc`` + ``typst.compile`` of one
   review as the baseline.
2. Cold against cold, fresh processes (bytecode caches present): ``paperdesk export KEY``
   against a fresh ``python`` that imports typst and compiles the very Typst document paperdesk
   makes for that review (the floor of a cold export: the ratio is what paperdesk adds);
   ``paperdesk export --batch 1`` (10 reviews + a cover; goal under 1 s) against, with pandoc,
   a fresh ``python`` converting the same 10 with pandoc and compiling each; ``python -c pass``.

pandoc comes from the ``bench`` extra (``pip install -e '.[bench]'``: pypandoc_binary ships
pandoc 3.9) or from PATH (3.1.2+ has a Typst writer); without one its cases are left out.
The first typeset of a process (the compiler's start, fonts) is printed on its own.

Run: ``python bench/export.py [--runs N] [--quick]``.
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
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from timing import Case, alternate, table  # bench/ is on sys.path when a bench runs

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


PANDOC_EACH = """
import subprocess, sys, typst
sys.path.insert(0, sys.argv[1])
from export import typst_fixed
pandoc, bib, sources = sys.argv[2], sys.argv[3], sys.argv[4:]
for path in sources:
    out = subprocess.run([pandoc, "-f", "markdown", "-t", "typst", "-s", "--citeproc",
                          "--bibliography", bib], stdin=open(path, "rb"), capture_output=True,
                         check=True).stdout.decode()
    assert typst.compile(typst_fixed(out).encode(), format="pdf")[:5] == b"%PDF-"
"""


def same_document(ctx: Any, ws: Path, key: str, review: Any) -> Path:
    """The Typst document paperdesk makes for this review, as a file."""
    from paperdesk.adapters.typeset import _document, review_markup, typesetter

    reading = ctx.catalog.get(key)
    markup, _warnings, _text = review_markup(review, reading, ctx.course, ctx.catalog, None,
                                             typesetter().check_math, 0)
    source = ws / "same-document.typ"
    source.write_text(_document(f"Review of {reading.title}", review.student) + markup + "\n",
                      encoding="utf-8")
    return source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="3 rounds a table")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs

    with tempfile.TemporaryDirectory(prefix="paperdesk-bench-export-") as tmp:
        ws = Path(tmp)
        keys = make_workspace(ws)
        # A user's install has bytecode caches: PYTHONDONTWRITEBYTECODE is dropped (the
        # warm-up runs write them), and no PAPERDESK_ setting of the runner leaks in.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PAPERDESK_") and k != "PYTHONDONTWRITEBYTECODE"}
        env.update(PAPERDESK_WORKSPACE=str(ws), PAPERDESK_NOW=NOW,
                   PAPERDESK_STUDENT="Ada Lovelace", PAPERDESK_EMAIL="ada@example.edu",
                   XDG_CONFIG_HOME=str(ws / ".config"))
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
        print(f"review: {len(review.body.split())} words, {result.pages} page, "
              f"{len(result.warnings)} warnings; first typeset in this process (compiler "
              f"start, fonts): {first_s * 1000:.1f} ms\n")
        edits = iter(range(10**6))

        def edited() -> None:  # as in the editor: the text changed since the last typeset
            changed = review.replace(body=review.body + f"\nOne more word: {next(edits)}.\n")
            typeset_review(changed, reading, ctx.course, ctx.catalog)

        pandoc = pandoc_typst()
        if pandoc is None:
            print("pandoc: none with a Typst writer (pip install -e '.[bench]' brings pandoc "
                  "3.9): its cases are left out of this run\n")
        else:
            version = subprocess.run([pandoc, "--version"], capture_output=True, text=True,
                                     check=True).stdout.split("\n")[0]
            print(f"pandoc: {version}, -t typst -s --citeproc, then typst.compile\n")
        sources = [ws / "reviews" / f"{k}.md" for k in keys]

        def pandoc_one() -> None:
            import typst

            assert pandoc is not None
            out = subprocess.run([pandoc, "-f", "markdown", "-t", "typst", "-s", "--citeproc",
                                  "--bibliography", str(ws / "readings.bib")],
                                 input=sources[1].read_text(), capture_output=True, text=True,
                                 check=True)
            typst.compile(typst_fixed(out.stdout).encode(), format="pdf")

        base = "pandoc + typst.compile, one review"
        cases = [Case("typeset one review, edited", edited, goal=0.05,
                      baseline=base if pandoc else None),
                 Case("typeset one review, unchanged",
                      lambda: typeset_review(review, reading, ctx.course, ctx.catalog)),
                 Case("export one review (typeset + write)", lambda: export_reviews(ctx, [key])),
                 Case("export --batch 1 (10 + combined PDF)", lambda: export_batch(ctx, 1))]
        if pandoc:
            cases.insert(0, Case(base, pandoc_one))
        print(table("export, warm (in this process)", cases, alternate(cases, runs)))

        document = same_document(ctx, ws, key, review)
        command = [sys.executable, "-m", "paperdesk"]
        for warm_up in (["export", key], ["export", "--batch", "1"]):
            subprocess.run([*command, *warm_up], env=env, check=True, capture_output=True)
        floor = "import typst + one compile of the same document"
        batch_base = "pandoc + typst.compile, the same 10 (fresh python)"
        cases = [
            Case("python -c pass", lambda: subprocess.run([sys.executable, "-c", "pass"],
                                                          check=True)),
            Case(floor, lambda: subprocess.run([sys.executable, "-c", COMPILE_ONE,
                                                str(document)], check=True, cwd=ws, env=env)),
            Case("paperdesk export KEY", lambda: subprocess.run(
                [*command, "export", key], env=env, check=True, capture_output=True),
                baseline=floor),
            Case("paperdesk export --batch 1 (10 + cover)", lambda: subprocess.run(
                [*command, "export", "--batch", "1"], env=env, check=True, capture_output=True),
                goal=1.0, baseline=batch_base if pandoc else None),
        ]
        if pandoc:
            here = str(Path(__file__).resolve().parent)
            cases.append(Case(batch_base, lambda: subprocess.run(
                [sys.executable, "-c", PANDOC_EACH, here, str(pandoc), str(ws / "readings.bib"),
                 *map(str, sources)], check=True, env=env)))
        print(table("export, cold against cold (fresh processes)", cases,
                    alternate(cases, runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
