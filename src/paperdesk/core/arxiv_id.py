"""arXiv identifiers: parse every form people paste, normalise to one.

New style ``YYMM.NNNN[N][vV]`` (2007 on), old style ``archive[.SUB]/YYMMNNN[vV]``, either behind
an ``arXiv:`` prefix or inside an abs/pdf URL.
"""

from __future__ import annotations

import re
from functools import cache, total_ordering

from paperdesk.core.values import FrozenValue


class ArxivIdError(ValueError):
    """The text is not an arXiv identifier; the message says what was wrong."""


@cache  # compiled at the first parse: a snapshot's ids (from_normal) need none of them
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The new-style and old-style ids, an abs/pdf/html URL, and a trailing category."""
    new = re.compile(r"(?P<id>\d{4}\.\d{4,5})(?:v(?P<v>[1-9]\d*))?")
    old = re.compile(r"(?P<id>[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7})(?:v(?P<v>[1-9]\d*))?")
    url = re.compile(
        r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html)/(?P<rest>[^?#]+?)"
        r"(?:\.pdf)?/?(?:[?#].*)?$",
        re.IGNORECASE,
    )
    # How papers cite each other: 'arXiv:1706.03762v5 [cs.CL]'; the category is not in the id.
    category = re.compile(r"\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]$")
    return new, old, url, category


@total_ordering
class ArxivId(FrozenValue):
    """A parsed arXiv id. ``base`` has no version; ``version`` is None when unspecified."""

    __slots__ = ("base", "version")
    base: str
    version: int | None

    def __init__(self, base: str, version: int | None = None) -> None:
        object.__setattr__(self, "base", base)
        object.__setattr__(self, "version", version)

    @classmethod
    def parse(cls, text: str) -> ArxivId:
        new, old, url_form, category = _patterns()
        raw = category.sub("", text.strip())
        if not raw:
            raise ArxivIdError("empty arXiv id")
        candidate = raw
        url = url_form.match(raw)
        if url:
            candidate = url.group("rest")
        elif raw.lower().startswith("arxiv:"):
            candidate = raw[len("arxiv:") :].strip()
            if not candidate:
                raise ArxivIdError(f"{raw!r} has the arXiv: prefix but no id after it")
        for pattern in (new, old):
            m = pattern.fullmatch(candidate)
            if m:
                base = m.group("id")
                _check_date(raw, base, new_style=pattern is new)
                v = m.group("v")
                return cls(base, int(v) if v else None)
        raise ArxivIdError(_explain(raw, candidate))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, ArxivId):
            return NotImplemented
        # No version sorts before v1 (dataclass order=True would compare None with an int).
        return (self.base, self.version or 0) < (other.base, other.version or 0)

    @classmethod
    def from_normal(cls, text: str) -> ArxivId:
        """An id in the normal form :meth:`parse` gives (``str(id)``), as from a snapshot."""
        base, v, version = text.rpartition("v")
        if v and version.isdigit() and base[-1:].isdigit():
            return cls(base, int(version))
        return cls(text, None)

    @property
    def versioned(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    def __str__(self) -> str:
        return self.versioned

    @property
    def abs_url(self) -> str:
        return f"https://arxiv.org/abs/{self.versioned}"


def _check_date(raw: str, base: str, new_style: bool) -> None:
    """The YYMM part must be a month, and new-style ids have 4 digits to 2014, 5 from 2015."""
    digits = base.split(".")[0] if new_style else base.split("/")[1]
    if not 1 <= int(digits[2:4]) <= 12:
        raise ArxivIdError(f"{raw!r}: {digits[:4]!r} is not a year and month (YYMM)")
    if new_style:
        number = base.split(".")[1]
        if int(digits[:2]) >= 15 and len(number) != 5:
            raise ArxivIdError(f"{raw!r}: ids from 2015 on have 5 digits after the dot")
        if int(digits[:2]) < 15 and len(number) != 4:
            raise ArxivIdError(f"{raw!r}: ids before 2015 have 4 digits after the dot")


def _explain(raw: str, candidate: str) -> str:
    if re.fullmatch(r"[\w./-]+v0", candidate):
        return f"{raw!r}: versions start at v1"
    if re.fullmatch(r"\d{4}\.\d{1,3}(v\d+)?", candidate):
        return f"{raw!r}: a new-style id needs 4 or 5 digits after the dot (like 1706.03762)"
    if "/" in candidate and re.fullmatch(r"[a-zA-Z.-]+/\d*", candidate):
        return f"{raw!r}: an old-style id needs 7 digits after the slash (like hep-th/9901001)"
    return (f"{raw!r} is not an arXiv id (expected like 1706.03762, hep-th/9901001 or an "
            "arxiv.org URL)")


def parse_arxiv_id(text: str) -> ArxivId:
    return ArxivId.parse(text)
