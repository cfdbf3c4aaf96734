"""A reading of the course, and the problems found while reading a bibliography."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from paperdesk.core.arxiv_id import ArxivId

KINDS = ("paper", "blog", "tutorial", "book")
NO_TOPIC = "Other readings"
# The group of the student's own readings (my-readings.bib): shown apart, never counted.
MY_READINGS = "My readings"


@dataclass(frozen=True)
class Reading:
    """One entry of ``readings.bib``, decoded for display."""

    key: str
    topic: str
    kind: str
    title: str
    authors: tuple[str, ...] = ()
    year: str = ""
    venue: str = ""
    arxiv: ArxivId | None = None
    doi: str = ""
    url: str = ""
    note: str = ""
    entry_type: str = "misc"
    line: int = 0
    # From the student's own list (my-readings.bib), not the course's: reviews of it never count.
    personal: bool = False

    @property
    def web_url(self) -> str:
        """The reading's web page, the one answer for the desk's ``o``, ``open`` and ``show``:
        its URL (http or https only), else its DOI at doi.org, else its arXiv abstract page;
        "" when it has none of these."""
        if self.url and urlsplit(self.url).scheme.lower() in ("http", "https"):
            return self.url
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.arxiv is not None:
            return self.arxiv.abs_url
        return ""

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


@dataclass(frozen=True)
class Problem:
    """Something wrong in a file, shown as ``FILE:LINE: message``."""

    path: str
    line: int
    message: str
    severity: str = "error"  # error: the entry was skipped; warning: it loaded anyway

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Catalog:
    """The readings of one bibliography, in file order, and what could not be read."""

    readings: tuple[Reading, ...]
    problems: tuple[Problem, ...] = ()
    source: str = ""
    by_key: dict[str, Reading] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.by_key:
            object.__setattr__(self, "by_key", {r.key: r for r in self.readings})

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
