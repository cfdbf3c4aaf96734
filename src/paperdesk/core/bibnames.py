"""Names and markup as BibTeX wants them (pure: shared by the sources and ``paperdesk bib``)."""

from __future__ import annotations

from paperdesk.core.reading import surname


def bib_author(name: str) -> str:
    """'Aäron van den Oord' -> 'van den Oord, Aäron'; a name with a comma is kept whole."""
    name = " ".join(name.split())
    if name.startswith("{") and name.endswith("}"):
        return name  # an organisation, kept whole
    if "," in name:
        return "{" + name + "}"
    family = surname(name)
    given = name[: len(name) - len(family)].strip()
    return f"{family}, {given}" if given else family


def bib_authors(names: tuple[str, ...] | list[str]) -> str:
    return " and ".join(bib_author(a) for a in names)
