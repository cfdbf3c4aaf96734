"""``paperdesk bib``: clean BibTeX for citing, checked by parsing it back (bibtexparser) and by
running BibTeX itself with plain.bst where it is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from paperdesk.core.bibout import clean_entry, protect_capitals, to_ascii
from tests.conftest import FIXED_NOW

CURATION = {"topic", "kind", "note", "file", "abstract", "keywords", "annote"}


def parse(text: str) -> dict[str, Any]:
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    assert not library.failed_blocks
    return {e.key: e for e in library.entries}


def unbraced(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


def test_the_course_round_trips(course_ws: Path, cli: Any) -> None:
    result = cli("bib")
    assert result.code == 0, result.err
    out = parse(result.out)
    source = parse((course_ws / "readings.bib").read_text(encoding="utf-8"))
    assert list(out) == list(source)  # the keys, in the list's order
    for key, entry in out.items():
        original = source[key]
        fields = {f.key.lower() for f in entry.fields}
        assert not fields & CURATION, key
        assert unbraced(entry["title"]) == unbraced(original["title"]), key
        if "author" in original:
            assert entry["author"] == " ".join(original["author"].split()), key
        if "year" in original:
            assert entry["year"] == original["year"], key
        if "eprint" in original:
            assert entry["archiveprefix"] == "arXiv" and entry["eprint"] == original["eprint"]


def test_keys_topic_and_output_file(course_ws: Path, cli: Any) -> None:
    named = cli("bib", "doersch2016tutorial", "vaswani2017attention")
    assert list(parse(named.out)) == ["doersch2016tutorial", "vaswani2017attention"]
    vaes = parse(cli("bib", "--topic", "vae").out)
    assert vaes and "doersch2016tutorial" in vaes and "vaswani2017attention" not in vaes
    result = cli("bib", "--topic", "vae", "-o", "refs.bib")
    assert result.out == "" and "entries written to refs.bib" in result.err
    assert list(parse((course_ws / "refs.bib").read_text("utf-8"))) == list(vaes)
    unknown = cli("bib", "nosuchkey")
    assert unknown.code == 2 and "no reading 'nosuchkey'" in unknown.err


def test_reviewed_gives_the_readings_with_a_final_review(course_ws: Path, cli: Any) -> None:
    for key, status in (("vaswani2017attention", "final"), ("doersch2016tutorial", "draft")):
        (course_ws / "reviews" / f"{key}.md").write_text(
            f"---\nreading: {key}\nstudent: Ada Lovelace\nstatus: {status}\n"
            + (f"submitted: {FIXED_NOW}\n" if status == "final" else "")
            + "---\nA review.\n", encoding="utf-8")
    assert list(parse(cli("bib", "--reviewed").out)) == ["vaswani2017attention"]


def test_arxiv_primary_class_from_the_cache(course_ws: Path, cli: Any, fake_arxiv: Any) -> None:
    assert "primaryclass" not in cli("bib", "vaswani2017attention").out
    assert cli("fetch", "vaswani2017attention").code == 0
    entry = parse(cli("bib", "vaswani2017attention").out)["vaswani2017attention"]
    assert entry["primaryclass"] and entry["archiveprefix"] == "arXiv"


def test_ascii_escapes(course_ws: Path, cli: Any) -> None:
    text = cli("bib", "--ascii").out
    assert text.isascii()
    assert r"van Merri{\"{e}}nboer, Bart" in text
    utf8 = cli("bib").out
    assert "van Merriënboer, Bart" in utf8


def test_protect_capitals() -> None:
    assert protect_capitals("BERT: Pre-training of Deep Bidirectional Transformers") == \
        "{BERT}: Pre-training of Deep Bidirectional Transformers"
    assert protect_capitals("Generative adversarial nets for ImageNet and GANs") == \
        "Generative adversarial nets for {ImageNet} and {GANs}"
    # Sentence case: a capital after the first word is a name.
    assert protect_capitals("Learning to see with Gaussian processes in Paris") == \
        "Learning to see with {Gaussian} processes in {Paris}"
    assert protect_capitals("Already {protected} and $\\beta$-VAE math") == \
        "Already {protected} and $\\beta$-{VAE} math"
    assert protect_capitals("\\emph{Attention} Is All You Need") == \
        "\\emph{Attention} Is All You Need"


def test_to_ascii() -> None:
    assert to_ascii("Schölkopf – Łukasz, Aäron, ß, β") == \
        'Sch{\\"{o}}lkopf -- {\\L}ukasz, A{\\"{a}}ron, {\\ss}, $\\beta$'


def test_entries_a_style_would_warn_about_become_misc() -> None:
    text = clean_entry("article", "x", {"title": "T", "author": "A, B", "year": "2020",
                                        "topic": "t", "note": "n"})
    assert text.startswith("@misc{x,") and "topic" not in text and "note" not in text
    blog = clean_entry("online", "y", {"title": "A Post", "url": "https://e.org",
                                       "howpublished": "Blog"})
    assert blog.startswith("@misc{y,") and "key" in blog  # no author: sorted by key


def test_bibtex_plain_runs_without_warnings(course_ws: Path, cli: Any, tmp_path: Path) -> None:
    if shutil.which("bibtex") is None or shutil.which("kpsewhich") is None:
        pytest.skip("bibtex is not installed (Debian: apt-get install texlive-binaries "
                    "texlive-base)")
    if not subprocess.run(["kpsewhich", "plain.bst"], capture_output=True,
                          text=True).stdout.strip():
        pytest.skip("plain.bst is not installed (Debian: texlive-base)")
    for flag in ([], ["--ascii"]):
        folder = tmp_path / ("ascii" if flag else "utf8")
        folder.mkdir()
        assert cli("bib", *flag, "-o", str(folder / "refs.bib")).code == 0
        (folder / "t.aux").write_text("\\relax\n\\citation{*}\n\\bibstyle{plain}\n"
                                      "\\bibdata{refs}\n", encoding="ascii")
        run = subprocess.run(["bibtex", "t"], cwd=folder, capture_output=True, text=True,
                             timeout=60)
        log = (folder / "t.blg").read_text(encoding="utf-8", errors="replace")
        assert run.returncode == 0, log
        assert "Warning" not in log and "error" not in log.lower(), log
        assert len(re.findall(r"\\bibitem", (folder / "t.bbl").read_text("utf-8"))) == 49
