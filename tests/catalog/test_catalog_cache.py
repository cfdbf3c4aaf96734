"""The parsed catalog is cached by the bib file's content hash: unchanged files are not parsed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from paperdesk.adapters import bibfile, catalog_cache
from paperdesk.services.catalog import load_catalog
from tests.conftest import REPO


@pytest.fixture
def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = bibfile._parse

    def counting(text: str, label: str, *args: Any) -> Any:
        calls.append(label)
        return real(text, label, *args)

    monkeypatch.setattr(bibfile, "_parse", counting)  # what every parse of bytes calls
    return calls


def test_second_load_does_not_parse(tmp_path: Path, count_parses: list[str]) -> None:
    bib = tmp_path / "readings.bib"
    bib.write_bytes((REPO / "readings.bib").read_bytes())
    state = tmp_path / ".paperdesk"
    first = load_catalog(bib, state)
    second = load_catalog(bib, state)
    assert count_parses == [str(bib)]
    assert second.readings == first.readings
    assert second.problems == first.problems
    assert len(second.arxiv_readings) == 29


def test_a_change_in_the_file_invalidates(tmp_path: Path, count_parses: list[str]) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title = {One}}\n@misc{a, title = {Dup}}\n", encoding="utf-8")
    state = tmp_path / ".paperdesk"
    assert [r.title for r in load_catalog(bib, state).readings] == ["One"]
    cached = load_catalog(bib, state)
    assert len(count_parses) == 1
    assert [p.line for p in cached.problems] == [2]  # problems are cached too
    bib.write_text("@misc{a, title = {Two}}\n", encoding="utf-8")
    changed = load_catalog(bib, state)
    assert len(count_parses) == 2
    assert [r.title for r in changed.readings] == ["Two"] and changed.problems == ()


def test_a_broken_or_foreign_snapshot_means_parse_again(
    tmp_path: Path, count_parses: list[str]
) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title = {One}}\n", encoding="utf-8")
    state = tmp_path / ".paperdesk"
    load_catalog(bib, state)
    snapshot = state / "cache" / "catalog.json"
    snapshot.write_text("{not json", encoding="utf-8")
    assert [r.key for r in load_catalog(bib, state).readings] == ["a"]
    head, rest = snapshot.read_text(encoding="utf-8").split("\n", 1)  # JSON lines: the header
    data = json.loads(head)
    data["code"] = "an older paperdesk"
    snapshot.write_text(json.dumps(data) + "\n" + rest, encoding="utf-8")
    assert [r.key for r in load_catalog(bib, state).readings] == ["a"]
    # the header right, a reading's line cut short: parse again
    head, rest = snapshot.read_text(encoding="utf-8").split("\n", 1)
    snapshot.write_text(head + "\n" + rest[:-5], encoding="utf-8")
    assert [r.key for r in load_catalog(bib, state).readings] == ["a"]
    assert len(count_parses) == 4


def test_an_unwritable_cache_is_not_an_error(tmp_path: Path, count_parses: list[str]) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title = {One}}\n", encoding="utf-8")
    state = tmp_path / ".paperdesk"
    state.mkdir()
    (state / "cache").write_text("a file where the cache folder would go", encoding="utf-8")
    assert [r.key for r in load_catalog(bib, state).readings] == ["a"]
    assert [r.key for r in load_catalog(bib, state).readings] == ["a"]
    assert len(count_parses) == 2


def test_snapshot_round_trip_keeps_every_field(tmp_path: Path) -> None:
    bib = REPO / "readings.bib"
    fresh = load_catalog(bib)
    digest = catalog_cache.content_hash(bib.read_bytes())
    catalog_cache.store_cached(tmp_path, digest, fresh)
    again = catalog_cache.load_cached(tmp_path, digest, str(bib))
    assert again is not None and again.readings == fresh.readings
    assert catalog_cache.load_cached(tmp_path, "0" * 64, str(bib)) is None


def test_to_json_spells_out_every_field() -> None:

    from paperdesk.core.reading import Reading

    reading = load_catalog(REPO / "readings.bib").get("vaswani2017attention")
    assert reading is not None
    data = reading.to_json()
    assert set(data) == set(Reading.__slots__) - set(Reading._derived)
    assert Reading.from_json(data) == reading


def test_a_settled_file_is_not_read_again(tmp_path: Path, count_parses: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Its stat, kept with the snapshot, vouches for it: no read, no hash (no hashlib import);
    any change of the stat (even with the same size and mtime) means read and hash again."""
    import os

    from paperdesk.adapters import bibbytes, memo

    monkeypatch.setattr(memo, "_RACY_NS", 0)
    bib = tmp_path / "readings.bib"
    bib.write_bytes((REPO / "readings.bib").read_bytes())
    state = tmp_path / ".paperdesk"
    first = load_catalog(bib, state)
    reads: list[Path] = []
    real_read = bibbytes.read_bytes_checked

    def reading(path: Path) -> bytes:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(bibbytes, "read_bytes_checked", reading)
    assert load_catalog(bib, state) == first and reads == []
    before = bib.stat()
    data = bib.read_bytes()
    bib.write_bytes(data.replace(b"Attention Is All You Need", b"Attention Is All You Want"))
    os.utime(bib, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same mtime
    changed = load_catalog(bib, state)
    assert reads == [bib] and len(count_parses) == 2
    assert any(r.title == "Attention Is All You Want" for r in changed.readings)
    bib.write_bytes(data)  # back to the first bytes: the snapshot of the edit does not serve it
    assert load_catalog(bib, state) == first


def test_a_file_changed_just_now_keeps_no_stat(tmp_path: Path) -> None:
    bib = tmp_path / "readings.bib"
    bib.write_bytes((REPO / "readings.bib").read_bytes())
    state = tmp_path / ".paperdesk"
    load_catalog(bib, state)
    head = (state / "cache" / "catalog.json").read_text(encoding="utf-8").split("\n", 1)[0]
    assert json.loads(head)["stat"] is None
