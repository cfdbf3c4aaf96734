"""A small, fast LaTeX-to-Unicode decoder for the text shown from BibTeX fields.

Full decoders cost seconds on a large file; titles and names only need accents, a few symbols,
dashes and the removal of protective braces.
"""

from __future__ import annotations

import re
import unicodedata

_ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}
_SYMBOLS = {
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "&": "&", "%": "%", "$": "$", "#": "#",
    "_": "_", "{": "{", "}": "}", "textendash": "–", "textemdash": "—", "ldots": "…",
    "dots": "…", "textquoteright": "’", "textquoteleft": "‘", "S": "§", "P": "¶",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "LaTeX": "LaTeX",
    "TeX": "TeX", "textasciitilde": "~", "textbackslash": "\\", " ": " ", ",": "\u2009",
}
# \'{e}, \'e, {\'e}, \"{\i}, \c c: an accent command and its argument.
_ACCENT_RE = re.compile(r"""\\([\"'`^~=.]|[uvHckrdb](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))""")
_SYMBOL_RE = re.compile(r"\\([A-Za-z]+|[&%$#_{} ,])\s?(?:\{\})?")
_FORMAT_RE = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|mathrm|url|mbox)\s*")
_NEEDS_WORK = re.compile(r"[\\{}~]|--")


def _accent(m: re.Match[str]) -> str:
    base = m.group(2) or m.group(3) or ""
    if base in ("\\i", "\\j"):
        base = base[1]
    return unicodedata.normalize("NFC", base + _ACCENTS[m.group(1)])


def _symbol(m: re.Match[str]) -> str:
    name = m.group(1)
    return _SYMBOLS.get(name, m.group(0))


def decode_latex(text: str) -> str:
    """Decode what BibTeX titles and names commonly hold; leave math and unknown macros as typed."""
    if not _NEEDS_WORK.search(text):
        return " ".join(text.split())
    out = _ACCENT_RE.sub(_accent, text)
    out = _FORMAT_RE.sub("", out)
    out = _SYMBOL_RE.sub(_symbol, out)
    out = out.replace("---", "—").replace("--", "–")
    # A ~ is a non-breaking space unless escaped (already decoded above).
    out = re.sub(r"(?<!\\)~", "\u00a0", out)
    out = out.replace("{", "").replace("}", "")
    return " ".join(out.split())


def fold(text: str) -> str:
    """Lower-case, accent-free, with common transliterations: for searching (ö ~ o ~ oe)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.translate(_TRANSLIT)


_TRANSLIT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "ı": "i"})


def fold_variants(query: str) -> list[str]:
    """Foldings a query should match under: 'schoelkopf' also as 'scholkopf' (German oe = ö)."""
    q = fold(query)
    alt = re.sub(r"([aou])e", r"\1", q)
    return [q] if alt == q else [q, alt]
