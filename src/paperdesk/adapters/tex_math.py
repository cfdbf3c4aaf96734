"""TeX math to Typst math: tex2typst, a few fixes before and after, and a safety check.

Review math is untrusted: Typst math can embed code with ``#``, so the converted text is scanned
and only the handful of ``#`` forms tex2typst itself writes (``#none``, ``#h(1em)``...) may pass.
Anything else (or any conversion error) is reported, and the caller shows the TeX source instead.
Deeply nested formulas, which tex2typst may take exponentially long over, are converted in a
helper process with a time limit (:mod:`tex2typst_helper`): too slow is "shown as typed" too.
"""

from __future__ import annotations

import json
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import lru_cache
from typing import IO

# TeX that tex2typst does not know, rewritten to TeX that it does (or dropped: sizes, colours,
# labels). Applied in order, after the rewrites with arguments in _normalise.
_TEX_FIXES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\\[Bb]igg?[lrm]?(?![A-Za-z])", ""),  # \big( ... \Bigr]: size hints
        (r"\\(?:label|tag\*?)\s*\{[^{}]*\}", ""),
        (r"\\(?:nonumber|notag|hline|displaybreak|allowbreak)(?![A-Za-z])", ""),
        (r"\\nolimits(?![A-Za-z])", r"\\pdnolimits "),
        (r"\\(?:begin|end)\{(?:equation|displaymath|math)\*?\}", ""),
        # Every multi-line environment sets as aligned: Typst aligns at each & alternately
        # right and left, as alignat does; gather and multline have no & (lines centred).
        (r"\\begin\{alignat\*?\}\s*\{\d+\}", r"\\begin{aligned}"),
        (r"\\(begin|end)\{(?:align|alignat|flalign|split|multline|gather|gathered|alignedat|"
         r"eqnarray)\*?\}(?:\s*\{\d+\})?", r"\\\1{aligned}"),
        (r"&\s*(=|<|>|\\[lg]eq?|\\approx|\\sim|\\equiv|\\propto)\s*&", r"&\1 "),  # eqnarray
        (r"\\(begin|end)\{smallmatrix\}", r"\\\1{matrix}"),
        # Size and style switches: Typst sizes math itself.
        (r"\\(?:scriptstyle|scriptscriptstyle|tiny|scriptsize|footnotesize|small|normalsize|"
         r"large|Large|LARGE|huge|Huge)(?![A-Za-z])", ""),
        (r"\\color\s*\{[^{}]*\}", ""),
        (r"\\limits(?![A-Za-z])", r"\\pdlimits "),
        (r"\\bm(?![A-Za-z])", r"\\boldsymbol"),
        (r"\\(?:mathbfit|pmb)(?![A-Za-z])", r"\\boldsymbol"),
        (r"\\mathds(?![A-Za-z])", r"\\mathbb"),
        (r"\\(left|right|middle)\s*\\vert(?![A-Za-z])", r"\\\1|"),
        (r"\\(left|right|middle)\s*\\Vert(?![A-Za-z])", r"\\\1\\|"),
        # \|x\|: a norm when nothing but the argument sits between the bars (not q \| p).
        (r"(?<!\\left)\\\|(?=\S)((?:[^|\\]|\\[A-Za-z]+|\\[{}]|\{[^{}|]*\})+?)(?<=\S)\\\|",
         r"\\left\\|\1\\right\\|"),
        # |x|: an absolute value when the bars hug an argument with no brackets (not p(x|z)),
        # and neither bar is a \left| or \right| already.
        (r"(?<![\\|])(?<!\\left)(?<!\\right)(?<!\\middle)\|(?=[^\s|])([^|()\[\]]*?[^\s|\\])"
         r"(?<!\\left)(?<!\\right)(?<!\\middle)\|", r"\\left|\1\\right|"),
        (r"(?:\\left\s*)?\\lVert(?![A-Za-z])", r"\\left\\|"),
        (r"(?:\\right\s*)?\\rVert(?![A-Za-z])", r"\\right\\|"),
        (r"(?:\\left\s*)?\\lvert(?![A-Za-z])", r"\\left|"),
        (r"(?:\\right\s*)?\\rvert(?![A-Za-z])", r"\\right|"),
        (r"\\coloneqq(?![A-Za-z])", ":="),
        (r"\\Box(?![A-Za-z])", r"\\square"),
        # Spacing tex2typst does not know, as the nearest one it does.
        (r"\\(?:kern|mkern|hskip|mskip)\s*-?[\d.]+\s*(?:em|mu|pt|ex)", r"\\,"),
        (r"\\mspace\s*\{[^{}]*\}", r"\\,"),
        (r"\\hspace\*", r"\\hspace"),
        (r"\\(?:thinspace|negthinspace|negmedspace|negthickspace)(?![A-Za-z])", r"\\,"),
        (r"\\(?:enspace|medspace|thickspace)(?![A-Za-z])", r"\\;"),
        (r"(?<!\\)\\ ", r"\\;"),
        (r"\\eqref\s*\{([^{}]*)\}", r"(\\text{\1})"),
        (r"\\ref\s*\{([^{}]*)\}", r"\\text{\1}"),
        (r"\\dots[bmi](?![A-Za-z])", r"\\cdots"),
        (r"\\dots[co](?![A-Za-z])", r"\\ldots"),
    )
)

