"""One answer to "where is this reading on the web": Reading.web_url, used by the desk's o,
``paperdesk open`` and ``show`` alike (the desk opened a DOI that ``open`` said did not exist).

The arxiv.org and doi.org URLs here are only data to compare: nothing is fetched (no network;
tests that fetch talk to a loopback server on 127.0.0.1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paperdesk.core.arxiv_id import ArxivId
from paperdesk.core.reading import Reading
from tests.arxiv.test_pdfs import recording_opener, wait_for
from tests.catalog.conftest import Cli

DOI_ONLY = """
@article{doionly2020,
  title = {Only a DOI},
  author = {Doe, Jane},
  year = {2020},
  doi = {10.1000/xyz.123},
  topic = {Background}
}
"""


def reading(**fields: object) -> Reading:
    return Reading(key="k", topic="T", kind="paper", title="T", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("fields", "web"), [
    ({"url": "https://example.org/p", "doi": "10.1/x"}, "https://example.org/p"),
    ({"doi": "10.1/x", "arxiv": ArxivId.parse("1706.03762")}, "https://doi.org/10.1/x"),
    ({"arxiv": ArxivId.parse("1706.03762")}, "https://arxiv.org/abs/1706.03762"),
    ({"url": "ftp://example.org/p.pdf", "doi": "10.1/x"}, "https://doi.org/10.1/x"),
    ({"url": "javascript:alert(1)"}, ""),
    ({}, ""),
])
def test_web_url(fields: dict[str, object], web: str) -> None:
    assert reading(**fields).web_url == web


def test_open_show_and_the_desk_agree_on_a_doi(course_ws: Path, cli: Cli, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    with (course_ws / "readings.bib").open("a", encoding="utf-8") as bib:
        bib.write(DOI_ONLY)
    log = recording_opener(tmp_path, monkeypatch)
    result = cli("open", "doionly2020")
    assert result.code == 0, result.err
    assert result.out == "opened https://doi.org/10.1000/xyz.123\n"
    assert wait_for(log) == "https://doi.org/10.1000/xyz.123\n"
    shown = cli("show", "doionly2020")
    assert "Web: https://doi.org/10.1000/xyz.123" in shown.out
    assert "paperdesk open doionly2020 opens its web page" in shown.out
    data = json.loads(cli("show", "doionly2020", "--json").out)
    assert data["web_url"] == "https://doi.org/10.1000/xyz.123"


def test_nothing_to_open_is_one_line(course_ws: Path, cli: Cli) -> None:
    with (course_ws / "readings.bib").open("a", encoding="utf-8") as bib:
        bib.write("\n@misc{bare2020, title = {Nothing}, topic = {Background}}\n")
    result = cli("open", "bare2020")
    assert result.code == 2
    assert result.err == "paperdesk: bare2020 has no PDF, URL, DOI or arXiv id to open\n"
