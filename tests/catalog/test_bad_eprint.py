"""One bad field never hides a reading: a malformed eprint is reported with its line, and the
reading stays (without an arXiv id), as generated libraries and hand-typed entries need."""

from __future__ import annotations

import json
from pathlib import Path

from tests.catalog.conftest import Cli

# Generated the way a library tool writes them: a 2014 paper with a five-digit number (ids before
# 2015 have four), a made-up old-style id, and a good one between them.
GENERATED = """\
@article{kingma2014autoencoding,
  title = {Auto-Encoding Variational Bayes},
  author = {Kingma, Diederik P. and Welling, Max},
  year = {2014},
  archiveprefix = {arXiv},
  eprint = {1312.61140},
  topic = {VAEs}
}
@article{goodfellow2014generative,
  title = {Generative Adversarial Networks},
  author = {Goodfellow, Ian},
  year = {2014},
  archiveprefix = {arXiv},
  eprint = {1406.2661},
  topic = {GANs}
}
@article{rezende2014stochastic,
  title = {Stochastic Backpropagation},
  author = {Rezende, Danilo},
  year = {2014},
  eprinttype = {arxiv},
  eprint = {stat/14010082},
  topic = {VAEs}
}
"""


def test_a_malformed_eprint_keeps_the_reading(course_ws: Path, cli: Cli) -> None:
    (course_ws / "readings.bib").write_text(GENERATED, encoding="utf-8")
    listed = cli("list", "--json")
    assert listed.code == 0, listed.err
    readings = {r["key"]: r for r in json.loads(listed.out)}
    assert list(readings) == ["kingma2014autoencoding", "goodfellow2014generative",
                              "rezende2014stochastic"]
    assert readings["kingma2014autoencoding"]["arxiv"] is None
    assert readings["goodfellow2014generative"]["arxiv"] == "1406.2661"
    assert readings["rezende2014stochastic"]["arxiv"] is None
    assert "could not be read" not in listed.err  # nothing was skipped

    checked = cli("check")
    assert checked.code == 1
    bib = course_ws / "readings.bib"
    assert checked.out.splitlines() == [
        f"{bib}:6: kingma2014autoencoding: malformed eprint: '1312.61140': ids before 2015 "
        "have 4 digits after the dot: the reading is kept without an arXiv id",
        f"{bib}:22: rezende2014stochastic: malformed eprint: {bad_old_style()}: the "
        "reading is kept without an arXiv id",
        f"{bib}: 3 readings loaded, 0 skipped with errors, 2 warnings",
    ]
    shown = cli("show", "kingma2014autoencoding")
    assert shown.code == 0 and "Auto-Encoding Variational Bayes" in shown.out


def bad_old_style() -> str:
    from paperdesk.core.arxiv_id import ArxivId, ArxivIdError

    try:
        ArxivId.parse("stat/14010082")
    except ArxivIdError as exc:
        return str(exc)
    raise AssertionError("stat/14010082 parsed")