# Commands students define for themselves (or that KaTeX knows and tex2typst does not), as TeX
# that tex2typst converts. Passed to tex2typst as macros (a name for a text, no arguments).
_MACROS: dict[str, str] = {
    **{f"\\{name}": f"\\operatorname{{{name}}}" for name in (
        "Tr", "tr", "diag", "sgn", "sign", "erf", "Var", "Cov", "KL", "softmax", "ReLU",
        "rank", "supp", "logit", "poly", "Cat", "Bern", "Unif", "MLP", "Attention", "FFN")},
    "\\argmax": "\\operatorname*{arg\\,max}",
    "\\argmin": "\\operatorname*{arg\\,min}",
    "\\varliminf": "\\liminf", "\\varlimsup": "\\limsup",
    "\\wp": "℘", "\\eth": "ð", "\\varkappa": "ϰ", "\\upmu": "μ", "\\varpropto": "\\propto",
    "\\blacksquare": "■", "\\Diamond": "◇", "\\textbackslash": "\\backslash",
    "\\vcentcolon": ":", "\\Coloneqq": "::=", "\\defeq": ":=", "\\eqqcolon": "=:",
    "\\Eqqcolon": "=::", "\\transpose": "\\top", "\\intercal": "\\top",
    "\\bigm": "", "\\Bigm": "",
}

# One-argument commands with no TeX equivalent that tex2typst knows: \cmd{X} is passed as
# \hat{\pdfnNAME X}, and hat(pdfnNAME ...) becomes NAME(...) after the conversion.
_WRAPPED = {
    "check": "caron", "widecheck": "caron", "mathring": "circle", "boxed": "pdboxed",
    "fbox": "pdboxed", "phantom": "pdhide", "hphantom": "pdhide", "vphantom": "pdhide",
    "bcancel": "pdbcancel", "xcancel": "pdxcancel", "group": "",
}
# Commands whose argument is kept and the command itself dropped.
_UNWRAPPED = ("smash", "mathclap", "mathrlap", "mathllap", "clap", "rlap", "llap", "sout",
              "underbar", "textcolor", "colorbox", "mathstrut", "hbox", "vcenter")
# Text in a formula: as \text inside the math font command of the same style.
_TEXT_STYLES = {
    "texttt": "\\mathtt", "textsf": "\\mathsf", "textit": "\\mathit", "emph": "\\mathit",
    "textbf": "\\mathbf", "textsc": "", "textrm": "", "textnormal": "", "textup": "",
    "mbox": "", "textmd": "", "textsl": "\\mathit",
}
_OVER = {"overset": "\\overset", "underset": "\\underset", "stackrel": "\\overset"}
_XARROWS = {
    "xrightarrow": "\\longrightarrow", "xleftarrow": "\\longleftarrow",
    "xRightarrow": "\\Longrightarrow", "xLeftarrow": "\\Longleftarrow",
    "xleftrightarrow": "\\longleftrightarrow", "xLeftrightarrow": "\\Longleftrightarrow",
    "xmapsto": "\\longmapsto", "xhookrightarrow": "\\hookrightarrow",
    "xhookleftarrow": "\\hookleftarrow", "xrightharpoonup": "\\rightharpoonup",
    "xtwoheadrightarrow": "\\twoheadrightarrow", "xlongequal": "=",
}
# Old-style font switches inside a group: {\bf x} is \mathbf{x}.
_SWITCHES = {"bf": "\\mathbf", "it": "\\mathit", "rm": "\\mathrm", "sf": "\\mathsf",
             "tt": "\\mathtt", "cal": "\\mathcal", "bfseries": "\\mathbf",
             "itshape": "\\mathit", "mit": "\\mathit"}
