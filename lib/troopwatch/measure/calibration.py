"""VADER's validity on news text, and a news-calibrated alternative.

The human-rated ground truth is the one VADER's authors published with the
vaderSentiment source distribution (``additional_resources/hutto_ICWSM_2014``):
5,190 New York Times editorial sentences, each rated by 20 people from -4 to 4.
``make data`` fetches that sdist from the package index (the only network use)
into ``data/external/``, which git ignores; the sentences are never committed.

:class:`CalibratedSentiment` is a ridge regression trained on those ratings. Its
features are VADER's four scores, three other sentiment lexicons that ship
inside registry packages (AFINN, the pattern lexicon via TextBlob, the NRC
emotion lexicon via nrclex), word n-grams with negation marking, and character
n-grams. It is trained deterministically and cached under ``data/cache/``
(rebuilt whenever the data, the code version or scikit-learn change), so no
model file is committed.

``python -m troopwatch.measure.calibration`` (``make validate``) prints the validity
report on all 5,190 sentences.

Example:
    >>> three_class(np.array([0.3, 0.0, -0.2]))
    ['positive', 'neutral', 'negative']
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import string
import sys
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import Ridge
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

from troopwatch.errors import ResourceError
from troopwatch.files import PROJECT_DIR

NYT_FOLDER = "hutto_ICWSM_2014"
NYT_RATINGS = "nytEditorialSnippets_anonDataRatings.txt"
NYT_TEXTS = "nytEditorialSnippets_GroundTruth.txt"
#: Bump when the features or the model change, so caches are rebuilt.
MODEL_VERSION = "2"
THRESHOLD = 0.05
RIDGE_ALPHA = 3.0
DENSE_WEIGHT = 3.0


def data_dir() -> Path:
    """Where ``make data`` puts the ratings: ``$TROOPWATCH_DATA_DIR`` or ``<project>/data/external``."""
    return Path(os.environ.get("TROOPWATCH_DATA_DIR") or PROJECT_DIR / "data" / "external")


def cache_dir() -> Path:
    """Where trained models and validation runs are cached: ``$TROOPWATCH_CACHE_DIR`` or ``<project>/data/cache``."""
    return Path(os.environ.get("TROOPWATCH_CACHE_DIR") or PROJECT_DIR / "data" / "cache")


# --- the ground truth ----------------------------------------------------------------------------

def load_nyt_ratings(folder: str | Path | None = None) -> pd.DataFrame:
    """The NYT sentences with their ratings: ``id, text, human_mean, human_sd, ratings`` (20 ints each)."""
    folder = Path(folder) if folder else data_dir() / NYT_FOLDER
    ratings_file, texts_file = folder / NYT_RATINGS, folder / NYT_TEXTS
    if not ratings_file.is_file() or not texts_file.is_file():
        raise ResourceError(f"the NYT human ratings are not in {folder}; run `make data` "
                            "(it fetches the vaderSentiment source distribution from the package index)")
    ratings = pd.read_csv(ratings_file, sep="\t", header=None, names=["id", "human_mean", "human_sd", "ratings"],
                          encoding="utf-8")
    texts = pd.read_csv(texts_file, sep="\t", header=None, names=["id", "mean", "text"], encoding="utf-8",
                        quoting=3, usecols=[0, 1, 2])
    table = ratings.merge(texts[["id", "text"]], on="id", validate="one_to_one")
    table["ratings"] = table["ratings"].map(json.loads)
    return table[["id", "text", "human_mean", "human_sd", "ratings"]]


def ratings_digest(folder: str | Path | None = None) -> str:
    """sha256 over the two ground-truth files (part of every cache key)."""
    folder = Path(folder) if folder else data_dir() / NYT_FOLDER
    digest = hashlib.sha256()
    for name in (NYT_RATINGS, NYT_TEXTS):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def human_agreement(ratings: pd.DataFrame) -> float:
    """Mean Pearson r of one rater against the mean of the other raters: the human ceiling."""
    matrix = np.array(ratings["ratings"].tolist(), dtype="float64")
    others = (matrix.sum(axis=1, keepdims=True) - matrix) / (matrix.shape[1] - 1)
    return float(np.mean([np.corrcoef(matrix[:, rater], others[:, rater])[0, 1] for rater in range(matrix.shape[1])]))


# --- features ------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _afinn():
    from afinn import Afinn

    return Afinn()


@lru_cache(maxsize=1)
def _pattern():
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@lru_cache(maxsize=1)
def _nrc() -> tuple[dict[str, list[str]], list[str]]:
    table = json.loads(resources.files("nrclex").joinpath("data/nrc_en.json").read_text("utf-8"))
    return table, sorted({emotion for emotions in table.values() for emotion in emotions})


def lexicon_features(texts: list[str], vader) -> np.ndarray:
    """Dense features per text: VADER's four scores, VADER lexicon sums and counts, AFINN,
    pattern polarity and subjectivity, and the NRC emotion shares, each scaled to about [-1, 1]."""
    nrc, emotions = _nrc()
    rows = []
    for text in texts:
        scores = vader.polarity_scores(text)
        words = [word.strip(string.punctuation).lower() for word in text.split()]
        valences = [vader.lexicon[word] for word in words if word in vader.lexicon]
        tokens = re.findall(r"[a-z']+", text.lower())
        counts = dict.fromkeys(emotions, 0)
        for token in tokens:
            for emotion in nrc.get(token, ()):
                counts[emotion] += 1
        pattern = _pattern().analyze(text)
        rows.append([scores["neg"], scores["neu"], scores["pos"], scores["compound"],
                     sum(v for v in valences if v > 0) / 10, sum(v for v in valences if v < 0) / 10,
                     len(valences) / 5, len(words) / 30, _afinn().score(text) / 10,
                     pattern.polarity, pattern.subjectivity,
                     *(5 * counts[emotion] / max(len(tokens), 1) for emotion in emotions)])
    return np.array(rows, dtype="float64")


def _negation_marked(text: str) -> str:
    from nltk.sentiment.util import mark_negation

    return " ".join(mark_negation(re.findall(r"[\w']+|[.,!?;]", text.lower())))


class CalibratedSentiment:
    """Ridge regression from lexicon features and n-grams to the human mean rating (-4 to 4)."""

    def __init__(self) -> None:
        self.words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, token_pattern=r"\S+")
        self.characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True)
        self.model = Ridge(alpha=RIDGE_ALPHA)

    def _matrix(self, texts: list[str], dense: np.ndarray, fit: bool) -> csr_matrix:
        marked = [_negation_marked(text) for text in texts]
        if fit:
            return hstack([csr_matrix(dense * DENSE_WEIGHT), self.words.fit_transform(marked),
                           self.characters.fit_transform(texts)]).tocsr()
        return hstack([csr_matrix(dense * DENSE_WEIGHT), self.words.transform(marked),
                       self.characters.transform(texts)]).tocsr()

    def fit(self, texts: list[str], ratings: np.ndarray, vader, dense: np.ndarray | None = None) -> CalibratedSentiment:
        """Fit on ``texts`` and their human mean ``ratings``; ``dense`` may pass precomputed lexicon features."""
        dense = lexicon_features(texts, vader) if dense is None else dense
        self.model.fit(self._matrix(texts, dense, fit=True), ratings)
        return self

    def predict(self, texts: list[str], vader, dense: np.ndarray | None = None) -> np.ndarray:
        """Predicted human mean ratings (-4 to 4) for ``texts``."""
        dense = lexicon_features(texts, vader) if dense is None else dense
        return self.model.predict(self._matrix(texts, dense, fit=False))


def _cache_key(folder: Path | None) -> str:
    return hashlib.sha256("|".join([ratings_digest(folder), version("troopwatch"), sklearn.__version__, MODEL_VERSION])
                          .encode()).hexdigest()[:16]


def trained_model(folder: str | Path | None = None) -> CalibratedSentiment:
    """The calibrated model trained on all NYT ratings, from the cache or trained now (deterministic)."""
    from troopwatch.measure.sentiment import analyzer

    folder = Path(folder) if folder else None
    path = cache_dir() / f"calibrated-{_cache_key(folder)}.pkl"
    if path.is_file():
        with path.open("rb") as source:
            return pickle.load(source)
    ratings = load_nyt_ratings(folder)
    model = CalibratedSentiment().fit(ratings["text"].tolist(), ratings["human_mean"].to_numpy(), analyzer())
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    with partial.open("wb") as target:
        pickle.dump(model, target)
    partial.replace(path)
    return model


# --- validation ------------------------------------------------------------------------------------

def cross_validated_predictions(ratings: pd.DataFrame, folds: int = 5, seed: int = 0) -> pd.DataFrame:
    """Out-of-fold predictions for every sentence: ``id, text, human_mean, vader, calibrated``.

    ``vader`` is VADER's compound times 4 (the human scale); ``calibrated`` the
    model's prediction when the sentence was in the held-out fold.
    """
    from troopwatch.measure.sentiment import analyzer

    texts = ratings["text"].tolist()
    target = ratings["human_mean"].to_numpy()
    vader = analyzer()
    dense = lexicon_features(texts, vader)
    predicted = np.zeros(len(texts))
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(texts):
        model = CalibratedSentiment().fit([texts[i] for i in train], target[train], vader, dense[train])
        predicted[test] = model.predict([texts[i] for i in test], vader, dense[test])
    return pd.DataFrame({"id": ratings["id"], "text": ratings["text"], "human_mean": target,
                         "vader": dense[:, 3] * 4, "calibrated": predicted})


def cached_cross_validation(folder: str | Path | None = None) -> pd.DataFrame:
    """:func:`cross_validated_predictions` on all NYT sentences, cached like the model."""
    folder = Path(folder) if folder else None
    path = cache_dir() / f"cross-validation-{_cache_key(folder)}.csv"
    if path.is_file():
        return pd.read_csv(path, keep_default_na=False)
    predictions = cross_validated_predictions(load_nyt_ratings(folder))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    predictions.to_csv(partial, index=False)
    partial.replace(path)
    return predictions


def three_class(scores: np.ndarray, threshold: float = THRESHOLD) -> list[str]:
    """Scores on VADER's [-1, 1] scale to positive / neutral / negative at ±``threshold``."""
    return ["positive" if score > threshold else "negative" if score < -threshold else "neutral" for score in scores]


