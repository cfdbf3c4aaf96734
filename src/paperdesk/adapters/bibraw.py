"""The raw fields of a ``.bib`` file's entries, as written (LaTeX kept), for ``paperdesk bib``.

The catalog (:mod:`bibfile`) decodes what it shows; citing needs the fields as the author typed
them. ``@string`` macros are resolved, outer braces and quotes removed; nothing else is changed.
"""

from __future__ import annotations

import logging
from pathlib import Path


def raw_entries(path: Path) -> dict[str, tuple[str, dict[str, str]]]:
    """Lower-case key -> (entry type, {lower-case field name: raw value}); the first entry of a
    key wins, as in the catalog."""
    from bibtexparser import model
    from bibtexparser.entrypoint import parse_string

    from paperdesk.adapters.bibfile import read_bytes_checked

    logging.getLogger("bibtexparser.splitter").disabled = True
    text = read_bytes_checked(path).decode("utf-8", errors="replace")
    library = parse_string(text)
    out: dict[str, tuple[str, dict[str, str]]] = {}
    for block in library.blocks:
        if isinstance(block, model.Entry) and block.key.lower() not in out:
            fields: dict[str, str] = {}
            for field in block.fields:
                fields.setdefault(field.key.lower(), str(field.value))
            out[block.key.lower()] = (block.entry_type.lower(), fields)
    return out
