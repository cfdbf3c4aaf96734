"""Full-text search: a phrase found on its page of a generated PDF, abstracts and reviews too,
a PDF without text reported once, and the same index on PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from paperdesk.adapters.fulltext import FullText, fts_phrase
from tests.search.pdfs import blank_pdf, paper_pdf


def put_pdf(ws: Path, key: str, data: bytes) -> Path:
    folder = ws / ".paperdesk" / "pdfs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.pdf"
    path.write_bytes(data)
    return path


def test_a_phrase_is_found_on_its_page(course_ws: Path, cli: Any) -> None:
    put_pdf(course_ws, "vaswani2017attention", paper_pdf("Attention", pages=5, phrase_page=3))
    put_pdf(course_ws, "devlin2019bert", paper_pdf("BERT", pages=2, phrase_page=9))

    result = cli("search", "Stochastic  PARROTS dance")

    assert result.code == 0, result.err
    [line] = result.out.splitlines()
    assert line.startswith("vaswani2017attention  p. 3")
    assert "[stochastic] [parrots] [dance]" in line or "[stochastic parrots dance]" in line
    assert cli("search", "parrots dance under").out.startswith("vaswani2017attention  p. 3")
    missing = cli("search", "dance parrots")  # a phrase: the words in their order
    assert missing.code == 1 and missing.out == "" and "nothing has" in missing.err


def test_abstracts_and_reviews_are_searched(course_ws: Path, cli: Any,
                                            fake_arxiv: Any) -> None:
    assert cli("fetch", "vaswani2017attention").code == 0
    (course_ws / "reviews" / "devlin2019bert.md").write_text(
        "---\nreading: devlin2019bert\nstudent: Ada Lovelace\nstatus: draft\n---\n"
        "The masked language model is a clever trick.\n", encoding="utf-8")
    abstract = cli("show", "vaswani2017attention", "--json").out
    word = "transduction" if "transduction" in abstract else "study"
    found = cli("search", word).out
    assert "vaswani2017attention  abstract" in found
    review = cli("search", "clever trick").out
    assert review.startswith("devlin2019bert") and "review" in review and "[clever trick]" in \
        review


def test_a_pdf_without_text_is_reported_once(course_ws: Path, cli: Any) -> None:
    put_pdf(course_ws, "vaswani2017attention", blank_pdf())
    first = cli("search", "anything")
    assert first.err.count("vaswani2017attention: its PDF has no text to search") == 1
    second = cli("search", "anything")
    assert "no text" not in second.err


def test_a_changed_pdf_is_indexed_again_and_a_removed_one_forgotten(course_ws: Path,
                                                                    cli: Any) -> None:
    path = put_pdf(course_ws, "vaswani2017attention", paper_pdf("A", phrase="first words"))
    assert cli("search", "first words").code == 0
    import os

    path.write_bytes(paper_pdf("A", phrase="second words"))
    os.utime(path, ns=(1, 1))
    assert cli("search", "first words").code == 1
    assert cli("search", "second words").code == 0
    path.unlink()
    assert cli("search", "second words").code == 1


def test_the_desk_pass_with_nothing_downloaded_makes_no_database(course_ws: Path) -> None:
    """The desk indexes its readings' PDFs at every start: with none downloaded there is
    nothing to index or forget, and no database is made for an empty index."""
    from paperdesk.services.context import Context
    from paperdesk.services.search import index_pdfs

    ctx = Context.discover()
    report = index_pdfs(ctx, list(ctx.catalog.readings))
    assert (report.indexed, report.failed, report.unchanged) == ([], [], 0)
    assert not (course_ws / ".paperdesk" / "paperdesk.db").exists()


def test_fts_phrase_is_never_syntax() -> None:
    assert fts_phrase('a "b" OR c*') == '"a ""b"" OR c*"'


def check_index(url: str) -> None:
    from paperdesk.adapters.store import Store

    store = Store(url)
    index = FullText(store.engine)
    index.replace("k1", "1:1", ["nothing here", "the stochastic parrots dance here", ""])
    index.replace("k2", "2:2", ["parrots alone"])
    index.replace("k3", "3:3", ["one: stochastic parrots", "two", "three: stochastic parrots"])
    hits = sorted(index.search("Stochastic parrots"), key=lambda h: h.key)
    assert [(h.key, h.page, h.pages) for h in hits] == [("k1", 2, (2,)), ("k3", 1, (1, 3))]
    assert "parrots" in hits[0].snippet
    assert index.files()["k1"].pages == 3
    assert index.keys("stochastic PARROTS") == {"k1", "k3"} and index.keys("parrots") == {
        "k1", "k2", "k3"}
    index.forget(["k1", "k3"])
    assert index.search("stochastic parrots") == []
    store.close()


def test_the_index_on_sqlite(tmp_path: Path) -> None:
    check_index(f"sqlite:///{tmp_path / 'p.db'}")


def test_the_index_on_postgresql(pg_fresh_url: str) -> None:
    check_index(pg_fresh_url)
