"""Crossref works become the right BibTeX entries: type, authors, title without markup, venue,
year, volume/pages, doi, url; recorded real responses and small ones of our own."""

from __future__ import annotations

import json

import pytest

from paperdesk.adapters.bibappend import format_entry
from paperdesk.adapters.bibfile import parse_bib
from paperdesk.adapters.sources import PaperRef
from paperdesk.adapters.sources.crossref import SOURCE, strip_markup, work_to_paper
from tests.crossref import works


def entry(work: dict[str, object]) -> tuple[str, dict[str, str]]:
    paper = work_to_paper(work)
    kind, fields = SOURCE.entry(paper, PaperRef("crossref", paper.id, paper.doi))
    return kind, {k: v for k, v in fields if v}


def test_each_type_becomes_its_entry_type() -> None:
    kinds = {w["type"]: entry(w)[0] for w in works.ALL}
    assert kinds == {"proceedings-article": "inproceedings", "journal-article": "article",
                     "book-chapter": "incollection", "book": "book", "posted-content": "misc"}


def test_proceedings_fields() -> None:
    _, f = entry(works.PARROTS)
    assert f == {
        "title": "On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? 🦜",
        "author": "Bender, Emily M. and Gebru, Timnit", "year": "2021",
        "booktitle": "Proceedings of the 2021 ACM Conference on Fairness, Accountability, "
                     "and Transparency",
        "pages": "610--623", "doi": "10.1145/3442188.3445922",
        "url": "https://doi.org/10.1145/3442188.3445922"}


def test_markup_is_converted_or_dropped_never_pasted() -> None:
    _, f = entry(works.ARTICLE)
    assert f["title"] == "Growth of H$_{2}$O films on Escherichia coli & DNA"
    assert f["journal"] == "Journal of Things"
    assert (f["volume"], f["number"], f["pages"]) == ("12", "3", "100--120")
    assert f["author"] == "Mendonça, Jéssica da C. and {The ATLAS Collaboration}"
    assert work_to_paper(works.ARTICLE).abstract == "We grow films."
    assert strip_markup("x<sup>2</sup> + <b>y</b><sub>i</sub>") == "x$^{2}$ + y$_{i}$"
    assert strip_markup("<mml:math><mml:mi>x</mml:mi></mml:math> <sub>open") == "x $_{open}$"
    # Tags go; an escaped '<' in the text is text.
    assert strip_markup("a <scp>b</scp> <unknown attr='1'>c</unknown> &lt;d&gt;") == "a b c <d>"


def test_chapter_book_preprint() -> None:
    _, chapter = entry(works.CHAPTER)
    assert chapter["booktitle"] == "A Book of Chapters" and chapter["publisher"] == "Springer"
    _, book = entry(works.BOOK)
    assert (book["publisher"], book["year"], book["author"]) == (
        "MIT Press", "2016", "Goodfellow, Ian")
    _, posted = entry(works.POSTED)
    assert posted["howpublished"] == "bioRxiv"


def test_each_entry_loads_as_a_reading() -> None:
    for work in works.ALL:
        kind, fields = entry(work)
        text = format_entry(kind, "k", [("topic", "T"), ("kind", "paper"), *fields.items()])
        catalog = parse_bib(text, "new")
        assert not catalog.problems and len(catalog.readings) == 1, text
        assert catalog.readings[0].doi == work["DOI"]


def test_pdf_link_only_when_crossref_names_a_pdf() -> None:
    assert work_to_paper(works.PARROTS).pdf_url.endswith("/pdf/10.1145/3442188.3445922")
    assert work_to_paper(works.BOOK).pdf_url == ""


def test_recorded_real_works(real_works: dict[str, bytes]) -> None:
    got = {doi: entry(json.loads(body)["message"]) for doi, body in real_works.items()}
    plos = got["10.1371/journal.pone.0033693"]
    assert plos[0] == "article" and plos[1]["journal"] == "PLoS ONE"
    assert plos[1]["year"] == "2012" and plos[1]["pages"] == "e33693"
    assert plos[1]["author"].startswith("Sadasivan, Shankar and Pond, Brooks B.")
    ieee = got["10.1109/icdcsw.2003.1203662"]
    # No date in 'issued': the year the proceedings' title names, not the deposit's (2004).
    assert ieee[0] == "inproceedings" and ieee[1]["year"] == "2003"
    assert ieee[1]["pages"] == "877--882"
    biorxiv = got["10.1101/2020.12.01.406702"]
    assert biorxiv[0] == "misc" and biorxiv[1]["howpublished"] == "bioRxiv"
    assert biorxiv[1]["title"].startswith(
        "Identification of a novel cationic glycolipid in Streptococcus agalactiae that")
    assert "Mendonça, Jéssica da C." in biorxiv[1]["author"]
    chem = got["10.26434/chemrxiv.5406907.v5"]
    assert chem[0] == "misc" and chem[1]["year"] == "2018"
    frontiers = got["10.3389/fgene.2017.00147"]
    assert frontiers[1]["author"].startswith("Pánek, Josef and Modrák, Martin")
    for _, fields in got.values():
        assert "<" not in fields["title"] and fields["doi"] and fields["url"]


@pytest.mark.parametrize("name", ["08_works_list_query_ecology_rows2.json",
                                  "09_works_list_query_title_rows1.json"])
def test_recorded_list_items_map_too(name: str, real_works: dict[str, bytes]) -> None:
    from tests.crossref.conftest import FIXTURES

    items = json.loads((FIXTURES / name).read_bytes())["message"]["items"]
    for item in items:
        _, fields = entry(item)
        assert fields["title"] and "<" not in fields["title"]
    if name.startswith("09"):
        assert work_to_paper(items[0]).pdf_url  # it names an application/pdf link
