"""Checking a hand-in zip (``paperdesk handin``) against its ``manifest.json``.

The manifest lists each file with its SHA-256 (``files``) and each review with its reading,
submission time and page count (``reviews``). Any file missing, changed or added after the hand-in
is reported; so is a review whose front matter no longer says what the manifest says.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from paperdesk.adapters.studentfiles import SourceFile, StudentItem
from paperdesk.core.gradebook import HANDIN_TIME, Problem
from paperdesk.core.gradebook import MANIFEST as MANIFEST_PROBLEM
from paperdesk.core.keyfiles import UnnamableKey, key_stem
from paperdesk.core.review import Review


@dataclass
class ManifestCheck:
    problems: list[Problem] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)  # source shown name -> pages claimed
    student: str = ""
    email: str = ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def check(item: StudentItem, entries: Sequence[tuple[SourceFile, Review | None]],
          course: str = "", dues: Sequence[datetime] = ()) -> ManifestCheck:
    """What the manifest of a hand-in says and where the files disagree; empty for other items.

    ``course`` is the instructor's course name: a hand-in made for another course is reported.
    ``dues`` are the course's due times, by batch (the manifest's ``batch``, from 1).
    """
    out = ManifestCheck()
    if item.kind != "handin":
        return out
    where = item.manifest_name
    manifest = item.manifest
    if not isinstance(manifest, Mapping):
        if manifest is not None:
            out.problems.append(Problem(MANIFEST_PROBLEM, where, "is not a JSON object"))
        return out

    def problem(message: str) -> None:
        out.problems.append(Problem(MANIFEST_PROBLEM, where, message))

    out.student, out.email = _text(manifest.get("student")), _text(manifest.get("email"))
    made_for = _text(manifest.get("course"))
    if course and made_for and made_for != course:
        problem(f"was made for the course {made_for!r}, not {course!r}")
    others = sorted({r.student for _, r in entries if r is not None and r.student}
                    - {out.student})
    if out.student and others:
        problem(f"names the student {out.student!r}, but reviews in it name "
                + ", ".join(repr(n) for n in others))
    # What is in the zip, by base name, with its SHA-256.
    present: dict[str, str] = {f"{s.stem}.md": s.sha256 for s, _ in entries}
    present.update({f"{stem}.pdf": pdf.sha256 for stem, pdf in item.pdfs.items()})
    listed = manifest.get("files")
    if not isinstance(listed, Mapping):
        problem("has no 'files' table of SHA-256 sums: the files cannot be checked")
        listed = {}
    for name, digest in sorted(listed.items()):
        if name not in present:
            problem(f"lists {name}, which is not in the zip")
        elif not isinstance(digest, str) or digest.lower() != present[name]:
            problem(f"{name} is not the file that was handed in (its SHA-256 differs): "
                    "changed after the hand-in")
    if listed:
        for name in sorted(set(present) - set(listed)):
            problem(f"{name} is in the zip but not in the manifest (added after the hand-in)")

    by_stem = {s.stem: (s, r) for s, r in entries}
    reviews = manifest.get("reviews")
    for entry in reviews if isinstance(reviews, list) else []:
        if not isinstance(entry, Mapping):
            continue
        md = _text(entry.get("md")) or _md_name(_text(entry.get("reading")))
        found = by_stem.get(md[: -len(".md")] if md.endswith(".md") else md)
        if found is None:
            continue  # reported above, as a file the zip lacks
        source, review = found
        pages = entry.get("pages")
        if isinstance(pages, int) and not isinstance(pages, bool):
            out.pages[source.name] = pages
        if review is None:
            continue
        if _text(entry.get("reading")) and entry.get("reading") != review.reading:
            problem(f"says {md} reviews {entry.get('reading')!r}, its front matter says "
                    f"{review.reading!r}")
        submitted = review.submitted.isoformat() if review.submitted else None
        if "submitted" in entry and entry.get("submitted") != submitted:
            problem(f"says {md} was submitted {entry.get('submitted')}, its front matter says "
                    f"{submitted}")
    out.problems += _times(manifest, entries, dues, where)
    return out


def _time(value: Any) -> datetime | None:
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return when if when is not None and when.tzinfo is not None else None


def _times(manifest: Mapping[str, Any], entries: Sequence[tuple[SourceFile, Review | None]],
           dues: Sequence[datetime], where: str) -> list[Problem]:
    """The hand-in's time against its reviews': a review cannot be submitted after the hand-in
    that holds it, nor can reviews claiming to be on time be handed in after the due time."""
    created = _time(manifest.get("created"))
    if created is None:
        return []
    out = []
    for source, review in entries:
        if review is not None and review.submitted is not None and review.submitted > created:
            out.append(Problem(HANDIN_TIME, source.name, f"says it was submitted "
                               f"{review.submitted.isoformat()}, after the hand-in was made "
                               f"({created.isoformat()})"))
    batch = manifest.get("batch")
    due = (dues[batch - 1] if isinstance(batch, int) and 1 <= batch <= len(dues)
           else _time(manifest.get("due")))
    if due is not None and created > due:
        claiming = sorted(s.stem for s, r in entries
                          if r is not None and r.submitted is not None and r.submitted <= due)
        if claiming:
            out.append(Problem(HANDIN_TIME, where, f"was made {created.isoformat()}, after the "
                               f"due time {due.isoformat()}, yet {len(claiming)} of its reviews "
                               "claim to be submitted on time: " + ", ".join(claiming)))
    return out


def _md_name(key: str) -> str:
    try:
        return f"{key_stem(key)}.md"  # the name handin gave it (core.keyfiles)
    except UnnamableKey:
        return ""


def pages_problem(where: str, file: str, claimed: int | None, pages: int | None) -> list[Problem]:
    """The manifest's page count against the one typeset here (another template, a hand edit)."""
    if claimed is None or pages is None or claimed == pages:
        return []
    return [Problem(MANIFEST_PROBLEM, where, f"says {file} has {claimed} page"
                    f"{'s' if claimed != 1 else ''}; its source typesets to {pages} here")]
