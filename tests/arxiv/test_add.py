"""``add``: a new entry appended as text; the rest of readings.bib byte for byte unchanged.

arxiv.org URLs are input to parse and text expected in the bib; the requests go to the
loopback FakeArxiv server on 127.0.0.1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import load_bib
from paperdesk.services.add import citekey
from tests.arxiv.conftest import make_ws, stored_ids
from tests.arxiv.feeds import FakePaper
from tests.arxiv.server import FakeArxiv

ATTENTION = FakePaper(
    id="1706.03762v7",
    title="Attention Is All You Need",
    authors=("Ashish Vaswani", "Noam Shazeer", "Aäron van den Oord", "Łukasz Kaiser"),
    summary="The dominant sequence transduction models are based on recurrent networks.",
    categories=("cs.CL", "cs.LG"),
    published="2017-06-12T17:57:34Z",
    updated="2023-08-02T00:41:18Z",
    comment="15 pages, 5 figures",
)
PUBLISHED = FakePaper(
    id="1111.2011v2",
    title="A journal paper {with} $\\alpha$ & 100% braces}",
    authors=("Jane Doe",),
    summary="Short.",
    categories=("physics.soc-ph",),
    published="2011-11-08T20:00:00Z",
    updated="2012-01-01T00:00:00Z",
    journal_ref="Phys. Rev. E 85, 016105 (2012)",
    doi="10.1103/PhysRevE.85.016105",
)


@pytest.fixture
def known(fake_arxiv: FakeArxiv) -> FakeArxiv:
    fake_arxiv.papers = {"1706.03762": ATTENTION, "1111.2011": PUBLISHED}
    return fake_arxiv


def added_part(before: bytes, after: bytes) -> str:
    assert after.startswith(before)  # every old byte where it was
    return after[len(before):].decode("utf-8")


OWN_BIB = """% My list.

