"""Clean BibTeX for citing: the standard fields of an entry, capitals protected, UTF-8 or ASCII.

Pure text work on raw field values (as written in the ``.bib``, LaTeX and all). The course's own
curation fields (``topic``, ``kind``, ``note``...) are left out; entry types a standard style
cannot set without warnings (an ``@article`` with no journal) become ``@misc``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

# Field order of the output; anything not listed here is not a standard field and is dropped.
FIELDS = (
    "author", "editor", "title", "booktitle", "journal", "howpublished", "chapter", "edition",
    "series", "volume", "number", "pages", "publisher", "organization", "institution", "school",
    "address", "type", "month", "year", "isbn", "issn", "doi", "url", "eprint", "archiveprefix",
    "primaryclass", "key",
)
# What plain.bst needs of each type, else it warns ("empty journal in ...").
REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "book": ("title", "publisher", "year"),
    "inbook": ("title", "publisher", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "mastersthesis": ("author", "title", "school", "year"),
    "manual": ("title",),
    "booklet": ("title",),
    "unpublished": ("author", "title", "note"),
}
STANDARD_TYPES = frozenset(REQUIRED) | {"misc"}
_VENUES = ("journal", "booktitle", "publisher", "institution", "school")

# Non-ASCII letters as LaTeX accents (--ascii): the combining mark -> the accent command.
_ACCENT = {
    "\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
    "\u0307": ".", "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u0327": "c", "\u0328": "k",
    "\u030a": "r",
}
_SPECIAL = {
    "ß": r"{\ss}", "ø": r"{\o}", "Ø": r"{\O}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}",
    "Œ": r"{\OE}", "å": r"{\aa}", "Å": r"{\AA}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}",
    "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"{\ldots}",
    "\u00a0": "~", "§": r"{\S}", "©": r"{\textcopyright}", "×": r"$\times$",
}
_GREEK = "αβγδεζηθικλμνξοπρστυφχψωΓΔΘΛΞΠΣΦΨΩ"
_GREEK_NAMES = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "o", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
    "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi", "Psi", "Omega",
]
_WORD = re.compile(r"(?<![\\\w])([A-Za-z][\w']*)")


def to_ascii(text: str) -> str:
    """UTF-8 text as LaTeX escapes: 'Schölkopf' -> 'Sch{\\"o}lkopf'."""
    out = []
    for ch in text:
        if ord(ch) < 128:
            out.append(ch)
        elif ch in _SPECIAL:
            out.append(_SPECIAL[ch])
        elif ch in _GREEK:
            name = _GREEK_NAMES[_GREEK.index(ch)]
            out.append("$o$" if name == "o" else f"$\\{name}$")
        else:
            decomposed = unicodedata.normalize("NFD", ch)
            base, marks = decomposed[0], decomposed[1:]
            if marks and ord(base) < 128 and all(m in _ACCENT for m in marks):
                letter = {"i": r"\i", "j": r"\j"}.get(base, base)
                for mark in marks:
                    letter = f"\\{_ACCENT[mark]}{{{letter}}}"
                out.append("{" + letter + "}")
            else:
                out.append(f"{{\\char\"{ord(ch):X}}}" if ord(ch) <= 0xFFFF else "?")
    return "".join(out)


def _outside_braces_and_math(text: str) -> list[tuple[bool, str]]:
    """Split into (plain, piece): plain pieces are at brace depth 0 and outside $...$."""
    pieces: list[tuple[bool, str]] = []
    depth, math, start = 0, False, 0
    for i, ch in enumerate(text):
        if ch == "\\":
            continue
        if i and text[i - 1] == "\\":
            continue
        plain_before = depth == 0 and not math
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(depth - 1, 0)
        elif ch == "$" and depth == 0:
            math = not math
        plain_after = depth == 0 and not math
        if plain_before != plain_after:
            cut = i if plain_before else i + 1
            pieces.append((plain_before, text[start:cut]))
            start = cut
    pieces.append((depth == 0 and not math, text[start:]))
    return [(plain, piece) for plain, piece in pieces if piece]


def protect_capitals(title: str) -> str:
    """Braces around the words whose capitals a style must not lower-case: acronyms and
    CamelCase ('BERT', 'GANs', 'ImageNet'), and in a sentence-case title every capitalised word
    but the first (there a capital is a name). Text already in braces or math is left alone."""
    plain_words = [w for plain, piece in _outside_braces_and_math(title) if plain
                   for w in _WORD.findall(piece)]
    long_words = [w for w in plain_words[1:] if len(w) > 3]
    sentence_case = bool(long_words) and sum(w[0].isupper() for w in long_words) * 2 <= len(
        long_words)
    out: list[str] = []
    for plain, piece in _outside_braces_and_math(title):
        if plain:
            matches = list(_WORD.finditer(piece))
            text = piece
            for m in reversed(matches):
                word = m.group(1)
                is_first = not any(p for p in out) and m is matches[0]
                inner_caps = any(c.isupper() for c in word[1:])
                if inner_caps or (sentence_case and word[0].isupper() and not is_first):
                    text = text[:m.start(1)] + "{" + word + "}" + text[m.end(1):]
            out.append(text)
        else:
            out.append(piece)
    return "".join(out)


def clean_entry(entry_type: str, key: str, fields: Mapping[str, str], *,
                ascii_only: bool = False) -> str:
    """One entry for citing: standard fields only, in a fixed order, capitals protected."""
    kept = {name: " ".join(value.split()) for name, value in fields.items()
            if name in FIELDS and value.strip()}
    kind = entry_type.lower()
    if kind not in STANDARD_TYPES or any(f not in kept for f in REQUIRED.get(kind, ())):
        # A style would warn about the missing field: cite it as @misc, the venue as where.
        venue = next((kept[f] for f in _VENUES if f in kept), "")
        if kind != "misc":
            for name in ("journal", "booktitle", "institution", "school"):
                kept.pop(name, None)
            if venue and "howpublished" not in kept:
                kept["howpublished"] = venue
        kind = "misc"
    if "author" not in kept and "editor" not in kept and "title" in kept:
        # Styles sort by author; without one, BibTeX's own 'key' field is what they sort by.
        kept.setdefault("key", re.sub(r"[{}\\$]", "", kept["title"]).strip())
    if "title" in kept:
        kept["title"] = protect_capitals(kept["title"])
    if "eprint" in kept and "archiveprefix" not in kept and re.fullmatch(
            r"\d{4}\.\d{4,5}(v\d+)?|[a-z-]+(\.[A-Z]{2})?/\d{7}(v\d+)?", kept["eprint"]):
        kept["archiveprefix"] = "arXiv"
    width = max((len(n) for n in kept), default=0)
    lines = [f"@{kind}{{{key},"]
    for name in FIELDS:
        if name not in kept:
            continue
        value = to_ascii(kept[name]) if ascii_only else kept[name]
        lines.append(f"  {name:<{width}} = {{{value}}},")
    if len(lines) > 1:
        lines[-1] = lines[-1].rstrip(",")
    lines.append("}")
    return "\n".join(lines) + "\n"
