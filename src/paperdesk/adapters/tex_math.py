"""TeX math to Typst math: tex2typst, a few fixes before and after, and a safety check.

Review math is untrusted: Typst math can embed code with ``#``, so the converted text is scanned
and only the handful of ``#`` forms tex2typst itself writes (``#none``, ``#h(1em)``...) may pass.
Anything else (or any conversion error) is reported, and the caller shows the TeX source instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

# TeX that tex2typst does not know, rewritten to TeX that it does (or dropped: sizes, labels).
_TEX_FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\\[Bb]igg?[lrm]?(?![A-Za-z])", ""),  # \big( ... \Bigr]: size hints
        (r"\\(?:label|tag\*?)\s*\{[^{}]*\}", ""),
        (r"\\(?:nonumber|notag)(?![A-Za-z])", ""),
        (r"\\(?:begin|end)\{(?:equation|displaymath|math)\*?\}", ""),
        (r"\\bm(?![A-Za-z])", r"\\boldsymbol"),
        (r"\\mathds(?![A-Za-z])", r"\\mathbb"),
        (r"\\(?:textrm|textnormal|textup|mbox)(?![A-Za-z])", r"\\text"),
        (r"\\textbf(?![A-Za-z])", r"\\mathbf"),
        (r"\\textit(?![A-Za-z])", r"\\mathit"),
        (r"\\stackrel(?![A-Za-z])", r"\\overset"),
        (r"(?:\\left\s*)?\\lVert(?![A-Za-z])", r"\\left\\|"),
        (r"(?:\\right\s*)?\\rVert(?![A-Za-z])", r"\\right\\|"),
        (r"(?:\\left\s*)?\\lvert(?![A-Za-z])", r"\\left|"),
        (r"(?:\\right\s*)?\\rvert(?![A-Za-z])", r"\\right|"),
        # \|x\|: a norm when nothing but the argument sits between the bars (not q \| p).
        (r"(?<!\\left)\\\|(?=\S)((?:[^|\\]|\\[A-Za-z]+|\\[{}]|\{[^{}|]*\})+?)(?<=\S)\\\|",
         r"\\left\\|\1\\right\\|"),
        # |x|: an absolute value when the bars hug an argument with no brackets (not p(x|z)).
        (r"(?<![\\|])\|(?=[^\s|])([^|()\[\]]*?[^\s|\\])\|", r"\\left|\1\\right|"),
        (r"\\coloneqq(?![A-Za-z])", ":="),
        (r"\\Box(?![A-Za-z])", r"\\square"),
    )
)

# Names tex2typst writes that Typst 0.15 rejects (see the design's facts), and their Typst names.
RENAMES: dict[str, str] = {
    "dot.circle": "dot.o",
    "times.circle": "times.o",
    "minus.circle": "minus.o",
    "alef": "aleph",
    "lnot": "not",
    "lVert": "bar.v.double",
    "rVert": "bar.v.double",
    "lvert": "bar.v",
    "rvert": "bar.v",
    "sect": "inter",
    "coloneqq": "colon.eq",
    "Box": "square.stroke",
}
# Math identifiers are letters (and .modifiers): "_" and digits around a name are not part of it.
_RENAME_RE = re.compile(
    r"(?<![A-Za-z.])("
    + "|".join(re.escape(k) for k in sorted(RENAMES, key=len, reverse=True))
    + r")(?![A-Za-z])"
)
# \mathrm{KL} comes out as upright(K L): as a string it keeps the letters together. Typst sets
# a space typed after a string, so "upright("KL") (q)" would read "KL (q)": the space goes.
_UPRIGHT_LETTERS = re.compile(r"upright\(((?:[A-Za-z] )+[A-Za-z])\)(?: (?=[(\[]))?")
# The only code tex2typst emits: keywords and alignments, and spacing like #h(1em).
_SAFE_HASH = re.compile(
    r"#(?:none|auto|true|false|left|right|center|top|bottom|horizon)(?![\w-])"
    r"|#[hv]\(-?(?:\d+(?:\.\d+)?(?:em|pt|mm|cm|in)|math\.[a-z]+\.amount)\)"
)


class MathConversionError(ValueError):
    """TeX that cannot become safe Typst math; the message says why, in one line."""


def _fix_tex(tex: str) -> str:
    for pattern, replacement in _TEX_FIXES:
        tex = pattern.sub(replacement, tex)
    return tex


def _segments(typst_math: str) -> Iterator[tuple[bool, str]]:
    """Split Typst math into (is_string, text) runs; a string keeps its quotes."""
    i, start, n = 0, 0, len(typst_math)
    while i < n:
        ch = typst_math[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            if start < i:
                yield False, typst_math[start:i]
            j = i + 1
            while j < n and typst_math[j] != '"':
                j += 2 if typst_math[j] == "\\" else 1
            if j >= n:
                raise MathConversionError("unterminated string in the converted math")
            yield True, typst_math[i : j + 1]
            i = start = j + 1
            continue
        i += 1
    if start < n:
        yield False, typst_math[start:]


def _check_code(code: str) -> None:
    """Refuse anything in Typst math that could leave math mode or run code."""
    stripped = _SAFE_HASH.sub("", re.sub(r"\\.", "", code))
    for token, why in (("#", "embedded code"), ("$", "a math delimiter"),
                       ("//", "a comment"), ("/*", "a comment"), ("`", "raw text")):
        if token in stripped:
            raise MathConversionError(f"the converted math holds {why} ({token!r})")


def _rename(code: str) -> str:
    code = _RENAME_RE.sub(lambda m: RENAMES[m.group(1)], code)
    return _UPRIGHT_LETTERS.sub(lambda m: 'upright("' + m.group(1).replace(" ", "") + '")', code)


@lru_cache(maxsize=4096)
def tex_to_typst(tex: str) -> str:
    """Typst math for a TeX formula, or MathConversionError (unknown syntax, unsafe output)."""
    import tex2typst  # deferred: it starts a JavaScript engine

    source = _fix_tex(tex).strip()
    if not source:
        return ""
    try:
        converted = tex2typst.tex2typst(source)
    except (ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0].removeprefix("Conversion failed: ")
        raise MathConversionError(f"tex2typst: {reason}") from exc
    if not isinstance(converted, str):
        raise MathConversionError("tex2typst returned no text")
    parts: list[str] = []
    for is_string, text in _segments(converted):
        if is_string:
            parts.append(text)
        else:
            _check_code(text)
            parts.append(_rename(text))
    return "".join(parts).replace("\n", " ").strip()
