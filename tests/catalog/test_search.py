"""The one matcher behind the desk's filter and ``paperdesk list --search``."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperdesk.core.reading import Reading
from paperdesk.core.search import needles, reading_text, search
from tests.catalog.conftest import Cli
from tests.conftest import REPO


def reading(key: str, title: str = "A title", authors: tuple[str, ...] = ()) -> Reading:
    return Reading(key=key, topic="T", kind="paper", title=title, authors=authors)


def course_readings() -> list[Reading]:
    from paperdesk.adapters.bibfile import load_bib

    return list(load_bib(REPO / "readings.bib").readings)


def says_vae(r: Reading) -> bool:
    """The oracle: 'vae' written in the reading's own words (no folding involved)."""
    return "vae" in f"{r.title} {' '.join(r.authors)} {r.key} {r.topic}".lower()


def test_vae_finds_what_says_vae_and_nothing_else() -> None:
    readings = course_readings()
    found = search(readings, "vae")
    assert [r.key for r in found] == [r.key for r in readings if says_vae(r)]
    assert len(found) == 18
    keys = {r.key for r in found}
    # 'ae' typed is 'ae': it no longer widens to 'a' (Vaswani, vAnced, van den Oord's others)
    assert "vaswani2017attention" not in keys and "radford2019language" not in keys


@pytest.mark.parametrize("typed", ["scholkopf", "Schoelkopf", "SCHÖLKOPF", "schölk", "schoe"])
def test_an_umlaut_matches_both_spellings(typed: str) -> None:
    found = search(course_readings(), typed)
    assert [r.key for r in found] == ["tolstikhin2018wasserstein"]


def test_folding_widens_only_where_the_text_has_the_letter() -> None:
    text = reading_text(reading("a", "Vaswani and Schölkopf"))
    assert "scholkopf" in text and "schoelkopf" in text
    assert "vaswani" in text and "vaewani" not in text
    assert reading_text(reading("b", "Vaswani")).count("vaswani") == 1  # no second form
    assert needles("Schäfer vae") == [["schafer", "schaefer"], ["vae"]]
    assert [r.key for r in search([reading("c", "Schaefer")], "schäfer")] == ["c"]
    assert search([reading("d", "Schafer")], "schaefer") == []  # a, typed as ae, is not ä


def test_list_search(course_ws: object, cli: Cli) -> None:
    result = cli("list", "--search", "vae", "--json")
    assert result.code == 0, result.err
    keys = [r["key"] for r in json.loads(result.out)]
    assert keys == [r.key for r in course_readings() if says_vae(r)]
    table = cli("list", "--search", "Schoelkopf")
    assert table.code == 0
    assert "tolstikhin2018wasserstein" in table.out and "vaswani2017attention" not in table.out
    both = cli("list", "--search", "vae", "--topic", "applications", "--json")
    assert {r["topic"] for r in json.loads(both.out)} == {"VAE Applications"}
    none = cli("list", "--search", "zzzqqq")
    assert none.code == 0 and none.out == "No reading matches 'zzzqqq'.\n"


# -- the fast paths keep the rule ---------------------------------------------------------------
_TEXT = st.text(alphabet=st.sampled_from(list("abcoeu XYZ.éöüÄÖÜßøæœłıİǄﬁ\u0308\u0301𝔄\n{}")),
                max_size=24)


@given(_TEXT)
@settings(max_examples=300, deadline=None)
def test_fold_is_the_character_by_character_rule(text: str) -> None:
    """fold's fast paths (ASCII; only non-ASCII runs looked at) give what folding every
    character gives."""
    import unicodedata

    from paperdesk.core.latex import fold

    translit = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "ı": "i"})
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    expected = "".join(c for c in decomposed if not unicodedata.combining(c)).translate(translit)
    assert fold(text) == expected


@given(st.lists(_TEXT, max_size=12), _TEXT, st.booleans())
@settings(max_examples=300, deadline=None)
def test_matching_positions_is_matches_over_the_list(texts: list[str], query: str,
                                                     narrowed: bool) -> None:
    from paperdesk.core.search import matches, matching_positions, searchable

    index = [searchable(t) for t in texts]
    words = needles(query)
    candidates = list(range(0, len(index), 2)) if narrowed else None
    expected = [i for i in (candidates if narrowed else range(len(index)))
                if matches(words, index[i])]
    assert matching_positions(words, index, candidates) == expected



@given(_TEXT, st.lists(_TEXT, max_size=4), _TEXT, _TEXT, _TEXT)
@settings(max_examples=400, deadline=None)
def test_reading_text_is_searchable_of_the_fields_joined(title: str, authors: list[str],
                                                         key: str, topic: str,
                                                         abstract: str) -> None:
    """reading_text folds field by field and each author's name once: the same text as
    folding the fields joined, umlauts' spelled-out line included."""
    from paperdesk.core.search import searchable

    r = Reading(key=key, topic=topic, kind="paper", title=title, authors=tuple(authors))
    joined = " \n ".join([title, " ".join(authors), key, topic, abstract])
    assert reading_text(r, abstract) == searchable(joined)
    assert reading_text(r, abstract) == searchable(joined)  # the names' cache answers alike
