"""Page counts of PDFs handed in by students: untrusted files, read with pypdf."""

from __future__ import annotations

import logging
from pathlib import Path


class PdfUnreadable(Exception):
    """The file is not a PDF pypdf can count the pages of; ``str`` says why, in one line."""


def count_pages(path: Path) -> int:
    """The number of pages of the PDF at ``path``; raises :class:`PdfUnreadable`."""
    from pypdf import PdfReader  # deferred: only collect reads handed-in PDFs
    from pypdf.errors import PyPdfError

    # pypdf logs every repair it makes to a damaged file; the instructor gets one line instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with open(path, "rb") as fh:
            if fh.read(5) != b"%PDF-":
                raise PdfUnreadable("not a PDF (it does not start with %PDF-)")
            fh.seek(0)
            return len(PdfReader(fh, strict=False).pages)
    except PdfUnreadable:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError) as exc:
        # pypdf on a hostile file raises well beyond its own error types.
        raise PdfUnreadable(f"not a readable PDF ({type(exc).__name__}: {exc})"[:200]) from exc
