"""The template compiled by the real typst, read back with pypdf.

The arxiv.org link in a review body is only text to typeset; nothing is fetched (every
endpoint points at 127.0.0.1 in tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.adapters.typeset import count_pages, typeset_review, typesetter
from paperdesk.core.course import Course
from paperdesk.core.reading import Catalog
from paperdesk.core.review import Review
from tests.export.conftest import final_review, pdf_pages, pdf_text, words
from tests.export.latex_corpus import CORPUS

EVERYTHING = r"""## Summary

Kingma and Welling train a *latent-variable model* by maximising the **evidence lower bound**,
compared with [@vaswani2017attention] and [@goodfellow2014generative; @hinton2006reducing]:
$$
\log p_\theta(x) \ge \mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)] - \mathrm{KL}(q_\phi(z|x) \| p(z))
$$
with $q_\phi(z|x) = \mathcal{N}(\mu, \sigma^2 I)$ and $\sum_{i=1}^n \frac{1}{\sqrt{n}} \|x_i\|$.

### Strengths

- The reparameterisation estimator has `low variance`.
- It scales:
  1. minibatches,
  2. amortised inference.

> We show that a reparameterization of the lower bound yields a lower bound estimator.

Read the [paper](https://arxiv.org/abs/1312.6114).

```python
z = mu + sigma * torch.randn_like(sigma)
```
"""


def squeezed(text: str) -> str:
    return "".join(text.split())


def typeset(review: Review, catalog: Catalog, course: Course):  # type: ignore[no-untyped-def]
    reading = catalog.get(review.reading)
    assert reading is not None
    return typeset_review(review, reading, course, catalog)


def test_every_feature_on_one_page(catalog: Catalog, course: Course) -> None:
    result = typeset(final_review("kingma2014auto", EVERYTHING), catalog, course)
    assert result.warnings == []
    assert result.pages == 1 == pdf_pages(result.pdf)
    text = squeezed(pdf_text(result.pdf))  # line breaks fall anywhere
    for expected in ("Ada Lovelace", "ada@example.edu", "Auto-Encoding Variational Bayes",
                     "Deep Generative Models", "Submitted April 13, 2021", "arXiv:1312.6114",
                     "Diederik P. Kingma and Max Welling", "evidence lower bound",
                     "reparameterisation", "minibatches", "randn_like",
                     "(Vaswani et al. 2017)", "Goodfellow et al. 2014; Hinton & Salakhutdinov 2006",
                     "References", "Attention Is All You Need", "doi:10.1126/science.1127647"):
        assert squeezed(expected) in text, expected
    assert "Draft" not in text


def test_draft_says_draft(catalog: Catalog, course: Course) -> None:
    review = final_review("vaswani2017attention", status="draft", submitted=None)
    text = pdf_text(typeset(review, catalog, course).pdf)
    assert "Draft" in text and "Submitted" not in text


def test_same_review_same_bytes(catalog: Catalog, course: Course) -> None:
    review = final_review("kingma2014auto", EVERYTHING)
    first = typeset(review, catalog, course).pdf
    typeset(final_review("vaswani2017attention"), catalog, course)  # something else between
    assert typeset(review, catalog, course).pdf == first


def test_900_words_take_two_pages(catalog: Catalog, course: Course) -> None:
    result = typeset(final_review("kingma2014auto", words(900)), catalog, course)
    assert result.pages == 2 == pdf_pages(result.pdf)


def test_page_count_read_from_the_pdf_agrees_with_pypdf(catalog: Catalog,
                                                        course: Course) -> None:
    for n in (50, 900, 2500):
        pdf = typeset(final_review("kingma2014auto", words(n)), catalog, course).pdf
        assert count_pages(pdf) == pdf_pages(pdf)


INJECTIONS = ('#read("secret.txt")', '#import "@preview/x:0.1.0"', "<label>", "@ref",
              "*", "_", "$", "\\")


def test_injection_prints_literally_and_runs_nothing(catalog: Catalog, course: Course) -> None:
    # A file the review tries to read, where typst would look for it: it must not show up.
    Path(typesetter()._root, "secret.txt").write_text("TOPSECRET", encoding="utf-8")
    body = (
        'Reading #read("secret.txt") and #import "@preview/x:0.1.0" then <label> and @ref, '
        "a * star, an _ underscore, a \\$ dollar and a \\\\ backslash.\n\n"
        '> #read("secret.txt") in a quote\n\n'
        '- #import "@preview/x:0.1.0" in a list\n\n'
        '# #read("secret.txt") heading\n'
    )
    result = typeset(final_review("kingma2014auto", body), catalog, course)
    text = pdf_text(result.pdf)
    for literal in INJECTIONS:
        assert literal in text, literal
    assert text.count('#read("secret.txt")') == 3
    assert "TOPSECRET" not in text
    # "@ref" and "@preview/x:0.1.0" read as pandoc citations of unknown keys: warned, as typed.
    assert result.warnings and all("is not a reading of the course" in w
                                   for w in result.warnings)


def test_corpus_of_latex_commands_compiles_or_falls_back(catalog: Catalog,
                                                         course: Course) -> None:
    assert len(CORPUS) >= 200
    body = "\n\n".join(f"{i}: ${tex}$ and\n$$\n{tex}\n$$" for i, tex in enumerate(CORPUS))
    result = typeset(final_review("kingma2014auto", body), catalog, course)
    assert result.pages > 1
    fallbacks = [w for w in result.warnings if "math not typeset" in w]
    # Each fallback is named (inline and display of the same formula: one warning each).
    assert len(fallbacks) <= 2 * 10, fallbacks
    text = squeezed(pdf_text(result.pdf))
    for warning in fallbacks:
        tex = warning.split("shown as TeX: ", 1)[1].rstrip("…")
        assert squeezed(tex[:20]) in text


def test_accents_greek_and_cjk_do_not_crash(catalog: Catalog, course: Course) -> None:
    accents = "Schölkopf, Gödel, Łukasz, Müller: café, naïve, façade; α-divergence, Ω, β-VAE."
    result = typeset(final_review("schoelkopf2021causal", accents), catalog, course)
    assert result.pages == 1
    assert not any("no built-in font" in w for w in result.warnings)
    text = pdf_text(result.pdf)
    assert "Schölkopf" in text and "α-divergence" in text and "Étude" in text

    cjk = typeset(final_review("zhang2020cjk", "A review of 生成モデル, in English."),
                  catalog, course)
    assert cjk.pages == 1
    missing = [w for w in cjk.warnings if "no built-in font" in w]
    assert len(missing) == 1 and "生" in missing[0] and "モ" in missing[0]


def test_over_long_math_or_code_lines_do_not_fail(catalog: Catalog, course: Course) -> None:
    body = "$$\n" + " + ".join(f"x_{{{i}}}" for i in range(300)) + "\n$$\n\n```\n" + \
        "x" * 500 + "\n```\n"
    assert typeset(final_review("kingma2014auto", body), catalog, course).pages >= 1


@pytest.mark.parametrize("title", ["", "A Bold Claim, Weakly Tested"])
def test_review_title_is_the_headline(catalog: Catalog, course: Course, title: str) -> None:
    text = pdf_text(typeset(final_review("vaswani2017attention", title=title), catalog,
                            course).pdf)
    assert "Attention Is All You Need" in text
    assert (title in text) if title else ("Review of" in text or "REVIEW OF" in text.upper())


def test_random_markdown_and_hostile_pieces_always_typeset(catalog: Catalog,
                                                           course: Course) -> None:
    import random

    pieces = ["#", "*", "_", "`", "$", "$$", "\\", "[", "]", "(", ")", "<", ">", "@", "=", "-",
              "1.", "> ", "\n", "\n\n", "  \n", "```", "|", "---", "{", "}", '"', "//", "/*",
              "<!--", "-->", "[@kingma2014auto]", "[x](y)", "![a](b)", "\t", "    ", "é", "漢",
              "\x00", '#read("x")', "\\frac{", "\\alpha", "^", "~", "&", "\r\n", "<b>",
              "http://x.y", "- ", "1) ", "word", "\\\\", "$x$", "$$\n\\sum\n$$"]
    rng = random.Random(5)
    for _ in range(100):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        result = typeset(final_review("kingma2014auto", body), catalog, course)
        assert result.pages >= 1, body
