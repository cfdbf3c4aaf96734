"""The full-text index of downloaded PDFs: SQLite FTS5, or PostgreSQL's text search.

One row per PDF page (``fulltext_page``: key, page, body) and one per indexed file
(``fulltext_file``: key, the file's size and mtime as a stamp, its page and character counts),
so a PDF is indexed again only when it changed, and a PDF without text is known as such (and
reported once). The tables are a cache like the rest of the database: created when first
needed, rebuilt from the PDFs at any time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

SNIPPET_WORDS = 12


@dataclass(frozen=True)
class PageHit:
    key: str
    page: int  # 1-based: the first page that has the phrase
    snippet: str
    pages: tuple[int, ...] = ()  # every page that has it


@dataclass(frozen=True)
class FileState:
    stamp: str
    pages: int
    chars: int


_SQLITE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS fulltext_page USING fts5("
    "key UNINDEXED, page UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')",
)
_POSTGRES = (
    "CREATE TABLE IF NOT EXISTS fulltext_page (key VARCHAR NOT NULL, page INTEGER NOT NULL,"
    " body TEXT NOT NULL, tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,"
    " PRIMARY KEY (key, page))",
    "CREATE INDEX IF NOT EXISTS fulltext_page_tsv ON fulltext_page USING GIN (tsv)",
)
_FILES = ("CREATE TABLE IF NOT EXISTS fulltext_file (key VARCHAR NOT NULL PRIMARY KEY,"
          " stamp VARCHAR NOT NULL, pages INTEGER NOT NULL, chars INTEGER NOT NULL)")


def fts_phrase(query: str) -> str:
    """The words of ``query`` as one FTS5 phrase (quotes doubled: nothing in it is syntax)."""
    return '"' + " ".join(query.split()).replace('"', '""') + '"'


class FullText:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.postgres = engine.dialect.name == "postgresql"
        self._ready = False

    def _ensure(self, conn: Connection) -> None:
        if self._ready:
            return
        for statement in (*(_POSTGRES if self.postgres else _SQLITE), _FILES):
            conn.execute(text(statement))
        self._ready = True

    def files(self) -> dict[str, FileState]:
        with self.engine.begin() as conn:
            self._ensure(conn)
            rows = conn.execute(text("SELECT key, stamp, pages, chars FROM fulltext_file"))
            return {str(k): FileState(str(s), int(p), int(c)) for k, s, p, c in rows}

    def replace(self, key: str, stamp: str, pages: Sequence[str]) -> None:
        """The pages of one PDF, in one transaction (a reader never sees half of it)."""
        with self.engine.begin() as conn:
            self._ensure(conn)
            conn.execute(text("DELETE FROM fulltext_page WHERE key = :k"), {"k": key})
            conn.execute(text("DELETE FROM fulltext_file WHERE key = :k"), {"k": key})
            rows = [{"k": key, "p": i, "b": body} for i, body in enumerate(pages, 1)
                    if body.strip()]
            if rows:
                conn.execute(text("INSERT INTO fulltext_page (key, page, body) "
                                  "VALUES (:k, :p, :b)"), rows)
            conn.execute(text("INSERT INTO fulltext_file (key, stamp, pages, chars) "
                              "VALUES (:k, :s, :p, :c)"),
                         {"k": key, "s": stamp, "p": len(pages),
                          "c": sum(len(p.strip()) for p in pages)})

    def forget(self, keys: Iterable[str]) -> None:
        with self.engine.begin() as conn:
            self._ensure(conn)
            for key in keys:
                conn.execute(text("DELETE FROM fulltext_page WHERE key = :k"), {"k": key})
                conn.execute(text("DELETE FROM fulltext_file WHERE key = :k"), {"k": key})

    def keys(self, query: str) -> set[str]:
        """Keys of the PDFs that have the phrase: no snippets (the desk's filter, per key)."""
        if not query.split():
            return set()
        with self.engine.begin() as conn:
            self._ensure(conn)
            if self.postgres:
                rows = conn.execute(text("SELECT DISTINCT key FROM fulltext_page WHERE tsv @@ "
                                         "phraseto_tsquery('simple', :q)"), {"q": query})
            else:
                rows = conn.execute(text("SELECT DISTINCT key FROM fulltext_page WHERE "
                                         "fulltext_page MATCH :q"), {"q": fts_phrase(query)})
            return {str(k) for (k,) in rows}

    def search(self, query: str) -> list[PageHit]:
        """One hit per PDF that has the words of ``query`` as a phrase (case and accents
        ignored): its first page with them, a snippet of that page, and every page with them.
        Snippets are made for those first pages only: a common word on every page of 50 PDFs
        costs 50 snippets, not 400."""
        if not query.split():
            return []
        with self.engine.begin() as conn:
            self._ensure(conn)
            if self.postgres:
                pages = conn.execute(text(
                    "SELECT key, page FROM fulltext_page WHERE tsv @@ phraseto_tsquery("
                    "'simple', :q) ORDER BY key, page"), {"q": query}).all()
                firsts = conn.execute(text(
                    "SELECT key, page, ts_headline('simple', body, phraseto_tsquery('simple', :q),"
                    f" 'StartSel=[, StopSel=], MaxWords={SNIPPET_WORDS + 6},"
                    f" MinWords={SNIPPET_WORDS // 2}') FROM (SELECT DISTINCT ON (key) key, page,"
                    " body FROM fulltext_page WHERE tsv @@ phraseto_tsquery('simple', :q)"
                    " ORDER BY key, page) AS first_pages"), {"q": query}).all()
            else:
                phrase = fts_phrase(query)
                pages = conn.execute(text(
                    "SELECT key, page FROM fulltext_page WHERE fulltext_page MATCH :q"),
                    {"q": phrase}).all()
                firsts = conn.execute(text(
                    "SELECT key, page, snippet(fulltext_page, 2, '[', ']', '…', "
                    f"{SNIPPET_WORDS}) FROM fulltext_page WHERE fulltext_page MATCH :q AND"
                    " rowid IN (SELECT MIN(rowid) FROM fulltext_page WHERE fulltext_page"
                    " MATCH :q GROUP BY key)"), {"q": phrase}).all()
        every: dict[str, list[int]] = {}
        for key, page in pages:
            every.setdefault(str(key), []).append(int(page))
        return [PageHit(str(k), int(p), " ".join(str(s).split()), tuple(sorted(every[str(k)])))
                for k, p, s in firsts]


def clean_page_text(raw: str) -> str:
    """pypdf's text of a page with hyphenation at line ends undone and whitespace squashed."""
    joined = re.sub(r"(\w)-\n(\w)", r"\1\2", raw)
    return " ".join(joined.split())
