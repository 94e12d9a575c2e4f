"""The bench's synthetic corpora: deterministic, and what is planted comes back from tw.analyse."""

from pathlib import Path

import troopwatch as tw
from troopwatch.report.bench import Planted, planted_back, sizes_from_environment, synthetic_corpus


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_generator_is_deterministic_for_a_seed(tmp_path):
    first = synthetic_corpus(tmp_path / "a", 20, seed=3)
    second = synthetic_corpus(tmp_path / "b", 20, seed=3)
    assert first == second and files(tmp_path / "a") == files(tmp_path / "b")
    synthetic_corpus(tmp_path / "c", 20, seed=4)
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_planted_figures_speakers_and_frames_come_back_from_analyse(tmp_path):
    planted = synthetic_corpus(tmp_path / "corpus", 20, seed=0)
    corpus = tw.load_corpus(tmp_path / "corpus")
    assert len(corpus.articles) == 20 and len(corpus.rejects) == 0
    analysis = tw.analyse(corpus, cache_dir=tmp_path / "cache", workers=1, progress=False)
    assert planted_back(planted, analysis.troop_mentions, analysis.attributions, analysis.frame_hits) == []
    assert len(set(planted.troops.values())) > 10 and len(set(planted.speakers.values())) > 2
    assert set(planted.frames.values()) == {"invasion_threat", "diplomacy"}
    wrong = Planted({**planted.troops, "000000_synthetic": 1}, planted.speakers, planted.frames)
    assert planted_back(wrong, analysis.troop_mentions, analysis.attributions, analysis.frame_hits) == ["000000_synthetic"]


def test_bench_sizes_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("BENCH_SIZES", "200, 1000")
    assert sizes_from_environment() == [200, 1000]
    monkeypatch.setenv("BENCH_SIZES", "")
    assert sizes_from_environment() == []
    monkeypatch.delenv("BENCH_SIZES")
    assert sizes_from_environment() == [1000, 10000]
