"""The review file format: YAML front matter between ``---`` lines, then a Markdown body.

The body is kept byte for byte: parsing and rendering a review never touches what the student
wrote. Every error names the file and, where there is one, the line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, datetime
from functools import cache

from paperdesk.core.errors import ReviewError
from paperdesk.core.plain_front import read_plain, write_plain
from paperdesk.core.reading import Reading
from paperdesk.core.review import DRAFT, FINAL, STATUSES, Review

TYPE_CHECKING = False  # typing's flag without importing typing (mypy reads it the same)
if TYPE_CHECKING:
    from typing import Any

    import yaml

# The YAML loader; None: libyaml's where installed, else the pure-Python one (see _yaml)
_Loader: type[yaml.SafeLoader] | None = None

_KNOWN = ("reading", "student", "email", "status", "submitted", "title")
_HOW = "a review starts with a line '---', then reading:, student: and status: lines, then '---'"
_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_WORD = re.compile(r"\w")
_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")  # "don't", "state-of-the-art": one word each

PROMPTS = (
    "What question does the reading ask, and how does it answer it?",
    "What is new in it, and how convincing is the evidence?",
    "What are its weaknesses, or what would you ask the authors?",
    "How does it connect to the other readings of the course?",
)


@cache
def _yaml() -> tuple[type[yaml.SafeLoader], type[yaml.SafeDumper]]:
    """YAML's loader and dumper, imported on the first front matter that is not plain
    (:mod:`paperdesk.core.plain_front`): ``list``, ``status``, ``submit`` and ``unsubmit`` of
    the usual reviews never pay for it."""
    import yaml

    class _Dumper(yaml.SafeDumper):
        """Writes times as plain ISO 8601 (``2021-04-20T21:14:00-05:00``), not YAML's form."""

    def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())

    _Dumper.add_representer(datetime, _represent_datetime)
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader), _Dumper


def split_front_matter(text: str, source: str) -> tuple[str, str]:
    """``(front matter, body)``; the body is everything after the closing ``---`` line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        raise ReviewError(f"no front matter: {_HOW}", path=source, line=1)
    offset = len(lines[0])
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            return text[len(lines[0]) : offset], text[offset + len(line) :]
        offset += len(line)
    raise ReviewError("the front matter opened here is never closed by a '---' line",
                      path=source, line=1)


def field_line(text: str, name: str) -> int | None:
    """The file line of a top-level front matter field, for messages; None when absent."""
    pattern = re.compile(rf"{re.escape(name)}\s*:")
    for number, line in enumerate(text.splitlines()[1:], 2):
        if line.rstrip() in ("---", "..."):
            return None
        if pattern.match(line):
            return number
    return None


def parse_review(text: str, source: str) -> Review:
    """A :class:`Review` from the file's text; ReviewError naming ``source`` and the line."""
    front, body = split_front_matter(text, source)
    data = read_plain(front)  # the common plain lines, without loading YAML
    if data is None:
        data = _load_yaml(front, source)
    if data is None:
        raise ReviewError(f"the front matter is empty: {_HOW}", path=source, line=2)
    if not isinstance(data, dict):
        raise ReviewError("the front matter is not a list of 'name: value' lines",
                          path=source, line=2)

    def where(name: str) -> int:
        return field_line(text.removeprefix("\ufeff"), name) or 2

    def text_field(name: str) -> str:
        value = data.get(name)
        if value is None:
            return ""
        if isinstance(value, dict | list):
            raise ReviewError(f"{name}: expected text, not a YAML {type(value).__name__}",
                              path=source, line=where(name))
        return str(value).strip()

    reading = text_field("reading")
    if not reading:
        raise ReviewError("the front matter has no 'reading:' (the citekey of the reading)",
                          path=source, line=2)
    status = text_field("status").lower() or DRAFT
    if status not in STATUSES:
        raise ReviewError(f"unknown status {status!r} (expected {' or '.join(STATUSES)})",
                          path=source, line=where("status"))
    submitted = _submitted(data.get("submitted"), source, where("submitted"))
    if status == FINAL and submitted is None:
        raise ReviewError("status is final but there is no 'submitted:' time "
                          "(paperdesk submit sets both)", path=source, line=where("status"))
    return Review(
        reading=reading,
        body=body,
        student=text_field("student"),
        email=text_field("email"),
        status=status,
        submitted=submitted,
        title=text_field("title"),
        extra={k: v for k, v in data.items() if k not in _KNOWN},
    )


