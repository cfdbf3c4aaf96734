"""Small Crossref work records of our own, one per entry type (tests that must always run)."""

from __future__ import annotations

from typing import Any

from tests.crossref.server import work_body


def work(doi: str, kind: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "DOI": doi, "type": kind, "URL": f"https://doi.org/{doi}",
        "author": [{"given": "Emily M.", "family": "Bender"},
                   {"given": "Timnit", "family": "Gebru"}],
        "issued": {"date-parts": [[2021, 3]]}, "publisher": "ACM",
    }
    base.update(fields)
    return base


PARROTS = work(
    "10.1145/3442188.3445922", "proceedings-article",
    title=["On the Dangers of Stochastic Parrots: Can Language Models Be Too Big? 🦜"],
    **{"container-title": ["Proceedings of the 2021 ACM Conference on Fairness, "
                           "Accountability, and Transparency"]},
    page="610-623",
    link=[{"URL": "https://dl.example.org/doi/pdf/10.1145/3442188.3445922",
           "content-type": "application/pdf", "intended-application": "text-mining"}],
)
ARTICLE = work(
    "10.1000/JOURNAL.2020.1", "journal-article",
    title=["Growth of H<sub>2</sub>O films on <i>Escherichia coli</i> &amp; <scp>DNA</scp>"],
    **{"container-title": ["Journal of <i>Things</i>"]}, volume="12", issue="3",
    page="100-120", author=[{"given": "Jéssica da C.", "family": "Mendonça"},
                            {"name": "The ATLAS Collaboration"}],
    abstract="<jats:p>We grow <jats:italic>films</jats:italic>.</jats:p>",
)
CHAPTER = work("10.1007/978-3-030-00001-0_5", "book-chapter",
               title=["A Chapter"], **{"container-title": ["A Book of Chapters"]},
               page="77-90", publisher="Springer")
BOOK = work("10.7551/mitpress/11474.001.0001", "book", title=["Deep Learning"],
            publisher="MIT Press", author=[{"given": "Ian", "family": "Goodfellow"}],
            issued={"date-parts": [[2016]]})
POSTED = work("10.1101/2020.01.01.000001", "posted-content", subtype="preprint",
              title=["A Preprint"], institution=[{"name": "bioRxiv"}])
ALL = [PARROTS, ARTICLE, CHAPTER, BOOK, POSTED]


def bodies(*works: dict[str, Any]) -> dict[str, bytes]:
    return {w["DOI"].lower(): work_body(w) for w in works}