@misc{vaswani2017attention,
  kind  = {blog},
  title = {A blog post that took the key first},
  url   = {https://example.org/post}
}
"""


def test_add_appends_an_entry_and_keeps_the_rest(tmp_path: Path, known: FakeArxiv, cli,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_ws(tmp_path / "ws", OWN_BIB, monkeypatch)
    bib = ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", "1706.03762", "--topic", "Transformers", "--course")

    assert result.code == 0, result.err
    assert added_part(before, bib.read_bytes()) == (
        "\n"
        "@misc{vaswani2017attentiona,\n"
        "  topic         = {Transformers},\n"
        "  kind          = {paper},\n"
        "  title         = {Attention Is All You Need},\n"
        "  author        = {Vaswani, Ashish and Shazeer, Noam and van den Oord, Aäron and "
        "Kaiser, Łukasz},\n"
        "  year          = {2017},\n"
        "  eprint        = {1706.03762},\n"
        "  archiveprefix = {arXiv},\n"
        "  primaryclass  = {cs.CL},\n"
        "  url           = {https://arxiv.org/abs/1706.03762}\n"
        "}\n"
    )
    assert result.out == ("added vaswani2017attentiona to readings.bib (line 9): "
                          "Attention Is All You Need\n")
    assert stored_ids(ws) == {"1706.03762"}
    listed = cli("list", "--topic", "Transformers")
    assert "vaswani2017attentiona" in listed.out


def test_add_on_the_course_keeps_readings_bib_byte_identical(course_ws: Path, known: FakeArxiv,
                                                             cli) -> None:
    bib = course_ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", "https://arxiv.org/abs/1111.2011v2", "--course")

    assert result.code == 0, result.err
    new = added_part(before, bib.read_bytes())
    assert new.startswith("\n@article{doe2011journal,\n")
    assert "  journal       = {Phys. Rev. E 85, 016105 (2012)},\n" in new
    assert "  doi           = {10.1103/PhysRevE.85.016105},\n" in new
    assert "  eprint        = {1111.2011v2},\n" in new  # the version asked for is kept
    assert "  primaryclass  = {physics.soc-ph},\n" in new
    assert "  url           = {https://arxiv.org/abs/1111.2011v2}\n}\n" in new
    catalog = load_bib(bib)
    assert not catalog.problems
    assert len(catalog.readings) == 50
    reading = catalog.get("doe2011journal")
    assert reading is not None and reading.arxiv is not None and reading.doi
    assert reading.title == "A journal paper with α & 100% braces"
    assert "1111.2011" in stored_ids(course_ws)


def test_duplicate_is_refused_with_its_key(course_ws: Path, known: FakeArxiv, cli) -> None:
    bib = course_ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", "arXiv:1706.03762v5")

    assert result.code == 2
    assert result.err.startswith("paperdesk: 1706.03762 is already in readings.bib as "
                                 "vaswani2017attention (line ")
    assert bib.read_bytes() == before
    assert known.api_queries == []  # refused before asking arXiv


@pytest.mark.parametrize("bad", ["1706.0376", "hep-th/99", "https://example.org/paper.pdf", ""])
def test_bad_id_is_refused_and_the_file_untouched(small_ws: Path, known: FakeArxiv, cli,
                                                  bad: str) -> None:
    bib = small_ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", bad, "--course")

    assert result.code == 2
    assert len(result.err.splitlines()) == 1 and "readings.bib was not changed" in result.err
    assert bib.read_bytes() == before
    assert known.api_queries == []


def test_unknown_paper_leaves_the_file_untouched(small_ws: Path, known: FakeArxiv, cli) -> None:
    bib = small_ws / "readings.bib"
    before = bib.read_bytes()

    result = cli("add", "2101.99999", "--course")

    assert result.code == 2
    assert result.err == ("paperdesk: arXiv has no paper 2101.99999 (not in its answer); "
                          "readings.bib was not changed\n")
    assert bib.read_bytes() == before


def test_arxiv_down_leaves_the_file_untouched(small_ws: Path, cli,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    bib = small_ws / "readings.bib"
    before = bib.read_bytes()
    result = cli("add", "2101.00001", "--course")  # the autouse env points arXiv at a closed port
    assert result.code == 2 and "(connection refused)" in result.err
    assert bib.read_bytes() == before


def test_crlf_file_without_final_newline(tmp_path: Path, known: FakeArxiv, cli,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    original = b"% list\r\n@misc{a,\r\n  title = {A}\r\n}"
    ws = make_ws(tmp_path / "ws", original, monkeypatch)

    assert cli("add", "1706.03762", "--course").code == 0

    data = (ws / "readings.bib").read_bytes()
    assert data.startswith(original + b"\r\n\r\n@misc{vaswani2017attention,\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.endswith(b"}\r\n")


def test_empty_file(tmp_path: Path, known: FakeArxiv, cli,
                    monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_ws(tmp_path / "ws", b"", monkeypatch)
    assert cli("add", "1706.03762", "--course").code == 0
    assert (ws / "readings.bib").read_bytes().startswith(b"@misc{vaswani2017attention,\n")
    assert cli("list").code == 0


def test_citekeys_follow_the_course_convention() -> None:
    from paperdesk.core.paper import Paper

    def make(title: str, author: str) -> Paper:
        return Paper("arxiv", "1312.6114", title, (author,), year="2013")

    assert citekey(make("Auto-Encoding Variational Bayes", "Diederik P. Kingma"), set()) \
        == "kingma2013auto"
    assert citekey(make("A Tutorial on VAEs", "Carl Doersch"), set()) == "doersch2013tutorial"
    assert citekey(make("$\\beta$-VAE: Learning", "Irina Higgins"), set()) == "higgins2013beta"
    assert citekey(make("Pixel RNNs", "Aäron van den Oord"), {"vandenoord2013pixel"}) \
        == "vandenoord2013pixela"


def test_add_goes_to_my_readings_and_course_to_readings_bib(course_ws: Path, known: FakeArxiv,
                                                           cli) -> None:
    """A student's paper never lands in the instructor's list: my-readings.bib is made on the
    first add and appended to afterwards; --course appends to readings.bib."""
    course = course_ws / "readings.bib"
    before = course.read_bytes()
    mine = course_ws / "my-readings.bib"

    first = cli("add", "1111.2011", "--topic", "Physics")
    assert first.code == 0, first.err
    assert first.out.startswith("added doe2011journal to my-readings.bib (line 4): ")
    assert "do not count toward the course" in first.out
    assert course.read_bytes() == before
    text = mine.read_text(encoding="utf-8")
    assert text.startswith("% My own readings") and "@article{doe2011journal," in text
    assert load_bib(mine).get("doe2011journal") is not None

    again = cli("add", "1111.2011")
    assert again.code == 2 and "already in my-readings.bib as doe2011journal" in again.err

    (course_ws / "my-readings.bib").write_bytes(mine.read_bytes() + b"% kept as typed\n")
    kept = mine.read_bytes()
    known.papers["2006.11239"] = FakePaper(
        id="2006.11239v2", title="Denoising Diffusion Probabilistic Models",
        authors=("Jonathan Ho",), summary="Diffusion.", categories=("cs.LG",),
        published="2020-06-19T17:24:44Z", updated="2020-12-16T21:09:34Z")
    assert cli("add", "2006.11239").code == 0
    assert mine.read_bytes().startswith(kept)  # appended as text, the rest as it was

    listed = json.loads(cli("list", "--json").out)
    assert [(r["key"], r["topic"]) for r in listed if r["personal"]] == [
        ("doe2011journal", "My readings"), ("ho2020denoising", "My readings")]

    course_add = cli("add", "1706.03762", "--course")
    assert course_add.code == 2 and "already in readings.bib" in course_add.err
    assert course.read_bytes() == before
