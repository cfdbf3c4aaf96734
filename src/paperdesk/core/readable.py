"""What a readable review is, and how its length is judged: one rule for student and instructor.

``review``, ``submit``, ``status``, ``export`` and ``handin`` (the student) and ``collect`` (the
instructor) all call these functions, so they cannot disagree about a file:

- a review file is at most :data:`MAX_REVIEW_BYTES` (1 MB); a bigger file is not a review;
- it is UTF-8 text (a leading BOM is dropped): an invalid byte makes it unreadable;
- it holds no NUL byte (text pasted from a PDF can bring one): a NUL makes it unreadable;
- its length is the page count of its body typeset with the course template (counted, never
  estimated); a body over :data:`MAX_TYPESET_BYTES` (256 kB, HTML comments included) is over
  the page limit without being typeset (a 5 MB body would take typst seconds and thousands of
  pages).

Every verdict names the file, and the line where there is one.
"""

from __future__ import annotations

from paperdesk.core.errors import ReviewError

MAX_REVIEW_BYTES = 1024 * 1024  # a one-page review is a few kB; more is not a review
MAX_TYPESET_BYTES = 256 * 1024
_BOM = b"\xef\xbb\xbf"


class UnreadableReview(ReviewError):
    """The file is not a readable review (too big, a NUL byte, not UTF-8)."""

    title = "unreadable review"


class NotUtf8(UnreadableReview):
    title = "invalid UTF-8"


def too_big(size: int) -> str:
    return (f"is {size / 1024:,.0f} kB; a review file is at most {MAX_REVIEW_BYTES // 1024:,} kB "
            "(not read)")


def check_size(size: int, label: str) -> None:
    """UnreadableReview when a file of ``size`` bytes is too big to be a review."""
    if size > MAX_REVIEW_BYTES:
        raise UnreadableReview(too_big(size), path=label)


def review_text(data: bytes, label: str) -> str:
    """The text of a review file's bytes; UnreadableReview (naming the line) when it is none."""
    check_size(len(data), label)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    nul = data.find(b"\x00")
    if nul >= 0:
        raise UnreadableReview(_NUL, path=label, line=data.count(b"\n", 0, nul) + 1)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise NotUtf8(f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}): unreadable; save "
                      "it as UTF-8 in your editor", path=label, line=line) from None


_NUL = ("holds a NUL byte (text pasted from a PDF can bring one): unreadable; delete it "
        "(in most editors it shows as ^@ or a box)")


def check_text(text: str, label: str) -> None:
    """UnreadableReview when ``text``, once saved, would not be a readable review: nothing
    paperdesk writes is refused when read back."""
    nul = text.find("\x00")
    if nul >= 0:
        raise UnreadableReview(_NUL.replace("delete it", "delete it, then save"), path=label,
                               line=text.count("\n", 0, nul) + 1)
    check_size(len(text.encode("utf-8", "surrogatepass")), label)


def oversize(body: str) -> int:
    """The body's size in bytes when too long to typeset (over length by any count), else 0."""
    size = len(body.encode("utf-8", "surrogatepass"))
    return size if size > MAX_TYPESET_BYTES else 0


def oversize_message(size: int) -> str:
    return (f"is {size / 1024:,.0f} kB of text (HTML comments included); a review is at most "
            f"{MAX_TYPESET_BYTES // 1024} kB: over the page limit without being typeset")


def over_length(pages: int | None, size_over: int, limit: int) -> bool:
    """The length verdict: too big to typeset, or more pages than the limit."""
    return size_over > 0 or (pages is not None and pages > limit)
