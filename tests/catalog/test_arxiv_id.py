"""ArxivId: every form people paste is parsed and normalised; anything else says what is wrong.

arxiv.org URLs here are only text to parse; nothing is fetched (the autouse fixture
points every PAPERDESK_ARXIV_* endpoint at 127.0.0.1).
"""

from __future__ import annotations

import pytest

from paperdesk.core.arxiv_id import ArxivId, ArxivIdError, parse_arxiv_id


@pytest.mark.parametrize(
    ("text", "base", "version"),
    [
        ("1706.03762", "1706.03762", None),
        ("1706.03762v5", "1706.03762", 5),
        ("arXiv:1706.03762", "1706.03762", None),
        ("arxiv:1706.03762v2", "1706.03762", 2),
        ("  1706.03762  ", "1706.03762", None),
        ("0704.0001", "0704.0001", None),
        ("hep-th/9901001", "hep-th/9901001", None),
        ("math.GT/0309136v2", "math.GT/0309136", 2),
        ("https://arxiv.org/abs/1706.03762", "1706.03762", None),
        ("https://arxiv.org/abs/1706.03762v5", "1706.03762", 5),
        ("http://arxiv.org/pdf/1706.03762", "1706.03762", None),
        ("https://arxiv.org/pdf/1706.03762v2", "1706.03762", 2),
        ("https://arxiv.org/pdf/1706.03762.pdf", "1706.03762", None),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "1706.03762", 5),
        ("https://export.arxiv.org/abs/hep-th/9901001v1", "hep-th/9901001", 1),
        ("arxiv.org/pdf/math.GT/0309136v2.pdf", "math.GT/0309136", 2),
        ("https://www.arxiv.org/abs/1706.03762/", "1706.03762", None),
        ("https://arxiv.org/abs/1706.03762?context=cs", "1706.03762", None),
        ("https://arxiv.org/html/1706.03762v7", "1706.03762", 7),
        ("arXiv:1706.03762v5 [cs.CL]", "1706.03762", 5),
        ("arXiv:hep-th/9901001 [hep-th]", "hep-th/9901001", None),
    ],
)
def test_accepts(text: str, base: str, version: int | None) -> None:
    parsed = ArxivId.parse(text)
    assert (parsed.base, parsed.version) == (base, version)
    assert parse_arxiv_id(text) == parsed


def test_normal_forms() -> None:
    assert str(ArxivId.parse("arXiv:1706.03762v5")) == "1706.03762v5"
    assert str(ArxivId.parse("https://arxiv.org/pdf/1706.03762.pdf")) == "1706.03762"
    assert ArxivId.parse("1706.03762v5").abs_url == "https://arxiv.org/abs/1706.03762v5"
    assert ArxivId.parse("1706.03762") < ArxivId.parse("1706.03762v1")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("abc", "is not an arXiv id"),
        ("1706.0376", "ids from 2015 on have 5 digits after the dot"),
        ("arXiv:", "has the arXiv: prefix but no id after it"),
        ("hep-th/99", "an old-style id needs 7 digits after the slash"),
        ("", "empty arXiv id"),
        ("1713.00001", "'1713' is not a year and month"),
        ("0704.00001", "ids before 2015 have 4 digits after the dot"),
        ("1706.03762v0", "versions start at v1"),
        ("https://example.org/abs/1706.03762", "is not an arXiv id"),
        ("https://arxiv.org/abs/", "is not an arXiv id"),
    ],
)
def test_rejects_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ArxivIdError) as info:
        ArxivId.parse(text)
    assert says in str(info.value)
    assert isinstance(info.value, ValueError)  # a typed ValueError, like packaging's
    if text:
        assert repr(text) in str(info.value)  # it names what was typed


@pytest.mark.parametrize(
    "text", ["1706.03762", "1706.03762v5", "hep-th/9901001", "solv-int/9901001v2",
             "math.GT/0309136v12"])
def test_from_normal_round_trips_str(text: str) -> None:
    parsed = ArxivId.parse(text)
    assert ArxivId.from_normal(str(parsed)) == parsed
