"""Sentiment of sentences, by source: VADER through NLTK, offline, with honest aggregation.

:func:`sentiment` scores a frame of sentences with NLTK's
``SentimentIntensityAnalyzer`` on the lexicon ``make setup`` provisions (the one
the vaderSentiment package ships). Without overrides the scores are NLTK VADER's
exactly. ``method="calibrated"`` replaces ``compound`` by a model trained on
human ratings of New York Times sentences (see :mod:`troopwatch.measure.calibration`).

The result's ``attrs`` record the method, the lexicon's sha256 and the overrides
applied, so every report can say which instrument produced its numbers.

Example:
    >>> scores = sentiment(pd.DataFrame({"text": ["Troops withdrew, a good sign.", "War is terrible."]}))
    >>> scores[["text", "compound"]].values.tolist()
    [['Troops withdrew, a good sign.', 0.4404], ['War is terrible.', -0.7906]]
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from troopwatch.errors import ParameterError
from troopwatch.extract.framing import frame_scores
from troopwatch.extract.sources import NARRATIVE_VOICE, attributions, credit_for
from troopwatch.measure.uncertainty import N_RESAMPLES, cluster_bootstrap, ratio
from troopwatch.measure.vader import analyzer, lexicon_sha256, read_lexicon_overrides
from troopwatch.params import check_choice

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus
    from troopwatch.extract.framing import Codebook

METHODS = ("vader", "calibrated")
UNITS = ("sentence", "paragraph", "article")
GROUPINGS = ("outlet", "speaker_group", "frame")
SCORE_COLUMNS = ["neg", "neu", "pos", "compound"]
SUMMARY_COLUMNS = ["group", "n", "n_articles", "mean_compound", "ci_low", "ci_high"]
NO_FRAME = "no frame"


def _overrides_of(lexicon_overrides: str | Path | dict[str, float] | None) -> dict[str, float]:
    if not lexicon_overrides:
        return {}
    if isinstance(lexicon_overrides, dict):
        return dict(lexicon_overrides)
    return read_lexicon_overrides(lexicon_overrides)


# --- scoring --------------------------------------------------------------------------------


def sentiment(
    sentences: pd.DataFrame, lexicon_overrides: str | Path | dict[str, float] | None = None, method: str = "vader"
) -> pd.DataFrame:
    """``sentences`` with ``neg, neu, pos, compound`` added, one row per input row (ids kept).

    ``lexicon_overrides`` is a ``term,valence`` CSV path (or a dict). With
    ``method="calibrated"``, ``compound`` is the calibrated model's prediction of
    the human rating, rescaled to VADER's [-1, 1]; ``neg, neu, pos`` stay VADER's.
    ``attrs`` holds ``method``, ``lexicon_sha256`` and ``overrides``.
    """
    check_choice("method", method, METHODS)
    if "text" not in sentences.columns:
        raise ParameterError("sentiment: sentences needs a 'text' column (e.g. Corpus.sentences)")
    overrides = _overrides_of(lexicon_overrides)
    vader = analyzer(overrides)
    polarity = [vader.polarity_scores(text) for text in sentences["text"]]
    scores = sentences.copy()
    for column in SCORE_COLUMNS:
        scores[column] = np.array([row[column] for row in polarity], dtype="float64")
    if method == "calibrated" and len(scores):
        from troopwatch.measure.calibration import trained_model  # scikit-learn: imported only when needed

        predicted = trained_model().predict(scores["text"].tolist(), vader)
        scores["compound"] = np.clip(predicted / 4.0, -1.0, 1.0).round(4)
    scores.attrs = score_attrs(method, overrides)
    return scores


def score_attrs(method: str = "vader", overrides: dict[str, float] | None = None) -> dict:
    """The ``attrs`` of a :func:`sentiment` table: the method, the lexicon's sha256 and the overrides.

    >>> sorted(score_attrs())
    ['lexicon_sha256', 'method', 'overrides']
    """
    return {"method": method, "lexicon_sha256": lexicon_sha256(), "overrides": overrides or {}}


def lexicon_drivers(text: str, lexicon_overrides: dict[str, float] | None = None) -> str:
    """The lexicon words in ``text`` with their valences, as VADER reads them: 'good +1.9, war -2.9'.

    >>> lexicon_drivers("A good sign, but war fears remain.")
    'good +1.9, war -2.9, fears -1.8'
    """
    lexicon = analyzer(lexicon_overrides).lexicon
    words = (word.strip(string.punctuation).lower() for word in text.split())
    return ", ".join(f"{word} {lexicon[word]:+.1f}" for word in words if word in lexicon)


# --- units and groups -----------------------------------------------------------------------


def sentiment_units(scores: pd.DataFrame, unit: str = "sentence") -> pd.DataFrame:
    """Sentence scores averaged to ``unit``: one row per sentence, paragraph or article.

    An article's (or paragraph's) score is the mean of its sentences' scores, not
    VADER run on the whole text, whose compound saturates on long text. Adds
    ``n_sentences``.
    """
    check_choice("unit", unit, UNITS)
    if unit == "sentence":
        return scores.assign(n_sentences=1)
    keys = ["article_id"] if unit == "article" else ["article_id", "paragraph_id"]
    carried = [column for column in ("outlet", "published") if column in scores.columns]
    aggregated = (
        scores.groupby(keys, sort=True)
        .agg(
            **{column: (column, "mean") for column in SCORE_COLUMNS},
            **{column: (column, "first") for column in carried},
            n_sentences=("compound", "size"),
        )
        .reset_index()
    )
    aggregated.attrs = scores.attrs
    return aggregated


def sentence_voices(corpus: Corpus, found: pd.DataFrame) -> pd.DataFrame:
    """Whose voice each sentence carries: ``article_id, sentence_id, speaker_group``.

    A sentence inside a direct quote, or holding an attribution, carries its
    speaker's group (the first non-agency speaker when several); every other
    sentence is the outlet's own narrative voice (``outlet``).
    """
    rows = []
    by_article = {article_id: group for article_id, group in found.groupby("article_id")}
    for sentence in corpus.sentences.itertuples():
        mine = by_article.get(sentence.article_id)
        probe = sentence.text.strip("\"' ")[:60]
        credit = credit_for(probe, sentence.sentence_id, sentence.paragraph_id, mine) if mine is not None else None
        rows.append(
            (
                sentence.article_id,
                sentence.sentence_id,
                credit["speaker_group"] if credit is not None else NARRATIVE_VOICE,
            )
        )
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "speaker_group"])


def attach_groups(
    scores: pd.DataFrame,
    corpus: Corpus,
    group_by: str,
    unit: str = "sentence",
    codebook: Codebook | str | Path | None = None,
    *,
    found: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add a ``group`` column to sentence ``scores`` by ``outlet``, ``speaker_group`` or ``frame``.

    By frame, a sentence carrying two frames appears once in each, and one
    carrying none is in ``no frame``. Speaker groups and frames belong to
    sentences, so they need ``unit="sentence"``. ``found`` (``attributions(corpus)``)
    and ``hits`` (``frame_scores(corpus, codebook)``) pass tables already computed,
    e.g. ``analysis.attributions`` and ``analysis.frame_hits`` of ``troopwatch.analyse``;
    without them they are computed here.
    """
    check_choice("group_by", group_by, GROUPINGS)
    check_choice("unit", unit, UNITS)
    if group_by != "outlet" and unit != "sentence":
        raise ParameterError(
            f"group_by={group_by!r} needs unit='sentence': speaker groups and frames "
            "belong to sentences, not whole paragraphs or articles"
        )
    if group_by == "outlet":
        outlets = corpus.articles.set_index("article_id")["outlet"]
        grouped = scores.assign(group=scores["article_id"].map(outlets))
    elif group_by == "speaker_group":
        voices = sentence_voices(corpus, attributions(corpus) if found is None else found)
        grouped = scores.merge(voices.rename(columns={"speaker_group": "group"}), on=["article_id", "sentence_id"])
    else:
        frames = (
            (frame_scores(corpus, codebook) if hits is None else hits)[["article_id", "sentence_id", "frame"]]
            .drop_duplicates()
            .rename(columns={"frame": "group"})
        )
        grouped = scores.merge(frames, on=["article_id", "sentence_id"], how="left")
        grouped["group"] = grouped["group"].fillna(NO_FRAME)
    grouped.attrs = scores.attrs
    return grouped


