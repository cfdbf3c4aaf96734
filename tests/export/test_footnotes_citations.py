"""Footnotes as Typst footnotes, LaTeX's \\(..\\) and \\[..\\], and every pandoc citation form."""

from __future__ import annotations

import io

import pytest

from paperdesk.adapters.markdown_typst import render_markdown
from paperdesk.core.citation import find_citations
from paperdesk.core.course import Course
from paperdesk.core.reading import Catalog
from tests.export.conftest import final_review, words
from tests.export.test_typeset import squeezed, typeset


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    # Typst marks the hyphen of a compound as a soft one in the text layer.
    return [squeezed(p.extract_text().replace("\xad", "-"))
            for p in PdfReader(io.BytesIO(pdf)).pages]


def uris(pdf: bytes) -> list[str]:
    """Every URI a link annotation of the PDF points at."""
    from pypdf import PdfReader

    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action is not None and "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def test_footnotes_are_numbered_on_their_markers_page(catalog: Catalog, course: Course) -> None:
    # The markers fall on page 2, after 600 words: the notes must be at the foot of page 2.
    body = (words(600) + "\nA claim[^claim] with a source[^url] and the claim again[^claim].\n\n"
            + words(100) + "\n[^claim]: The *bound* is loose [@vaswani2017attention].\n\n"
            "[^url]: https://example.org/elbo-notes\n")
    result = typeset(final_review("kingma2014auto", body), catalog, course)
    assert result.warnings == []
    pages = page_texts(result.pdf)
    assert len(pages) == 2
    marker_page = pages[1]
    assert "Aclaim1withasource2andtheclaimagain1." in marker_page  # numbered, reused
    assert "1Theboundisloose(Vaswanietal.2017)." in marker_page
    assert "2https://example.org/elbo-notes" in marker_page  # a URL-only note stays visible
    assert "elbo-notes" not in pages[0]
    assert uris(result.pdf) == []  # the marker is not a link to the URL
    assert "AttentionIsAllYouNeed" in marker_page  # a citation in a note is a reference


def test_footnote_markup_and_a_note_never_defined() -> None:
    body = render_markdown("One[^a] two[^a] three[^nope].\n\n[^a]: Note.\n", lambda k: None)
    assert '#footnote[#"Note."]<pd-fn-0>' in body.markup
    assert "#footnote(<pd-fn-0>)" in body.markup
    assert "[^nope]" in body.markup  # printed as typed, as pandoc does


def test_latex_delimiters_are_math() -> None:
    body = render_markdown("Inline \\(\\alpha_t\\) and\n\n\\[\n- \\log p(x)\n\\]\n\nthen "
                           "\\[x^2\\] inline, and \\(unclosed.\n", lambda k: None)
    assert "$alpha_t$" in body.markup
    assert "$ -log p(x) $" in body.markup  # "- " did not start a list
    assert "$ x^2 $" in body.markup
    assert '(unclosed."' in body.markup


CITES = {
    "[@kingma2014auto]": "(Kingma & Welling 2014)",
    "[@vaswani2017attention; @kingma2014auto]": "(Vaswani et al. 2017; Kingma & Welling 2014)",
    "[@kingma2014auto, p. 3]": "(Kingma & Welling 2014, p. 3)",
    "[@kingma2014auto, pp. 3--4]": "(Kingma & Welling 2014, pp. 3–4)",
    "[see @kingma2014auto]": "(see Kingma & Welling 2014)",
    "[see @kingma2014auto, sec. 2; also @vaswani2017attention, fig. 1]":
        "(see Kingma & Welling 2014, sec. 2; also Vaswani et al. 2017, fig. 1)",
    "[-@kingma2014auto]": "(2014)",
    "[@{kingma2014auto}]": "(Kingma & Welling 2014)",
    "@kingma2014auto": "Kingma & Welling (2014)",
    "@kingma2014auto [p. 3]": "Kingma & Welling (2014, p. 3)",
    "@vaswani2017attention.": "Vaswani et al. (2017).",
}


@pytest.mark.parametrize(("typed", "printed"), CITES.items())
def test_every_pandoc_citation_form_resolves(catalog: Catalog, typed: str, printed: str) -> None:
    body = render_markdown(f"As argued {typed}\n", catalog.get)
    assert body.warnings == []
    assert f'#"{printed}"' in body.markup or printed in body.markup.replace('"#"', "")
    assert body.cited


@pytest.mark.parametrize("typed", [
    "[@nobody2020]", "[@kingma2014auto; @nobody2020]", "[@nobody2020, p. 3]",
    "[see @nobody2020]", "[-@nobody2020]", "@nobody2020", "@nobody2020 [p. 3]",
])
def test_an_unknown_key_in_any_form_warns_naming_the_line(catalog: Catalog, typed: str) -> None:
    body = render_markdown(f"Intro.\n\nThen, on line three, {typed} here.\n", catalog.get)
    assert len(body.warnings) == 1
    warning = body.warnings[0]
    assert warning.startswith("line 3: ") and "@nobody2020 is not a reading" in warning
    assert typed in body.markup.replace('"#"', "").replace("\\", "")  # printed as typed


def test_email_addresses_and_code_are_not_citations() -> None:
    assert find_citations("write to ada@example.edu or x@y") == []
    body = render_markdown("Mail ada@example.edu; `@kingma2014auto` in code.\n", lambda k: None)
    assert body.warnings == []


def test_citations_typeset_with_their_references(catalog: Catalog, course: Course) -> None:
    body = ("As @kingma2014auto [p. 3] show, and [see @vaswani2017attention, sec. 3.2; "
            "-@goodfellow2014generative].\n")
    result = typeset(final_review("kingma2014auto", body), catalog, course)
    assert result.warnings == []
    text = page_texts(result.pdf)[0]
    for expected in ("Kingma&Welling(2014,p.3)show",
                     "(seeVaswanietal.2017,sec.3.2;2014)", "GenerativeAdversarialNets"):
        assert expected in text, expected


def test_each_review_of_a_batch_numbers_its_notes_from_one(catalog: Catalog,
                                                           course: Course) -> None:
    from paperdesk.adapters.typeset import CoverEntry, typeset_batch

    entries = []
    for key, note in (("vaswani2017attention", "Attention note."),
                      ("kingma2014auto", "Variational note.")):
        body = f"Claim[^a], again[^a], and another[^b].\n\n[^a]: {note}\n\n[^b]: Second.\n"
        reading = catalog.get(key)
        assert reading is not None
        entries.append(CoverEntry(final_review(key, body), reading, 1))
    result = typeset_batch(entries, "Batch 1", course.rules.batches[0].due, course, catalog)
    assert result.warnings == []
    pages = page_texts(result.pdf)
    assert len(pages) == 3
    for page, note in ((pages[1], "Attentionnote."), (pages[2], "Variationalnote.")):
        assert "Claim1,again1,andanother2." in page
        assert f"1{note}" in page and "2Second." in page