def validity_scores(predictions: pd.DataFrame) -> pd.DataFrame:
    """Per method: ``method, n, pearson_r, f1_3class`` (macro F1 of the three classes at ±0.05,
    ratings and predictions divided by 4 to VADER's scale)."""
    truth = three_class(predictions["human_mean"].to_numpy() / 4)
    rows = []
    for method in ("vader", "calibrated"):
        values = predictions[method].to_numpy()
        rows.append((method, len(values), float(np.corrcoef(values, predictions["human_mean"])[0, 1]),
                     float(f1_score(truth, three_class(values / 4), average="macro"))))
    return pd.DataFrame(rows, columns=["method", "n", "pearson_r", "f1_3class"])


def main() -> None:
    ratings = load_nyt_ratings()
    report = validity_scores(cached_cross_validation())
    print(f"NYT editorial sentences rated by 20 people: n = {len(ratings)}")
    print(f"human ceiling (one rater against the mean of the others): r = {human_agreement(ratings):.3f}")
    for row in report.itertuples():
        label = "plain NLTK VADER" if row.method == "vader" else "calibrated, 5-fold cross-validated"
        print(f"{label:36s} r = {row.pearson_r:.3f}   3-class macro F1 (±0.05) = {row.f1_3class:.3f}")


if __name__ == "__main__":
    sys.exit(main())
