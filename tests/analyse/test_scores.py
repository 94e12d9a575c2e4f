"""Sentence sentiment and sentiment groups from the analysis: exactly what the direct functions give."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import troopwatch as tw
import troopwatch.measure.sentiment as measure_sentiment
from troopwatch.analyse import scores

TEXTS = {
    "a": 'Over 100,000 troops massed, officials said. "We will not invade," Mr Peskov said.',
    "b": "A terrible war looms, analysts warned.",
    "c": "Russia pulled back 10,000 troops, a welcome sign of calm.",
}


def corpus_of(texts: dict[str, str]) -> tw.Corpus:
    return tw.corpus_from_texts(texts, outlet=["A", "B", "C"], published="2022-02-15")


def assert_same(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert_frame_equal(found, expected)
    assert found.attrs == expected.attrs


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The article ids of every batch of sentences scored by sentence_sentiment from now on."""
    batches: list[list[str]] = []
    direct = scores.sentiment

    def spy(sentences: pd.DataFrame, *args: object) -> pd.DataFrame:
        batches.append(sorted(set(sentences["article_id"])))
        return direct(sentences, *args)

    monkeypatch.setattr(scores, "sentiment", spy)
    return batches


def test_calibrated_scores_cold_and_warm_equal_the_direct_function(
    seed_corpus: tw.Corpus, tmp_path: Path, scored: list[list[str]]
) -> None:
    expected = tw.sentiment(seed_corpus.sentences, method="calibrated")
    assert_same(tw.sentence_sentiment(seed_corpus, method="calibrated", cache_dir=tmp_path), expected)
    assert_same(tw.sentence_sentiment(seed_corpus, method="calibrated", cache_dir=tmp_path), expected)
    assert scored == [sorted(seed_corpus.articles["article_id"])]
    some = seed_corpus.select(outlets=sorted(seed_corpus.articles["outlet"])[:2])
    assert_same(
        tw.sentence_sentiment(some, method="calibrated", cache_dir=tmp_path),
        tw.sentiment(some.sentences, method="calibrated"),
    )
    assert len(scored) == 1


def test_a_changed_article_is_the_only_one_scored_again(tmp_path: Path, scored: list[list[str]]) -> None:
    overrides = {"terrible": 0.0}
    tw.sentence_sentiment(corpus_of(TEXTS), lexicon_overrides=overrides, cache_dir=tmp_path)
    changed = corpus_of({**TEXTS, "b": "A wonderful peace, analysts said."})
    again = tw.sentence_sentiment(changed, lexicon_overrides=overrides, cache_dir=tmp_path)
    assert scored == [["a", "b", "c"], ["b"]]
    assert_same(again, tw.sentiment(changed.sentences, lexicon_overrides=overrides))


def test_other_overrides_or_another_method_are_never_served_from_the_cache(
    tmp_path: Path, scored: list[list[str]]
) -> None:
    corpus = corpus_of(TEXTS)
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("term,valence\nterrible,0\n", encoding="utf-8")
    tones = []
    for lexicon in ({"terrible": 0.0}, overrides, {"terrible": -3.5}):
        found = tw.sentence_sentiment(corpus, lexicon_overrides=lexicon, cache_dir=tmp_path)
        assert_same(found, tw.sentiment(corpus.sentences, lexicon_overrides=lexicon))
        tones.append(found.loc[found["article_id"] == "b", "compound"].item())
    assert tones[0] == tones[1] != tones[2]
    assert len(scored) == 2  # the file holds the same overrides as the first dict
    tw.sentence_sentiment(corpus, method="calibrated", lexicon_overrides={"terrible": 0.0}, cache_dir=tmp_path)
    assert len(scored) == 3


def test_plain_vader_is_the_analysis_table(tmp_path: Path, scored: list[list[str]]) -> None:
    corpus = corpus_of(TEXTS)
    analysis = tw.analyse(corpus, cache_dir=tmp_path)
    assert tw.sentence_sentiment(corpus, analysis=analysis) is analysis.sentiment
    assert_same(tw.sentence_sentiment(corpus, cache_dir=tmp_path), tw.sentiment(corpus.sentences))
    assert scored == []
    with pytest.raises(tw.ParameterError, match=r"^method='vadr' is not valid; choose one of 'vader', 'calibrated'$"):
        tw.sentence_sentiment(corpus, method="vadr")


@pytest.mark.parametrize("group_by", ["speaker_group", "frame"])
def test_attach_groups_takes_the_analysis_tables_instead_of_computing_them(
    seed_corpus: tw.Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, group_by: str
) -> None:
    analysis = tw.analyse(seed_corpus, cache_dir=tmp_path)
    expected = tw.attach_groups(analysis.sentiment, seed_corpus, group_by)

    def never(*args: object) -> pd.DataFrame:
        raise AssertionError("computed again")

    monkeypatch.setattr(measure_sentiment, "attributions", never)
    monkeypatch.setattr(measure_sentiment, "frame_scores", never)
    grouped = tw.attach_groups(
        analysis.sentiment, seed_corpus, group_by, found=analysis.attributions, hits=analysis.frame_hits
    )
    assert_same(grouped, expected)
    none = tw.attach_groups(
        analysis.sentiment,
        seed_corpus,
        group_by,
        found=analysis.attributions.iloc[:0],
        hits=analysis.frame_hits.iloc[:0],
    )
    assert set(none["group"]) == {"outlet" if group_by == "speaker_group" else "no frame"}
