"""The filter: which readings match what was typed. One matcher, for the desk and ``list --search``.

Case and accents are ignored, and a German umlaut also matches its spelled-out form, but only
where the text has it: ``Schölkopf`` is found by ``scholkopf`` and by ``schoelkopf``, while
``vae`` finds what says "vae" and never ``Vaswani`` (an ``ae`` typed is an ``ae``, not an ``ä``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from paperdesk.core.latex import fold
from paperdesk.core.reading import Reading

_UMLAUT = re.compile(r"[äöüÄÖÜ]|[aouAOU]\u0308")
_SPELLED = {"ä": "ae", "ö": "oe", "ü": "ue"}


def _spelled_out(text: str) -> str:
    """``text`` with each umlaut written as German writes it without one (ö -> oe)."""
    import unicodedata

    composed = unicodedata.normalize("NFC", text).casefold()
    for umlaut, spelled in _SPELLED.items():  # str.replace: far quicker than str.translate
        composed = composed.replace(umlaut, spelled)
    return composed


def searchable(text: str) -> str:
    """What a query is looked for in: the folded text, and where it has umlauts, also the text
    with them spelled out (on a line of its own, so no query word spans the two)."""
    folded = fold(text)
    if text.isascii() or not _UMLAUT.search(text):
        return folded
    return f"{folded}\n{fold(_spelled_out(text))}"


def reading_text(reading: Reading, abstract: str = "") -> str:
    """The searchable text of a reading: title, authors, key, topic and abstract.

    :func:`searchable` of those joined by `` \n ``, made field by field (folding goes character
    by character and the separators are ASCII, so the pieces join to the same text): ASCII
    fields, most of them, fold at once (lower case, which is also their spelled-out form), and
    each author's name is folded once for a whole list (10,000 readings are indexed in a
    third of the time)."""
    names = [_name_forms(name) for name in reading.authors]
    umlaut = any([u for _, _, u in names])
    texts = (reading.title, reading.key, reading.topic, abstract)
    if all([text.isascii() for text in texts]):
        folded = spelled = [text.lower() for text in texts]
    else:
        folded = [fold(text) for text in texts]
        umlaut = umlaut or any(_UMLAUT.search(text) for text in texts)
        spelled = [fold(_spelled_out(text)) for text in texts] if umlaut else folded
    line = " \n ".join((folded[0], " ".join([f for f, _, _ in names]), *folded[1:]))
    if not umlaut:
        return line
    return line + "\n" + " \n ".join((spelled[0], " ".join([s for _, s, _ in names]),
                                       *spelled[1:]))


@lru_cache(maxsize=1 << 16)
def _name_forms(name: str) -> tuple[str, str, bool]:
    """An author's name folded, folded with its umlauts spelled out, and whether it has one."""
    if name.isascii():
        low = name.lower()  # what both foldings give for ASCII
        return low, low, False
    return fold(name), fold(_spelled_out(name)), bool(_UMLAUT.search(name))


def needles(query: str) -> list[list[str]]:
    """Per word of ``query``, the foldings to look for (an umlaut typed: both its forms)."""
    out = []
    for word in query.split():
        forms = [fold(word)]
        if _UMLAUT.search(word):
            forms.append(fold(_spelled_out(word)))
        out.append(list(dict.fromkeys(forms)))
    return out


def matches(words: Sequence[Sequence[str]], text: str) -> bool:
    """Whether every word (any of its forms) is in ``text`` (made by :func:`searchable`)."""
    return all(any(form in text for form in forms) for forms in words)


def matching_positions(words: Sequence[Sequence[str]], texts: Sequence[str],
                       candidates: Iterable[int] | None = None) -> list[int]:
    """The positions in ``texts`` (of ``candidates``, default all) whose text :func:`matches`
    ``words``: the same rule, applied a word at a time over the whole list, which is what a
    filter keystroke over 10,000 readings can afford."""
    found = list(range(len(texts)) if candidates is None else candidates)
    for forms in words:
        if len(forms) == 1:
            form = forms[0]
            found = [i for i in found if form in texts[i]]
        else:
            found = [i for i in found if any(f in texts[i] for f in forms)]
    return found


def abstract_of(reading: Reading, abstracts: Mapping[str, str]) -> str:
    """The cached abstract of ``reading``: ``abstracts`` is keyed by citekey."""
    return abstracts.get(reading.key, "")


def search(readings: Iterable[Reading], query: str,
           abstracts: Mapping[str, str] | None = None) -> list[Reading]:
    """The readings matching every word of ``query``, in their order."""
    words = needles(query)
    if not words:
        return list(readings)
    texts = abstracts or {}
    return [r for r in readings if matches(words, reading_text(r, abstract_of(r, texts)))]
