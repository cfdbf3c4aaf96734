"""Citekeys for new entries, in the style the file already uses.

A key is made of the first author's surname, the year and (often) the first title word that is
not a stop word, joined with or without a separator: ``vaswani2017attention`` (the course's own
convention, Google Scholar's), ``Vaswani2017``, ``vaswani:2017``, ``Vaswani_2017_Attention``...
:func:`infer_style` finds which of these the file's keys follow; a file that follows none of them
gets the course's convention. A key already taken gets a letter: ``vaswani2017attentiona``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from paperdesk.core.latex import fold
from paperdesk.core.reading import Reading, surname

STOPWORDS = frozenset({
    "a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "at", "by", "from", "is",
    "are", "as", "via", "towards", "toward", "into",
})
_TRANSLIT = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
                           "ł": "l", "Ł": "L", "ß": "ss", "ı": "i", "đ": "d", "Đ": "D"})
# A style is followed when at least this share of the sampled keys match it exactly.
MIN_SHARE = 0.25
SAMPLE = 500  # the last entries of a long file say enough about its style


@dataclass(frozen=True)
class KeyStyle:
    surname: str = "lower"  # lower: vandenoord; capital: VandenOord (as written, first upper)
    sep: str = ""  # between the parts: "", ":", "_" or "-"
    year_digits: int = 4  # 4: 2017; 2: 17
    word: str = "lower"  # the first title word: lower, capital or none

    def render(self, author: str, year: str, title: str) -> str:
        family = ascii_letters(surname(author)) if author else ""
        if self.surname == "lower":
            family = family.lower()
        elif family:
            family = family[0].upper() + family[1:]
        parts = [family, year[-self.year_digits:] if year.isdigit() else ""]
        if self.word != "none":
            word = first_title_word(title)
            parts.append(word.capitalize() if self.word == "capital" else word)
        return self.sep.join(p for p in parts if p)


COURSE_STYLE = KeyStyle()
STYLES = (COURSE_STYLE, *(
    KeyStyle(case, sep, digits, word)
    for case, sep, digits, word in itertools.product(
        ("lower", "capital"), ("", ":", "_", "-"), (4, 2), ("lower", "capital", "none"))
    if KeyStyle(case, sep, digits, word) != COURSE_STYLE
))


def ascii_letters(text: str) -> str:
    """ASCII letters and digits of ``text``, case kept: 'Sønderby' -> 'Sonderby'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    return re.sub(r"[^A-Za-z0-9]", "", decomposed)


def first_title_word(title: str) -> str:
    words = [w for w in re.findall(r"[a-z0-9]+", fold(title)) if w not in STOPWORDS]
    return words[0] if words else ""


def _follows(key: str, made: str) -> bool:
    # 'goodfellow2016deepa': the letter that told two keys apart does not change the style
    return bool(made) and (key == made or (key[:-1] == made and key[-1:].isalpha()))


def infer_style(readings: Iterable[Reading]) -> KeyStyle:
    """The style most of the file's keys follow, or the course's when none stands out."""
    samples = [r for r in readings if r.authors and len(r.year) == 4 and r.year.isdigit()]
    samples = samples[-SAMPLE:]
    if not samples:
        return COURSE_STYLE
    best, best_count = COURSE_STYLE, 0
    for style in STYLES:  # the course's first: it wins a tie
        count = sum(_follows(r.key, style.render(r.authors[0], r.year, r.title)) for r in samples)
        if count > best_count:
            best, best_count = style, count
    return best if best_count >= max(1, MIN_SHARE * len(samples)) else COURSE_STYLE


def make_key(style: KeyStyle, author: str, year: str, title: str, taken: set[str],
             fallback: str) -> str:
    """A key in ``style`` that is not in ``taken`` (lower-cased keys: BibTeX ignores case)."""
    base = style.render(author, year, title) or fallback
    if base.lower() not in taken:
        return base
    for letter in "abcdefghijklmnopqrstuvwxyz":
        if (base + letter).lower() not in taken:
            return base + letter
    return f"{base}{style.sep}{fallback}"
