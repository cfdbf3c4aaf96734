"""How fast paperdesk indexes downloaded PDFs and searches them (``paperdesk search``).

50 PDFs of 8 pages of text each (typst, ~600 words a page) in a generated workspace are indexed
through the service (pypdf text extraction + SQLite FTS5), then phrases are searched: one that
is on one page of one PDF, a common word, and a phrase that is nowhere. The baseline, in the same
run: the same search as a naive scan, pypdf extracting every page of every PDF for each query.
The queries, and the search against the scan, alternate (A B A B ...) through ``bench/timing.py``.

Goal: a query under 20 ms at 50 PDFs (met/MISSED).

Run: ``python bench/search.py [--pdfs N] [--quick]`` (``--quick``: 10 PDFs, fewer repetitions).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from timing import Case, alternate, table  # noqa: E402  (bench/ is on sys.path)

WORDS = (
    "encoder", "decoder", "attention", "latent", "variational", "prior", "posterior", "sample",
    "gradient", "network", "layer", "training", "objective", "likelihood", "bound", "divergence",
    "generator", "critic", "adversarial", "flow", "density", "estimate", "image", "sequence",
    "token", "embedding",
)


def pdf(n: int, pages: int) -> bytes:
    import typst

    parts = ["#set page(width: 15cm, height: 21cm)\n"]
    for page in range(1, pages + 1):
        if page > 1:
            parts.append("#pagebreak()\n")
        words = [WORDS[(n * 7 + page * 3 + i * i) % len(WORDS)] for i in range(600)]
        if n == 7 and page == 5:  # the one place this phrase is
            words[300:303] = ["ragged", "blue", "ocelots"]
        parts.append(" ".join(words) + "\n")
    return bytes(typst.compile("".join(parts).encode(), format="pdf"))


def workspace(root: Path, count: int, pages: int) -> Path:
    root.mkdir(parents=True)
    bib = "".join(f"@misc{{paper{i},\n  title = {{Paper {i}}},\n  url = {{https://e.org/{i}.pdf}}"
                  "\n}\n\n" for i in range(count))
    (root / "readings.bib").write_text(bib, encoding="utf-8")
    shutil.copy(REPO / "course.toml", root / "course.toml")
    (root / "reviews").mkdir()
    folder = root / ".paperdesk" / "pdfs"
    folder.mkdir(parents=True)
    for i in range(count):
        (folder / f"paper{i}.pdf").write_bytes(pdf(i, pages))
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--pages", type=int, default=8)
    parser.add_argument("--quick", action="store_true", help="10 PDFs, fewer repetitions")
    args = parser.parse_args()
    count = 10 if args.quick else args.pdfs
    reps = 5 if args.quick else 30

    from paperdesk.adapters.pdftext import page_texts
    from paperdesk.services.context import Context
    from paperdesk.services.search import index_pdfs, pdf_hits, pdf_matches

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ws = workspace(Path(tmp) / "ws", count, args.pages)
        made = time.perf_counter() - start
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDESK_")}
        env["PAPERDESK_WORKSPACE"] = str(ws)
        ctx = Context.discover(environ=env)
        size = sum(p.stat().st_size for p in (ws / ".paperdesk" / "pdfs").iterdir())
        print(f"{count} PDFs of {args.pages} pages ({size / 1e6:.1f} MB) made by typst in "
              f"{made:.1f} s", flush=True)

        start = time.perf_counter()
        report = index_pdfs(ctx)
        indexed = time.perf_counter() - start
        assert len(report.indexed) == count, report
        print(f"index: {indexed:.2f} s for {count} PDFs = {indexed / count * 1000:.0f} ms per PDF "
              f"({indexed / count / args.pages * 1000:.0f} ms per page)", flush=True)
        start = time.perf_counter()
        again = index_pdfs(ctx)
        print(f"index again, nothing changed: {(time.perf_counter() - start) * 1000:.1f} ms "
              f"({again.unchanged} unchanged)", flush=True)

        cases = []
        for label, query in (("a phrase on one page", "ragged blue ocelots"),
                             ("a common word", "attention"), ("nowhere", "purple giraffes")):
            cases.append(Case(f"search, {label} ({len(pdf_hits(ctx, query))} hits)",
                              lambda q=query: pdf_hits(ctx, q), goal=0.02))
            cases.append(Case(f"the desk's filter (keys), {label}",
                              lambda q=query: pdf_matches(ctx, q), goal=0.02))
        print()
        print(table(f"queries at {count} PDFs", cases, alternate(cases, reps)))

        paths = sorted((ws / ".paperdesk" / "pdfs").iterdir())

        def naive() -> None:
            found = [p.stem for p in paths
                     if any("ragged blue ocelots" in t for t in page_texts(p))]
            assert len(found) == 1, found

        base = "pypdf scan of every page (no index)"
        cases = [Case(base, naive),
                 Case("search, a phrase on one page", lambda: pdf_hits(ctx, "ragged blue ocelots"),
                      baseline=base)]
        times = alternate(cases, 2)  # a scan takes seconds: two rounds
        print(table("search against a naive scan", cases, times))
        scan, search = (statistics.median(times[c.name]) for c in cases)
        print(f"the index answers {scan / search:,.0f}x faster than the scan")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
