"""A reading of the course, and the problems found while reading a bibliography."""

from __future__ import annotations

import re

from paperdesk.core.arxiv_id import ArxivId
from paperdesk.core.values import FrozenValue

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence
    from typing import Any

KINDS = ("paper", "blog", "tutorial", "book")
NO_TOPIC = "Other readings"
# The group of the student's own readings (my-readings.bib): shown apart, never counted.
MY_READINGS = "My readings"
SHORT_TITLE_WORDS = 5


class Reading(FrozenValue):
    """One entry of ``readings.bib``, decoded for display."""

    __slots__ = (
        "_cite",
        "arxiv",
        "authors",
        "doi",
        "entry_type",
        "key",
        "kind",
        "line",
        "note",
        "personal",
        "title",
        "topic",
        "url",
        "venue",
        "year",
    )
    _compared = ("key", "topic", "kind", "title", "authors", "year", "venue", "arxiv", "doi",
                 "url", "note", "entry_type", "line", "personal")
    _derived = ("_cite",)  # cite_name's answer, which the catalog snapshot keeps: list prints it
    key: str
    topic: str
    kind: str
    title: str
    authors: tuple[str, ...]
    year: str
    venue: str
    arxiv: ArxivId | None
    doi: str
    url: str
    note: str
    entry_type: str
    line: int
    personal: bool  # from the student's own list (my-readings.bib): reviews of it never count
    _cite: str | None

    def __init__(self, key: str, topic: str, kind: str, title: str,
                 authors: tuple[str, ...] = (), year: str = "", venue: str = "",
                 arxiv: ArxivId | None = None, doi: str = "", url: str = "", note: str = "",
                 entry_type: str = "misc", line: int = 0, personal: bool = False,
                 cite: str | None = None) -> None:
        init = object.__setattr__
        init(self, "key", key)
        init(self, "topic", topic)
        init(self, "kind", kind)
        init(self, "title", title)
        init(self, "authors", authors)
        init(self, "year", year)
        init(self, "venue", venue)
        init(self, "arxiv", arxiv)
        init(self, "doi", doi)
        init(self, "url", url)
        init(self, "note", note)
        init(self, "entry_type", entry_type)
        init(self, "line", line)
        init(self, "personal", personal)
        init(self, "_cite", cite)  # None: worked out when first asked (``cite``)

    @property
    def web_url(self) -> str:
        """The reading's web page, the one answer for the desk's ``o``, ``open`` and ``show``:
        its URL (http or https only), else its DOI at doi.org, else its arXiv abstract page;
        "" when it has none of these."""
        from urllib.parse import urlsplit  # ipaddress and more: not for list, which asks none

        if self.url and urlsplit(self.url).scheme.lower() in ("http", "https"):
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv is not None:
            return self.arxiv.abs_url
        return ""

    @property
    def cite(self) -> str:
        """:func:`cite_name` of this reading, worked out once (or given by the snapshot)."""
        cite: str | None = self._cite
        if cite is None:
            cite = cite_name(self)
            object.__setattr__(self, "_cite", cite)
        return cite

    @property
    def first_author(self) -> str:
        if not self.authors:
            return ""
        return self.authors[0] + (" et al." if len(self.authors) > 2 else "")

    @property
    def first_author_surname(self) -> str:
        return surname(self.authors[0]) if self.authors else ""

    def to_json(self) -> dict[str, Any]:
        # Spelled out: dataclasses.asdict deep-copies every value (a third of a 10k snapshot).
        return {
            "key": self.key, "topic": self.topic, "kind": self.kind, "title": self.title,
            "authors": list(self.authors), "year": self.year, "venue": self.venue,
            "arxiv": str(self.arxiv) if self.arxiv else None, "doi": self.doi, "url": self.url,
            "note": self.note, "entry_type": self.entry_type, "line": self.line,
            "personal": self.personal,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Reading:
        values = dict(data)
        values["authors"] = tuple(values.get("authors") or ())
        arxiv = values.get("arxiv")
        values["arxiv"] = ArxivId.from_normal(arxiv) if arxiv else None
        return cls(**values)


def _reading_maker() -> Callable[[Sequence[Any]], Reading]:
    # The slots' own setters, bound to locals, one call each with no loop: a reading made from
    # a snapshot's row without __init__'s keyword binding and object.__setattr__ (10,000 of them
    # for a big bib's list: this is half the time of a loop over the setters).
    (key_, topic_, kind_, title_, authors_, year_, venue_, arxiv_, doi_, url_, note_, type_,
     line_, personal_, cite_) = (Reading.__dict__[name].__set__
                                 for name in (*Reading._compared, "_cite"))
    new = object.__new__

    def reading_of(values: Sequence[Any]) -> Reading:
        """The reading of ``values``: its fields in ``Reading._compared``'s order (``authors`` a
        tuple, ``arxiv`` an ArxivId or None), then its cite name or None."""
        (key, topic, kind, title, authors, year, venue, arxiv, doi, url, note, entry_type, line,
         personal, cite) = values  # ValueError: a row too short or too long
        reading = new(Reading)
        key_(reading, key)
        topic_(reading, topic)
        kind_(reading, kind)
        title_(reading, title)
        authors_(reading, authors)
        year_(reading, year)
        venue_(reading, venue)
        arxiv_(reading, arxiv)
        doi_(reading, doi)
        url_(reading, url)
        note_(reading, note)
        type_(reading, entry_type)
        line_(reading, line)
        personal_(reading, personal)
        cite_(reading, cite)
        return reading

    return reading_of


reading_of = _reading_maker()


def surname(name: str) -> str:
    """The family name of 'First Last' or 'Last, First' (particles like 'van den' kept)."""
    name = name.strip()
    if "," in name:
        return name.split(",", 1)[0].strip()
    parts = name.split()
    if len(parts) <= 1:
        return name
    for i, part in enumerate(parts[:-1]):
        if part[:1].islower():  # von, van, de, dos ...
            return " ".join(parts[i:])
    return parts[-1]


def short_title(title: str) -> str:
    """A title short enough to cite by (Chicago's short form): the part before a colon or a
    parenthesis, else its first words without a leading article."""
    head = re.split(r"[:(]|\s[—–-]\s", title, maxsplit=1)[0].strip() or title.strip()
    words = head.split()
    if len(words) <= SHORT_TITLE_WORDS:
        return head
    head = re.sub(r"^(?:A|An|The)\s+", "", head, flags=re.IGNORECASE)
    return " ".join(head.split()[:SHORT_TITLE_WORDS - 1])


def cite_name(reading: Reading) -> str:
    """Who a reading is cited by: 'Kingma & Welling', 'Vaswani et al.', or (no author) its
    short title."""
    names = [surname(a) for a in reading.authors if a != "others"]
    if not names:
        return short_title(reading.title)
    if len(names) == 1 and "others" not in reading.authors:
        return names[0]
    if len(names) == 2 and "others" not in reading.authors:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


class Problem(FrozenValue):
    """Something wrong in a file, shown as ``FILE:LINE: message``."""

    __slots__ = ("line", "message", "path", "severity")
    path: str
    line: int
    message: str
    severity: str  # error: the entry was skipped; warning: it loaded anyway

    def __init__(self, path: str, line: int, message: str, severity: str = "error") -> None:
        init = object.__setattr__
        init(self, "path", path)
        init(self, "line", line)
        init(self, "message", message)
        init(self, "severity", severity)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class Catalog(FrozenValue):
    """The readings of one bibliography, in file order, and what could not be read."""

    __slots__ = ("_by_key", "problems", "readings", "source")
    _compared = ("readings", "problems", "source")  # by_key follows from readings
    _derived = ("_by_key",)
    readings: tuple[Reading, ...]
    problems: tuple[Problem, ...]
    source: str
    _by_key: dict[str, Reading] | None

    def __init__(self, readings: tuple[Reading, ...], problems: tuple[Problem, ...] = (),
                 source: str = "", by_key: dict[str, Reading] | None = None) -> None:
        init = object.__setattr__
        init(self, "readings", readings)
        init(self, "problems", problems)
        init(self, "source", source)
        init(self, "_by_key", by_key or None)

    @property
    def by_key(self) -> dict[str, Reading]:
        """Key -> reading, made when first asked (``list`` never asks: 10,000 entries saved)."""
        by_key = self._by_key
        if by_key is None:
            by_key = {r.key: r for r in self.readings}
            object.__setattr__(self, "_by_key", by_key)
        return by_key

    def get(self, key: str) -> Reading | None:
        return self.by_key.get(key)

    def topics(self) -> list[str]:
        return list(dict.fromkeys(r.topic for r in self.readings))

    def grouped(self) -> list[tuple[str, list[Reading]]]:
        return group_by_topic(self.readings)

    @property
    def arxiv_readings(self) -> list[Reading]:
        return [r for r in self.readings if r.arxiv is not None]


def group_by_topic(readings: Iterable[Reading]) -> list[tuple[str, list[Reading]]]:
    """Readings grouped by topic; topics in order of first appearance, readings in file order."""
    groups: dict[str, list[Reading]] = {}
    for r in readings:
        groups.setdefault(r.topic, []).append(r)
    return list(groups.items())


def filter_topic(readings: Sequence[Reading], text: str) -> list[Reading]:
    from paperdesk.core.latex import fold

    needle = fold(text)
    return [r for r in readings if needle in fold(r.topic)]
