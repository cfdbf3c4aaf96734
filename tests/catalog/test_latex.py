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
