"""Finding students' reviews in what the instructor gathered: folders and zips, untrusted.

Each PATH given to ``paperdesk collect`` is one of: a student's ``reviews/`` folder, a workspace
holding one, a ``.zip`` of either, a hand-in zip (``manifest.json`` beside the files), or a folder
(or zip) holding one such item per student. Zips are extracted by :mod:`paperdesk.adapters.safezip`
into a temporary folder the caller owns. Symbolic links, special files and files over 5 MB are
refused and reported; a source that is not a readable review (over 1 MB, a NUL byte, invalid
UTF-8: the rule of :mod:`paperdesk.core.readable`) is reported and earns nothing; a broken student
becomes an item holding only its problems, and never stops the others.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from paperdesk.adapters.safezip import (
    MAX_FILE_BYTES,
    MB,
    Budget,
    ZipRefused,
    extract,
    regular_file_size,
)
from paperdesk.core.errors import failure_text
from paperdesk.core.gradebook import (
    INVALID_UTF8,
    MANIFEST,
    NOTHING_TO_GRADE,
    REFUSED,
    UNREADABLE,
    Problem,
)
from paperdesk.core.readable import (
    MAX_REVIEW_BYTES,
    NotUtf8,
    UnreadableReview,
    check_size,
    review_text,
)

REVIEWS_DIR = "reviews"
MANIFEST_FILE = "manifest.json"
MAX_NESTING = 2  # a zip of students' zips: deeper archives are not opened
MAX_TOTAL_EXTRACTED = 2 * 1024 * MB
MAX_MANIFEST_BYTES = 1 * MB
MAX_FILES_PER_FOLDER = 1000  # a class's reviews folder holds a few dozen
MAX_TOTAL_TEXT = 256 * MB  # review text held in memory for the whole run
SOURCE_SUFFIXES = (".md",)
_IGNORED = ("__MACOSX", "README.md", "readme.md")
# A file changed this recently (before the collect began) is not remembered by its identity:
# timestamps are coarse (a clock tick; 2 s on FAT), so a write in the same tick after it was
# read could leave its size and times as they were. Older files get new times from any write.
RECENT_NS = 2_000_000_000
_SHA256_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True)
class SourceFile:
    """A review source: its shown name, its stem, and its text (None when unreadable)."""

    name: str
    stem: str
    text: str | None
    sha256: str = ""
    # The file, when its text was left unread: its identity is the one an earlier collect
    # read with this SHA-256 (see Discovery); :meth:`Discovery.fill_sources` gives it its text.
    unread: Path | None = None


@dataclass(frozen=True)
class PdfFile:
    name: str
    path: Path
    sha256: str = ""


@dataclass
class StudentItem:
    """One student's folder or zip as found: its files, its hand-in manifest, its problems."""

    label: str  # the folder or zip name: the student's name when front matter gives none
    origin: str  # what was opened, as shown to the instructor
    kind: str  # reviews | workspace | handin | empty | unreadable
    sources: list[SourceFile] = field(default_factory=list)
    pdfs: dict[str, PdfFile] = field(default_factory=dict)  # by stem
    manifest: Any = None  # the parsed manifest.json of a hand-in zip
    manifest_name: str = ""
    notices: list[Problem] = field(default_factory=list)