def _load_yaml(front: str, source: str) -> Any:
    """The front matter as YAML reads it; ReviewError with the line of a YAML error."""
    import yaml

    try:
        return yaml.load(front, Loader=_Loader or _yaml()[0])  # a safe loader (C or Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1  # the front matter starts on line 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ReviewError(f"broken YAML in the front matter: {problem}", path=source,
                          line=line) from exc
    except RecursionError:  # the pure-Python loader recurses into [[[[...: one clear line
        raise ReviewError("the front matter is nested too deeply to be read", path=source,
                          line=2) from None


def _submitted(value: Any, source: str, line: int) -> datetime | None:
    if value is None or value == "":
        return None
    when: datetime | None = None
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        raise ReviewError(f"submitted: {value.isoformat()} is a date without a time "
                          "(expected like 2021-04-20T21:14:00-05:00)", path=source, line=line)
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            when = None
    if when is None:
        raise ReviewError(f"submitted: {value!r} is not a time "
                          "(expected ISO 8601 like 2021-04-20T21:14:00-05:00)",
                          path=source, line=line)
    if when.tzinfo is None:
        raise ReviewError(f"submitted: {when.isoformat()} has no UTC offset "
                          "(expected like 2021-04-20T21:14:00-05:00)", path=source, line=line)
    return when


def render_review(review: Review) -> str:
    """The file text: front matter in a fixed field order, then the body unchanged."""
    data: dict[str, Any] = {"reading": review.reading, "student": review.student}
    if review.email:
        data["email"] = review.email
    data["status"] = review.status
    if review.submitted is not None:
        data["submitted"] = review.submitted
    if review.title:
        data["title"] = review.title
    data.update({k: v for k, v in review.extra.items() if k not in data})
    front = write_plain(data)  # the same lines as yaml.dump's below, where they are plain
    if front is None:
        import yaml

        front = yaml.dump(data, Dumper=_yaml()[1], sort_keys=False, allow_unicode=True,
                          default_flow_style=False, width=1000)
    return f"---\n{front}---\n{review.body}"


def _authors(authors: Sequence[str]) -> str:
    if not authors:
        return ""
    if len(authors) > 3:
        return f"{', '.join(authors[:3])} et al."
    return ", ".join(authors)


def _in_comment(text: str) -> str:
    return text.replace("--", "–")  # "-->" would end the comment early


def template_body(reading: Reading) -> str:
    """The body of a new review: the reading named, and prompts inside HTML comments."""
    byline = ", ".join(p for p in (_authors(reading.authors), reading.year) if p)
    lines = [
        f"<!-- Review of: {_in_comment(reading.title)}",
        *([f"     {_in_comment(byline)}"] if byline else []),
        "     Markdown, with $...$ for math. One page at most. Delete these notes as you go. -->",
        "",
    ]
    for prompt in PROMPTS:
        lines += [f"<!-- {prompt} -->", "", ""]
    return "\n".join(lines)


def new_review_text(reading: Reading, student: str, email: str) -> str:
    """The text of a new draft review of ``reading``."""
    return render_review(Review(reading=reading.key, body=template_body(reading),
                                student=student, email=email, status=DRAFT))


def visible_text(body: str) -> str:
    """The body without its HTML comments (the template's notes): what a reader sees."""
    return _COMMENT.sub("", body)


def has_writing(body: str) -> bool:
    """True once the body holds anything outside the template's notes: what makes a review
    worth a file (a new review is written on the first save of such text, never before)."""
    return bool(visible_text(body).strip())


def word_count(body: str) -> int:
    """Words a reader sees in a review's body (the template's notes left out). The one count:
    the editor's status line and ``paperdesk review`` both show it."""
    return len(_WORDS.findall(visible_text(body)))


def is_blank(body: str) -> bool:
    """True when the body holds nothing a reader would call a review.

    Template notes (HTML comments), headings and punctuation alone do not count as writing.
    """
    for line in visible_text(body).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            continue
        if _WORD.search(stripped):
            return False
    return True


def over_limit(pages: int, limit: int) -> bool:
    return bool(limit) and pages > limit


def pages_phrase(pages: int, limit: int, fraction: float | None = None) -> str:
    """How long a review is, in the one wording the desk, the editor and the CLI all use:
    'fits on one page', '2 pages', '2 pages: over the 1-page limit' (with ``fraction``, the
    editor's finer '1.3 pages: over the 1-page limit')."""
    if pages <= 1 and limit >= 1:
        return "fits on one page"
    # Rounded up: text that spills one line onto page 2 reads "1.1 pages", never "1.0 pages".
    shown = f"{math.ceil(fraction * 10) / 10:.1f}" if fraction is not None else str(pages)
    unit = "page" if shown == "1" else "pages"
    over = f": over the {limit}-page limit" if over_limit(pages, limit) else ""
    return f"{shown} {unit}{over}"
