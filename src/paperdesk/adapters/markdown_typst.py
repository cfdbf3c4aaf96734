"""A review's Markdown body as Typst markup in which everything the student typed is a string.

A review is untrusted input. The markup built here is made only of calls (``#strong[...]``,
``#raw("...")``...) whose text arguments are Typst string literals (``#"..."``), so ``#read(..)``,
``<label>``, ``@ref``, ``*``, ``_``, ``$`` and backslashes print as typed and run nothing. Math
goes through :mod:`paperdesk.adapters.tex_math` and a compile check; math that fails is shown as
its TeX source in monospace, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from paperdesk.adapters.tex_math import MathConversionError, split_tag, tex_to_typst
from paperdesk.core.citation import find_citations, format_citation
from paperdesk.core.reading import Reading
from paperdesk.core.typography import smarten

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.tree import SyntaxTreeNode

# (typst math, display?) -> None when it compiles, else the reason it does not.
MathCheck = Callable[[str, bool], "str | None"]
Lookup = Callable[[str], "Reading | None"]

_ALIGN = {"text-align:left": "left", "text-align:right": "right",
          "text-align:center": "center"}
_LANG = re.compile(r"[A-Za-z0-9_+#.-]{1,30}")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
# Control characters other than tab and newline would print as missing glyphs.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def typst_str(text: str) -> str:
    """A Typst string literal holding exactly ``text``."""
    text = _CONTROL.sub("", text)
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"')
               .replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def lit(text: str) -> str:
    """Markup that prints ``text`` literally (empty markup for empty text)."""
    return f"#{typst_str(text)}" if text else ""


@dataclass
class RenderedBody:
    markup: str
    warnings: list[str] = field(default_factory=list)
    cited: list[Reading] = field(default_factory=list)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.dollarmath.index import math_block_dollar
    from mdit_py_plugins.footnote import footnote_plugin

    # HTML is parsed only to drop comments (the template's notes); tags print as text.
    # No typographer: quotes and dashes are made typographic by core.typography, which
    # leaves code-like text alone.
    # Pandoc's rules for $: no space just inside, no digit just after the closing one, no
    # blank line inside $$...$$, and a $$ line may follow a line of text (as in LaTeX):
    # otherwise a line of the formula starting with "- " or "+ " would become a list item.
    md = MarkdownIt("commonmark", {"html": True})
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True,
           allow_blank_lines=False)
    md.block.ruler.at("math_block", _probe_safe(math_block_dollar(allow_blank_lines=False)),
                      {"alt": ["paragraph", "reference", "blockquote", "list"]})
    # LaTeX's own delimiters: \(..\) inline, \[..\] display (CommonMark would take the
    # backslashes as escapes and print the brackets).
    md.inline.ruler.before("escape", "math_paren", _math_paren)
    md.block.ruler.before("fence", "math_block_bracket", _math_block_bracket,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.use(footnote_plugin)
    md.enable(["table", "strikethrough"])
    return md


_PAREN_CLOSE = {"(": ("\\)", "math_inline"), "[": ("\\]", "math_inline_double")}


def _math_paren(state: StateInline, silent: bool) -> bool:
    """``\\(x\\)`` and ``\\[x\\]`` inside a paragraph."""
    src, pos = state.src, state.pos
    if src[pos : pos + 1] != "\\" or src[pos + 1 : pos + 2] not in _PAREN_CLOSE:
        return False
    close, kind = _PAREN_CLOSE[src[pos + 1]]
    end = src.find(close, pos + 2)
    if end < 0 or not src[pos + 2 : end].strip():
        return False
    if not silent:
        token = state.push(kind, "math", 0)
        token.content = src[pos + 2 : end]
        token.markup = src[pos : pos + 2]
    state.pos = end + 2
    return True


def _math_block_bracket(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A display formula whose line starts with ``\\[``, up to the line that ends in ``\\]``."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if not first.startswith("\\["):
        return False
    lines = [first[2:]]
    line = start
    while not lines[-1].rstrip().endswith("\\]"):
        line += 1
        if line >= end or state.isEmpty(line):
            return False  # no closing \] before a blank line: not a formula
        lines.append(state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]])
    last = lines[-1].rstrip()
    lines[-1] = last[:-2]
    if silent:
        return True
    token = state.push("math_block", "math", 0)
    token.block = True
    token.content = "\n".join(lines)
    token.markup = "\\["
    token.map = [start, line + 1]
    state.line = line + 1
    return True


def _probe_safe(rule: Callable[[StateBlock, int, int, bool], bool],
                ) -> Callable[[StateBlock, int, int, bool], bool]:
    """The plugin's block rule ignores ``silent`` (asked whether it would end a paragraph, it
    adds its token anyway): in silent mode, undo what it did and only answer."""
    def wrapped(state: StateBlock, start: int, end: int, silent: bool) -> bool:
        if not silent:
            return rule(state, start, end, False)
        tokens, line = len(state.tokens), state.line
        found = rule(state, start, end, False)
        del state.tokens[tokens:]
        state.line = line
        return found

    return wrapped


def render_markdown(text: str, lookup: Lookup, check_math: MathCheck | None = None,
                    line_offset: int = 0, note_prefix: str = "pd-fn") -> RenderedBody:
    """Typst markup for a Markdown body; ``lookup`` resolves ``[@key]`` citations.

    ``note_prefix`` starts the labels of its footnotes: each review of a batch PDF needs its own
    (Typst refuses a label that points at two footnotes).
    """
    from markdown_it.tree import SyntaxTreeNode

    renderer = _Renderer(lookup, check_math, line_offset)
    renderer.note_prefix = note_prefix
    root = SyntaxTreeNode(_parser().parse(text))
    for node in root.children:
        if node.type == "footnote_block":
            renderer.notes = {int(n.meta["id"]): n for n in node.children}
    markup = renderer.blocks([n for n in root.children if n.type != "footnote_block"])
    return RenderedBody(markup, renderer.warnings, list(renderer.cited.values()))


def _smart_texts(inline: SyntaxTreeNode) -> dict[int, str]:
    """Typographic quotes and dashes for the text runs of one paragraph (or heading, cell).

    Quotes pair across emphasis and links; code, math and autolinks are left as typed.
    """
    leaves: list[tuple[SyntaxTreeNode | None, str | None]] = []

    def walk(node: SyntaxTreeNode) -> None:
        for child in node.children:
            if child.type == "text":
                leaves.append((child, child.content))
            elif child.type in ("softbreak", "hardbreak"):
                leaves.append((None, " "))
            elif child.type in ("em", "strong", "s") or (
                    child.type == "link" and child.markup != "autolink"):
                walk(child)
            else:
                leaves.append((None, None))

    walk(inline)
    texts = smarten([text for _, text in leaves])
    return {id(node): text for (node, _), text in zip(leaves, texts, strict=True)
            if node is not None}


class _Renderer:
    def __init__(self, lookup: Lookup, check_math: MathCheck | None, line_offset: int) -> None:
        self.lookup = lookup
        self.check_math = check_math
        self.line_offset = line_offset
        self.warnings: list[str] = []
        self.cited: dict[str, Reading] = {}
        self.line = 1
        self.smart: dict[int, str] = {}  # id of a text node -> its typographic text
        self.notes: dict[int, SyntaxTreeNode] = {}  # footnote id -> its definition
        self.noting: set[int] = set()  # footnotes being rendered (one that cites itself)
        self.note_prefix = "pd-fn"

    def warn(self, message: str) -> None:
        text = f"line {self.line + self.line_offset}: {message}"
        if text not in self.warnings:
            self.warnings.append(text)

    # Blocks ---------------------------------------------------------------------------------

    def blocks(self, nodes: list[SyntaxTreeNode], sep: str = "\n\n") -> str:
        return sep.join(part for part in (self.block(n) for n in nodes) if part)

    def block(self, node: SyntaxTreeNode) -> str:
        if node.map:
            self.line = node.map[0] + 1
        kind = node.type
        if kind == "paragraph":
            return self.inline(node.children[0]) if node.children else ""
        if kind == "heading":
            level = int(node.tag[1:]) if node.tag[1:].isdigit() else 1
            return f"#heading(level: {level})[{self.inline_of(node)}]"
        if kind in ("bullet_list", "ordered_list"):
            return self.list_block(node)
        if kind == "blockquote":
            return f"#pd-quote[{self.blocks(node.children)}]"
        if kind in ("fence", "code_block"):
            return self.code_block(node)
        if kind == "hr":
            return "#pd-rule()"
        if kind == "table":
            return self.table(node)
        if kind in ("math_block", "math_block_label"):
            return self.math(node.content, display=True)
        if kind == "html_block":
            return lit(_COMMENT.sub("", node.content).strip())
        return self.blocks(node.children)

    def inline_of(self, node: SyntaxTreeNode) -> str:
        return "".join(self.inline(c) for c in node.children if c.type == "inline")

    def list_block(self, node: SyntaxTreeNode) -> str:
        tight = any(p.hidden for item in node.children for p in item.children
                    if p.type == "paragraph")
        items = [f"[{self.blocks(item.children, chr(10) if tight else chr(10) * 2)}]"
                 for item in node.children]
        args = [f"tight: {'true' if tight else 'false'}"]
        if node.type == "ordered_list":
            start = node.attrs.get("start", 1)
            args.append(f"start: {int(start) if isinstance(start, int | str) else 1}")
            return f"#enum({', '.join([*args, *items])})"
        return f"#list({', '.join([*args, *items])})"

    def code_block(self, node: SyntaxTreeNode) -> str:
        code = node.content.rstrip("\n")
        lang = node.info.split()[0] if node.info.strip() else ""
        lang_arg = f", lang: {typst_str(lang)}" if _LANG.fullmatch(lang) else ""
        return f"#raw({typst_str(code)}, block: true{lang_arg})"

    def table(self, node: SyntaxTreeNode) -> str:
        header: list[str] = []
        body: list[str] = []
        aligns: list[str] = []
        for section in node.children:
            for row in section.children:
                cells = [f"[{self.inline_of(cell)}]" for cell in row.children]
                (header if section.type == "thead" else body).append(", ".join(cells))
                if not aligns:
                    aligns = [_ALIGN.get(str(cell.attrs.get("style", "")), "left")
                              for cell in row.children]
        columns = max((len(r.children) for s in node.children for r in s.children), default=1)
        rows = sum(len(s.children) for s in node.children)
        parts = [f"columns: {columns}"]
        parts.extend(f"table.header({row})" for row in header)
        parts.extend(row for row in body if row)
        parts += [f"aligns: ({', '.join(aligns)},)", f"last: {rows - 1}"]
        return f"#pd-table({', '.join(parts)})"

    # Inline ---------------------------------------------------------------------------------

    def inline(self, node: SyntaxTreeNode) -> str:
        if node.map:
            self.line = node.map[0] + 1
        self.smart = _smart_texts(node)
        return "".join(self.span(c) for c in node.children)

    def spans(self, node: SyntaxTreeNode) -> str:
        return "".join(self.span(c) for c in node.children)

    def span(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "text":
            return self.text(self.smart.get(id(node), node.content))
        if kind == "softbreak":
            return lit(" ")
        if kind == "hardbreak":
            return "#linebreak()"
        if kind == "em":
            return f"#emph[{self.spans(node)}]"
        if kind == "strong":
            return f"#strong[{self.spans(node)}]"
        if kind == "s":
            return f"#strike[{self.spans(node)}]"
        if kind == "code_inline":
            return f"#raw({typst_str(node.content)})"
        if kind == "link":
            href = str(node.attrs.get("href", ""))
            inner = self.spans(node)
            return f"#link({typst_str(href)})[{inner}]" if href else inner
        if kind == "image":
            self.warn("images are not included in the PDF; their alt text is shown")
            alt = node.content or str(node.attrs.get("alt", ""))
            return f"#emph[{lit(f'[image: {alt}]' if alt else '[image]')}]"
        if kind == "math_inline":
            return self.math(node.content, display=False)
        if kind == "math_inline_double":
            return self.math(node.content, display=True)
        if kind == "html_inline":
            return lit(_COMMENT.sub("", node.content))
        if kind == "footnote_ref":
            return self.footnote(node)
        return self.spans(node) if node.children else lit(node.content)

    def footnote(self, node: SyntaxTreeNode) -> str:
        """A real Typst footnote, numbered at the foot of the page; the note's later markers
        point at the first one (the same number)."""
        note_id = int(node.meta.get("id", -1))
        label = f"<{self.note_prefix}-{note_id}>"
        if int(node.meta.get("subId", 0)) > 0:
            return f"#footnote({label})"
        note = self.notes.get(note_id)
        if note is None or note_id in self.noting:
            return lit(f"[^{node.meta.get('label') or ''}]")
        self.noting.add(note_id)
        line, smart = self.line, self.smart
        body = self.blocks([c for c in note.children if c.type != "footnote_anchor"])
        self.line, self.smart = line, smart
        self.noting.discard(note_id)
        return f"#footnote[{body}]{label}"

    def text(self, text: str) -> str:
        """Plain text, with pandoc citations of course readings set as pandoc's author-date
        style would: ``[see @key, p. 3]`` (see Author Year, p. 3), ``@key`` Author (Year)."""
        out: list[str] = []
        pos = 0
        for cite in find_citations(text):
            readings = []
            for item in cite.items:
                reading = self.lookup(item.key)
                if reading is None:
                    typed = text[cite.start : cite.end]
                    said = "" if typed == f"@{item.key}" else f"{typed}: "
                    self.warn(f"{said}@{item.key} is not a reading of the course; "
                              "printed as typed")
                    break
                readings.append(reading)
            else:
                for reading in readings:
                    self.cited.setdefault(reading.key, reading)
                out.append(lit(text[pos : cite.start]))
                out.append(lit(format_citation(cite, readings)))
                pos = cite.end
        out.append(lit(text[pos:]))
        return "".join(out)

    # Math -----------------------------------------------------------------------------------

    def math(self, tex: str, display: bool) -> str:
        tex = tex.strip()
        if not tex:
            return ""
        formula, tag = split_tag(tex)
        try:
            typst_math = tex_to_typst(formula)
            problem = self.check_math(typst_math, display) if self.check_math else None
        except MathConversionError as exc:
            problem = str(exc)
        if problem is None:
            if not display:
                return f"${typst_math}$" + (lit(f" {tag}") if tag else "")
            if tag:  # \tag{1}: the equation is numbered (1) at the right, as in LaTeX
                return (f"#math.equation(block: true, numbering: _ => {typst_str(tag)}, "
                        f"$ {typst_math} $)")
            return f"$ {typst_math} $"
        shown = " ".join(tex.split())
        if len(shown) > 60:
            shown = shown[:59] + "…"
        self.warn(f"math not typeset ({problem}); shown as TeX: {shown}")
        if display:
            return f"#raw({typst_str(tex)}, block: true)"
        return f"#raw({typst_str('$' + tex + '$')})"
