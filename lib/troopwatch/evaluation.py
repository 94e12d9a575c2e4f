"""Scoring extractors against hand-coded gold data.

Predicted and gold rows are compared as multisets of keys (tuples of the
``on`` columns): each gold row can be matched once. NaN counts as equal to NaN,
and floats are compared after rounding to 6 decimals.

Example:
    >>> gold = pd.DataFrame({"case": ["a", "a"], "value": [100.0, float("nan")]})
    >>> predicted = pd.DataFrame({"case": ["a", "b"], "value": [100.0, 5.0]})
    >>> score(predicted, gold, on=["case", "value"]).to_dict("records")[0]
    {'n_gold': 2, 'n_predicted': 2, 'true_positives': 1, 'precision': 0.5, 'recall': 0.5, 'f1': 0.5}
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from troopwatch.errors import ResourceError
from troopwatch.troops import extract_troop_mentions, troop_mentions

SCORE_COLUMNS = ["n_gold", "n_predicted", "true_positives", "precision", "recall", "f1"]
TROOP_GOLD_COLUMNS = ["span", "value", "low", "high", "qualifier", "claim"]
#: What must agree for a predicted troop mention to count as found.
SEED_KEYS = ["article_id", "span", "value", "low", "high", "qualifier", "claim"]
SENTENCE_KEYS = ["case_id", "value", "low", "high", "qualifier"]


def _keys(frame: pd.DataFrame, on: list[str]) -> Counter:
    def normal(value: object) -> object:
        if isinstance(value, float):
            return None if value != value else round(value, 6)
        return value

    return Counter(tuple(normal(row[column]) for column in on) for row in frame[on].to_dict("records"))


def score(predicted: pd.DataFrame, gold: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """Precision, recall and F1 of ``predicted`` against ``gold``, matching on the ``on`` columns.

    Returns one row with the columns ``n_gold, n_predicted, true_positives,
    precision, recall, f1`` (precision is 1.0 when nothing was predicted).
    """
    found, wanted = _keys(predicted, on), _keys(gold, on)
    hits = sum((found & wanted).values())
    n_predicted, n_gold = sum(found.values()), sum(wanted.values())
    precision = hits / n_predicted if n_predicted else 1.0
    recall = hits / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return pd.DataFrame({"n_gold": [n_gold], "n_predicted": [n_predicted], "true_positives": [hits],
                         "precision": [precision], "recall": [recall], "f1": [f1]})


def mismatches(predicted: pd.DataFrame, gold: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    """The rows behind the errors: ``missed`` gold keys and ``spurious`` predicted keys, with ``on`` columns."""
    found, wanted = _keys(predicted, on), _keys(gold, on)
    rows = [("missed", *key) for key, n in (wanted - found).items() for _ in range(n)]
    rows += [("spurious", *key) for key, n in (found - wanted).items() for _ in range(n)]
    return pd.DataFrame(rows, columns=["error", *on])


def read_gold(path: str | Path, required: list[str]) -> pd.DataFrame:
    """Read a gold CSV, checking that it has the ``required`` columns; numbers become floats."""
    path = Path(path)
    try:
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as error:
        raise ResourceError(f"gold file {path}: cannot be read ({error})") from None
    missing = [column for column in required if column not in gold.columns]
    if missing:
        raise ResourceError(f"gold file {path} lacks the column(s) {', '.join(missing)}")
    for column in ("value", "low", "high"):
        if column not in gold.columns:
            continue
        numbers = pd.to_numeric(gold[column].where(gold[column] != ""), errors="coerce")
        bad = numbers.isna() & (gold[column] != "")
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise ResourceError(f"gold file {path} line {line}, column {column}: {gold[column][bad].iloc[0]!r} "
                                "is not a number; write digits only (130000) or leave it empty")
        gold[column] = numbers.astype("float64")
    return gold


def troop_seed_scores(corpus, gold: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`troop_mentions` on ``corpus`` against the seed gold (``SEED_KEYS`` must agree)."""
    gold = gold[gold["article_id"].isin(corpus.articles["article_id"])]
    return score(troop_mentions(corpus), gold, SEED_KEYS)


def sentence_predictions(cases: pd.DataFrame) -> pd.DataFrame:
    """Run the extractor on each distinct ``case_id, text`` of a sentence test file."""
    frames = []
    for case_id, text in cases[["case_id", "text"]].drop_duplicates().itertuples(index=False):
        mentions = extract_troop_mentions(text)
        mentions.insert(0, "case_id", case_id)
        frames.append(mentions)
    return pd.concat(frames, ignore_index=True)


def sentence_scores(cases: pd.DataFrame) -> pd.DataFrame:
    """(value, bounds, qualifier) precision, recall and F1 on a sentence test file, plus
    ``claim_f1`` and ``force_f1``: the F1 when the claim, or the force, must agree as well."""
    gold = cases[cases["span"] != ""]
    predicted = sentence_predictions(cases)
    scores = score(predicted, gold, SENTENCE_KEYS)
    for column in ("claim", "force"):
        scores[f"{column}_f1"] = score(predicted, gold, [*SENTENCE_KEYS, column])["f1"]
    return scores


ATTRIBUTION_GOLD_COLUMNS = ["article_id", "speaker", "speaker_group", "cue", "direct"]
#: An attribution is found when its article, cue and speaker head (see :func:`speaker_head`) agree.
ATTRIBUTION_KEYS = ["article_id", "cue", "speaker_head"]


def speaker_head(speaker: str) -> str:
    """The word that names a speaker: the last word before any apposition, lower case.

    >>> [speaker_head(s) for s in ["Igor Konashenkov, a spokesman for the ministry", "the army", "Mr Putin"]]
    ['konashenkov', 'army', 'putin']
    """
    words = speaker.split(",")[0].split()
    return words[-1].lower() if words else ""


def _with_heads(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.assign(speaker_head=frame["speaker"].map(speaker_head))
    if frame["direct"].dtype != bool:
        frame["direct"] = frame["direct"].astype(str).str.lower().eq("true")
    return frame


def attribution_scores(found: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`troopwatch.attributions` rows against gold; adds ``group_f1`` and ``direct_f1``,
    the F1 when the speaker group, or whether the quote is direct, must agree as well.

    ``gold`` should cover exactly the articles that were searched."""
    gold = _with_heads(gold)
    found = _with_heads(found)
    scores = score(found, gold, ATTRIBUTION_KEYS)
    scores["group_f1"] = score(found, gold, [*ATTRIBUTION_KEYS, "speaker_group"])["f1"]
    scores["direct_f1"] = score(found, gold, [*ATTRIBUTION_KEYS, "direct"])["f1"]
    return scores


def attribution_mismatches(found: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The attributions behind the errors (see :func:`mismatches`)."""
    return mismatches(_with_heads(found), _with_heads(gold), ATTRIBUTION_KEYS)


def attribution_passage_scores(cases: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`troopwatch.extract_attributions` on a file of coded passages
    (``case_id, text, speaker, speaker_group, cue, direct``), like :func:`attribution_scores`."""
    from troopwatch.sources import extract_attributions

    frames = []
    for case_id, text in cases[["case_id", "text"]].drop_duplicates().itertuples(index=False):
        found = extract_attributions(text)
        found.insert(0, "article_id", case_id)
        frames.append(found)
    gold = cases[cases["speaker"] != ""].rename(columns={"case_id": "article_id"})
    return attribution_scores(pd.concat(frames, ignore_index=True), gold)
