"""How a reading is cited in a review: short (Author Year) in the text, full in the header."""

from __future__ import annotations

from paperdesk.core.reading import Reading, surname

MAX_LISTED_AUTHORS = 10


def short_cite(reading: Reading) -> str:
    """'Kingma & Welling 2014', 'Vaswani et al. 2017', or the title when there is no author."""
    names = [surname(a) for a in reading.authors if a != "others"]
    if not names:
        who = reading.title
    elif len(names) == 1 and "others" not in reading.authors:
        who = names[0]
    elif len(names) == 2 and "others" not in reading.authors:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who} {reading.year}".strip()


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
    """('Vaswani et al. 2017.', 'Attention Is All You Need.', 'NeurIPS. arXiv:1706.03762.')."""
    rest = [p for p in (reading.venue, *identifiers(reading)[:1]) if p]
    return (_sentence(short_cite(reading)), _sentence(reading.title),
            " ".join(_sentence(p) for p in rest))


def reference_entry(reading: Reading) -> str:
    """One entry of a review's references, as plain text."""
    return " ".join(p for p in reference_parts(reading) if p)
