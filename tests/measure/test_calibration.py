"""The honest validation of the calibrated model: splits, folds, ceilings, the direct solver, determinism."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge

from troopwatch.measure.calibration import (REPORT_COLUMNS, CalibratedSentiment, editorial_bootstrap, editorial_folds,
                                    fit_kernel_ridge, lexicon_features, load_nyt_ratings, nested_cross_validation,
                                    ngram_features, nyt_sentences, one_rater_vs_rest, spearman_brown,
                                    split_half_reliability, split_of, three_class, validity_report, vader_scores)
from troopwatch.measure.vader import analyzer


@pytest.fixture(scope="module")
def sentences() -> pd.DataFrame:
    return nyt_sentences(load_nyt_ratings())


@pytest.fixture(scope="module")
def small_dev(sentences) -> pd.DataFrame:
    """About 450 dev sentences: the dev editorials with the smallest ids (no test editorial)."""
    dev = sentences[sentences["split"] == "dev"]
    first = sorted(dev["editorial"].unique(), key=int)[:45]
    return dev[dev["editorial"].isin(first)].reset_index(drop=True)


def test_the_test_split_is_fixed_by_a_hash_of_the_editorial_id(sentences):
    assert [split_of(str(editorial)) for editorial in range(6, 11)] == ["dev", "dev", "test", "test", "dev"]
    assert (sentences.groupby("editorial")["split"].nunique() == 1).all()  # an editorial lies in one split
    counts = sentences.groupby("split").agg(n=("id", "size"), editorials=("editorial", "nunique"))
    assert counts.to_dict("index") == {"dev": {"n": 3925, "editorials": 387}, "test": {"n": 1194, "editorials": 111}}
    shuffled = nyt_sentences(load_nyt_ratings().sample(frac=1, random_state=3))  # the split depends on the id alone
    assert shuffled.set_index("editorial")["split"].groupby(level=0).first().equals(
        sentences.set_index("editorial")["split"].groupby(level=0).first())


def test_duplicate_texts_are_counted_once_keeping_the_first(sentences):
    ratings = load_nyt_ratings()
    assert len(ratings) == 5190 and ratings["text"].duplicated().sum() == 71
    assert len(sentences) == 5119 and sentences["text"].is_unique
    kept = sentences.set_index("id")
    assert "416_4" in kept.index and "416_8" not in kept.index  # "(America has a loving heart.)" twice
    assert (sentences["ratings"].map(len) == 20).all()


def test_no_editorial_is_in_two_folds(sentences):
    dev = sentences[sentences["split"] == "dev"]
    folds = editorial_folds(dev["editorial"].to_numpy(), 5)
    assert sorted(set(folds)) == [0, 1, 2, 3, 4]
    assert (pd.Series(folds).groupby(dev["editorial"].to_numpy()).nunique() == 1).all()
    assert np.array_equal(folds, editorial_folds(dev["editorial"].to_numpy(), 5))
    assert np.bincount(folds).min() > 700  # balanced


def test_spearman_brown_and_split_half_reliability_give_the_known_values():
    assert spearman_brown(0.5) == pytest.approx(2 / 3, abs=1e-15)
    assert spearman_brown(0.25, factor=4) == pytest.approx(0.5714285714285714, abs=1e-15)
    matrix = np.array([[1., 1., 2., 2.], [2., 3., 2., 3.], [4., 3., 4., 4.]])
    # halves (0, 1) and (2, 3): means (1, 2.5, 3.5) and (2, 2.5, 4); r = 87 / sqrt(114 * 78)
    expected = 2 * (87 / np.sqrt(8892)) / (1 + 87 / np.sqrt(8892))
    assert split_half_reliability(matrix, halves=[np.array([0, 1])]) == pytest.approx(expected, abs=1e-12)
    identical = np.repeat(np.array([[1.], [2.], [4.], [0.]]), 6, axis=1)
    assert split_half_reliability(identical) == pytest.approx(1.0, abs=1e-12)
    assert one_rater_vs_rest(identical) == pytest.approx(1.0, abs=1e-12)


def test_the_direct_solver_equals_sklearn_ridge_with_an_intercept():
    rng = np.random.default_rng(0)
    features, new = rng.normal(size=(40, 60)), rng.normal(size=(7, 60))  # more features than samples
    target = features[:, :3] @ np.array([1.0, -2.0, 0.5]) + 3.0 + rng.normal(scale=0.1, size=40)
    for alpha in (0.1, 3.0):
        dual, intercept = fit_kernel_ridge(features @ features.T, target, alpha)
        reference = Ridge(alpha=alpha, solver="svd").fit(features, target)
        assert new @ features.T @ dual + intercept == pytest.approx(reference.predict(new), abs=1e-10)
        assert features.T @ dual == pytest.approx(reference.coef_, abs=1e-10)
        assert intercept == pytest.approx(reference.intercept_, abs=1e-10)


def test_fitting_twice_gives_identical_predictions_and_primal_equals_dual(small_dev):
    texts, target = small_dev["text"].tolist()[:300], small_dev["human_mean"].to_numpy()[:300]
    vader = analyzer()
    dense = lexicon_features(texts, vader)
    first = CalibratedSentiment(alpha=3.0).fit(texts, target, vader, dense)
    second = CalibratedSentiment(alpha=3.0).fit(texts, target, vader, dense)
    new = small_dev["text"].tolist()[300:360]
    assert np.array_equal(first.predict(new, vader), second.predict(new, vader))
    words, characters = ngram_features(texts)
    new_words, new_characters = ngram_features(new)
    kernel = (new_words @ words.T + new_characters @ characters.T).toarray()
    dual_path = first._predict(lexicon_features(new, vader), kernel)
    assert first.predict(new, vader) == pytest.approx(dual_path, abs=1e-9)


def test_nested_grouped_cross_validation_beats_vader_on_dev_editorials(small_dev):
    texts, target = small_dev["text"].tolist(), small_dev["human_mean"].to_numpy()
    dense = lexicon_features(texts, analyzer())
    words, characters = ngram_features(texts)
    kernel = (words @ words.T + characters @ characters.T).toarray()
    folds, predicted, parameters = nested_cross_validation(dense, kernel, target, small_dev["editorial"].to_numpy())
    assert not np.isnan(predicted).any()
    assert len(parameters) == 5 and set(parameters["fold"]) == {"0", "1", "2", "3", "4"}
    assert np.corrcoef(predicted, target)[0, 1] > np.corrcoef(dense[:, 3], target)[0, 1] + 0.03


def test_vader_scores_of_several_lexicons_equal_nltks_polarity_scores(small_dev):
    plain = analyzer()
    other = analyzer({"war": 3.0, "good": -2.0})
    tricky = ["Not a good war, kind of BAD!!", "It was good, but the war was awful."]
    for text in small_dev["text"].tolist()[:40] + tricky:
        assert vader_scores([plain, other], text) == [plain.polarity_scores(text), other.polarity_scores(text)]


def test_the_report_is_tidy_and_its_intervals_are_seeded():
    rng = np.random.default_rng(1)
    truth = rng.normal(size=60)
    predictions = pd.DataFrame({"editorial": np.repeat([str(i) for i in range(12)], 5), "human_mean": truth,
                                "vader": truth + rng.normal(size=60),
                                "calibrated": truth + rng.normal(scale=0.5, size=60),
                                "split": ["dev"] * 40 + ["test"] * 20, "fold": [0, 1] * 20 + [-1] * 20})
    report = validity_report(predictions)
    assert report.columns.tolist() == REPORT_COLUMNS
    assert report[["instrument", "split"]].values.tolist() == [
        ["plain NLTK VADER", "dev"], ["calibrated model", "dev"], ["plain NLTK VADER", "test"],
        ["calibrated model", "test"]]
    assert report["n_editorials"].tolist() == [8, 8, 4, 4]
    assert (report["ci_low"] < report["pearson_r"]).all() and (report["pearson_r"] < report["ci_high"]).all()
    assert report.equals(validity_report(predictions))
    assert not np.isnan(report.loc[1, "folds_sd_r"]) and np.isnan(report.loc[3, "folds_mean_r"])
    values = predictions["calibrated"].to_numpy()
    assert editorial_bootstrap(values, truth, predictions["editorial"].to_numpy(), seed=1) != \
        editorial_bootstrap(values, truth, predictions["editorial"].to_numpy(), seed=2)
    assert three_class(np.array([0.05, 0.051, -0.06])) == ["neutral", "positive", "negative"]
