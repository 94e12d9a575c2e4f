"""Stored tables: a warm read is the cold computation exactly, and any change to an input recomputes it."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import troopwatch as tw
from troopwatch.analyse import cache, stored
from troopwatch.measure import evaluation

GOLD_LIKE = (
    "case_id,text,speaker,speaker_group,anonymous,direct,cue\n"
    "a001,Kremlin spokesman Dmitry Peskov said the drills were over.,Kremlin spokesman Dmitry Peskov,"
    "russian_official,0,0,said\n"
    "a002,The Pentagon said it saw no sign of a withdrawal.,The Pentagon,western_official,0,0,said\n"
)


@pytest.fixture
def gold_like(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """Two two-passage attribution sets in a temporary folder, standing in for the gold and blind data."""
    folders = {"gold (development)": tmp_path / "gold", "blind (held out)": tmp_path / "blind"}
    for folder in folders.values():
        folder.mkdir()
        (folder / "attributions.csv").write_text(GOLD_LIKE, encoding="utf-8")
    monkeypatch.setattr(evaluation, "EVALUATION_DATA", folders)
    return folders


def measure(table: pd.DataFrame, data: str, name: str) -> list[object]:
    row = table[(table["data"] == data) & (table["measure"] == name)]
    return row[["rows", "n", "score", "met"]].values.tolist()


def never(name: str) -> pd.DataFrame:
    raise AssertionError(f"{name} was computed again instead of read")


def test_a_warm_read_is_the_cold_computation_exactly_and_computes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = tw.accuracy_table("attributions", cache_dir=tmp_path)
    assert_frame_equal(cold, evaluation.accuracy_table("attributions"))
    monkeypatch.setattr(evaluation, "accuracy_table", never)
    warm = tw.accuracy_table("attributions", cache_dir=tmp_path)
    assert_frame_equal(warm, cold)
    assert [path.name.split("-")[:2] for path in (tmp_path / "tables").iterdir()] == [["accuracy", "attributions"]]


def test_a_changed_gold_file_is_computed_again(gold_like: dict[str, Path], tmp_path: Path) -> None:
    before = tw.accuracy_table("attributions", cache_dir=tmp_path)
    assert measure(before, "gold (development)", "group accuracy") == [["all", 2, "1.000", "yes"]]
    gold = gold_like["gold (development)"] / "attributions.csv"
    gold.write_text(GOLD_LIKE.replace("russian_official", "ukrainian_official"), encoding="utf-8")
    after = tw.accuracy_table("attributions", cache_dir=tmp_path)
    assert measure(after, "gold (development)", "group accuracy") == [["all", 2, "0.500", "no"]]
    assert measure(after, "blind (held out)", "group accuracy") == [["all", 2, "1.000", "yes"]]
    assert_frame_equal(after, evaluation.accuracy_table("attributions"))


def test_a_new_disputed_list_is_computed_again(gold_like: dict[str, Path], tmp_path: Path) -> None:
    assert set(tw.accuracy_table("attributions", cache_dir=tmp_path)["rows"]) == {"all"}
    (gold_like["gold (development)"] / "DISPUTED.md").write_text("| case | rule |\n|---|---|\n| a002 | cue |\n")
    again = tw.accuracy_table("attributions", cache_dir=tmp_path)
    assert measure(again, "gold (development)", "speaker recall") == [
        ["all", 2, "1.000", "yes"],
        ["undisputed", 1, "1.000", "yes"],
    ]
    assert measure(again, "blind (held out)", "speaker recall") == [["all", 2, "1.000", "yes"]]


def test_changed_code_is_computed_again(
    gold_like: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tw.accuracy_table("attributions", cache_dir=tmp_path)
    monkeypatch.setattr(cache, "library_digest", lambda: "other code")
    monkeypatch.setattr(evaluation, "accuracy_table", never)
    with pytest.raises(AssertionError, match="attributions was computed again instead of read"):
        tw.accuracy_table("attributions", cache_dir=tmp_path)


def test_a_damaged_file_is_computed_again_and_replaced(tmp_path: Path) -> None:
    first = stored.stored("demo", {}, lambda: pd.DataFrame({"n": [1]}), cache_dir=tmp_path)
    (path,) = (tmp_path / "tables").iterdir()
    path.write_bytes(path.read_bytes()[:10])
    again = stored.stored("demo", {}, lambda: pd.DataFrame({"n": [1]}), cache_dir=tmp_path)
    assert_frame_equal(again, first)
    assert_frame_equal(pd.read_pickle(path), first)


def _store_after_both_computed(barrier: Any, folder: Path, results: Any) -> None:
    def compute() -> pd.DataFrame:
        barrier.wait()  # both processes have computed before either writes
        return pd.DataFrame({"text": ["a", "b"], "n": [1, 2]})

    results.put(stored.stored("demo", {"input": "x"}, compute, cache_dir=folder).to_dict("list"))


def test_two_processes_storing_the_same_table_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_store_after_both_computed, args=(barrier, tmp_path, results)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert [worker.exitcode for worker in workers] == [0, 0]
    expected = {"text": ["a", "b"], "n": [1, 2]}
    assert [results.get(timeout=5), results.get(timeout=5)] == [expected, expected]
    (path,) = (tmp_path / "tables").iterdir()  # no temporary file left behind
    assert path.suffix == ".pkl" and pd.read_pickle(path).to_dict("list") == expected
