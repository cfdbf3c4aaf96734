"""Citekeys for added papers follow the style of the file's own keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk.adapters.bibfile import load_bib
from paperdesk.core.citekey import COURSE_STYLE, KeyStyle, infer_style, make_key
from paperdesk.core.reading import Reading
from tests.arxiv.conftest import make_ws
from tests.arxiv.server import FakeArxiv
from tests.arxiv.test_add import PUBLISHED, added_part
from tests.conftest import REPO

PAPERS = [("Ashish Vaswani", "2017", "Attention Is All You Need"),
          ("Diederik P. Kingma", "2013", "Auto-Encoding Variational Bayes"),
          ("Aäron van den Oord", "2016", "WaveNet: A Generative Model for Raw Audio"),
          ("Casper Kaae Sønderby", "2016", "Ladder Variational Autoencoders")]


def readings(*keys: str) -> list[Reading]:
    return [Reading(key=key, topic="t", kind="paper", title=title, authors=(author,), year=year)
            for key, (author, year, title) in zip(keys, PAPERS, strict=False)]


@pytest.mark.parametrize("keys, style, example", [
    (("vaswani2017attention", "kingma2013auto", "vandenoord2016wavenet"), COURSE_STYLE,
     "doe2011journal"),
    (("Vaswani2017", "Kingma2013", "VandenOord2016"), KeyStyle("capital", "", 4, "none"),
     "Doe2011"),
    (("vaswani:2017", "kingma:2013", "sonderby:2016"), KeyStyle("lower", ":", 4, "none"),
     "doe:2011"),
    (("Vaswani_17_Attention", "Kingma_13_Auto", "x"), KeyStyle("capital", "_", 2, "capital"),
     "Doe_11_Journal"),
    # keys that follow no style, as in many real files: the course's convention
    (("AgHH88", "Appel:GCCBFTSA", "BS:VAXS80"), COURSE_STYLE, "doe2011journal"),
])
def test_the_style_of_the_files_keys(keys: tuple[str, ...], style: KeyStyle,
                                     example: str) -> None:
    assert infer_style(readings(*keys)) == style
    assert style.render("Jane Doe", "2011", "A journal paper") == example


# JabRef's default key pattern, [auth][year]: Li2020, Poirier2008a. The file really follows it.
JABREF_STYLE = KeyStyle("capital", "", 4, "none")
OWN_STYLE = {"jabref_testjabref.bib": JABREF_STYLE}


def test_the_course_and_the_real_files_keep_their_convention(shared: Path) -> None:
    """Files whose keys follow no one style get the course's; JabRef's test library follows
    JabRef's default pattern (142 of its 156 keys), and an added paper follows it too."""
    assert infer_style(load_bib(REPO / "readings.bib").readings) == COURSE_STYLE
    for path in sorted((shared / "fixtures" / "bib").glob("*.bib")):
        expected = OWN_STYLE.get(path.name, COURSE_STYLE)
        assert infer_style(load_bib(path).readings) == expected, path.name


def test_a_letter_disambiguates_in_any_case() -> None:
    taken = {"doe2011", "doe2011a"}
    assert make_key(KeyStyle("capital", "", 4, "none"), "Jane Doe", "2011", "T", taken,
                    "arxiv11112011") == "Doe2011b"
    assert make_key(COURSE_STYLE, "Ångström Ørsted", "2011", "Über alles", set(), "x") \
        == "orsted2011uber"


STYLED_BIB = """@article{Vaswani2017,
  title  = {Attention Is All You Need},
  author = {Vaswani, Ashish},
  year   = {2017},
  topic  = {Transformers}
}

@article{Doe2011,
  title  = {Another paper by a Doe},
  author = {Doe, John},
  year   = {2011},
  topic  = {Physics & Society}
}
"""


def test_add_names_the_entry_in_the_files_style_and_files_it_under_its_topic(
    tmp_path: Path, fake_arxiv: FakeArxiv, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_arxiv.papers = {"1111.2011": PUBLISHED}
    ws = make_ws(tmp_path / "ws", STYLED_BIB, monkeypatch)
    before = (ws / "readings.bib").read_bytes()

    result = cli("add", "1111.2011", "--topic", "physics  &  SOCIETY", "--course")

    assert result.code == 0, result.err
    added = added_part(before, (ws / "readings.bib").read_bytes())
    assert added.startswith("\n@article{Doe2011a,\n  topic         = {Physics & Society},\n")
    assert [t for t, _ in load_bib(ws / "readings.bib").grouped()] == ["Transformers",
                                                                       "Physics & Society"]
