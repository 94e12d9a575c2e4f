"""load_corpus reads many files in worker processes, and gives the same Corpus whatever their number.

Each load has a cache folder of its own, so that it reads the files instead of a kept corpus.
"""

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import troopwatch as tw
from troopwatch.corpus import load
from troopwatch.params import worker_count
from corpus_snapshots import edge_corpus, frames, read_snapshot, reprinted_corpus
from test_snapshots import assert_same_frames


class CountingPool(ProcessPoolExecutor):
    """A process pool that counts the pools started, to show which route a load took."""

    started = 0

    def __init__(self, *args, **kwargs):
        CountingPool.started += 1
        super().__init__(*args, **kwargs)


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> type[CountingPool]:
    CountingPool.started = 0
    monkeypatch.setattr(load, "ProcessPoolExecutor", CountingPool)
    return CountingPool


def test_one_worker_and_two_give_equal_frames_and_the_snapshot(
    tmp_path: Path, pools: type[CountingPool], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(load, "MIN_PARALLEL", 100)  # so that 350 files are read by processes, in 8 chunks
    folder = reprinted_corpus(tmp_path / "corpus")
    alone = tw.load_corpus(folder, workers=1, cache_dir=tmp_path / "kept-1")
    assert pools.started == 0
    in_pool = tw.load_corpus(folder, workers=2, cache_dir=tmp_path / "kept-2")
    assert pools.started == 1
    assert_same_frames(frames(in_pool), frames(alone))
    assert_same_frames(frames(in_pool), read_snapshot("reprinted_350"))


def test_rejects_and_removed_lines_come_back_from_the_workers(
    tmp_path: Path, pools: type[CountingPool], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(load, "MIN_PARALLEL", 1)
    corpus = tw.load_corpus(edge_corpus(tmp_path / "corpus"), workers=2, cache_dir=tmp_path / "kept-3")
    assert pools.started == 1
    assert_same_frames(frames(corpus), read_snapshot("edge"))


def test_few_files_or_the_environment_keep_the_work_in_process(
    tmp_path: Path, pools: type[CountingPool], monkeypatch: pytest.MonkeyPatch
):
    tw.load_corpus(edge_corpus(tmp_path / "corpus"), workers=2, cache_dir=tmp_path / "kept-4")
    monkeypatch.setattr(load, "MIN_PARALLEL", 1)
    monkeypatch.setenv("TROOPWATCH_WORKERS", "1")
    tw.load_corpus(tmp_path / "corpus", cache_dir=tmp_path / "kept-5")
    assert pools.started == 0


def test_worker_count_takes_the_argument_then_the_environment_then_the_cores(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TROOPWATCH_WORKERS", "3")
    assert (worker_count(2), worker_count(None)) == (2, 3)
    monkeypatch.delenv("TROOPWATCH_WORKERS")
    assert worker_count(None) >= 1


@pytest.mark.parametrize(
    "workers, setting, message",
    [
        (0, None, r"workers=0: use a whole number of processes, at least 1 \(1 runs in-process\)"),
        (True, None, r"workers=True: use a whole number"),
        ("2", None, r"workers='2': use a whole number"),
        (None, "many", r"TROOPWATCH_WORKERS='many' is not a whole number; set it to the number of processes"),
    ],
)
def test_bad_worker_counts_are_refused_before_any_file_is_read(
    workers: object, setting: str | None, message: str, monkeypatch: pytest.MonkeyPatch
):
    if setting is not None:
        monkeypatch.setenv("TROOPWATCH_WORKERS", setting)
    with pytest.raises(tw.ParameterError, match=message):
        tw.load_corpus("no/such/folder", workers=workers)
