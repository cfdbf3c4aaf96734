"""``feedback.pdf``: a student's feedback typeset with the course's review template.

The student's standing heads the first page; then one section per review: the reading, what it
earned, who marked it and when, the rubric lines, and the comment (Markdown with math, converted
like a review's body). Deterministic: the same feedback gives the same bytes.
"""

from __future__ import annotations

from paperdesk.adapters.markdown_typst import MathCheck, render_markdown, typst_str
from paperdesk.adapters.typeset import Typeset, _document, count_pages, smart, typesetter
from paperdesk.core.feedback import FeedbackFile, ReviewFeedback
from paperdesk.core.reading import Catalog


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _section(i: int, r: ReviewFeedback, catalog: Catalog, warnings: list[str],
             check: MathCheck) -> str:
    earned = f"{r.points} of {r.max_points} point{'s' if r.max_points != 1 else ''}"
    marked = "Not marked yet"
    if r.marked:
        marked = (f"Marked by {r.marked_by}" if r.marked_by else "Marked") + (
            f", {r.marked_at[:16].replace('T', ' ')}" if r.marked_at else "")
    lines = [
        f"#heading(level: 2, {typst_str(smart(r.title or r.reading))})",
        f"#text(size: 9.5pt, fill: luma(95), "
        f"{typst_str(f'{r.reading} · {r.outcome} · {earned} · {marked}')})",
    ]
    if r.rubric:
        rows = ", ".join(
            f"[#strong({typst_str(x.name)})], "
            f"[#{typst_str(x.description)}], [#{typst_str(_num(x.score) + ' / ' + _num(x.points))}]"
            for x in r.rubric)
        lines.append(f"#table(columns: (auto, 1fr, auto), stroke: none, inset: (x: 0.3em, "
                     f"y: 0.25em), {rows})")
    if r.comment.strip():
        body = render_markdown(r.comment, catalog.get, check,
                               note_prefix=f"pd-fb-{i}")
        warnings.extend(f"{r.reading}: {w}" for w in body.warnings)
        lines.append(f"#block(above: 0.8em)[\n{body.markup}\n]")
    else:
        lines.append("#text(style: \"italic\", fill: luma(95))[No comment.]")
    return "\n\n".join(lines)


def typeset_feedback(fb: FeedbackFile, catalog: Catalog) -> Typeset:
    ts = typesetter()
    title = f"Feedback: {fb.course}"
    course = fb.course + (" · " + fb.term if fb.term else "")
    standing = f"Standing: {fb.points} of {fb.max_points} points"
    marked = f" · {sum(r.marked for r in fb.reviews)} of {len(fb.reviews)} reviews marked"
    head = (
        f"#text(size: 9pt, fill: luma(95), smallcaps({typst_str(course)}))\n"
        "#line(length: 100%, stroke: 0.7pt + luma(25))\n"
        f"#text(size: 16pt, weight: \"bold\", {typst_str('Feedback for ' + fb.student)})\n\n"
        f"#text(size: 10pt, {typst_str(fb.email)})\n\n"
        f"#block(inset: (y: 0.4em))[#strong({typst_str(standing)})"
        f" #text(fill: luma(95), {typst_str(marked)})]\n"
        "#line(length: 100%, stroke: 0.5pt + luma(170))\n"
    )
    warnings: list[str] = []
    sections = [_section(i, r, catalog, warnings, ts.check_math)
                for i, r in enumerate(fb.reviews)]
    source = _document(title, fb.student) + head + "\n\n".join(sections) + "\n"
    pdf, typst_warnings = ts.compile(source, 0)
    return Typeset(pdf, count_pages(pdf), warnings + typst_warnings)
