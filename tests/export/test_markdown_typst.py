"""Markdown to Typst markup: every feature, citations, comments, and text kept as strings."""

from __future__ import annotations

import re

import pytest

from paperdesk.adapters.markdown_typst import render_markdown, typst_str
from paperdesk.adapters.tex_math import MathConversionError, tex_to_typst
from paperdesk.core.reading import Catalog


def render(text: str, catalog: Catalog | None = None):  # type: ignore[no-untyped-def]
    lookup = catalog.get if catalog else (lambda key: None)
    return render_markdown(text, lookup)


def code_outside_strings(markup: str) -> str:
    """The markup with every string literal's content removed: what Typst would run."""
    return re.sub(r'"(?:[^"\\]|\\.)*"', '""', markup)


def test_string_literals_escape_quotes_backslashes_and_controls() -> None:
    assert typst_str('a "b" \\c') == '"a \\"b\\" \\\\c"'
    assert typst_str("x\ny\tz\x07") == '"x\\ny\\tz"'


def test_each_feature_becomes_a_call() -> None:
    md = (
        "# Head\n\nSome *em* and **strong** and ~~gone~~ and `code` and [a link](https://x.org)."
        "\nNext line.  \nHard break.\n\n- one\n- two\n\n3. three\n4. four\n\n> quoted\n\n"
        "```python\nx = 1\n```\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    markup = render(md).markup
    for call in ("#heading(level: 1)", "#emph[", "#strong[", "#strike[", '#raw("code")',
                 '#link("https://x.org")', "#linebreak()", "#list(tight: true",
                 "#enum(tight: true, start: 3", "#pd-quote[",
                 '#raw("x = 1", block: true, lang: "python")', "#pd-rule()",
                 "#pd-table(columns: 2, table.header("):
        assert call in markup, call


def test_hostile_text_stays_inside_strings() -> None:
    hostile = ('#read("/etc/passwd") #import "@preview/x:0.1.0" <label> @ref * _ \\$ '
               '\\\\ ]) #{ } // /* $ `#eval("1")`')
    markup = render(hostile + "\n\n> " + hostile + "\n\n- " + hostile).markup
    code = code_outside_strings(markup)
    for bad in ("read", "import", "eval", "<label>", "@ref", "//", "/*", "$"):
        assert bad not in code, bad


def test_citations_of_course_readings(catalog: Catalog) -> None:
    body = render("As shown [@vaswani2017attention; @kingma2014auto], and [@nobody2020].\n",
                  catalog)
    assert "(Vaswani et al. 2017; Kingma & Welling 2014)" in body.markup
    assert [r.key for r in body.cited] == ["vaswani2017attention", "kingma2014auto"]
    assert "[@nobody2020]" in body.markup
    assert any("nobody2020" in w and "not a reading" in w for w in body.warnings)


def test_template_comments_are_dropped_but_text_beside_them_kept() -> None:
    body = render("<!-- What is new? -->\n\nReal text <!-- inline note --> here.\n\n"
                  "<b>bold?</b>\n").markup
    assert "What is new" not in body and "inline note" not in body
    assert "Real text" in body and '"<b>"' in body


def test_math_inline_display_and_fallback() -> None:
    body = render("Inline $\\alpha + \\beta$ and\n\n$$\n\\frac{a}{b}\n$$\n\nand $\\nosuch{x}$.\n")
    assert "$alpha + beta$" in body.markup
    assert "$ a/b $" in body.markup
    # Without a compile check, unknown names pass through; the typesetter's check catches them.
    rejected = render_markdown("Bad $\\nosuch{x}$.", lambda k: None,
                               lambda math, display: "unknown variable: nosuch")
    assert '#raw("$\\\\nosuch{x}$")' in rejected.markup
    assert rejected.warnings == [
        "line 1: math not typeset (unknown variable: nosuch); shown as TeX: \\nosuch{x}"]


def test_dollar_signs_of_prices_are_not_math() -> None:
    markup = render("It cost $5 and then $10 more.\n").markup
    assert "$5" in markup and "#raw" not in markup and "$ " not in code_outside_strings(markup)


def test_warnings_name_file_lines() -> None:
    body = render_markdown("one\n\ntwo $\\x$\n", lambda k: None, lambda m, d: "bad", 5)
    assert body.warnings[0].startswith("line 8: ")


@pytest.mark.parametrize(("tex", "expected"), [
    (r"a \odot b", "a dot.o b"),
    (r"a \otimes b", "a times.o b"),
    (r"\aleph_0", "aleph_0"),
    (r"\lnot p", "not p"),
    (r"\lVert x \rVert", "norm(x)"),
    (r"\|x_i\|_2", "norm(x_i)_2"),
    (r"\mathrm{KL}(q \| p)", 'upright("KL")(q bar.v.double p)'),  # no gap: "KL (q"
    (r"\big( x \Big)", "(x)"),
    (r"\bm{z}", "bold(z)"),
])
def test_tex_fixes_and_renames(tex: str, expected: str) -> None:
    assert expected in tex_to_typst(tex)


@pytest.mark.parametrize("tex", [
    r'\text{a" #read("/etc/passwd") "}',
    r"$ #read(x) $",
])
def test_math_that_could_run_code_is_refused(tex: str) -> None:
    with pytest.raises(MathConversionError):
        tex_to_typst(tex)


def test_spacing_and_arrays_from_tex2typst_are_allowed() -> None:
    assert "#h(1em)" in tex_to_typst(r"a \hspace{1em} b")
    assert "#none" in tex_to_typst(r"\begin{array}{cc} a & b \end{array}")


def test_table_columns_keep_their_markdown_alignment() -> None:
    markup = render("| Method | FID |\n|:--|--:|\n| GAN | 8.04 |\n| VAE | 9.1 |\n").markup
    assert markup.endswith("aligns: (left, right,), last: 2)")
