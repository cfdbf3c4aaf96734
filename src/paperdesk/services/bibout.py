"""``paperdesk bib``: the readings as clean BibTeX for citing in one's own paper."""

from __future__ import annotations

from collections.abc import Sequence

from paperdesk.core.bibout import clean_entry
from paperdesk.core.errors import PaperdeskError
from paperdesk.core.reading import Reading, filter_topic
from paperdesk.core.review import FINAL
from paperdesk.services.context import Context
from paperdesk.services.fetch import select_readings


def chosen_readings(ctx: Context, keys: Sequence[str] = (), topic: str | None = None,
                    reviewed: bool = False) -> list[Reading]:
    """The readings named (in that order), else all; narrowed by topic and by 'reviewed' (a
    final review)."""
    readings = select_readings(ctx, list(keys) or None)
    if topic:
        readings = filter_topic(readings, topic)
    if reviewed:
        from paperdesk.services.reviews import review_statuses

        final = {k for k, status in review_statuses(ctx).items() if status == FINAL}
        readings = [r for r in readings if r.key in final]
    return readings


def bibtex_for(ctx: Context, readings: Sequence[Reading], ascii_only: bool = False) -> str:
    """One clean entry per reading, separated by blank lines; arXiv papers with ``eprint``,
    ``archiveprefix`` and ``primaryclass`` (from the cached record when the file lacks it)."""
    from paperdesk.adapters.bibraw import raw_entries

    raw = raw_entries(ctx.workspace.bib)
    cached = _arxiv_classes(ctx, readings)
    out = []
    for reading in readings:
        entry_type, fields = raw.get(reading.key.lower(), (reading.entry_type, {}))
        fields = dict(fields)
        if reading.arxiv is not None:
            fields.setdefault("eprint", reading.arxiv.versioned)
            fields["archiveprefix"] = "arXiv"
            if reading.arxiv.base in cached:
                fields.setdefault("primaryclass", cached[reading.arxiv.base])
        if not fields.get("title"):
            raise PaperdeskError(f"{reading.key} has no title: cannot cite it")
        out.append(clean_entry(entry_type, reading.key, fields, ascii_only=ascii_only))
    return "\n".join(out)


def _arxiv_classes(ctx: Context, readings: Sequence[Reading]) -> dict[str, str]:
    refs = [("arxiv", r.arxiv.base) for r in readings if r.arxiv is not None]
    if not refs:
        return {}
    papers = ctx.store.papers(refs)
    return {ident: p.primary_category for (_, ident), p in papers.items() if p.primary_category}
