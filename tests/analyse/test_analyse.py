"""analyse(): the same tables as the direct functions, whatever the route, and a cache that is never stale."""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import troopwatch as tw
from troopwatch import digests
from troopwatch.analyse import cache, run
from troopwatch.extract.framing import frame_scores, load_codebook

TEXTS = {
    "a": "Posted on\n\nOver 100,000 troops massed, officials said. \"We will not invade,\" Mr Peskov said.",
    "b": "Nothing here speaks of soldiers at all.",
    "c": "Russia pulled back 10,000 troops.\n\nAnalysts doubted it, Reuters reported.",
}


def direct(corpus: tw.Corpus, codebook: object = None) -> dict[str, pd.DataFrame]:
    return {"troop_mentions": tw.troop_mentions(corpus), "attributions": tw.attributions(corpus),
            "frame_hits": frame_scores(corpus, codebook), "sentiment": tw.sentiment(corpus.sentences)}


def assert_same(analysis: tw.Analysis, expected: dict[str, pd.DataFrame]) -> None:
    for table, frame in expected.items():
        assert_frame_equal(getattr(analysis, table), frame)
        assert getattr(analysis, table).attrs == frame.attrs


@pytest.fixture
def small() -> tw.Corpus:
    return tw.corpus_from_texts(TEXTS, outlet=["A", "B", "C"], published="2022-02-15")


def test_cold_and_warm_runs_equal_the_direct_functions(seed_corpus: tw.Corpus, tmp_path: Path) -> None:
    cold = tw.analyse(seed_corpus, cache_dir=tmp_path, workers=1)
    assert sorted(cold.analysed) == sorted(seed_corpus.articles["article_id"])
    warm = tw.analyse(seed_corpus, cache_dir=tmp_path, workers=1)
    assert warm.analysed == ()
    expected = direct(seed_corpus)
    assert_same(cold, expected)
    assert_same(warm, expected)


def test_corpus_from_texts_and_tables_with_no_rows(small: tw.Corpus, tmp_path: Path) -> None:
    assert_same(tw.analyse(small, cache_dir=tmp_path), direct(small))
    assert_same(tw.analyse(small, cache_dir=tmp_path), direct(small))
    quiet = tw.corpus_from_texts(["Nothing at all."])
    assert_same(tw.analyse(quiet, cache_dir=tmp_path), direct(quiet))


def test_a_changed_article_is_the_only_one_analysed_again(small: tw.Corpus, tmp_path: Path) -> None:
    tw.analyse(small, cache_dir=tmp_path)
    changed = tw.corpus_from_texts({**TEXTS, "b": "Some 5,000 soldiers left, the ministry said."},
                                   outlet=["A", "B", "C"], published="2022-02-15")
    again = tw.analyse(changed, cache_dir=tmp_path)
    assert again.analysed == ("b",)
    assert_same(again, direct(changed))
    assert tw.analyse(small.select(outlets=["A", "C"]), cache_dir=tmp_path).analysed == ()


def test_a_changed_codebook_is_never_served_from_the_cache(small: tw.Corpus, tmp_path: Path) -> None:
    tw.analyse(small, cache_dir=tmp_path)
    shipped = Path(tw.__file__).parent / "extract" / "resources" / "frames.yaml"
    edited = tmp_path / "frames.yaml"
    edited.write_text(shipped.read_text("utf-8").replace(r"'\binvasion\b'", r"'\b(?:invasion|soldiers)\b'"), encoding="utf-8")
    assert shipped.read_text("utf-8") != edited.read_text("utf-8")
    again = tw.analyse(small, codebook=edited, cache_dir=tmp_path)
    assert sorted(again.analysed) == ["a", "b", "c"]
    assert_same(again, direct(small, load_codebook(edited)))
    assert "soldiers" in again.frame_hits["matched"].tolist()


