"""The course-math corpus: each formula converts, compiles, and prints no TeX control word.

The formulas come from public lecture notes (tests/export/course_math_corpus.py names each
source). They are typeset as one review through the real pipeline (markdown-it, the TeX
normalisation, tex2typst, the compile check, typst) and the PDF is read back with pypdf.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from paperdesk.adapters.tex_math import _MACROS, split_tag, tex_to_typst
from paperdesk.core.course import Course
from paperdesk.core.reading import Catalog
from tests.export.conftest import final_review, pdf_page_texts
from tests.export.course_math_corpus import CORPUS, SOURCES
from tests.export.test_typeset import typeset

# Operator names TeX itself prints as words, and those of the macros students define.
PRINTED_NAMES = {
    "log", "ln", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "max", "min", "sup", "inf",
    "lim", "det", "dim", "arg", "ker", "Pr", "deg", "gcd", "sec", "csc", "cot", "arcsin",
    "arccos", "arctan", "liminf", "limsup", "hom", "mod", "bmod", "pmod",
    *(name[1:] for name in _MACROS),
}
_TEXT_ARGS = re.compile(r"\\(?:text\w*|math\w*|operatorname\*?|mbox|emph|[xX]\w*arrow)\s*"
                        r"(?:\[[^\]]*\])?\s*\{([^{}]*)\}")


def leftover_words(tex: str, printed: str) -> list[str]:
    """TeX command names of ``tex`` that show up as words in its ``printed`` text."""
    text = unicodedata.normalize("NFKC", printed)  # math italic 𝑙𝑖𝑚𝑖𝑡𝑠 -> limits
    typed = " ".join(_TEXT_ARGS.findall(tex))  # \text{...}: words meant to print
    words = set(re.findall(r"[A-Za-z]{2,}", text))
    names = {*re.findall(r"\\([A-Za-z]{2,})", tex),
             *re.findall(r"\\begin\{([A-Za-z]+)", tex)} - PRINTED_NAMES
    # Letters of a formula run together in the text layer ("limitsni=1"): a long name is
    # looked for anywhere, a short one ("in", "mu") only as a word of its own.
    found = sorted(n for n in names if n not in typed
                   and (n in words or (len(n) >= 4 and n in text)))
    if re.search(r"\\[A-Za-z,;:!{}]", text):
        found.append("a backslash")
    return found


def test_corpus_is_big_and_sourced() -> None:
    assert len(CORPUS) >= 400
    assert {source for source, _ in CORPUS} <= set(SOURCES)
    assert len({tex for _, tex in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize(("tex", "expected"), [
    (r"\sum\limits_{i=1}^n x_i", "limits(sum)_(i = 1)^n"),
    (r"\operatorname*{arg\,max}_\theta f", 'op("arg\u2009max", limits: #true)_theta'),
    (r"\begin{alignat}{2} a &= b & c &= d \end{alignat}", "a &= b & c &= d"),
    (r"\left\vert \det J \right\vert", "lr(|det J|)"),
    (r"x \in (0, 1]", r"x in\(0, 1\]"),
    (r"\frac{\lvert a\rvert}{\lvert b \rvert}", "lr(|a|)/lr(|b|)"),
    (r"\color{red}{x} + {\color{blue} y}", "x + y"),
    (r"{\scriptstyle x}", "x"),
    (r"\texttt{conv2d}(x)", 'mono("conv2d")(x)'),
    (r"\begin{split} a &= b \\ &= c \end{split}", r"a &= b \ &= c"),
    (r"\begin{gather} a \\ b \end{gather}", r"a \ b"),
    (r"x \xrightarrow{f} y", "x limits(-->)^(f) y"),
    (r"x_T \xleftarrow[\text{rev}]{p_\theta} x_0", "limits(limits(<--)^(p_theta))_(\"rev\")"),
    (r"\sum\nolimits_i x_i", "scripts(sum)_i"),
    (r"\boxed{x}", "pdboxed(x)"),
    (r"\check{x}", "caron(x)"),
    (r"{n \choose k}", "binom(n, k)"),
    (r"\text{softmax}(x)", '"softmax"(x)'),
    (r"2\times", '2 class("normal", times)'),
    (r"\begin{cases} 1 & x \\ 0 & y \end{cases}", "cases(1 & quad x, 0 & quad y)"),
])
def test_normalisation_of_the_issue_idioms(tex: str, expected: str) -> None:
    assert expected in tex_to_typst(tex)


def test_tag_is_split_off() -> None:
    assert split_tag(r"E = mc^2 \tag{1}") == ("E = mc^2 ", "(1)")
    assert split_tag(r"x \tag*{A}") == ("x ", "A")
    assert split_tag("x") == ("x", None)


def test_every_formula_of_the_corpus_sets_without_tex_left_over(catalog: Catalog,
                                                                  course: Course) -> None:
    body = "\n\n".join(f"Formula {i}.\n$$\n{tex}\n$$" for i, (_, tex) in enumerate(CORPUS))
    result = typeset(final_review("kingma2014auto", body), catalog, course)
    fallbacks = [w for w in result.warnings if "math not typeset" in w]
    clean = len(CORPUS) - len(fallbacks)
    assert clean / len(CORPUS) >= 0.99, fallbacks
    assert not [w for w in result.warnings if "math not typeset" not in w]

    text = "\n".join(pdf_page_texts(result.pdf))
    pieces = re.split(r"Formula (\d+)\.", text)
    printed = {int(n): piece for n, piece in zip(pieces[1::2], pieces[2::2], strict=True)}
    fell_back = {m.group(0) for w in fallbacks if (m := re.search(r"shown as TeX: (.*)", w))}
    leftovers = {}
    for i, (source, tex) in enumerate(CORPUS):
        if " ".join(tex.split())[:40] in " ".join(fell_back):
            continue  # shown as TeX on purpose, with a warning
        found = leftover_words(tex, printed.get(i, ""))
        if found:
            leftovers[f"{source} #{i}"] = found
    assert leftovers == {}
    assert len(printed) == len(CORPUS)  # every formula's label came back: none swallowed


def test_braces_nested_too_deep_fall_back_with_a_warning() -> None:
    from paperdesk.adapters.markdown_typst import render_markdown

    deep = "\\frac{" * 70 + "x" + "}{y}" * 70
    body = render_markdown(f"$${deep}$$\n", lambda key: None)
    assert "#raw(" in body.markup
    assert len(body.warnings) == 1 and "nested 70 deep" in body.warnings[0]


def test_a_typst_function_left_uncalled_is_refused_not_printed() -> None:
    from paperdesk.adapters.tex_math import _UNCALLED, MathConversionError

    assert _UNCALLED.search("sum limits_(i = 1)") is not None
    assert _UNCALLED.search('op("x", limits: #true) lr(|x|) frac(a, b)') is None
    with pytest.raises(MathConversionError, match="print the word 'cases'"):
        tex_to_typst(r"\cases")  # tex2typst passes the old plain-TeX \cases through as a name
