"""What a .bib may hold (macros, crossref, BibLaTeX, upper case, accents), and what is refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paperdesk.adapters.bibfile import load_bib, parse_bib, split_authors
from paperdesk.core.reading import NO_TOPIC, Catalog

FEATURES = r"""% A small file with the features of real ones.
@string{ nips = "Advances in Neural Information Processing Systems" }
@STRING{ctx = {Deep} # " Models"}

@inproceedings{vaswani2017attention,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam and others},
  booktitle = nips # " 30",
  year = 2017,
  month = dec,
  eprint = {1706.03762v5},
  archivePrefix = {arXiv},
  topic = ctx,
  kind = {paper},
}

@proceedings{icml2016,
  title = {Proceedings of the 33rd International Conference on Machine Learning},
  year = {2016},
  publisher = {PMLR},
  topic = {Autoregressive},
}

@inproceedings{oord2016pixel,
  title = {Pixel Recurrent Neural Networks},
  author = {van den Oord, A{\"a}ron and Kalchbrenner, Nal},
  crossref = {icml2016},
}

@ONLINE{alammar2018illustrated,
  TITLE = {The Illustrated {Transformer}},
  AUTHOR = {Alammar, Jay},
  DATE = {2018-06-27},
  URL = {https://jalammar.github.io/illustrated-transformer/},
  EPRINTTYPE = {arxiv},
}

@Article{schoelkopf2018,
  title = {Wasserstein Auto-Encoders: {\'E}tude {\c{c}}a --- \emph{vraiment}},
  author = {Sch{\"o}lkopf, Bernhard and Sønderby, Casper Kaae and {OpenAI}},
  journaltitle = {Journal of \LaTeX{} \& Friends},
  date = {2018},
  doi = {https://doi.org/10.1000/xyz},
}

@book{goodfellow2016deep, title = {Deep Learning}, author = {Ian Goodfellow}, year = {2016}}
"""


def features() -> Catalog:
    return parse_bib(FEATURES, "f.bib")


def test_string_macros_and_concatenation() -> None:
    r = features().get("vaswani2017attention")
    assert r is not None
    assert r.venue == "Advances in Neural Information Processing Systems 30"
    assert r.topic == "Deep Models"
    assert r.year == "2017"
    assert str(r.arxiv) == "1706.03762v5"
    assert r.authors == ("Ashish Vaswani", "Noam Shazeer", "others")
    assert r.first_author == "Ashish Vaswani et al."


def test_crossref_inherits_venue_year_and_topic() -> None:
    r = features().get("oord2016pixel")
    assert r is not None
    assert r.year == "2016"
    assert r.venue == "Proceedings of the 33rd International Conference on Machine Learning"
    assert r.topic == "Autoregressive"
    assert r.authors == ("Aäron van den Oord", "Nal Kalchbrenner")


def test_biblatex_types_upper_case_fields_and_date() -> None:
    r = features().get("alammar2018illustrated")
    assert r is not None
    assert (r.entry_type, r.kind, r.title, r.year) == (
        "online", "blog", "The Illustrated Transformer", "2018")
    assert r.url.startswith("https://jalammar")
    assert r.topic == NO_TOPIC
    assert r.arxiv is None  # an eprint type with no eprint is not an arXiv paper


def test_latex_accents_and_symbols_are_decoded() -> None:
    r = features().get("schoelkopf2018")
    assert r is not None
    assert r.title == "Wasserstein Auto-Encoders: Étude ça — vraiment"
    assert r.authors == ("Bernhard Schölkopf", "Casper Kaae Sønderby", "OpenAI")
    assert r.venue == "Journal of LaTeX & Friends"
    assert r.doi == "10.1000/xyz"
    assert features().get("goodfellow2016deep").kind == "book"  # type: ignore[union-attr]


def test_file_order_is_kept_and_no_problems() -> None:
    catalog = features()
    assert catalog.problems == ()
    assert [r.key for r in catalog.readings] == [
        "vaswani2017attention", "icml2016", "oord2016pixel", "alammar2018illustrated",
        "schoelkopf2018", "goodfellow2016deep"]


BROKEN = """@misc{ok1, title = {Fine}}
@misc{ok1, title = {Again}}
@misc{OK1, title = {Again, in capitals}}
@misc{notitle, author = {Nobody}}
@misc{badkind, title = {X},
  kind = {podcast}}
@misc{badeprint, title = {Y}, archiveprefix = {arXiv},
  eprint = {17.06}}
@misc{twice, title = {First}, title = {Second}}
@misc{macro, title = {Z}, journal = undefinedmacro}
@misc{orphan, title = {W}, crossref = {nowhere}}
%@misc{ok1, title = {Commented out}}
@misc{after, title = {Still read}}
"""


def test_each_problem_is_located_and_the_rest_loads() -> None:
    catalog = parse_bib(BROKEN, "b.bib")
    assert [r.key for r in catalog.readings] == ["ok1", "badeprint", "twice", "macro", "orphan",
                                                 "after"]
    assert catalog.get("twice").title == "First"  # type: ignore[union-attr]
    found = [(p.line, p.severity, p.message) for p in catalog.problems]
    assert found == [
        (2, "error", "duplicate key 'ok1': entry skipped"),
        (3, "error", "duplicate key 'OK1': entry skipped"),
        (4, "error", "notitle: no title: entry skipped"),
        (6, "error", "badkind: unknown kind 'podcast' (expected paper, blog, tutorial, book): "
                     "entry skipped"),
        (8, "warning", "badeprint: malformed eprint: '17.06' is not an arXiv id (expected like "
                       "1706.03762, hep-th/9901001 or an arxiv.org URL): the reading is kept "
                       "without an arXiv id"),
        (9, "warning", "twice: title given twice: the first value is used"),
        (10, "warning", "macro: @string macro 'undefinedmacro' is not defined"),
        (11, "warning", "orphan: crossref 'nowhere' not found"),
    ]


def test_authors_forms() -> None:
    assert split_authors("Last, First and First Last and {Corp and Co}") == (
        "First Last", "First Last", "Corp and Co")
    assert split_authors("de la Fontaine, Jr., Jean") == ("Jean de la Fontaine, Jr.",)
    assert split_authors("") == ()


def test_load_bib_names_the_file(write_bib: Callable[..., Path]) -> None:
    path = write_bib("@misc{a, title = {T}}\n@misc{a, title = {U}}\n", "named.bib")
    catalog = load_bib(path)
    assert str(catalog.problems[0]) == f"{path}:2: duplicate key 'a': entry skipped"
    assert load_bib(path, "short.bib").problems[0].path == "short.bib"