def sentiment_by(scores: pd.DataFrame, by: str = "group", n_boot: int = N_RESAMPLES, seed: int = 0) -> pd.DataFrame:
    """Mean compound per ``by`` group with its size and a bootstrap 95% interval over articles.

    Sentences of one article are not independent, so the interval resamples
    articles (clusters) within each group; a group drawn from fewer than two
    articles gets no interval (NaN; notebooks show "n too small"). The same
    ``seed`` gives the same interval on every machine.

    Columns: ``group, n`` (scores), ``n_articles, mean_compound, ci_low, ci_high``;
    groups sorted by name. ``scores`` needs ``article_id``, ``compound`` and ``by``.

    >>> scores = pd.DataFrame({"group": ["a", "a", "a", "b"], "article_id": ["x", "x", "y", "z"],
    ...                        "compound": [0.2, 0.4, 0.6, -0.5]})
    >>> sentiment_by(scores).round(2).values.tolist()
    [['a', 3, 2, 0.4, 0.3, 0.6], ['b', 1, 1, -0.5, nan, nan]]
    """
    missing = [column for column in (by, "article_id", "compound") if column not in scores.columns]
    if missing:
        raise ParameterError(
            f"sentiment_by: scores lack the column(s) {', '.join(map(repr, missing))}; "
            "pass sentence scores with article_id, and add a group with attach_groups() first"
        )
    rows = []
    for group, part in sorted(scores.groupby(by), key=lambda item: str(item[0]).casefold()):
        per_article = part.groupby("article_id")["compound"].agg(["sum", "size"]).to_numpy(dtype="float64")
        low, high = cluster_bootstrap(per_article, ratio(0, 1), n_resamples=n_boot, seed=seed)
        rows.append((group, len(part), len(per_article), float(part["compound"].mean()), low, high))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def extremes(
    scores: pd.DataFrame, corpus: Corpus, per_outlet: int = 1, lexicon_overrides: dict[str, float] | None = None
) -> pd.DataFrame:
    """The most positive and most negative sentences of each outlet, with the words that drove them.

    Columns: ``outlet, end, compound, text, drivers`` (``end`` is ``most positive``
    or ``most negative``).
    """
    outlets = corpus.articles.set_index("article_id")["outlet"]
    scored = scores.assign(outlet=scores["article_id"].map(outlets))
    rows = []
    for outlet, group in sorted(scored.groupby("outlet"), key=lambda item: item[0].casefold()):
        ordered = group.sort_values(["compound", "sentence_id"], kind="stable")
        for end, chosen in (
            ("most positive", ordered.iloc[::-1][:per_outlet]),
            ("most negative", ordered[:per_outlet]),
        ):
            for row in chosen.itertuples():
                rows.append((outlet, end, row.compound, row.text, lexicon_drivers(row.text, lexicon_overrides)))
    return pd.DataFrame(rows, columns=["outlet", "end", "compound", "text", "drivers"])
