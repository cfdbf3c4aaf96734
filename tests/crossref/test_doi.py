"""DOI forms: parsed, normalised, rejected with a typed error; DataCite's arXiv DOIs are arXiv.

The arxiv.org and doi.org URLs here are only strings to parse: nothing is fetched (the Crossref
tests that fetch talk to a loopback server on 127.0.0.1)."""

from __future__ import annotations

import pytest

from paperdesk.adapters.sources import PaperRef, resolve
from paperdesk.core.arxiv_id import ArxivIdError
from paperdesk.core.doi import Doi, DoiError


@pytest.mark.parametrize("text", [
    "10.1145/3442188.3445922",
    "doi:10.1145/3442188.3445922",
    "DOI: 10.1145/3442188.3445922",
    "https://doi.org/10.1145/3442188.3445922",
    "http://doi.org/10.1145/3442188.3445922",
    "https://dx.doi.org/10.1145/3442188.3445922",
    "doi.org/10.1145/3442188.3445922",
    "https://doi.org/10.1145%2F3442188.3445922",
    "  10.1145/3442188.3445922  ",
])
def test_doi_forms(text: str) -> None:
    assert Doi.parse(text).value == "10.1145/3442188.3445922"
    assert resolve(text) == PaperRef("crossref", "10.1145/3442188.3445922",
                                     "10.1145/3442188.3445922")


def test_case_is_kept_but_not_compared() -> None:
    doi = Doi.parse("10.1371/Journal.PONE.0033693")
    assert doi.value == "10.1371/Journal.PONE.0033693" and doi.key == "10.1371/journal.pone.0033693"
    assert Doi.parse("10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0").value


@pytest.mark.parametrize(("text", "words"), [
    ("10.", "10.<registrant>/<suffix>"),
    ("doi:", "no DOI after it"),
    ("doi:   ", "no DOI after it"),
    ("10.1145/3442188 3445922", "no spaces"),
    ("doi:10.1145/ 3442188", "no spaces"),
    ("10.1145", "10.<registrant>/<suffix>"),
    ("10.1145/", "10.<registrant>/<suffix>"),
    ("10.12/abc", "4 to 9 digits"),
    ("https://doi.org/", "no DOI after the address"),
    ("doi:11.1145/x", "starts with 10."),
])
def test_malformed_dois_are_a_typed_error(text: str, words: str) -> None:
    with pytest.raises(DoiError, match=words.replace(".", r"\.").replace("<", "<")):
        Doi.parse(text)
    with pytest.raises(DoiError):  # and add says the same, not 'not an arXiv id'
        resolve(text)
    assert issubclass(DoiError, ValueError)


@pytest.mark.parametrize("text", [
    "10.48550/arXiv.2312.07559", "doi:10.48550/arxiv.2312.07559",
    "https://doi.org/10.48550/arXiv.2312.07559",
])
def test_datacite_arxiv_doi_is_an_arxiv_id(text: str) -> None:
    assert resolve(text) == PaperRef("arxiv", "2312.07559", "")
    assert resolve("10.48550/arXiv.1706.03762v5") == PaperRef("arxiv", "1706.03762",
                                                              "1706.03762v5")


def test_arxiv_ids_still_resolve_and_others_fail_as_before() -> None:
    assert resolve("1706.03762") == PaperRef("arxiv", "1706.03762", "")
    assert resolve("https://arxiv.org/abs/hep-th/9901001v2").cite_as == "hep-th/9901001v2"
    with pytest.raises(ArxivIdError, match="is not an arXiv id"):
        resolve("attention is all you need")
