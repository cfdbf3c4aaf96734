"""DOIs: parse every form people paste (``10.1145/...``, ``doi:...``, doi.org URLs), normalise.

A DOI is ``10.<registrant>/<suffix>``; DOIs are case-insensitive, so :attr:`Doi.key` (lower case)
is what records are stored and compared by, while :attr:`Doi.value` keeps the spelling typed.
DataCite's DOIs for arXiv papers (``10.48550/arXiv.2312.07559``) name an arXiv paper:
:func:`arxiv_of` says which.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from paperdesk.core.arxiv_id import ArxivId, ArxivIdError
from paperdesk.core.values import FrozenValue


class DoiError(ValueError):
    """The text looks like a DOI but is not a whole one; the message says what is wrong."""


_URL = re.compile(r"(?:https?://)?(?:dx\.)?doi\.org/(?P<rest>.*)$", re.IGNORECASE)
_PREFIX = re.compile(r"doi:\s*", re.IGNORECASE)
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(?P<id>.+)", re.IGNORECASE)


def looks_like_doi(text: str) -> bool:
    """Whether ``text`` was meant as a DOI (so a parse error should speak of DOIs)."""
    raw = text.strip()
    return bool(raw.startswith("10.") or _PREFIX.match(raw) or _URL.match(raw))


class Doi(FrozenValue):
    __slots__ = ("value",)
    value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "value", value)

    @classmethod
    def parse(cls, text: str) -> Doi:
        raw = text.strip()
        if not raw:
            raise DoiError("empty DOI")
        candidate = raw
        url = _URL.match(raw)
        if url:
            candidate = unquote(url.group("rest")).strip()
        elif _PREFIX.match(raw):
            candidate = raw[_PREFIX.match(raw).end():].strip()  # type: ignore[union-attr]
            if not candidate:
                raise DoiError(f"{raw!r} has the doi: prefix but no DOI after it")
        if not candidate:
            raise DoiError(f"{raw!r} has no DOI after the address")
        if any(ch.isspace() for ch in candidate):
            raise DoiError(f"{raw!r}: a DOI has no spaces")
        if not candidate.startswith("10."):
            raise DoiError(f"{raw!r} is not a DOI (a DOI starts with 10., like "
                           "10.1145/3442188.3445922)")
        if not _DOI.fullmatch(candidate):
            if "/" not in candidate or candidate.endswith("/"):
                raise DoiError(f"{raw!r}: a DOI is 10.<registrant>/<suffix>, like "
                               "10.1145/3442188.3445922")
            raise DoiError(f"{raw!r}: the registrant after '10.' must be 4 to 9 digits")
        return cls(candidate)

    @property
    def key(self) -> str:
        return self.value.lower()

    @property
    def url(self) -> str:
        return f"https://doi.org/{self.value}"

    def __str__(self) -> str:
        return self.value


def arxiv_of(doi: Doi) -> ArxivId | None:
    """The arXiv paper a DataCite arXiv DOI names (``10.48550/arXiv.2312.07559``), else None."""
    m = _ARXIV_DOI.fullmatch(doi.value)
    if not m:
        return None
    try:
        return ArxivId.parse(m.group("id"))
    except ArxivIdError:
        return None
