"""Real citekeys end to end: DBLP's ``DBLP:conf/nips/VaswaniSPUJGKP17``, ``O'Keeffe_1962`` and
biblatex's ``baez/article`` are readings the student lists, reviews, submits, exports and hands
in, and the instructor collects: each review's file name is made from its key (core.keyfiles),
stays inside reviews/, and maps back to the key, which the front matter keeps as written."""

from __future__ import annotations

import json
import shlex
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from paperdesk.core.keyfiles import key_stem
from tests.collect.builders import COURSE_TOML, bib_text
from tests.conftest import CliResult

Cli = Callable[..., CliResult]
KEYS = ["DBLP:conf/nips/VaswaniSPUJGKP17", "O'Keeffe_1962", "baez/article"]
STEMS = ["DBLP%3Aconf%2Fnips%2FVaswaniSPUJGKP17", "O%27Keeffe_1962", "baez%2Farticle"]
BODY = "The paper asks a clear question and answers it well; the evidence convinces me.\n"


def _appender() -> str:
    code = f"import sys; open(sys.argv[1], 'a', encoding='utf-8').write({BODY!r})"
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(code)}"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ada"
    (root / "reviews").mkdir(parents=True)
    (root / "readings.bib").write_text(bib_text(KEYS), encoding="utf-8")
    (root / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(root))
    monkeypatch.setenv("PAPERDESK_NOW", "2021-04-10T12:00:00-05:00")
    monkeypatch.setenv("VISUAL", _appender())
    monkeypatch.chdir(root)
    return root


def test_real_keys_from_list_to_collect(ws: Path, tmp_path: Path, cli: Cli,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    assert [key_stem(k) for k in KEYS] == STEMS

    listed = cli("list", "--json")
    assert listed.code == 0, listed.err
    assert [r["key"] for r in json.loads(listed.out)] == KEYS

    for key, stem in zip(KEYS, STEMS, strict=True):
        assert cli("review", key).code == 0
        assert cli("submit", key).code == 0, key
        text = (ws / "reviews" / f"{stem}.md").read_text(encoding="utf-8")
        assert "status: final" in text and BODY in text
        assert any(line.startswith("reading: ") and key in line for line in text.splitlines())
        result = cli("export", key)
        assert result.code == 0, result.err
        assert (ws / "reviews" / f"{stem}.pdf").is_file()
    # Nothing outside reviews/, no folder made from a '/' in a key, nothing hidden.
    assert sorted(p.name for p in (ws / "reviews").iterdir()) == sorted(
        [f"{s}.md" for s in STEMS] + [f"{s}.pdf" for s in STEMS])
    assert sorted(p.name for p in ws.iterdir()) == [".paperdesk", "course.toml",
                                                    "readings.bib", "reviews"]

    status = json.loads(cli("status", "--json").out)
    assert sorted(status["batches"][0]["counted"]) == sorted(KEYS)

    result = cli("handin", "--batch", "1", "-o", str(tmp_path))
    assert result.code == 0, result.err
    [handin] = tmp_path.glob("*-batch-1.zip")
    with zipfile.ZipFile(handin) as zf:
        names = sorted(n.split("/", 1)[1] for n in zf.namelist())
        manifest = json.loads(zf.read(next(n for n in zf.namelist()
                                           if n.endswith("manifest.json"))))
    assert names == sorted(["manifest.json", "batch-1.pdf", *(f"{s}.md" for s in STEMS),
                            *(f"{s}.pdf" for s in STEMS)])
    assert sorted(r["reading"] for r in manifest["reviews"]) == sorted(KEYS)

    # The instructor, in a workspace with the same reading list, collects the zip.
    teacher = tmp_path / "teacher"
    teacher.mkdir()
    (teacher / "readings.bib").write_text(bib_text(KEYS), encoding="utf-8")
    (teacher / "course.toml").write_text(COURSE_TOML, encoding="utf-8")
    monkeypatch.setenv("PAPERDESK_WORKSPACE", str(teacher))
    monkeypatch.setenv("PAPERDESK_NOW", "2021-06-01T12:00:00-05:00")
    monkeypatch.chdir(teacher)
    result = cli("collect", str(handin), "--json")
    assert result.code == 0, result.err
    [student] = json.loads(result.out)["students"]
    assert student["points"] == 6 and student["problems"] == [], student["problems"]
    assert sorted(r["reading"] for r in student["reviews"]) == sorted(KEYS)
    assert all(r["outcome"] == "counted" and r["pdf_matches"] is True
               for r in student["reviews"])
    # The report names each review by its key alone: the file is the key's own.
    report = cli("collect", str(handin), "--markdown", "-")
    assert "DBLP:conf/nips/VaswaniSPUJGKP17 |" in report.out
    assert "O'Keeffe\\_1962 |" in report.out and "baez/article |" in report.out
    assert "%2F" not in report.out.split("## ")[1].split("Problems")[0]
