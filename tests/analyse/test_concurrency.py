"""Two reports filling the analysis cache at once: whole segments only, and the same tables after."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import troopwatch as tw
from troopwatch.analyse import cache

TEXTS = {
    "a": 'Over 100,000 troops massed, officials said. "We will not invade," Mr Peskov said.',
    "b": "Nothing here speaks of soldiers at all.",
    "c": "Russia pulled back 10,000 troops.\n\nAnalysts doubted it, Reuters reported.",
}


def corpus() -> tw.Corpus:
    return tw.corpus_from_texts(TEXTS, outlet=["A", "B", "C"], published="2022-02-15")


def _analyse_together(barrier: Any, folder: Path, results: Any) -> None:
    """In a child process: look the articles up, wait for the other child to have done so too, then analyse."""
    lookup = cache.lookup

    def lookup_then_wait(where: Path, keys: Any) -> dict[str, Path]:
        found = lookup(where, keys)
        barrier.wait()
        return found

    cache.lookup = lookup_then_wait  # this child's own copy of the module
    results.put(sorted(tw.analyse(corpus(), cache_dir=folder, workers=1).analysed))


def test_two_processes_analysing_the_same_articles_at_once(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    children = [context.Process(target=_analyse_together, args=(barrier, tmp_path, results)) for _ in range(2)]
    for child in children:
        child.start()
    for child in children:
        child.join(timeout=120)
    assert [child.exitcode for child in children] == [0, 0]
    assert [results.get(timeout=5), results.get(timeout=5)] == [["a", "b", "c"], ["a", "b", "c"]]
    segments = sorted((tmp_path / "segments").iterdir())
    assert len(segments) == 2 and not any(path.name.startswith(".") for path in segments)
    warm = tw.analyse(corpus(), cache_dir=tmp_path)  # every article is in both segments: read once
    assert warm.analysed == ()
    expected = {
        "troop_mentions": tw.troop_mentions(corpus()),
        "attributions": tw.attributions(corpus()),
        "frame_hits": tw.frame_scores(corpus()),
        "sentiment": tw.sentiment(corpus().sentences),
    }
    for table, frame in expected.items():
        assert_frame_equal(getattr(warm, table), frame)


def test_a_segment_is_invisible_until_it_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = cache.article_keys(corpus().articles, corpus().sentences, "salt")
    seen: list[tuple[dict[str, Path], list[str]]] = []
    rename = os.replace

    def look_then_rename(source: Path, target: Path) -> None:
        seen.append((cache.lookup(tmp_path, keys), sorted(path.name for path in Path(source).iterdir())))
        rename(source, target)

    monkeypatch.setattr(cache.os, "replace", look_then_rename)
    piece = pd.DataFrame({"article_id": ["a"], "n": [1], cache.KEY_COLUMN: [keys["a"]]})
    segment = cache.write(tmp_path, keys.tolist(), {"troop_mentions": [piece]})
    assert seen == [({}, ["keys.parquet", "troop_mentions.parquet"])]
    assert cache.lookup(tmp_path, keys) == dict.fromkeys(keys, segment)
    assert cache.read(cache.lookup(tmp_path, keys), "troop_mentions")[0]["n"].tolist() == [1]
