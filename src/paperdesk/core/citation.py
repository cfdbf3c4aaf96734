"""How a reading is cited in a review: short (Author Year) in the text, full in the header."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

# How a reading is named in a citation lives with Reading (``paperdesk list`` shows it, and loads
# nothing else of this module); the names are this module's too.
from paperdesk.core.reading import SHORT_TITLE_WORDS as SHORT_TITLE_WORDS
from paperdesk.core.reading import Reading
from paperdesk.core.reading import cite_name as cite_name
from paperdesk.core.reading import short_title as short_title

MAX_LISTED_AUTHORS = 10


def short_cite(reading: Reading) -> str:
    """'Kingma & Welling 2014', 'Vaswani et al. 2017', or a short title when there is no
    author ('DALL·E 2021')."""
    return f"{cite_name(reading)} {reading.year}".strip()


def author_list(reading: Reading) -> str:
    """'A, B, and C' as in the reading list; long lists end in 'et al.'."""
    names = [a for a in reading.authors if a != "others"]
    truncated = len(names) > MAX_LISTED_AUTHORS or "others" in reading.authors
    names = names[:MAX_LISTED_AUTHORS]
    if not names:
        return ""
    if truncated:
        return ", ".join(names) + ", et al."
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def identifiers(reading: Reading) -> list[str]:
    """The reading's stable identifiers: 'arXiv:1706.03762', 'doi:10...' (either or both)."""
    out = []
    if reading.arxiv is not None:
        out.append(f"arXiv:{reading.arxiv}")
    if reading.doi:
        out.append(f"doi:{reading.doi}")
    return out


def venue_year(reading: Reading) -> str:
    """'NeurIPS 2017', or just the year, or just the venue (when it names the year already:
    'Advances in Neural Information Processing Systems 27 (NIPS 2014)')."""
    if reading.year and reading.year in reading.venue:
        return reading.venue
    return " ".join(p for p in (reading.venue, reading.year) if p)


def byline(reading: Reading) -> str:
    """Who and when, under a title in a list: 'Vaswani et al. 2017', else the venue and year."""
    return short_cite(reading) if reading.authors else venue_year(reading)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def reference_parts(reading: Reading) -> tuple[str, str, str]:
    """('Vaswani et al. 2017.', 'Attention Is All You Need.', 'NeurIPS. arXiv:1706.03762.').

    A reading with no author starts with its title (which its short title begins), said once:
    ('', 'DALL·E: Creating Images from Text.', '2021. OpenAI blog.').
    """
    rest = [p for p in (reading.venue, *identifiers(reading)[:1]) if p]
    if not reading.authors:
        return ("", _sentence(reading.title),
                " ".join(_sentence(p) for p in (reading.year, *rest) if p))
    return (_sentence(short_cite(reading)), _sentence(reading.title),
            " ".join(_sentence(p) for p in rest))


def reference_entry(reading: Reading) -> str:
    """One entry of a review's references, as plain text."""
    return " ".join(p for p in reference_parts(reading) if p)


# Pandoc's citation syntax ------------------------------------------------------------------------
# A key starts with a letter, digit or _ and may hold internal punctuation (:.#$%&-+?<>~/), but
# not end with it: "@vaswani2017attention." cites the key without the full stop. "@{key}" too.
_KEY = r"(?:\{(?P<keyb>[^{}\s]+)\}|(?P<key>[\w](?:[\w:.#$%&+?<>~/-]*[\w])?))"
_ITEM = re.compile(r"(?P<prefix>(?:[^@]*?\s)?)(?P<minus>-?)@" + _KEY
                   + r"(?P<suffix>[^@]*)", re.DOTALL)
_BRACKETED = re.compile(r"\[(?P<inner>[^\[\]]*@[^\[\]]*)\](?![(\[])")
# A bare @key (the author named in the sentence): not inside a word or an e-mail address, and
# optionally followed by a locator in brackets: @kingma2014auto [p. 3].
_NARRATIVE = re.compile(r"(?<![\w@.\\-])(?P<minus>-?)@" + _KEY
                        + r"(?:\s?\[(?P<locator>[^\[\]@]*)\])?")


@dataclass(frozen=True)
class CiteItem:
    key: str
    prefix: str = ""  # "see"
    locator: str = ""  # ", p. 3" as typed (its comma included)
    suppress_author: bool = False  # [-@key]: the year only


@dataclass(frozen=True)
class Citation:
    """One citation as typed: where it is in the text and what it cites."""

    start: int
    end: int
    items: tuple[CiteItem, ...]
    narrative: bool  # @key: "Vaswani et al. (2017)"; else [@key]: "(Vaswani et al. 2017)"


def _item(m: re.Match[str]) -> CiteItem:
    return CiteItem(m.group("key") or m.group("keyb"), " ".join(m.group("prefix").split()),
                    m.group("suffix").rstrip(), bool(m.group("minus")))


def _bracketed(inner: str) -> tuple[CiteItem, ...] | None:
    items = []
    for part in inner.split(";"):
        m = _ITEM.fullmatch(part.strip())
        if m is None:
            return None
        items.append(_item(m))
    return tuple(items)


def find_citations(text: str) -> list[Citation]:
    """Every pandoc citation in ``text``: ``[@a; @b]``, ``[see @a, p. 3]``, ``[-@a]``, ``@a``,
    ``@a [p. 3]``, in order. An e-mail address or a word with an ``@`` inside is not one."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKETED.finditer(text):
        items = _bracketed(m.group("inner"))
        if items is not None:
            found.append(Citation(m.start(), m.end(), items, narrative=False))
            taken.append((m.start(), m.end()))
    for m in _NARRATIVE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        locator = m.group("locator")
        item = CiteItem(m.group("key") or m.group("keyb"),
                        locator=f", {locator.strip()}" if locator else "",
                        suppress_author=bool(m.group("minus")))
        found.append(Citation(m.start(), m.end(), (item,), narrative=True))
    return sorted(found, key=lambda c: c.start)


def _locator(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    return text if text.startswith(",") else " " + text


def format_citation(citation: Citation, readings: Sequence[Reading]) -> str:
    """'(see Vaswani et al. 2017, p. 3; Kingma & Welling 2014)', '(2017)', or the narrative
    'Vaswani et al. (2017, p. 3)'."""
    if citation.narrative:
        item, reading = citation.items[0], readings[0]
        year = f"{reading.year}{_locator(item.locator)}".strip()
        if item.suppress_author:
            return f"({year})" if year else ""
        who = cite_name(reading)
        return f"{who} ({year})" if year else who
    parts = []
    for item, reading in zip(citation.items, readings, strict=True):
        label = reading.year if item.suppress_author else short_cite(reading)
        parts.append(" ".join(p for p in (item.prefix, label) if p) + _locator(item.locator))
    return "(" + "; ".join(parts) + ")"
