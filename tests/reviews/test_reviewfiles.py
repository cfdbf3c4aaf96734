"""Review files: safe names, atomic saves that survive SIGKILL, changes on disk kept."""

from __future__ import annotations

import json
import os
import random
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paperdesk.adapters.reviewfiles import (
    check_key,
    current_token,
    read_review_file,
    remove_stale_temporaries,
    review_file,
    review_files,
    write_review_file,
)
from paperdesk.core.errors import ReviewConflictError, ReviewError

HOSTILE = ["../x", "..", "/etc/passwd", "a/b", "a\\b", ".hidden", "x\0y", "a..b", "-rf",
           "C:evil", "/abs", "con", "x\x1b[2Jy", "DBLP:conf/nips/VaswaniSPUJGKP17",
           "O'Keeffe_1962", "baez/article", "a%2Fb"]


@pytest.mark.parametrize("key", HOSTILE)
def test_any_key_names_a_file_inside_reviews_and_back(key: str, tmp_path: Path) -> None:
    from paperdesk.core.keyfiles import key_stem, names_key, stem_key

    folder = tmp_path / "reviews"
    folder.mkdir()
    path = review_file(folder, key)
    assert path.parent == folder and not path.name.startswith(".")
    assert not any(c in path.name for c in '/\\:*?"<>|\0\x1b')
    assert stem_key(key_stem(key)) == key and names_key(path.name, key)
    write_review_file(path, "---\nreading: k\n---\n", None)
    assert [p.name for p in review_files(folder)] == [path.name]
    assert list(tmp_path.iterdir()) == [folder]


@pytest.mark.parametrize("key", ["", "x" * 300])
def test_a_key_that_cannot_name_a_file_is_refused_before_any_file_is_touched(
        key: str, tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match=r"cannot name a file|too long to name a file"):
        review_file(tmp_path / "reviews", key)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key", ["vaswani2017attention", "Schölkopf2019", "a.b+c-d_e", "2103.1"])
def test_plain_citekeys_are_file_names_as_they_are(key: str, tmp_path: Path) -> None:
    assert check_key(key) == key
    assert review_file(tmp_path, key) == tmp_path / f"{key}.md"


def test_a_review_named_before_keys_were_encoded_is_still_found(tmp_path: Path) -> None:
    assert review_file(tmp_path, "vaswani:2017") == tmp_path / "vaswani%3A2017.md"
    (tmp_path / "vaswani:2017.md").write_text("old", encoding="utf-8")
    assert review_file(tmp_path, "vaswani:2017") == tmp_path / "vaswani:2017.md"