class Discovery:
    """Walks the given paths into :class:`StudentItem` s; zips go below ``scratch``.

    ``hashes`` holds the SHA-256 of files an earlier run read (handed-in PDFs, and review
    sources that were readable), by path, with the file's identity (device, inode, size, mtime
    and ctime in ns): a PDF whose identity is unchanged is not read again, and with
    ``defer_sources`` neither is such a review source (it comes back with ``unread`` set, its
    text to be given by :meth:`fill_sources`). The ctime changes with every write to a file and
    cannot be set back (unlike the mtime), so a changed file is always read; a file written
    within :data:`RECENT_NS` of the start is not remembered (the same clock tick could hide a
    later write). :attr:`seen` is what this run found, to be kept for the next.
    """

    def __init__(self, scratch: Path, hashes: dict[str, list[Any]] | None = None, *,
                 defer_sources: bool = False) -> None:
        self.scratch = scratch
        self.budget = Budget(MAX_TOTAL_EXTRACTED)
        self.text_budget = Budget(MAX_TOTAL_TEXT)
        self._count = 0
        self.hashes = hashes or {}
        self.seen: dict[str, list[Any]] = {}
        self._scratch = os.path.join(str(scratch), "")
        self._defer = defer_sources
        self._settled_before = time.time_ns() - RECENT_NS

    def items(self, paths: list[Path]) -> list[StudentItem]:
        out: list[StudentItem] = []
        for path in paths:
            out.extend(self._guard(_label(path), str(path), partial(self._top, path)))
        return out

    @staticmethod
    def _guard(label: str, shown: str,
               read: Callable[[], StudentItem | list[StudentItem]]) -> list[StudentItem]:
        """``read()``; whatever it raises becomes that student's problem: the others go on."""
        try:
            found = read()
            return found if isinstance(found, list) else [found]
        except Exception as exc:  # one hand-in must never stop the class
            return [StudentItem(label, shown, "unreadable", notices=[
                Problem(UNREADABLE, shown, f"could not be read: {failure_text(exc)}")])]

    # -- the top level: one student, or a folder (or zip) of students ----------------------------

    def _top(self, path: Path) -> list[StudentItem]:
        shown = str(path)
        if path.is_file() and path.suffix.lower() == ".zip":
            folder, item = self._open_zip(path, shown, label=_label(path), depth=0)
            if folder is None:
                return [item]
            return self._top_folder(folder, shown + ":", _label(path), depth=1, base=item)
        if path.is_dir():
            return self._top_folder(path, _shown_dir(shown), _label(path), depth=0, base=None)
        why = "no such file or folder" if not path.exists() else "not a folder or a .zip file"
        return [StudentItem(_label(path), shown, "unreadable",
                            notices=[Problem(UNREADABLE, shown, why)])]

    def _top_folder(self, folder: Path, shown: str, label: str, depth: int,
                    base: StudentItem | None) -> list[StudentItem]:
        """A folder that is one student's item, or holds one item per student."""
        single = self._single(folder, shown, label)
        if single is not None:
            if base is not None:
                single.notices[:0] = base.notices
            return [single]
        children = _children(folder)
        items: list[StudentItem] = []
        for child, mode in children:
            child_shown = shown + child.name
            if stat.S_ISLNK(mode):
                items.append(_refused_link(child.name, child_shown))
            elif stat.S_ISDIR(mode):
                items += self._guard(_label(child), child_shown, partial(
                    self._student, child, child_shown + "/", _label(child), depth))
            elif stat.S_ISREG(mode) and child.suffix.lower() == ".zip":
                items += self._guard(_label(child), child_shown, partial(
                    self._student_zip, child, child_shown, depth))
        if not items:
            items = [StudentItem(label, shown.rstrip("/:"), "empty", notices=[Problem(
                NOTHING_TO_GRADE, shown.rstrip("/:"),
                "no reviews, workspace, hand-in zip or student folders found here")])]
        if base is not None:
            items[0].notices[:0] = base.notices
        return items

    # -- one student ------------------------------------------------------------------------------

    def _student_zip(self, path: Path, shown: str, depth: int) -> StudentItem:
        folder, item = self._open_zip(path, shown, _label(path), depth)
        if folder is None:
            return item
        found = self._student(folder, shown + ":", item.label, depth + 1)
        found.origin = shown
        found.notices[:0] = item.notices
        return found

    def _student(self, folder: Path, shown: str, label: str, depth: int) -> StudentItem:
        """One student's folder: reviews/, a workspace, a hand-in, or a wrapper around one."""
        for _ in range(4):  # unwrap "ada/ada-handin/..." a few levels at most
            single = self._single(folder, shown, label)
            if single is not None:
                return single
            children = [(c, m) for c, m in _children(folder)
                        if stat.S_ISDIR(m) or c.suffix.lower() == ".zip" or stat.S_ISLNK(m)]
            if len(children) != 1:
                break
            child, mode = children[0]
            if stat.S_ISLNK(mode):
                return _refused_link(child.name, shown + child.name, label)
            if stat.S_ISREG(mode):
                found = self._student_zip(child, shown + child.name, depth)
                found.label = label
                return found
            folder, shown = child, shown + child.name + "/"
        return StudentItem(label, shown.rstrip("/:"), "empty", notices=[Problem(
            NOTHING_TO_GRADE, shown.rstrip("/:"),
            "no reviews found (no reviews/ folder, no .md files)")])

    def _single(self, folder: Path, shown: str, label: str) -> StudentItem | None:
        """The item ``folder`` is, when it is one student's: None when it is not."""
        entries = dict((c.name, (c, m)) for c, m in _children(folder))
        origin = shown.rstrip("/:")
        if MANIFEST_FILE in entries and stat.S_ISREG(entries[MANIFEST_FILE][1]):
            item = StudentItem(label, origin, "handin")
            self._read_manifest(entries[MANIFEST_FILE][0], shown + MANIFEST_FILE, item)
            self._read_reviews(folder, shown, item)
            return item
        reviews = entries.get(REVIEWS_DIR)
        if reviews is not None and stat.S_ISDIR(reviews[1]):
            item = StudentItem(label, origin, "workspace")
            self._read_reviews(reviews[0], shown + REVIEWS_DIR + "/", item)
            return item
        if reviews is not None and stat.S_ISLNK(reviews[1]):
            return _refused_link(REVIEWS_DIR, shown + REVIEWS_DIR, label)
        has_sources = any(n.lower().endswith(SOURCE_SUFFIXES) and n not in _IGNORED
                          for n in entries)
        if has_sources or folder.name == REVIEWS_DIR:
            item = StudentItem(label, origin, "reviews")
            self._read_reviews(folder, shown, item)
            return item
        return None

    # -- files ------------------------------------------------------------------------------------

    def _read_reviews(self, folder: Path, shown: str, item: StudentItem) -> None:
        # the cache's keys: absolute paths (made once a folder; None for a zip's scratch files)
        base = None if str(folder).startswith(self._scratch) else os.path.abspath(folder)
        wanted = [(c, st) for c, st in _children_stat(folder)
                  if c.name.lower().endswith((*SOURCE_SUFFIXES, ".pdf"))]
        if len(wanted) > MAX_FILES_PER_FOLDER:
            item.notices.append(Problem(REFUSED, shown.rstrip("/:"), f"holds {len(wanted):,} "
                                       f"review and PDF files; only the first "
                                       f"{MAX_FILES_PER_FOLDER:,} were read"))
            wanted = wanted[:MAX_FILES_PER_FOLDER]
        for child, st in wanted:
            mode = st.st_mode
            lower = child.name.lower()
            where = shown + child.name
            if stat.S_ISLNK(mode):
                item.notices.append(Problem(REFUSED, where, "a symbolic link: not followed"))
                continue
            if not stat.S_ISREG(mode):
                item.notices.append(Problem(UNREADABLE, where, "not a regular file"))
                continue
            size = st.st_size  # a regular file's, from the listing's lstat
            if lower.endswith(".pdf"):
                if size > MAX_FILE_BYTES:
                    item.notices.append(Problem(REFUSED, where, _too_big(size)))
                    continue
                item.pdfs[child.stem] = PdfFile(where, child,
                                                self._pdf_sha256(child, st, _key(base, child)))
                continue
            if not self.text_budget.take(min(size, MAX_REVIEW_BYTES)):
                item.notices.append(Problem(REFUSED, where, "not read: the run has read "
                                           f"{MAX_TOTAL_TEXT // MB} MB of review text already"))
                continue
            key, identity = _key(base, child), _identity(st)
            known = self._known(key, identity)
            if known and self._defer:
                item.sources.append(SourceFile(where, child.stem, None, known, unread=child))
                self.seen[key] = [*identity, known]  # type: ignore[index]
                continue
            source, notices = read_source(child, where)
            item.sources.append(source)
            item.notices.extend(notices)
            if source.text is not None:
                self._remember(key, identity, source.sha256)
        if not item.sources:
            item.notices.append(Problem(NOTHING_TO_GRADE, shown.rstrip("/:"),
                                        "no review sources (.md files)"))

    def _known(self, key: str | None, identity: list[int]) -> str:
        """The SHA-256 an earlier run found for the file with this identity, or ""."""
        known = self.hashes.get(key) if key is not None else None
        if known is not None and known[:5] == identity and _is_sha256(known[5]):
            return str(known[5])
        return ""

    def _remember(self, key: str | None, identity: list[int], sha: str) -> None:
        # Read and hashed after the stat: a write in between changes the ctime, so the next
        # run reads the file again (unless the write came in the same clock tick: RECENT_NS).
        if key is not None and sha and max(identity[3], identity[4]) < self._settled_before:
            self.seen[key] = [*identity, sha]

    def _pdf_sha256(self, path: Path, st: os.stat_result, key: str | None) -> str:
        identity = _identity(st)
        sha = self._known(key, identity)
        if sha:
            self.seen[key] = [*identity, sha]  # type: ignore[index]
            return sha
        sha = _sha256_file(path)
        self._remember(key, identity, sha)
        return sha

    def fill_sources(self, items: list[StudentItem], texts: Mapping[str, str | None]) -> None:
        """Give each source left unread its text: the one stored for its SHA-256 (``texts``),
        else read from the file now (a store that lacks it: a new database, a file that did
        not parse)."""
        for item in items:
            for i, source in enumerate(item.sources):
                if source.unread is None:
                    continue
                text = texts.get(source.sha256)
                if text is not None:
                    item.sources[i] = replace(source, text=text, unread=None)
                    continue
                fresh, notices = read_source(source.unread, source.name)
                item.sources[i] = fresh
                item.notices.extend(notices)
                if fresh.sha256 != source.sha256 or fresh.text is None:
                    self.seen.pop(os.path.abspath(source.unread), None)  # not as remembered

    def _read_manifest(self, path: Path, shown: str, item: StudentItem) -> None:
        item.manifest_name = shown
        size = regular_file_size(path)
        if size is None or size > MAX_MANIFEST_BYTES:
            item.notices.append(Problem(MANIFEST, shown, "cannot be read, or is over 1 MB"))
            return
        try:
            item.manifest = json.loads(path.read_bytes().decode("utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            item.notices.append(Problem(MANIFEST, shown, f"is not valid JSON ({exc})"))
        except RecursionError:  # [[[[... thousands deep: json recurses, and gives up
            item.notices.append(Problem(MANIFEST, shown, "is nested too deeply to be read; "
                                        "the reviews beside it are graded without it"))

    def _open_zip(self, path: Path, shown: str, label: str,
                  depth: int) -> tuple[Path | None, StudentItem]:
        """Extract a zip; (folder, item holding the refused entries) or (None, failed item)."""
        item = StudentItem(label, shown, "unreadable")
        if depth > MAX_NESTING:
            item.notices.append(Problem(REFUSED, shown, "a zip nested too deep: not opened"))
            return None, item
        self._count += 1
        dest = self.scratch / f"{self._count:05d}-{_safe_name(label)}"
        try:
            result = extract(path, dest, self.budget)
        except ZipRefused as exc:
            item.notices.append(Problem(UNREADABLE, shown, str(exc)))
            return None, item
        for name, why in result.refused:
            item.notices.append(Problem(REFUSED, f"{shown}:{name}", why))
        return result.root, item


def read_source(path: Path, shown: str) -> tuple[SourceFile, list[Problem]]:
    """A review source's text, with notices; text None when it is not a readable review, by the
    rule of :mod:`paperdesk.core.readable` (too big, a NUL byte, invalid UTF-8): the very rule
    the student's ``status`` and ``submit`` apply."""
    size = regular_file_size(path)
    if size is None:
        return SourceFile(shown, path.stem, None), [Problem(UNREADABLE, shown, "cannot be read")]
    try:
        check_size(size, shown)
        with open(path, "rb") as fh:
            raw = fh.read(MAX_REVIEW_BYTES + 1)
    except UnreadableReview as exc:
        return SourceFile(shown, path.stem, None), [Problem(UNREADABLE, shown, exc.message)]
    except OSError as exc:
        return SourceFile(shown, path.stem, None), [Problem(UNREADABLE, shown,
                                                           f"cannot be read: {exc.strerror}")]
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = review_text(raw, shown)
    except UnreadableReview as exc:
        kind = INVALID_UTF8 if isinstance(exc, NotUtf8) else UNREADABLE
        where = f"{shown}:{exc.line}" if exc.line else shown
        return SourceFile(shown, path.stem, None, digest), [Problem(kind, where, exc.message)]
    return SourceFile(shown, path.stem, text, digest), []


def _children(folder: Path) -> list[tuple[Path, int]]:
    """Entries of ``folder`` with their lstat mode, sorted, hidden and junk names left out."""
    return [(path, st.st_mode) for path, st in _children_stat(folder)]


def _children_stat(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Entries of ``folder`` with their lstat, sorted, hidden and junk names left out."""
    out: list[tuple[str, Path, os.stat_result]] = []
    try:
        with os.scandir(folder) as it:
            for entry in it:
                if entry.name.startswith(".") or entry.name in _IGNORED:
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((entry.name, Path(entry.path), st))
    except OSError:
        return []
    out.sort(key=lambda e: e[0])
    return [(path, st) for _, path, st in out]


def _refused_link(name: str, shown: str, label: str | None = None) -> StudentItem:
    return StudentItem(label or _label(Path(name)), shown, "unreadable", notices=[Problem(
        REFUSED, shown, "a symbolic link: not followed")])


def _identity(st: os.stat_result) -> list[int]:
    """What changes with any write to a file, or its replacement: the ctime cannot be set back
    (unlike the mtime), and another file has another inode."""
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _key(base: str | None, path: Path) -> str | None:
    """A file's key in the hash cache: its absolute path (None below a zip's scratch folder:
    extracted anew every run)."""
    return None if base is None else os.path.join(base, path.name)


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and len(value) == 64 and _SHA256_HEX.issuperset(value)


def _sha256_file(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return ""


def _too_big(size: int) -> str:
    return f"is {size / MB:.1f} MB; files over {MAX_FILE_BYTES // MB} MB are refused"


def _label(path: Path) -> str:
    """A student's fallback name from a path: ``ada/reviews`` -> ada, ``ada.zip`` -> ada."""
    p = path.resolve() if path.name in ("", ".", "..") else path
    if p.name == REVIEWS_DIR and p.parent.name:
        p = p.parent
    name = p.name
    return name[: -len(".zip")] if name.lower().endswith(".zip") else name


def _shown_dir(shown: str) -> str:
    return shown if shown.endswith("/") else shown + "/"


def _safe_name(label: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in label)[:40] or "item"