# Infix fractions: {n \choose k} is \binom{n}{k}.
_INFIX = {"choose": "\\binom{{{0}}}{{{1}}}", "over": "\\frac{{{0}}}{{{1}}}",
          "atop": "\\substack{{{0} \\\\ {1}}}",
          "brack": "\\left[\\substack{{{0} \\\\ {1}}}\\right]",
          "brace": "\\left\\{{\\substack{{{0} \\\\ {1}}}\\right\\}}"}
_UNSUPPORTED = re.compile(r"\\(newcommand|renewcommand|def|let|DeclareMathOperator|"
                          r"newenvironment)(?![A-Za-z])")
_TAG = re.compile(r"\\tag(\*?)\s*\{([^{}]*)\}")


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
    r"|#\d+(?![\w.])"  # a number: an array's rule position (augment: #1)
)
# After the conversion: \sum\limits, the one-argument commands passed as hat(pdfnNAME ...),
# \middle, TeX spacing left inside strings, a space between an upright word and its argument.
_OP_LIMITS = re.compile(r'(\bop\("(?:[^"\\]|\\.)*")\) pdlimits ?')
_LIMITS = re.compile(r"([A-Za-z][\w.]*) pd(no)?limits|pd(?:no)?limits ?")
_WRAPPED_RE = re.compile(r"hat\(pdfn([A-Za-z]+) ?")
_MIDDLE = re.compile(r"middle ([^\s()]+|\\.)")
_STRING_SPACES = {"\\,": "\u2009", "\\:": "\u205f", "\\;": "\u2004", "\\!": "",
                  "\\ ": " ", "\\quad": "\u2003", "\\qquad": "\u2003\u2003"}
_STRING_SPACE_RE = re.compile(r"\\(?:qquad|quad|[,:;! ])")
# "softmax" (x) -> "softmax"(x): a function's name touches its argument, as in TeX.
_WORD_CALL = re.compile(
    r'((?:\b(?:upright|mono|sans|italic|bold|op)\()?"[A-Za-z][\w-]*"\)?) (?=\()')
# 2 times at the end (or before a closing bracket, comma, &): an ordinary symbol, no gap after.
_DANGLING_OP = re.compile(
    r"(?<![\w.])(times|dot.op|dot.c|plus|minus|ast.op)(?=\s*(?:$|[)\],&]|\\))")
# A bare bar (p(x|z), \\vert, f|_0) is an ordinary symbol in TeX, set tight; Typst spaces a
# spaced | like a relation. \\mid stays a relation (divides), as in TeX.
_BAR = re.compile(r"(?:(?<=\s)|^)(?:\||bar\.v)(?=[\s_^]|$)")
# Typst math functions that print their own name when not called: a TeX command that tex2typst
# passed through as one of these (\\limits once became "limits") would show as a word.
_UNCALLED = re.compile(
    r"(?<![A-Za-z0-9.])(limits|scripts|op|display|inline|script|sscript|cancel|frac|binom|mat|vec|"
    r"cases|lr|abs|norm|floor|ceil|round|sqrt|root|upright|italic|bold|serif|sans|mono|bb|cal|"
    r"frak|accent|attach|underline|overline|underbrace|overbrace|stretch|class|mid)"
    r"(?![A-Za-z0-9.(:])")
MAX_NESTING = 60  # braces deep: real formulas stay under ten; the rewrites recurse on them
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


# Functions the converted math may call besides Typst's own: the review template defines them,
# and the compile check of a lone formula puts this prelude before it.
MATH_PRELUDE = """#let pdboxed(body) = box(stroke: 0.5pt, inset: (x: 0.3em, y: 0.25em),
  baseline: 0.25em, math.equation(body))
#let pdhide(body) = hide(math.equation(body))
#let pdbcancel(body) = math.cancel(body, inverted: true)
#let pdxcancel(body) = math.cancel(body, cross: true)
"""


