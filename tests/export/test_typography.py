"""Typographic punctuation in prose, code-like text left alone, and $$ right after a line."""

from __future__ import annotations

import pytest

from paperdesk.adapters.markdown_typst import render_markdown
from paperdesk.core.citation import venue_year
from paperdesk.core.course import Course
from paperdesk.core.reading import Catalog, Reading
from paperdesk.core.typography import smarten
from tests.export.conftest import final_review, pdf_text
from tests.export.test_typeset import typeset

PROSE = {
    "Doersch's tutorial": "Doersch’s tutorial",
    'the "key idea" is': "the “key idea” is",
    "He said \"it's 'fine'\".": "He said “it’s ‘fine’”.",
    "the authors' claims": "the authors’ claims",
    "in the '90s": "in the ’90s",
    '("quoted")': "(“quoted”)",
    "pages 10--20 -- and --- so...": "pages 10–20 – and — so…",
}
AS_TYPED = [
    '#read("/etc/passwd")', '#import "@preview/x:0.1.0"', 'f("x")', 'a 5" disk',
    "use --all or --batch", "a \\ backslash", "<label> and @ref", "x = 'a",
]


@pytest.mark.parametrize(("typed", "printed"), PROSE.items())
def test_prose_gets_typographic_punctuation(typed: str, printed: str) -> None:
    assert smarten([typed]) == [printed]


@pytest.mark.parametrize("typed", AS_TYPED)
def test_code_like_text_keeps_its_characters(typed: str) -> None:
    assert smarten([typed]) == [typed]


def test_quotes_pair_across_pieces_and_code_is_untouched() -> None:
    assert smarten(['"', None, '" said']) == ["“", "", "” said"]
    body = render_markdown('"*big* idea" and `f("x")` -- see <https://a.b/x--y>', lambda k: None)
    assert '#"“"#emph[#"big"]#" idea” and "' in body.markup
    assert '#raw("f(\\"x\\")")' in body.markup and '"https://a.b/x--y"' in body.markup


def test_display_math_may_follow_a_line_of_text() -> None:
    """As in LaTeX: a formula whose second line starts with '- ' is still one formula."""
    text = "The bound is\n$$\n\\log p(x) \\ge E[\\log p(x|z)]\n  - \\mathrm{KL}(q \\| p)\n$$\nso.\n"
    markup = render_markdown(text, lambda k: None).markup
    assert "#list(" not in markup and markup.count("$") == 2
    assert markup.startswith('#"The bound is"') and markup.endswith('#"so."')
    # A blank line ends a paragraph: "$$" then stands for itself, as in pandoc.
    unclosed = render_markdown("Costs $$\n\nnext $$ x\n", lambda k: None).markup
    assert unclosed == '#"Costs $$"\n\n#"next $$ x"'


def test_the_pdf_prints_curly_quotes_and_titles_get_them_too(catalog: Catalog,
                                                            course: Course) -> None:
    result = typeset(final_review("kingma2014auto", "Kingma's \"trick\" -- it works.\n"),
                     catalog, course)
    text = pdf_text(result.pdf)
    assert "Kingma’s “trick” – it works." in text


def test_a_venue_that_names_its_year_is_not_followed_by_it_again() -> None:
    nips = Reading(key="k", topic="", kind="paper", title="T", year="2014",
                   venue="Advances in Neural Information Processing Systems 27 (NIPS 2014)")
    assert venue_year(nips) == "Advances in Neural Information Processing Systems 27 (NIPS 2014)"
    assert venue_year(Reading(key="k", topic="", kind="paper", title="T", year="2017",
                              venue="NeurIPS")) == "NeurIPS 2017"
