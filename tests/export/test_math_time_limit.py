"""A formula tex2typst takes exponentially long over (``\\frac`` nested 20 deep in numerators:
14 s and more, holding the GIL, so the editor froze) is converted in a helper process with a
time limit, given up past it, and shown as TeX with a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.adapters import tex_math
from paperdesk.adapters.tex_math import MathConversionError, tex_to_typst

NESTED = "\\frac{" * 20 + "x" + "}{2}" * 20


@pytest.fixture
def short_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tex_math, "MATH_TIME_LIMIT", 1.0)
    tex_math._too_slow.clear()
    tex_to_typst.cache_clear()


def test_a_formula_past_the_time_limit_is_given_up(short_limit: None) -> None:
    with pytest.raises(MathConversionError, match=r"too complex: not converted within 1 s"):
        tex_to_typst(NESTED)
    # Given up once, not tried again at each keystroke; the helper still converts the next one.
    tex_to_typst.cache_clear()
    with pytest.raises(MathConversionError, match="too complex"):
        tex_to_typst(NESTED)
    deep_but_quick = "\\frac{" * 6 + "x" + "}{2}" * 6
    assert tex_math._risky(deep_but_quick)
    assert tex_to_typst(deep_but_quick) == "(((((x/2)/2)/2)/2)/2)/2"
    assert tex_to_typst(r"\alpha^2") == "alpha^2"


def test_the_preview_shows_it_as_tex_and_says_why(short_limit: None, course_ws: Path) -> None:
    from paperdesk.services.context import Context
    from paperdesk.services.export import preview_pages
    from paperdesk.services.reviews import create_review

    ctx = Context.discover()
    loaded = create_review(ctx, "vaswani2017attention")
    typeset = preview_pages(ctx, "vaswani2017attention",
                            loaded.text + f"\nThe bound ${NESTED}$ holds.\n")
    assert typeset.pages == 1
    assert any("math not typeset (too complex: not converted within 1 s); shown as TeX"
               in warning for warning in typeset.warnings), typeset.warnings