class MathConversionError(ValueError):
    """TeX that cannot become safe Typst math; the message says why, in one line."""


def _group(tex: str, i: int) -> tuple[str, int] | None:
    """The argument starting at ``tex[i]`` (spaces skipped): a {group}'s inside, a \\command or
    one character; and where it ends. None at the end of the text."""
    while i < len(tex) and tex[i] in " \t\n":
        i += 1
    if i >= len(tex):
        return None
    if tex[i] == "{":
        depth, j = 0, i
        while j < len(tex):
            if tex[j] == "\\":
                j += 2  # \{, \} and \\ are not braces
                continue
            if tex[j] == "{":
                depth += 1
            elif tex[j] == "}":
                depth -= 1
                if depth == 0:
                    return tex[i + 1 : j], j + 1
            j += 1
        return None
    if tex[i] == "\\":
        m = re.match(r"\\(?:[A-Za-z]+|.)", tex[i:])
        assert m is not None
        return m.group(), i + m.end()
    return tex[i], i + 1


def _optional(tex: str, i: int) -> tuple[str | None, int]:
    """An optional [argument] at ``tex[i]`` (spaces skipped), and where it ends."""
    j = i
    while j < len(tex) and tex[j] in " \t\n":
        j += 1
    if j < len(tex) and tex[j] == "[":
        end = tex.find("]", j)
        if end > 0:
            return tex[j + 1 : end], end + 1
    return None, i


def _rewrite_commands(tex: str) -> str:
    """The commands with arguments that tex2typst does not know, rewritten (innermost work:
    the arguments are rewritten too)."""
    names = "|".join(sorted({*_WRAPPED, *_UNWRAPPED, *_TEXT_STYLES, *_XARROWS, *_OVER},
                            key=len, reverse=True))
    pattern = re.compile(r"\\(" + names + r")(?![A-Za-z])")
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(tex):
        if m.start() < pos:
            continue  # inside an argument already rewritten
        name = m.group(1)
        out.append(tex[pos : m.start()])
        at = m.end()
        below, at = _optional(tex, at) if name in _XARROWS else (None, at)
        if name in ("textcolor", "colorbox"):
            first = _group(tex, at)  # the colour
            at = first[1] if first else at
        arg = _group(tex, at)
        if arg is None:
            out.append(tex[m.start() : at])
            pos = at
            continue
        inner, pos = _rewrite_commands(arg[0]), arg[1]
        if name in _OVER:
            # tex2typst writes \overset{a b}{=} as limits(=)^a b: the label is grouped first.
            out.append(f"{_OVER[name]}{{{_grouped(inner)}}}")
        elif name in _WRAPPED:
            out.append(f"\\hat{{\\pdfn{name} {inner}}}")
        elif name in _UNWRAPPED:
            out.append(f"{{{inner}}}")
        elif name in _TEXT_STYLES:
            style = _TEXT_STYLES[name]
            out.append(f"{style}{{\\text{{{inner}}}}}" if style else f"\\text{{{inner}}}")
        else:
            arrow = f"\\overset{{{_grouped(inner)}}}{{{_XARROWS[name]}}}" if inner.strip() \
                else _XARROWS[name]
            out.append(f"\\underset{{{_grouped(_rewrite_commands(below))}}}{{{arrow}}}"
                       if below else arrow)
    out.append(tex[pos:])
    return "".join(out)


def _rewrite_group(inner: str, braces: bool = True) -> str:
    """A group's text with a leading switch or an infix fraction rewritten."""
    m = re.match(r"\s*\\(" + "|".join(_SWITCHES) + r")(?![A-Za-z])\s*", inner)
    if m:
        return f"{_SWITCHES[m.group(1)]}{{{inner[m.end():]}}}"
    parts = _split_infix(inner)
    if parts:
        name, above, below = parts
        return _INFIX[name].format(above, below)
    return "{" + inner + "}" if braces else inner


def _grouped(tex: str) -> str:
    """TeX that tex2typst turns into a parenthesised group: (a b), never a lone a then b."""
    return f"\\hat{{\\pdfngroup {tex}}}"


