"""core.values.FrozenValue gives what @dataclass(frozen=True) gave the fast path's classes."""

from __future__ import annotations

import copy
import pickle

import pytest

from paperdesk.core.arxiv_id import ArxivId
from paperdesk.core.reading import Catalog, Problem, Reading, reading_of
from paperdesk.core.status import Owner

READING = Reading("vaswani2017attention", "Transformers", "paper", "Attention Is All You Need",
                  ("Ashish Vaswani", "Noam Shazeer"), "2017", arxiv=ArxivId("1706.03762", 5))


def test_equality_and_hash_follow_the_fields() -> None:
    same = Reading(**{name: getattr(READING, name) for name in Reading._compared})
    assert same == READING and hash(same) == hash(READING) and same is not READING
    assert READING.replace(year="2018") != READING
    assert Owner("c", "s") == Owner("c", "s") and Owner("c", "s") != Owner("c", "t")
    assert Owner("c", "s") != ("c", "s")  # a value of another class is never equal
    assert len({Owner("c", "s"), Owner("c", "s")}) == 1


def test_fields_cannot_be_assigned() -> None:
    with pytest.raises(AttributeError):
        READING.title = "Other"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del READING.title  # type: ignore[misc]


def test_replace_copy_and_pickle_keep_every_field() -> None:
    moved = READING.replace(topic="My readings", personal=True)
    assert (moved.topic, moved.personal, moved.title) == ("My readings", True, READING.title)
    for twin in (copy.copy(READING), copy.deepcopy(READING), pickle.loads(pickle.dumps(READING))):
        assert twin == READING and twin.arxiv == READING.arxiv and twin.line == READING.line


def test_a_derived_slot_is_worked_out_once_and_never_carried_over() -> None:
    """A reading's cite name (the snapshot gives it, else it is worked out when first asked) is
    not compared, and a replace that changes the authors works it out again."""
    given = Reading("k", "T", "paper", "A Title", ("Ann Smith", "Bo Li"), cite="From a snapshot")
    assert given.cite == "From a snapshot" and given == given.replace(cite=None)
    fresh = READING.replace()
    assert fresh.cite == "Vaswani & Shazeer" and fresh._cite == "Vaswani & Shazeer"
    assert READING.replace(authors=("Ann Smith",)).cite == "Smith"
    assert given.replace(authors=("Ann Smith",)).cite == "Smith"
    for twin in (copy.copy(given), pickle.loads(pickle.dumps(given))):
        assert twin == given and twin._cite is None
    assert "cite" not in repr(given)


def test_a_reading_made_from_its_values_is_the_same_reading() -> None:
    values = [getattr(READING, name) for name in Reading._compared]
    made = reading_of([*values, "Given"])
    assert made == READING and made.cite == "Given" and hash(made) == hash(READING)
    assert reading_of([*values, None]).cite == "Vaswani & Shazeer"
    with pytest.raises(ValueError):
        reading_of(values)  # a snapshot's row cut short
    with pytest.raises(AttributeError):
        made.title = "Other"  # type: ignore[misc]


def test_a_catalog_compares_its_readings_not_its_index() -> None:
    catalog = Catalog((READING,), (Problem("readings.bib", 3, "oops"),), "readings.bib")
    assert catalog.by_key == {READING.key: READING}
    again = pickle.loads(pickle.dumps(catalog))
    assert again == catalog and again.by_key == catalog.by_key
    assert catalog.replace(readings=(), by_key={}).by_key == {}
    assert "by_key" not in repr(catalog)


def test_arxiv_ids_sort_by_base_then_version() -> None:
    ids = [ArxivId("1706.03762", 2), ArxivId("1706.03762"), ArxivId("1312.6114", 10)]
    assert sorted(ids) == [ids[2], ids[1], ids[0]]
