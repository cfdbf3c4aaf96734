"""``show`` before anything was fetched: the reading from readings.bib, and what to run next."""

from __future__ import annotations

import json
from pathlib import Path


def test_show_before_any_fetch_says_what_is_missing(course_ws: Path, cli) -> None:
    result = cli("show", "vaswani2017attention")

    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    assert lines[0] == "vaswani2017attention  (readings.bib line 165)"
    assert lines[1] == "Attention Is All You Need"
    assert lines[2].startswith("Ashish Vaswani, Noam Shazeer")
    assert ("arXiv 1706.03762: abstract and arXiv details not fetched yet "
            "(paperdesk fetch vaswani2017attention)") in lines
    pdf = course_ws / ".paperdesk" / "pdfs" / "vaswani2017attention.pdf"
    assert f"PDF:    {pdf} (not downloaded yet; paperdesk open vaswani2017attention fetches it)" \
        in lines
    assert f"Review: {course_ws / 'reviews' / 'vaswani2017attention.md'} (not started)" in lines
    assert lines[-1] == "Status: unread"
    assert all(len(line) <= 100 for line in lines if not line.startswith(("PDF:", "Review:")))

    data = json.loads(cli("show", "vaswani2017attention", "--json").out)
    assert data["metadata"] is None and data["pdf"]["downloaded"] is False


def test_show_keeps_the_bib_doi_of_an_arxiv_paper_not_fetched(tmp_path: Path, cli,
                                                             monkeypatch) -> None:
    from tests.arxiv.conftest import make_ws

    make_ws(tmp_path / "ws", "@article{doe2011journal,\n  title = {A Journal Paper},\n"
            "  eprint = {1111.2011},\n  archiveprefix = {arXiv},\n"
            "  doi = {10.1103/PhysRevE.85.016105}\n}\n", monkeypatch)
    result = cli("show", "doe2011journal")
    assert "DOI: 10.1103/PhysRevE.85.016105" in result.out.splitlines()


def test_show_an_unknown_key_suggests_keys_that_start_with_it(course_ws: Path, cli) -> None:
    result = cli("show", "vaswani")
    assert result.code == 2
    assert result.err == ("paperdesk: no reading 'vaswani' in readings.bib "
                          "(did you mean vaswani2017attention?)\n")
    result = cli("show", "nothing-like-it")
    assert result.err.endswith("(paperdesk list shows the keys)\n")