def test_only_visible_markdown_files_are_reviews(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", ".a.md.1234.tmp", ".hidden.md", "README.md", "a.pdf"):
        (tmp_path / name).write_text("x")
    (tmp_path / "folder.md").mkdir()
    assert [p.name for p in review_files(tmp_path)] == ["a.md", "b.md"]


def test_save_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    token = write_review_file(path, "first\n", None)
    os.chmod(path, 0o640)
    token = write_review_file(path, "second\n", token)
    assert path.read_text() == "second\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert token == current_token(path)
    assert [p.name for p in tmp_path.iterdir()] == ["k.md"]  # no temporary left behind


def test_a_file_changed_on_disk_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    write_review_file(path, "mine\n", None)
    _text, token = read_review_file(path)
    path.write_text("edited in another editor\n")  # same size or not, the hash tells
    with pytest.raises(ReviewConflictError) as info:
        write_review_file(path, "mine, edited\n", token, "reviews/k.md")
    assert str(info.value).startswith("reviews/k.md: changed on disk since it was loaded")
    assert path.read_text() == "edited in another editor\n"


def test_an_edit_of_the_same_size_within_the_same_instant_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    token = write_review_file(path, "aaaa\n", None)
    mtime = path.stat().st_mtime_ns
    path.write_text("bbbb\n")
    os.utime(path, ns=(mtime, mtime))  # size and mtime unchanged: only the content differs
    with pytest.raises(ReviewConflictError):
        write_review_file(path, "cccc\n", token)
    assert path.read_text() == "bbbb\n"


def test_a_file_created_or_deleted_meanwhile_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    path.write_text("someone else's\n")
    with pytest.raises(ReviewConflictError, match="was created"):
        write_review_file(path, "new\n", None)
    _text, token = read_review_file(path)
    path.unlink()
    with pytest.raises(ReviewConflictError, match="was deleted"):
        write_review_file(path, "new\n", token)
    assert not path.exists()


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    path.write_bytes(b"---\nreading: k\n---\nfine\nbad \xff byte\n")
    with pytest.raises(ReviewError) as info:
        read_review_file(path, "reviews/k.md")
    assert str(info.value).startswith("reviews/k.md:5: is not valid UTF-8 (byte 0xff)")


def test_missing_and_folder_and_huge_files_are_errors(tmp_path: Path) -> None:
    with pytest.raises(ReviewError, match="no such review file"):
        read_review_file(tmp_path / "none.md")
    (tmp_path / "dir.md").mkdir()
    with pytest.raises(ReviewError, match="is a folder"):
        read_review_file(tmp_path / "dir.md")
    (tmp_path / "big.md").write_bytes(b"x" * (2 * 1024 * 1024))
    with pytest.raises(ReviewError, match="at most"):
        read_review_file(tmp_path / "big.md")


def test_stale_temporaries_are_removed(tmp_path: Path) -> None:
    old = tmp_path / ".k.md.abcd1234.tmp"
    fresh = tmp_path / ".k.md.ffff0000.tmp"
    old.write_text("half")
    fresh.write_text("half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert remove_stale_temporaries(tmp_path) == 1
    assert fresh.exists() and not old.exists()


# The process that forks the savers: a small interpreter with only the review files' module
# loaded, so each fork copies a few megabytes of it rather than pytest's hundreds (and each
# killed child tears down as little). Per line read (which text first, the delay before the
# kill): fork a child that saves the two texts in turn as fast as it can, wait until it has
# begun, sleep the delay, SIGKILL it, reap it, and print its wait status.
KILLER = """
import json, os, signal, sys, time
from pathlib import Path
from paperdesk.adapters.reviewfiles import current_token, write_review_file
path = Path(sys.argv[1])
# what a save imports on first use, imported once here rather than in every child
import contextlib, hashlib, paperdesk.core.readable
both = json.loads(sys.stdin.readline())
for line in sys.stdin:
    first, delay = line.split()
    texts = both if first == "0" else both[::-1]
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: save until killed
        try:
            os.close(ready_r)
            token = current_token(path)
            os.write(ready_w, b"!")
            n = 0
            while True:
                token = write_review_file(path, texts[n % 2], token)
                n += 1
        finally:
            os._exit(1)
    os.close(ready_w)
    os.read(ready_r, 1)
    os.close(ready_r)
    time.sleep(float(delay))
    os.kill(pid, signal.SIGKILL)
    print(os.waitpid(pid, 0)[1], flush=True)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_sigkill_during_saves_leaves_the_old_or_the_new_text(tmp_path: Path) -> None:
    path = tmp_path / "k.md"
    # Big enough that a kill often lands inside a write, small enough to stay fast.
    old = "---\nreading: k\nstatus: draft\n---\n" + "old words. " * 6000 + "\n"
    new = "---\nreading: k\nstatus: draft\n---\n" + "new words! " * 6000 + "\n"
    write_review_file(path, old, None)
    rng = random.Random(20210421)
    seen: set[str] = set()
    kills = 0
    killer = subprocess.Popen([sys.executable, "-c", KILLER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    assert killer.stdin is not None and killer.stdout is not None
    try:
        killer.stdin.write(json.dumps([new, old]) + "\n")
        # At least 120 kills, and on until both texts were seen whole and a kill landed inside
        # a save: under load a child may be killed before its first save ends, so the count of
        # kills that do either is not known in advance (each child starts with the other text,
        # so any save it ends changes the file).
        while kills < 120 or seen != {old, new} or not list(tmp_path.glob(".k.md.*.tmp")):
            assert kills < 3000, f"after {kills} kills: {len(seen)} texts seen whole, " \
                f"{len(list(tmp_path.glob('.k.md.*.tmp')))} kills inside a save"
            # (new, old) first on even kills, (old, new) on odd ones
            killer.stdin.write(f"{kills % 2} {rng.uniform(0, 0.006)!r}\n")
            killer.stdin.flush()
            status = int(killer.stdout.readline())
            kills += 1
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
            text = path.read_text(encoding="utf-8")
            assert text in (old, new), f"torn file: {len(text)} characters"
            seen.add(text)
    finally:
        killer.stdin.close()
        assert killer.wait(timeout=60) == 0
    # Each temporary left behind is a kill that landed inside a save (about half of them);
    # they are hidden, never taken for reviews.
    assert [p.name for p in review_files(tmp_path)] == ["k.md"]


def test_old_temporaries_go_when_reviews_are_loaded(course_ws: Path) -> None:
    """A kill during a save leaves ``.KEY.md.*.tmp``: the next load of a review or of the
    reviews folder (status, export) removes those older than an hour, never a fresh one."""
    import os
    import time

    from paperdesk.services.context import Context
    from paperdesk.services.reviews import create_review, load_review, save_review, scan_reviews

    key = "vaswani2017attention"
    new = create_review(Context.discover(), key)
    save_review(Context.discover(), new, new.text + "Written.\n")  # a new review has no file
    folder = course_ws / "reviews"
    old, fresh = folder / f".{key}.md.0badf00d.tmp", folder / f".{key}.md.1234abcd.tmp"
    for path in (old, fresh):
        path.write_text("half a save", encoding="utf-8")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    load_review(Context.discover(), key)
    assert not old.exists() and fresh.exists()
    os.utime(fresh, (hours_ago, hours_ago))
    scan_reviews(Context.discover())
    assert not fresh.exists()
