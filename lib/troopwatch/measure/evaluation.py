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

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from troopwatch.errors import ResourceError
from troopwatch.extract.troops import extract_troop_mentions, troop_mentions
from troopwatch.files import PROJECT_DIR
from troopwatch.measure.uncertainty import cluster_bootstrap, f1_statistic, interval_labels, ratio

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus
    from troopwatch.extract.framing import Codebook

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
    return pd.DataFrame(
        {
            "n_gold": [n_gold],
            "n_predicted": [n_predicted],
            "true_positives": [hits],
            "precision": [precision],
            "recall": [recall],
            "f1": [f1],
        }
    )


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
            raise ResourceError(
                f"gold file {path} line {line}, column {column}: {gold[column][bad].iloc[0]!r} "
                "is not a number; write digits only (130000) or leave it empty"
            )
        gold[column] = numbers.astype("float64")
    return gold


def troop_seed_scores(corpus: Corpus, gold: pd.DataFrame) -> pd.DataFrame:
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
    """(value, bounds, qualifier) precision, recall and F1 on a sentence test file.

    Plus ``claim_f1`` and ``force_f1``: the F1 when the claim, or the force, must agree as well.
    """
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
    """Score :func:`troopwatch.attributions` rows against gold.

    Adds ``group_f1`` and ``direct_f1``, the F1 when the speaker group, or whether the quote is
    direct, must agree as well.

    ``gold`` should cover exactly the articles that were searched.
    """
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
    """Score :func:`troopwatch.extract_attributions` on a file of coded passages.

    The file holds ``case_id, text, speaker, speaker_group, cue, direct``; scored like
    :func:`attribution_scores`.
    """
    from troopwatch.extract.sources import extract_attributions

    frames = []
    for case_id, text in cases[["case_id", "text"]].drop_duplicates().itertuples(index=False):
        found = extract_attributions(text)
        found.insert(0, "article_id", case_id)
        frames.append(found)
    gold = cases[cases["speaker"] != ""].rename(columns={"case_id": "article_id"})
    return attribution_scores(pd.concat(frames, ignore_index=True), gold)


# --- the independent gold sets -------------------------------------------------------------------
#
# corpus/annotations/gold/ holds troops.csv, attributions.csv and frames.csv, written and coded by
# coders who never saw troopwatch's code (see CODING.md there). The functions below score each
# extractor on them with the matching rules of that folder's README, one bootstrap interval per
# figure, resampling the gold cases (a sentence's mentions are not independent of each other).

GOLD_DIR = PROJECT_DIR / "corpus" / "annotations" / "gold"
#: Sentences written and coded blind, by the manual alone, after the extractors were improved on the
#: gold sets; scored once, with no change to any extractor afterwards.
BLIND_DIR = GOLD_DIR.parent / "blind"
#: The two kinds of evaluation data and how tables name them.
EVALUATION_DATA = {"gold (development)": GOLD_DIR, "blind (held out)": BLIND_DIR}
GOLD_SETS = {"troops": "troops.csv", "attributions": "attributions.csv", "frames": "frames.csv"}
#: One row per figure: which gold set, what is measured, on how many items, the score and its interval.
EVALUATION_COLUMNS = ["set", "measure", "n", "score", "ci_low", "ci_high", "target"]
#: The targets that issue #10 sets on the gold sets; a figure without one is shown for completeness.
TARGETS = {
    ("troops", "(value, qualifier) F1"): 0.97,
    ("troops", "bounds exact"): 0.95,
    ("troops", "claim accuracy"): 0.85,
    ("troops", "force accuracy"): 0.95,
    ("attributions", "speaker precision"): 0.95,
    ("attributions", "speaker recall"): 0.95,
    ("attributions", "group accuracy"): 0.9,
    ("attributions", "anonymous accuracy"): 0.95,
    ("attributions", "direct accuracy"): 0.95,
    ("frames", "macro F1"): 0.80,
}
FRAME_TARGET = 0.65
_POST_MODIFIER = re.compile(r"\s+(?:of|in|at|with|for|from|familiar|close|who|on)\s+(?=[a-z])")


def _check_set(name: str) -> None:
    if name not in GOLD_SETS:
        raise ResourceError(f"no gold set {name!r}; choose one of {', '.join(map(repr, GOLD_SETS))}")