def test_changed_code_or_resources_are_never_served_from_the_cache(small: tw.Corpus, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    tw.analyse(small, cache_dir=tmp_path)
    # a copy of the package with one resource changed has another digest …
    copy = tmp_path / "package"
    for path in digests.PACKAGE_DIR.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            (copy / path.relative_to(digests.PACKAGE_DIR)).parent.mkdir(parents=True, exist_ok=True)
            (copy / path.relative_to(digests.PACKAGE_DIR)).write_bytes(path.read_bytes())
    assert digests.tree_digest(copy) == digests.tree_digest(digests.PACKAGE_DIR)
    with (copy / "extract" / "resources" / "actors.csv").open("a", encoding="utf-8") as actors:
        actors.write("Mr Example,analyst\n")
    changed = digests.tree_digest(copy)
    assert changed != digests.tree_digest(digests.PACKAGE_DIR)
    # … and the library running with it re-analyses every article
    monkeypatch.setattr(cache, "library_digest", lambda: changed)
    assert sorted(tw.analyse(small, cache_dir=tmp_path).analysed) == ["a", "b", "c"]


def test_the_analyses_of_a_chunk_find_the_attributions_once(seed_corpus: tw.Corpus,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from troopwatch.extract import sources, troops

    calls = []
    found = sources._corpus_attribution_records

    def counted(*args: object) -> object:
        calls.append(args)
        return found(*args)

    monkeypatch.setattr(sources, "_corpus_attribution_records", counted)
    monkeypatch.setattr(troops, "_corpus_attribution_records", counted)
    tables = run._analyses(seed_corpus, load_codebook())
    assert len(calls) == 1
    assert_frame_equal(tables["troop_mentions"], tw.troop_mentions(seed_corpus))


def test_process_pool_gives_the_same_rows(seed_corpus: tw.Corpus, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run, "MIN_PARALLEL", 1)
    monkeypatch.setattr(run, "MAX_CHUNK", 1)
    assert_same(tw.analyse(seed_corpus, cache_dir=tmp_path, workers=2), direct(seed_corpus))
    # each worker wrote its chunk's segment: one per article here, and a warm read serves them all
    assert len(list((tmp_path / "segments").iterdir())) == len(seed_corpus.articles)
    warm = tw.analyse(seed_corpus, cache_dir=tmp_path, workers=2)
    assert warm.analysed == ()
    assert_same(warm, direct(seed_corpus))


def test_dask_cluster_gives_the_same_rows(seed_corpus: tw.Corpus, tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    in_process = tw.analyse(seed_corpus, cache_dir=tmp_path / "local", workers=1)
    with warnings.catch_warnings():
        # distributed may warn about its own start-up and shutdown (ports, leaked semaphores); not ours
        warnings.simplefilter("ignore", ResourceWarning)
        warnings.filterwarnings("ignore", module="distributed")
        # threads, not processes: worker processes need a __main__ guard and the port checks here are flaky;
        # with processes=False the scheduler and workers talk in-process (inproc://), with no network at all
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                      dashboard_address=None) as cluster:
            with distributed.Client(cluster) as client:
                on_dask = tw.analyse(seed_corpus, cache_dir=tmp_path / "dask", scheduler=client)
            by_address = tw.analyse(seed_corpus, cache_dir=tmp_path / "address", scheduler=cluster.scheduler_address)
    assert sorted(on_dask.analysed) == sorted(in_process.analysed)
    for table in cache.TABLES:
        assert_frame_equal(getattr(on_dask, table), getattr(in_process, table))
        assert_frame_equal(getattr(by_address, table), getattr(in_process, table))


def test_progress_bar_only_when_asked_or_large(small: tw.Corpus, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    tw.analyse(small, cache_dir=tmp_path / "quiet", progress=False)
    tw.analyse(small, cache_dir=tmp_path / "default")
    assert capsys.readouterr().err == ""
    tw.analyse(small, cache_dir=tmp_path / "shown", progress=True)
    assert "3/3" in capsys.readouterr().err


def test_unfinished_segments_are_ignored_and_workers_are_checked(small: tw.Corpus, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "segments" / ".tmp-crashed").mkdir(parents=True)
    (tmp_path / "segments" / ".tmp-crashed" / "keys.parquet").write_text("half written")
    assert_same(tw.analyse(small, cache_dir=tmp_path), direct(small))
    monkeypatch.setenv("TROOPWATCH_WORKERS", "many")
    with pytest.raises(tw.ParameterError, match="TROOPWATCH_WORKERS"):
        tw.analyse(small, cache_dir=tmp_path / "other")
    monkeypatch.setenv("TROOPWATCH_CACHE_DIR", str(tmp_path / "env"))
    assert cache.default_cache_dir() == tmp_path / "env" / "analysis"
