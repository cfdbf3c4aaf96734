"""A review's file name from its citekey, and back: safe, reversible, the same everywhere.

Any key BibTeX accepts is a reading (``DBLP:conf/nips/VaswaniSPUJGKP17``, ``O'Keeffe_1962``,
biblatex's ``baez/article``), so the file name cannot be the key itself. :func:`key_stem` keeps
letters, digits and ``_ - + .`` and writes every other character as ``%XX`` (its UTF-8 bytes, as
in a URL): ``DBLP%3Aconf%2Fnips%2FVaswaniSPUJGKP17``. So a name never holds a separator, a
control character or a character Windows refuses (``: * ? " < > |``), never starts with a dot
(hidden, or ``..``), and is never a Windows device name (``con``, ``nul``...). :func:`stem_key`
undoes it, so ``collect`` maps a file back to its key. The key written in the review's front
matter stays as written: the file name is only where it is kept.

Two keys that differ only in case never share a name on a case-insensitive file system: BibTeX
keys ignore case, and a file with both is refused as a duplicate key.
"""

from __future__ import annotations

import re

# Room for the longest name paperdesk makes from a stem: ".<stem>.pdf.<8 hex>.tmp" (atomic
# saves) within the 255 bytes most file systems allow.
MAX_STEM_BYTES = 230
_KEPT = frozenset("_-+.")
_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                      *(f"lpt{i}" for i in range(1, 10))})
_ESCAPED = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


class UnnamableKey(ValueError):
    """The key is empty, or too long once encoded, to name a file."""


def _kept(char: str, first: bool) -> bool:
    if char in _KEPT:
        return not (first and char == ".")
    return char.isalnum() and char.isprintable()


def _escape(char: str) -> str:
    return "".join(f"%{b:02X}" for b in char.encode("utf-8", "surrogatepass"))


def key_stem(key: str) -> str:
    """The file stem of ``key``'s review (``reviews/<stem>.md``); UnnamableKey when too long."""
    stem = "".join(c if _kept(c, i == 0) else _escape(c) for i, c in enumerate(key))
    if stem.split(".", 1)[0].lower() in _DEVICES:
        stem = _escape(stem[0]) + stem[1:]
    if not stem:
        raise UnnamableKey("an empty key cannot name a file")
    if len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        raise UnnamableKey(f"the key {key!r} is too long to name a file "
                         f"(over {MAX_STEM_BYTES} bytes once its punctuation is written as %XX)")
    return stem


def stem_key(stem: str) -> str:
    """The key a file stem names: the inverse of :func:`key_stem`."""
    def decode(m: re.Match[str]) -> str:
        return bytes.fromhex(m.group().replace("%", "")).decode("utf-8", "surrogatepass")

    try:
        return _ESCAPED.sub(decode, stem)
    except UnicodeDecodeError:
        return stem  # not a name paperdesk made: the name itself


def names_key(file_name: str, key: str, suffix: str = ".md") -> bool:
    """Whether ``file_name`` is the file of ``key`` (a name paperdesk made, or the key itself as
    versions before this one named it)."""
    if not file_name.endswith(suffix):
        return False
    # NFC on both sides: macOS may list a name in decomposed form (u + a combining diaeresis).
    import unicodedata  # here: naming a review's file (show, the desk) needs none of it

    stem = unicodedata.normalize("NFC", file_name[: -len(suffix)])
    key = unicodedata.normalize("NFC", key)
    return stem_key(stem) == key or stem == key