def read_gold_set(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """One gold set (``troops``, ``attributions`` or ``frames``) as strings, numbers as floats.

    Flags (``anonymous``, ``direct`` and the frame columns) become booleans. A row
    that breaks the file's form raises :class:`ResourceError` naming the line.
    """
    _check_set(name)
    path = Path(folder or GOLD_DIR) / GOLD_SETS[name]
    required = {
        "troops": ["case_id", "text", *TROOP_GOLD_COLUMNS, "force"],
        "attributions": ["case_id", "text", "speaker", "speaker_group", "anonymous", "direct", "cue"],
        "frames": ["case_id", "text"],
    }[name]
    gold = read_gold(path, required)
    flags = {
        "attributions": ["anonymous", "direct"],
        "frames": [c for c in gold.columns if c not in ("case_id", "text")],
    }
    for column in flags.get(name, []):
        coded = gold[column] if name == "frames" else gold[column].where(gold["speaker"] != "", "0")
        bad = ~coded.isin(["0", "1"])
        if bad.any():
            line = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise ResourceError(f"gold file {path} line {line}, column {column}: {coded[bad].iloc[0]!r} is not 0 or 1")
        gold[column] = coded.eq("1")
    return gold


def disputed_cases(folder: str | Path | None = None) -> list[str]:
    """The case ids listed in ``DISPUTED.md`` (a markdown table whose first column is the case id).

    >>> disputed_cases("/nonexistent")
    []
    """
    path = Path(folder or GOLD_DIR) / "DISPUTED.md"
    if not path.is_file():
        return []
    return re.findall(r"^\|\s*([a-z]\d{3})\s*\|", path.read_text("utf-8"), flags=re.MULTILINE)


def gold_speaker_head(speaker: str) -> str:
    """The head word that matches a found speaker to a gold one.

    The last word of the phrase before any apposition or lower-case post-modifier, lower case,
    without possessive.

    >>> [gold_speaker_head(s) for s in ["Kremlin spokesman Dmitry Peskov", "people familiar with the matter",
    ...                                 "Secretary of State Antony Blinken", "Mr. Putin's", "a senior U"]]
    ['peskov', 'people', 'blinken', 'putin', 'u']
    """
    phrase = _POST_MODIFIER.split(speaker.split(",")[0], maxsplit=1)[0]
    words = phrase.split()
    return re.sub(r"(?:'s|’s)$", "", words[-1]).strip(".'\"").lower() if words else ""


def _paired(found: pd.DataFrame, gold: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per case, pair gold and found rows that share ``key`` (in order of appearance)."""
    found = found.assign(_n=found.groupby(["case_id", key]).cumcount())
    gold = gold.assign(_n=gold.groupby(["case_id", key]).cumcount())
    pairs = gold.merge(found, on=["case_id", key, "_n"], suffixes=("_gold", "_found"))
    return pairs, found


def _per_case(cases: pd.Series, **counts: pd.Series) -> pd.DataFrame:
    """Counts per case (0 where a case has none), one column per keyword."""
    table = pd.DataFrame(
        {
            name: series.groupby(series.index).sum() if len(series) else pd.Series(dtype="float64")
            for name, series in counts.items()
        }
    )
    return table.reindex(cases.drop_duplicates().to_numpy(), fill_value=0).fillna(0)


def _figures(name: str, totals: pd.DataFrame, measures: list[tuple[str, str, str | None]]) -> list[tuple]:
    """Rows of :data:`EVALUATION_COLUMNS` for ``measures``: (label, numerator, denominator or None for F1)."""
    matrix = totals.to_numpy(dtype="float64")
    position = {column: i for i, column in enumerate(totals.columns)}
    rows = []
    for label, numerator, denominator in measures:
        if denominator is None:  # F1 from hits, found, gold
            statistic = f1_statistic(position["hits"], position["found"], position["gold"])
            n = int(totals["gold"].sum())
        else:
            statistic = ratio(position[numerator], position[denominator])
            n = int(totals[denominator].sum())
        value = float(statistic(matrix.sum(axis=0, keepdims=True))[0])
        low, high = cluster_bootstrap(matrix, statistic)
        rows.append((name, label, n, value, low, high, TARGETS.get((name, label), float("nan"))))
    return rows


_MATCH_MEASURES = [("precision", "hits", "found"), ("recall", "hits", "gold"), ("F1", "hits", None)]


def troop_figure_key(frame: pd.DataFrame) -> pd.Series:
    """What a found mention must share with a gold one.

    Qualifier and value, or the bounds when the wording gives no single value (ranges and vague
    mentions).
    """

    def key(row: dict) -> str:
        numbers = (row["value"],) if row["value"] == row["value"] else (row["low"], row["high"])
        return "|".join([row["qualifier"], *("" if n != n else f"{n:g}" for n in numbers)])

    return pd.Series(
        [key(row) for row in frame[["qualifier", "value", "low", "high"]].to_dict("records")],
        index=frame.index,
        dtype="object",
    )


def _matched_figures(
    name: str,
    cases: pd.DataFrame,
    found: pd.DataFrame,
    gold: pd.DataFrame,
    key: str,
    prefix: str,
    accuracies: dict[str, list[str]],
) -> pd.DataFrame:
    """Precision, recall and F1 of ``found`` against ``gold``, then accuracies on the matched pairs.

    Rows are paired by ``key`` within each case; each of ``accuracies`` names a measure and the
    columns that must all agree for a pair to count (NaN equals NaN).
    """
    pairs, found = _paired(found, gold, key)

    def agree(columns: list[str]) -> pd.Series:
        same = [
            (pairs[f"{c}_gold"] == pairs[f"{c}_found"]) | (pairs[f"{c}_gold"].isna() & pairs[f"{c}_found"].isna())
            for c in columns
        ]
        return pd.Series(np.logical_and.reduce(same).astype(bool), index=pairs["case_id"], dtype=bool)

    totals = _per_case(
        cases["case_id"],
        hits=pd.Series(1, index=pairs["case_id"]),
        found=pd.Series(1, index=found["case_id"]),
        gold=pd.Series(1, index=gold["case_id"]),
        **{label: agree(columns) for label, columns in accuracies.items()},
    )
    measures: list[tuple[str, str, str | None]] = [
        (f"{prefix} {label}", num, den) for label, num, den in _MATCH_MEASURES
    ]
    measures += [(label, label, "hits") for label in accuracies]
    return pd.DataFrame(_figures(name, totals, measures), columns=EVALUATION_COLUMNS)


def evaluate_troops(gold: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`extract_troop_mentions` on a troops gold set: :data:`EVALUATION_COLUMNS`.

    A mention is found when its (value, qualifier) agree (bounds for ranges and
    vague mentions); ``bounds exact``, ``claim accuracy`` and ``force accuracy``
    are measured on the found mentions.
    """
    cases = gold[["case_id", "text"]].drop_duplicates("case_id")
    found = sentence_predictions(cases)
    mentions = gold[gold["qualifier"] != ""]
    found, mentions = found.assign(key=troop_figure_key(found)), mentions.assign(key=troop_figure_key(mentions))
    accuracies = {"bounds exact": ["low", "high"], "claim accuracy": ["claim"], "force accuracy": ["force"]}
    return _matched_figures("troops", cases, found, mentions, "key", "(value, qualifier)", accuracies)


def evaluate_attributions(gold: pd.DataFrame) -> pd.DataFrame:
    """Score :func:`troopwatch.extract_attributions` on an attributions gold set: :data:`EVALUATION_COLUMNS`.

    A source is found when a found speaker of the same passage has the same head
    word (:func:`gold_speaker_head`); ``group``, ``anonymous`` and ``direct``
    accuracy are measured on the found sources.
    """
    from troopwatch.extract.sources import extract_attributions

    cases = gold[["case_id", "text"]].drop_duplicates("case_id")
    found = pd.concat(
        [extract_attributions(text).assign(case_id=case_id) for case_id, text in cases.itertuples(index=False)],
        ignore_index=True,
    )
    sources = gold[gold["speaker"] != ""]
    found = found.assign(head=found["speaker"].map(gold_speaker_head))
    sources = sources.assign(head=sources["speaker"].map(gold_speaker_head))
    accuracies = {
        "group accuracy": ["speaker_group"],
        "anonymous accuracy": ["anonymous"],
        "direct accuracy": ["direct"],
    }
    return _matched_figures("attributions", cases, found, sources, "head", "speaker", accuracies)


def evaluate_frames(gold: pd.DataFrame, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """Score the frame codebook on a frames gold set.

    Precision, recall and F1 per frame (one sentence is one case), then the macro F1 (the mean of
    the frames' F1).
    """
    from troopwatch.extract.framing import frame_hits_in, load_codebook

    codebook = codebook if codebook is not None and not isinstance(codebook, (str, Path)) else load_codebook(codebook)
    frames = [frame for frame in gold.columns if frame not in ("case_id", "text")]
    predicted = pd.DataFrame(
        [
            {frame: frame in {hit[0] for hit in frame_hits_in(text, codebook)} for frame in frames}
            for text in gold["text"]
        ],
        index=gold["case_id"],
    )
    truth = gold.set_index("case_id")[frames]
    rows, f1_columns = [], []
    for frame in frames:
        totals = pd.DataFrame(
            {"hits": predicted[frame] & truth[frame], "found": predicted[frame], "gold": truth[frame]}
        ).astype("float64")
        rows += _figures("frames", totals, [(f"{frame} {label}", num, den) for label, num, den in _MATCH_MEASURES])
        f1_columns.append(totals)
    stacked = np.hstack([totals.to_numpy() for totals in f1_columns])
    statistic = _macro_f1(len(frames))
    low, high = cluster_bootstrap(stacked, statistic)
    rows.append(
        (
            "frames",
            "macro F1",
            len(gold),
            float(statistic(stacked.sum(axis=0, keepdims=True))[0]),
            low,
            high,
            TARGETS[("frames", "macro F1")],
        )
    )
    table = pd.DataFrame(rows, columns=EVALUATION_COLUMNS)
    is_frame_f1 = table["measure"].str.endswith(" F1") & (table["measure"] != "macro F1")
    table.loc[is_frame_f1, "target"] = FRAME_TARGET
    return table


def _macro_f1(n_frames: int) -> Callable[[np.ndarray], np.ndarray]:
    def statistic(sums: np.ndarray) -> np.ndarray:
        scores = [f1_statistic(3 * i, 3 * i + 1, 3 * i + 2)(sums) for i in range(n_frames)]
        return np.nan_to_num(np.vstack(scores), nan=0.0).mean(axis=0)

    return statistic


_SCORERS = {"troops": evaluate_troops, "attributions": evaluate_attributions, "frames": evaluate_frames}


def evaluate_gold_set(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Every figure on one gold set: ``set, rows`` and the rest of :data:`EVALUATION_COLUMNS`.

    ``rows`` says whether a figure counts ``all`` gold rows or the ``undisputed`` ones; the
    latter appear only when ``DISPUTED.md`` lists cases of that set.
    """
    gold = read_gold_set(name, folder)
    disputed = gold["case_id"].isin(disputed_cases(folder))
    tables = [_SCORERS[name](gold).assign(rows="all")]
    if disputed.any():
        tables.append(_SCORERS[name](gold[~disputed]).assign(rows="undisputed"))
    return pd.concat(tables, ignore_index=True)[["set", "rows", *EVALUATION_COLUMNS[1:]]]


def evaluate_gold(folder: str | Path | None = None) -> pd.DataFrame:
    """:func:`evaluate_gold_set` for every gold set, one table."""
    return pd.concat([evaluate_gold_set(name, folder) for name in GOLD_SETS], ignore_index=True)


def accuracy_inputs(name: str) -> dict[str, Path]:
    """The files :func:`accuracy_table` reads for set ``name``, by what they are: the set and its DISPUTED.md, per data.

    Besides these, the table depends only on the library's code and resources.

    >>> sorted(accuracy_inputs("frames"))  # doctest: +NORMALIZE_WHITESPACE
    ['blind (held out) DISPUTED.md', 'blind (held out) frames.csv',
     'gold (development) DISPUTED.md', 'gold (development) frames.csv']
    """
    _check_set(name)
    return {
        f"{data} {file}": Path(folder) / file
        for data, folder in EVALUATION_DATA.items()
        for file in (GOLD_SETS[name], "DISPUTED.md")
    }


def accuracy_table(name: str) -> pd.DataFrame:
    """One set's figures as a notebook shows them.

    On the gold (development) and the blind (held-out) data: ``data, rows, measure, n, score`` (3
    decimals), ``interval`` (95%, bootstrap over cases), ``target`` and whether it is ``met``.
    It reads only :func:`accuracy_inputs`; ``troopwatch.accuracy_table`` serves it from the
    analysis cache.
    """
    table = pd.concat(
        [evaluate_gold_set(name, folder).assign(data=data) for data, folder in EVALUATION_DATA.items()],
        ignore_index=True,
    )
    return pd.DataFrame(
        {
            "data": table["data"],
            "rows": table["rows"],
            "measure": table["measure"],
            "n": table["n"],
            "score": table["score"].map("{:.3f}".format),
            "interval": interval_labels(table, 3),
            "target": table["target"].map(lambda t: "" if t != t else f"≥ {t:.2f}"),
            "met": [
                ("" if t != t else "yes" if v >= t else "no")
                for v, t in zip(table["score"], table["target"], strict=True)
            ],
        }
    )


def format_evaluation(table: pd.DataFrame) -> str:
    """The evaluation table as text: 3 decimals, intervals in brackets, targets and whether they are met."""
    lines = []
    for (name, rows), part in table.groupby(["set", "rows"], sort=False):
        lines.append(f"\n{name} ({'all rows' if rows == 'all' else 'without the disputed rows'})")
        for row, interval in zip(part.itertuples(), interval_labels(part, 3), strict=True):
            target = (
                ""
                if row.target != row.target
                else (f"target ≥ {row.target:.2f} {'met' if row.score >= row.target else 'NOT met'}")
            )
            lines.append(f"  {row.measure:34s} n = {row.n:4d}  {row.score:.3f} {interval:16s} {target}")
    return "\n".join(lines).lstrip("\n")


def main() -> None:
    """``make evaluate``: every extractor on the gold (development) and the blind (held-out) sets."""
    print("95% intervals bootstrap the cases (sentences or passages; 2,000 resamples, seed 0)")
    for data, folder in EVALUATION_DATA.items():
        print(f"\n=== {data}: {folder.relative_to(PROJECT_DIR)}")
        print(format_evaluation(evaluate_gold(folder)))
