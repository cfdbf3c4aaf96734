"""The desk's list: readings grouped by topic, their marks and statuses, and the filter.

Pure Python (no Textual), so the filter is tested and benchmarked on its own. The folded search
text of each reading is built once (``build_index``, run in a worker after the first paint).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from paperdesk.core.reading import Reading
from paperdesk.core.search import abstract_of, matching_positions, needles, reading_text
from paperdesk.core.status import ReadingStatus

STATUS_CYCLE = tuple(ReadingStatus)  # unread -> reading -> read


@dataclass(frozen=True)
class TopicRow:
    """A topic heading in the list; ``count`` is how many of its readings are shown."""

    topic: str
    count: int


Row = TopicRow | Reading


@dataclass
class DeskModel:
    """Everything the desk list needs to know about each reading, keyed by citekey."""

    readings: list[Reading]
    statuses: dict[str, str] = field(default_factory=dict)
    with_metadata: set[str] = field(default_factory=set)  # keys whose paper record is cached
    with_pdf: set[str] = field(default_factory=set)  # keys whose PDF is downloaded
    abstracts: dict[str, str] = field(default_factory=dict)  # key -> abstract
    marked: set[str] = field(default_factory=set)  # keys picked with space
    inside: set[str] = field(default_factory=set)  # keys whose PDF has the query (ctrl+t)
    # keys whose review has imported feedback -> what the list shows ("1/2 pts")
    feedback: dict[str, str] = field(default_factory=dict)
    _index: list[str] | None = field(default=None, repr=False)
    # The last query and the positions it matched: typing on narrows from those.
    _last: tuple[str, list[int]] = field(default=("", []), repr=False)

    def status(self, key: str) -> str:
        return self.statuses.get(key, ReadingStatus.UNREAD)

    def abstract(self, reading: Reading) -> str:
        return abstract_of(reading, self.abstracts)

    # -- the filter ---------------------------------------------------------------------------
    @staticmethod
    def search_text(reading: Reading, abstract: str) -> str:
        return reading_text(reading, abstract)

    def build_index(self) -> list[str]:
        """The folded text of every reading; safe to run in a thread (it only reads)."""
        return [self.search_text(r, self.abstract(r)) for r in self.readings]

    def set_index(self, index: list[str]) -> None:
        if len(index) == len(self.readings):
            self._index = index
            self._last = ("", [])

    def set_inside(self, keys: set[str]) -> None:
        self.inside = keys

    def matching(self, query: str) -> list[Reading]:
        """Readings matching every word of ``query`` (ignoring case and accents), and those
        whose PDF has it when the filter searches inside the PDFs."""
        found = self._matching(query)
        if not self.inside or not query.split():
            return found
        shown = {r.key for r in found} | self.inside
        return [r for r in self.readings if r.key in shown]

    def _matching(self, query: str) -> list[Reading]:
        words = query.split()
        if not words:
            return list(self.readings)
        if self._index is None:
            self._index = self.build_index()
        index = self._index
        last_query, last_found = self._last
        # A query typed on from the last one matches a subset of what the last one matched
        # (each form of a longer word contains a form of its beginning; an umlaut typed adds a
        # form, and the word before it had matched through the shorter one already).
        candidates = last_found if last_query and query.startswith(last_query) else None
        found = matching_positions(needles(query), index, candidates)
        self._last = (query, found)
        return [self.readings[i] for i in found]

    def invalidate_index(self) -> None:
        self._index = None
        self._last = ("", [])


def group_rows(readings: Iterable[Reading]) -> list[Row]:
    """Topic headings followed by their readings; topics in order of first appearance."""
    groups: dict[str, list[Reading]] = {}
    for reading in readings:
        groups.setdefault(reading.topic, []).append(reading)
    rows: list[Row] = []
    for topic, members in groups.items():
        rows.append(TopicRow(topic, len(members)))
        rows.extend(members)
    return rows


def next_status(current: str) -> str:
    """unread -> reading -> read -> unread; a reviewed reading starts again at unread."""
    if current not in STATUS_CYCLE:
        return ReadingStatus.UNREAD
    return ReadingStatus(current).next()