def _rewrite_groups(tex: str) -> str:
    """{\\bf x} as \\mathbf{x}, and {n \\choose k} as \\binom{n}{k}."""
    group = _rewrite_group

    out: list[str] = []
    i = 0
    while i < len(tex):
        if tex[i] == "\\" and i + 1 < len(tex):
            out.append(tex[i : i + 2])
            i += 2
            continue
        if tex[i] == "{":
            found = _group(tex, i)
            if found is not None:
                out.append(group(_rewrite_groups(found[0])))
                i = found[1]
                continue
        out.append(tex[i])
        i += 1
    return "".join(out)


def _split_infix(tex: str) -> tuple[str, str, str] | None:
    """(command, before, after) when ``tex`` holds one \\choose, \\over... at its top level."""
    depth = 0
    for m in re.finditer(r"\\(?:[A-Za-z]+|.)|[{}]", tex):
        token = m.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        elif depth == 0 and token[1:] in _INFIX:
            return token[1:], tex[: m.start()].strip(), tex[m.end() :].strip()
    return None


def _normalise(tex: str) -> str:
    """TeX as students write it, rewritten to the TeX that tex2typst converts correctly."""
    depth = deepest = 0
    for ch in re.sub(r"\\.", "", tex):
        depth += (ch == "{") - (ch == "}")
        deepest = max(deepest, depth)
    if deepest > MAX_NESTING:
        raise MathConversionError(f"braces nested {deepest} deep (at most {MAX_NESTING})")
    m = _UNSUPPORTED.search(tex)
    if m:
        raise MathConversionError(f"\\{m.group(1)}: define no macros in a formula "
                                  "(write them out)")
    tex = re.sub(r"\\begin\{cases\}(.*?)\\end\{cases\}",
                 lambda c: "\\begin{cases}" + re.sub(r"(?<!\\)&", r"&\\quad ", c.group(1))
                 + "\\end{cases}", tex, flags=re.DOTALL)
    # The whole formula is a group too: a switch (\\bf x) or an infix (n \\choose k) in it.
    tex = _rewrite_group(_rewrite_groups(_rewrite_commands(tex)), braces=False)
    for pattern, replacement in _TEX_FIXES:
        tex = pattern.sub(replacement, tex)
    return tex


def split_tag(tex: str) -> tuple[str, str | None]:
    """A formula without its ``\\tag{1}``, and the tag as printed: '(1)' (``\\tag*{A}``: 'A')."""
    m = _TAG.search(tex)
    if m is None:
        return tex, None
    label = " ".join(m.group(2).split())
    return tex[: m.start()] + tex[m.end() :], label if m.group(1) else f"({label})"


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
    """Fixes to a run of converted math outside strings."""
    code = _RENAME_RE.sub(lambda m: RENAMES[m.group(1)], code)
    code = _UPRIGHT_LETTERS.sub(lambda m: 'upright("' + m.group(1).replace(" ", "") + '")',
                                code)
    code = _LIMITS.sub(lambda m: "" if not m.group(1) else
                       f"{'scripts' if m.group(2) else 'limits'}({m.group(1)})", code)
    code = _WRAPPED_RE.sub(lambda m: _WRAPPED.get(m.group(1), m.group(1)) + "(", code)
    code = _MIDDLE.sub(r"mid(\1)", code)
    code = _BAR.sub('class("normal", bar.v)', code)
    return _DANGLING_OP.sub(r'class("normal", \1)', code)


def _string(text: str) -> str:
    """A string of the converted math, with TeX spacing commands as the spaces they make."""
    return _STRING_SPACE_RE.sub(lambda m: _STRING_SPACES[m.group()], text)


def _balance(code: str) -> str:
    """Typst pairs brackets; a half-open interval (0, 1] or a lone ) does not parse. Brackets
    that do not pair are escaped, so they print as typed (strings are left alone)."""
    chars = list(code)
    stack: list[int] = []
    i, in_string = 0, False
    while i < len(chars):
        ch = chars[i]
        if ch == "\\":
            i += 2
            continue
        if ch == '"':
            in_string = not in_string
        elif not in_string and ch in _OPEN:
            stack.append(i)
        elif not in_string and ch in _CLOSE:
            if stack and chars[stack[-1]] == _CLOSE[ch]:
                stack.pop()
            else:
                if stack and chars[stack[-1]] in "([" and ch in ")]":
                    opener = stack.pop()
                    chars[opener] = "\\" + chars[opener]
                chars[i] = "\\" + ch
        i += 1
    for opener in stack:
        if chars[opener] in "([":
            chars[opener] = "\\" + chars[opener]
    return "".join(chars)


