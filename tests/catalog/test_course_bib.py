"""The shipped readings.bib: the 49 readings of the course page, faithful to the course facts."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import load_bib
from paperdesk.core.reading import Catalog
from tests.conftest import REPO

BIB = REPO / "readings.bib"
TOPICS = [
    "Background",
    "Help with Transformers (attention)",
    "Help with VAEs",
    "Comparative review",
    "Basic Transformer Networks",
    "Advanced Transformers",
    "Societal Costs of Transformers & Language Models",
    "Other autoregressive models",
    "Creating adversarial examples",
    "Creating GANs",
    "Advanced GANs",
    "Autoencoders",
    "Basic VAEs",
    "Advanced VAEs",
    "VAE Applications",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bib(BIB, "readings.bib")


def tsv_rows(shared: Path) -> list[dict[str, str]]:
    with open(shared / "course" / "readings.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_loads_49_readings_without_problems(catalog: Catalog) -> None:
    assert len(catalog.readings) == 49
    assert catalog.problems == ()


def test_topics_in_page_order(catalog: Catalog) -> None:
    assert catalog.topics() == TOPICS
    assert [t for t, _ in catalog.grouped()] == TOPICS


def test_29_arxiv_ids(catalog: Catalog) -> None:
    assert len(catalog.arxiv_readings) == 29
    assert str(catalog.get("vaswani2017attention").arxiv) == "1706.03762"  # type: ignore[union-attr]


def test_citekeys_are_readable_and_unique(catalog: Catalog) -> None:
    keys = [r.key for r in catalog.readings]
    assert len(set(keys)) == len(keys)
    for key in keys:
        assert re.fullmatch(r"[a-z]+(\d{4})?[a-z]+", key), key


def test_every_field_has_kind_title_and_topic(catalog: Catalog) -> None:
    for r in catalog.readings:
        assert r.kind in {"paper", "blog", "tutorial", "book"}
        assert r.title and r.topic
        assert "[inferred heading]" not in r.topic


def test_no_unconfirmed_value_is_shipped() -> None:
    """A value ending in ``?`` marks a doubt in the course facts: it must not be data here.

    The one exception is a title that is itself a question (Bender et al. 2021).
    """
    text = BIB.read_text(encoding="utf-8")
    for m in re.finditer(r"^\s*(\w+)\s*=\s*\{(.*)\},?\s*$", text, re.MULTILINE):
        name, value = m.group(1), m.group(2)
        if name == "title" and value.startswith("On the Dangers of Stochastic Parrots"):
            continue
        assert not value.rstrip().endswith("?"), (name, value)


def test_venue_in_the_field_its_entry_type_expects() -> None:
    text = BIB.read_text(encoding="utf-8")
    expected = {"inproceedings": "booktitle", "incollection": "booktitle", "article": "journal",
                "book": "publisher"}
    for m in re.finditer(r"^@(\w+)\{(\w+),\n(.*?)^\}", text, re.MULTILINE | re.DOTALL):
        kind, key, body = m.groups()
        if kind in expected:
            assert re.search(rf"^\s*{expected[kind]}\s*=", body, re.MULTILINE), key
        if re.search(r"^\s*eprint\s*=", body, re.MULTILINE):
            assert re.search(r"archiveprefix\s*=\s*\{arXiv\}", body), key


def test_ampersand_is_escaped_and_decoded(catalog: Catalog) -> None:
    assert r"Transformers \& Language" in BIB.read_text(encoding="utf-8")
    assert "Societal Costs of Transformers & Language Models" in catalog.topics()


def test_matches_the_course_facts(catalog: Catalog, shared: Path) -> None:
    """Order, kind, arXiv id, DOI, URL and year agree with readings.tsv where it is sure."""
    rows = tsv_rows(shared)
    assert len(rows) == len(catalog.readings) == 49
    for row, reading in zip(rows, catalog.readings, strict=True):
        where = f"row {row['order']} ({reading.key})"
        assert reading.topic == row["topic"].replace(" [inferred heading]", ""), where
        assert reading.kind == row["kind"], where
        assert str(reading.arxiv or "") == row["arxiv"], where
        if not row["doi"].endswith("?"):
            assert reading.doi == row["doi"], where
        else:
            assert reading.doi == "", where
        if not row["url"].endswith("?"):
            assert reading.url == row["url"], where
        if "?" in row["year"]:
            assert reading.year == "", where
        else:
            assert reading.year == row["year"], where
        if "?" not in row["authors"] and row["authors"]:
            first = row["authors"].split(";")[0].strip()
            assert reading.authors[0] == first, where
