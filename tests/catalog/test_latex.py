"""Decoding the LaTeX that titles and names hold, cheaply."""

from __future__ import annotations

import pytest

from paperdesk.core.latex import decode_latex, fold


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (r"Sch{\"o}lkopf", "Schölkopf"),
        (r"M\"uller", "Müller"),
        (r"\'{E}tienne \`a \^{o} \~n", "Étienne à ô ñ"),
        (r"\c{c}a \v{S}ar{\'\i}", "ça Šarí"),
        (r"{\o}ystein \L{}ukasz \ss{} {\aa}se", "øystein Łukasz ß åse"),
        (r"Transformers \& Language", "Transformers & Language"),
        (r"50\% of \$5 and \#1 a\_b", "50% of $5 and #1 a_b"),
        (r"Encoder--Decoder --- done", "Encoder–Decoder — done"),
        (r"\emph{very} \textbf{bold} {Protected} {GAN}s", "very bold Protected GANs"),
        (r"$\beta$-VAE and $\alpha$", "β-VAE and α"),
        (r"$O(n^2)$ time and $\mathcal{L}$", r"$O(n^2)$ time and $\mathcal{L}$"),
        (r"a \{literal\} brace", "a {literal} brace"),
        ("A~B", "A B"),
        ("  plain   text\n over lines ", "plain text over lines"),
        (r"\LaTeX\ is \unknown{x} \alone", r"LaTeX is x \alone"),
    ],
)
def test_decode(raw: str, shown: str) -> None:
    assert decode_latex(raw) == shown


def test_fold_for_search() -> None:
    assert fold("Schölkopf") == "scholkopf"
    assert fold("Søren Łukasz") == "soren lukasz"


@pytest.mark.parametrize("raw, shown", [
    (r"{\em Deep} Learning", "Deep Learning"),
    (r"The {\sc Pascal} {\tt VOC} Challenge", "The Pascal VOC Challenge"),
    (r"{\it et al.}\ and {\bf bold} {\rm roman} {\sf sans} {\sl slanted}",
     "et al. and bold roman sans slanted"),
    (r"{\em Attention\/} is all", "Attention is all"),
    (r"Hyper\-para\-meter search", "Hyperparameter search"),
    (r"{\itshape Italic} and {\bfseries Bold}", "Italic and Bold"),
    (r"\i\ and \ss{} stay decoded", "ı and ß stay decoded"),  # single-letter symbols unchanged
])
def test_old_style_switches_italic_correction_and_hyphenation(raw: str, shown: str) -> None:
    assert decode_latex(raw) == shown


def test_an_escaped_brace_does_not_merge_the_author_list() -> None:
    from paperdesk.adapters.bibfile import split_authors

    assert split_authors(r"Sylvie Thi\{'ebaux and J{\"o}rg Hoffmann and Bernhard Nebel") == (
        "Sylvie Thi{'ebaux", "Jörg Hoffmann", "Bernhard Nebel")
    assert split_authors(r"Thi\}ebaux, Sylvie and Nebel, Bernhard") == (
        "Sylvie Thi}ebaux", "Bernhard Nebel")
