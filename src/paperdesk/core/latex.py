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
    "_": "_", "{": "\ue000", "}": "\ue001", "textendash": "–", "textemdash": "—", "ldots": "…",
    "dots": "…", "textquoteright": "’", "textquoteleft": "‘", "S": "§", "P": "¶",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "LaTeX": "LaTeX",
    "TeX": "TeX", "textasciitilde": "\ue002", "textbackslash": "\\", " ": " ", ",": "\u2009",
    # \/ (italic correction) and \- (a hyphenation point) print nothing.
    "/": "", "-": "",
}
# Old-style font switches, as in ``{\em Deep} learning`` or ``{\sc Pascal}``: the text stays,
# the switch goes (the style itself is not shown in a terminal).
_SWITCHES = frozenset({
    "em", "it", "bf", "sc", "tt", "rm", "sf", "sl", "up", "md", "normalfont", "itshape",
    "bfseries", "scshape", "ttfamily", "rmfamily", "sffamily", "slshape", "upshape", "mdseries",
    "small", "footnotesize", "large", "Large", "relax", "protect",
})
_GREEK = {
    name: chr(code) for name, code in (
        ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
        ("zeta", 0x3B6), ("eta", 0x3B7), ("theta", 0x3B8), ("kappa", 0x3BA), ("lambda", 0x3BB),
        ("mu", 0x3BC), ("nu", 0x3BD), ("xi", 0x3BE), ("pi", 0x3C0), ("rho", 0x3C1),
        ("sigma", 0x3C3), ("tau", 0x3C4), ("phi", 0x3C6), ("chi", 0x3C7), ("psi", 0x3C8),
        ("omega", 0x3C9), ("Gamma", 0x393), ("Delta", 0x394), ("Theta", 0x398),
        ("Lambda", 0x39B), ("Pi", 0x3A0), ("Sigma", 0x3A3), ("Phi", 0x3A6), ("Omega", 0x3A9),
    )
}
# Inline math, kept apart from text decoding: ``$\beta$-VAE`` -> ``β-VAE``, richer math as typed.
_MATH = re.compile(r"((?<!\\)\$[^$]*(?<!\\)\$)")
_RICH_MATH = re.compile(r"[^\\\w^+\-=<> ]")
# \'{e}, \'e, {\'e}, \"{\i}, \c c: an accent command and its argument.
_ACCENT_RE = re.compile(
    r"""\\([\"'`^~=.]|[uvHckrdb](?=[\s{]))\s*(?:\{\s*(\\?[A-Za-z])\s*\}|(\\?[A-Za-z]))"""
)
# A control word eats the spaces after it (``\ss x``); a control symbol (``\&``) does not.
_SYMBOL_RE = re.compile(r"\\(?:([A-Za-z]+)\s*(?:\{\})?|([&%$#_{} ,/-]))")
_FORMAT_RE = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|textsf|texttt|mathrm|url|mbox)\s*")
_NEEDS_WORK = re.compile(r"[\\{}~$]|--")


def _accent(m: re.Match[str]) -> str:
    base = m.group(2) or m.group(3) or ""
    if base in ("\\i", "\\j"):
        base = base[1]
    return unicodedata.normalize("NFC", base + _ACCENTS[m.group(1)])


def _symbol(m: re.Match[str]) -> str:
    name = m.group(1) or m.group(2)
    if name in _SYMBOLS:
        return _SYMBOLS[name]
    if name in _GREEK:
        return _GREEK[name]
    if name in _SWITCHES:
        return ""
    if m.group(1) and m.string.startswith("{", m.end()):
        return ""  # an unknown command with an argument: show the argument (\mbox{x} -> x)
    return m.group(0)


def _math(body: str) -> str:
    """Inline math: Greek letters and plain symbols decode; anything richer stays as typed."""
    inner = body[1:-1].strip()
    names = re.findall(r"\\([A-Za-z]+)", inner)
    if len(inner) > 12 or any(n not in _GREEK for n in names) or _RICH_MATH.search(inner):
        return body
    return re.sub(r"\\([A-Za-z]+)\s*", lambda g: _GREEK[g.group(1)], inner).replace(" ", "")


def decode_latex(text: str) -> str:
    """Decode what BibTeX titles and names commonly hold; leave math and unknown macros as typed."""
    if not _NEEDS_WORK.search(text):
        return " ".join(text.split())
    pieces = _MATH.split(text)  # odd indexes are $...$ segments
    out = "".join(_math(p) if i % 2 else _decode_text(p) for i, p in enumerate(pieces))
    return " ".join(out.split())


def _decode_text(text: str) -> str:
    out = _ACCENT_RE.sub(_accent, text)
    out = _FORMAT_RE.sub("", out)
    out = _SYMBOL_RE.sub(_symbol, out)
    out = out.replace("---", "—").replace("--", "–")
    # A ~ is a non-breaking space unless escaped (already decoded above).
    out = re.sub(r"(?<!\\)~", "\u00a0", out)
    # Grouping braces go; escaped ones (held as private-use characters above) come back.
    out = out.replace("{", "").replace("}", "").replace("\ue000", "{").replace("\ue001", "}")
    return out.replace("\ue002", "~")


def fold(text: str) -> str:
    """Lower-case, accent-free, with common transliterations: for searching (ö ~ o ~ oe)."""
    if text.isascii():  # most text: nothing to decompose or transliterate (the same result)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    # Only the runs of non-ASCII characters can hold combining marks or letters to transliterate:
    # those alone are looked at, one by one (str.translate over a whole abstract is slow).
    return _NON_ASCII.sub(_plain, decomposed)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _plain(run: re.Match[str]) -> str:
    return "".join(c for c in run.group() if not unicodedata.combining(c)).translate(_TRANSLIT)


_TRANSLIT = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "ß": "ss", "ı": "i"})

