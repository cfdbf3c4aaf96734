"""Text of a PDF's pages, by pypdf (pure Python, no poppler). Slow: run it in a thread."""

from __future__ import annotations

import logging
from pathlib import Path

from paperdesk.adapters.fulltext import clean_page_text


class PdfTextError(Exception):
    """The file could not be read as a PDF at all."""


def page_texts(path: Path) -> list[str]:
    """One string per page ("" for a page without extractable text: a scan, a figure)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are not the user's
    try:
        reader = PdfReader(path)
        return [clean_page_text(page.extract_text() or "") for page in reader.pages]
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise PdfTextError(f"{path.name}: cannot read its text ({exc})") from exc


def file_stamp(path: Path) -> str:
    st = path.stat()
    return f"{st.st_size}:{st.st_mtime_ns}"
