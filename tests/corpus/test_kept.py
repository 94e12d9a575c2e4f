"""A loaded corpus is kept and returned while nothing it is made from changes; any change rebuilds it."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import troopwatch as tw
from troopwatch.corpus import kept

from conftest import CORPUS, METADATA_HEADER, metadata_row


def assert_same_corpus(left: tw.Corpus, right: tw.Corpus) -> None:
    for name in ("articles", "paragraphs", "sentences", "removed", "rejects"):
        pd.testing.assert_frame_equal(getattr(left, name), getattr(right, name))


@pytest.fixture
def small(corpus_dir):
    return corpus_dir(
        {"a.txt": "Russia has massed 100,000 troops near Ukraine.\n", "b.txt": "Talks resumed in Geneva.\n"},
        METADATA_HEADER + metadata_row("a.txt") + metadata_row("b.txt", outlet="Other Outlet"),
    )


def test_a_kept_corpus_equals_a_fresh_one(tmp_path):
    first = tw.load_corpus(CORPUS, cache_dir=tmp_path)
    assert [path.suffix for path in tmp_path.iterdir()] == [".pkl"]
    assert_same_corpus(tw.load_corpus(CORPUS, cache_dir=tmp_path), first)
    assert_same_corpus(first, tw.load_corpus(CORPUS, cache_dir=tmp_path / "other"))


@pytest.mark.parametrize(
    "change",
    [
        lambda root: (root / "articles" / "a.txt").write_text("Russia has massed 90,000 troops.\n", "utf-8"),
        lambda root: (root / "metadata.csv").write_text(
            (root / "metadata.csv").read_text("utf-8").replace("Other Outlet", "Renamed Outlet"), "utf-8"
        ),
        lambda root: (root / "articles" / "c.md").write_text("notes", "utf-8"),
        lambda root: (root / "articles" / "b.txt").unlink(),
    ],
    ids=["article text", "metadata", "a new file", "a removed file"],
)
def test_any_change_to_the_files_gives_a_new_key_and_the_corpus_of_the_new_files(small, tmp_path, change):
    before_key = kept.corpus_key(small)
    tw.load_corpus(small, cache_dir=tmp_path / "kept")
    change(small)
    assert kept.corpus_key(small) != before_key
    assert_same_corpus(tw.load_corpus(small, cache_dir=tmp_path / "kept"), tw.load_corpus(small, cache_dir=tmp_path / "new"))


def test_a_changed_library_or_boilerplate_file_gives_a_new_key(small, tmp_path, monkeypatch):
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules: []\n", "utf-8")
    keys = {kept.corpus_key(small), kept.corpus_key(small, rules)}
    rules.write_text("rules: []\n# edited\n", "utf-8")
    keys.add(kept.corpus_key(small, rules))
    monkeypatch.setattr(kept, "package_digest", lambda: "another library")
    keys.add(kept.corpus_key(small))
    assert len(keys) == 4


def test_a_damaged_kept_file_is_built_again(small, tmp_path):
    fresh = tw.load_corpus(small, cache_dir=tmp_path)
    (tmp_path / f"{kept.corpus_key(small)}.pkl").write_bytes(b"not a pickle")
    assert_same_corpus(tw.load_corpus(small, cache_dir=tmp_path), fresh)


def test_reading_a_kept_corpus_imports_neither_nltk_nor_datasketch(tmp_path):
    tw.load_corpus(CORPUS, cache_dir=tmp_path)
    code = (
        "import json, sys, troopwatch as tw\n"
        f"corpus = tw.load_corpus({str(CORPUS)!r}, cache_dir={str(tmp_path)!r})\n"
        "print(json.dumps([len(corpus.articles), [m for m in ('nltk', 'datasketch', 'sklearn') if m in sys.modules]]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=os.environ)
    assert json.loads(result.stdout) == [5, []]
