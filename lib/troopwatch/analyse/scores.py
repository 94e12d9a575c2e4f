"""Sentence sentiment by any instrument, from the analysis cache.

:func:`sentence_sentiment` returns exactly ``sentiment(corpus.sentences, lexicon_overrides, method)``.
Plain VADER is the analysis's own table (``Analysis.sentiment``). Any other instrument (the
calibrated model, or VADER with an analyst's lexicon overrides) is cached per article beside it,
in ``<cache dir>/sentiment/``, in segments laid out and written as the analysis's
(:mod:`troopwatch.analyse.cache`). An article's key there is its analysis key (its text, its
metadata row, its sentences, the library and the VADER lexicon) with the method and the
overrides; for the calibrated model also the NYT ratings it is trained on and the versions of the
packages its features and solver come from. A report whose articles are cached loads neither the
calibrated model nor its nine lexicons, which take longer than scoring a few hundred sentences.

Example:
    >>> import tempfile
    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(["War is terrible.", "A good sign."])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     scores = sentence_sentiment(corpus, lexicon_overrides={"terrible": 0.0}, cache_dir=folder)
    ...     again = sentence_sentiment(corpus, lexicon_overrides={"terrible": 0.0}, cache_dir=folder)
    >>> again[["text", "compound"]].values.tolist(), again.attrs["overrides"]
    ([['War is terrible.', -0.5994], ['A good sign.', 0.4404]], {'terrible': 0.0})
"""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from troopwatch.analyse import cache
from troopwatch.analyse.run import Analysis, analyse
from troopwatch.measure.sentiment import METHODS, SCORE_COLUMNS, sentiment
from troopwatch.measure.vader import lexicon_sha256, read_lexicon_overrides
from troopwatch.params import check_choice

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus

#: The folder, inside the analysis cache folder, of the sentence scores other than plain VADER.
SCORES_FOLDER = "sentiment"
#: The table name of those scores in their segments.
SCORES_TABLE = "scores"
_IDS = ["article_id", "sentence_id"]
#: Besides the library, what the calibrated model's predictions depend on.
_CALIBRATED_PACKAGES = ("scikit-learn", "numpy", "scipy", "nltk")


def sentence_sentiment(
    corpus: Corpus,
    *,
    method: str = "vader",
    lexicon_overrides: str | Path | dict[str, float] | None = None,
    analysis: Analysis | None = None,
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """``sentiment(corpus.sentences, lexicon_overrides, method)``, scoring only the articles the cache lacks.

    ``analysis`` is ``analyse(corpus)`` when already at hand (plain VADER is its ``sentiment``);
    ``cache_dir`` is as for :func:`~troopwatch.analyse.analyse`.
    """
    check_choice("method", method, METHODS)
    overrides = _overrides(lexicon_overrides)
    if method == "vader" and not overrides:
        return (analysis if analysis is not None else analyse(corpus, cache_dir=cache_dir)).sentiment
    folder = (Path(cache_dir) if cache_dir is not None else cache.default_cache_dir()) / SCORES_FOLDER
    keys = cache.article_keys(corpus.articles, corpus.sentences, _salt(method, overrides))
    found = cache.lookup(folder, keys)
    pieces = cache.read(found, SCORES_TABLE)
    missing = [key for key in keys if key not in found]
    if missing:
        sentences = corpus.sentences[corpus.sentences["article_id"].map(keys).isin(missing)]
        new = _scored(sentences, overrides, method, keys)
        cache.write(folder, missing, {SCORES_TABLE: [new]})
        pieces.append(new)
    return _assembled(corpus.sentences, pieces, method, overrides)


def _overrides(lexicon_overrides: str | Path | dict[str, float] | None) -> dict[str, float]:
    if not lexicon_overrides:
        return {}
    if isinstance(lexicon_overrides, dict):
        return dict(lexicon_overrides)
    return read_lexicon_overrides(lexicon_overrides)


def _salt(method: str, overrides: dict[str, float]) -> str:
    """What every article's scores depend on besides the article: see the module's docstring."""
    parts = [cache.library_digest(), lexicon_sha256(), method, json.dumps(sorted(overrides.items()))]
    if method == "calibrated":
        from troopwatch.measure.calibration import LEXICON_PACKAGES, ratings_digest

        parts += [ratings_digest(), *(f"{name}={version(name)}" for name in (*_CALIBRATED_PACKAGES, *LEXICON_PACKAGES))]
    return "\0".join(parts)


def _scored(sentences: pd.DataFrame, overrides: dict[str, float], method: str, keys: pd.Series) -> pd.DataFrame:
    """The scores of ``sentences`` (one batch), with their ids and article keys, as the cache holds them."""
    scores = sentiment(sentences, overrides, method)[[*_IDS, *SCORE_COLUMNS]].reset_index(drop=True)
    scores.attrs = {}
    scores[cache.KEY_COLUMN] = scores["article_id"].map(keys).astype(object)
    return scores


def _assembled(
    sentences: pd.DataFrame, pieces: list[pd.DataFrame], method: str, overrides: dict[str, float]
) -> pd.DataFrame:
    """``sentences`` with the scores of ``pieces`` matched by ids: what :func:`sentiment` returns for them."""
    table = pd.concat([pd.DataFrame(columns=[*_IDS, *SCORE_COLUMNS]), *pieces], ignore_index=True)
    wanted = pd.MultiIndex.from_frame(sentences[_IDS].astype(object))
    positions = pd.MultiIndex.from_frame(table[_IDS].astype(object)).get_indexer(wanted)
    scores = sentences.copy()
    for column in SCORE_COLUMNS:
        scores[column] = table[column].to_numpy(dtype="float64")[positions]
    scores.attrs = {"method": method, "lexicon_sha256": lexicon_sha256(), "overrides": overrides}
    return scores