# A formula nested this deep (braces, \left) goes to the helper process, with a time limit.
RISKY_DEPTH = 6
MATH_TIME_LIMIT = 5.0  # seconds one formula may take to convert
HELPER_START_LIMIT = 60.0  # starting Python and tex2typst, on a loaded machine
_LEFT = re.compile(r"\\left\b")


def _risky(source: str) -> bool:
    depth = deepest = 0
    escaped = False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch == "}":
            depth -= 1
    return deepest >= RISKY_DEPTH or len(_LEFT.findall(source)) >= RISKY_DEPTH


class _Helper:
    """One tex2typst process, started on first need, killed (and restarted later) on a timeout."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._answers: queue.Queue[str | None] = queue.Queue()

    def _start(self) -> subprocess.Popen[str]:
        proc = subprocess.Popen(
            [sys.executable, "-m", "paperdesk.adapters.tex2typst_helper"], text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            encoding="utf-8")
        answers: queue.Queue[str | None] = queue.Queue()

        def read(out: IO[str]) -> None:
            for line in out:
                answers.put(line)
            answers.put(None)  # the process ended

        assert proc.stdout is not None
        threading.Thread(target=read, args=(proc.stdout,), daemon=True).start()
        self._answers = answers
        if self._next(HELPER_START_LIMIT) is None:
            self._stop(proc)
            raise MathConversionError("tex2typst could not be started")
        return proc

    def _next(self, limit: float) -> str | None:
        try:
            return self._answers.get(timeout=limit)  # waits without holding the GIL
        except queue.Empty:
            return None

    @staticmethod
    def _stop(proc: subprocess.Popen[str]) -> None:
        proc.kill()
        proc.wait()

    def convert(self, source: str, limit: float) -> str:
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None
            try:
                proc.stdin.write(json.dumps({"tex": source, "macros": _MACROS}) + "\n")
                proc.stdin.flush()
            except OSError as exc:
                self._proc = None
                raise MathConversionError(f"tex2typst stopped ({exc})") from exc
            line = self._next(limit)
            if line is None:  # too slow (or it died): give it up, a new one starts next time
                self._stop(proc)
                self._proc = None
                _too_slow.add(source)
                raise MathConversionError(_too_slow_message(limit))
        answer = json.loads(line)
        if "error" in answer:
            raise ValueError(answer["error"])
        return str(answer["ok"])


_helper = _Helper()
_too_slow: set[str] = set()  # given up once: not tried again at every keystroke's preview


def _too_slow_message(limit: float) -> str:
    return f"too complex: not converted within {limit:g} s"


def _tex2typst(source: str) -> str:
    if source in _too_slow:
        raise MathConversionError(_too_slow_message(MATH_TIME_LIMIT))
    if _risky(source):
        return _helper.convert(source, MATH_TIME_LIMIT)
    import tex2typst  # deferred: it starts a JavaScript engine

    return str(tex2typst.tex2typst(source, custom_tex_macros=_MACROS))


@lru_cache(maxsize=4096)
def tex_to_typst(tex: str) -> str:
    """Typst math for a TeX formula, or MathConversionError (unknown syntax, unsafe output)."""
    source = _normalise(tex).strip()
    if not source:
        return ""
    try:
        converted = _tex2typst(source)
    except MathConversionError:
        raise
    except (ValueError, RuntimeError) as exc:
        reason = str(exc).splitlines()[0].removeprefix("Conversion failed: ")
        raise MathConversionError(f"tex2typst: {reason}") from exc
    if not isinstance(converted, str):
        raise MathConversionError("tex2typst returned no text")
    # \operatorname*{..}\limits: the op() call takes the limits (a string is inside it).
    converted = _OP_LIMITS.sub(r"\1, limits: #true)", converted)
    parts: list[str] = []
    for is_string, text in _segments(converted):
        if is_string:
            parts.append(_string(text))
        else:
            _check_code(text)
            text = _rename(text)
            uncalled = _UNCALLED.search(text)
            if uncalled:
                raise MathConversionError(f"it would print the word {uncalled.group(1)!r}")
            parts.append(text)
    code = _WORD_CALL.sub(r"\1", "".join(parts).replace("\n", " ").strip())
    return _balance(code)
