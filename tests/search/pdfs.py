"""PDFs made by typst for the search tests: several pages, a known phrase on a known page."""

from __future__ import annotations

import typst


def paper_pdf(title: str, pages: int = 4, phrase_page: int = 3,
              phrase: str = "stochastic parrots dance") -> bytes:
    """A ``pages``-page PDF; page ``phrase_page`` has ``phrase``, the others filler text."""
    parts = [f'#set page(width: 12cm, height: 8cm)\n= {title}\n']
    for n in range(1, pages + 1):
        if n > 1:
            parts.append("#pagebreak()\n")
        words = f"Page {n} of {title}. Filler about encoders and decoders. "
        if n == phrase_page:
            words += f"Here the {phrase} under the moon. "
        parts.append(words * 2 + "\n")
    return bytes(typst.compile("".join(parts).encode(), format="pdf"))


def blank_pdf() -> bytes:
    """A PDF with a page and no text at all (as a scan without OCR would be, for pypdf)."""
    return bytes(typst.compile(b"#set page(width: 5cm, height: 5cm)\n#rect(width: 2cm)\n",
                               format="pdf"))
