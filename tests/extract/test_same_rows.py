"""The corpus-level extractors return the same rows as when the snapshot was made.

The snapshot (``tests/data/snapshots/``, see its README) holds what ``troop_mentions``,
``attributions`` and ``frame_scores`` (the shipped codebook, and the test codebook beside the
snapshot) returned on six corpora: the seed corpus, the gold and the blind sets (each coded passage
an article), 200 synthetic articles, an article with nothing to find and a corpus with no article.
Every table must come back equal (``assert_frame_equal``): columns, dtypes, values and row order.

Write the snapshot anew, only from a commit whose extractors give the rows wanted, with
``python tests/extract/test_same_rows.py``.
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import troopwatch as tw
from troopwatch.extract.framing import frame_scores
from troopwatch.report.bench import synthetic_corpus

PROJECT = Path(__file__).resolve().parents[2]
SNAPSHOTS = PROJECT / "tests" / "data" / "snapshots"
MANIFEST = SNAPSHOTS / "manifest.json"
CODEBOOK = SNAPSHOTS / "codebook.yaml"
ANNOTATIONS = PROJECT / "corpus" / "annotations"


def gold_corpus(folder: Path) -> tw.Corpus:
    """Every passage of the troops, attributions and frames files in ``folder``, one article each."""
    texts: dict[str, str] = {}
    for name in ("troops", "attributions", "frames"):
        cases = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        for case_id, text in cases[["case_id", "text"]].itertuples(index=False):
            texts.setdefault(case_id, text)
    return tw.corpus_from_texts(texts, outlet=folder.name)


def synthetic(articles: int) -> tw.Corpus:
    with tempfile.TemporaryDirectory() as folder:
        synthetic_corpus(folder, articles, seed=0)
        return tw.load_corpus(folder)


CORPORA: dict[str, Callable[[], tw.Corpus]] = {
    "seed": lambda: tw.load_corpus(PROJECT / "corpus"),
    "gold": lambda: gold_corpus(ANNOTATIONS / "gold"),
    "blind": lambda: gold_corpus(ANNOTATIONS / "blind"),
    "synthetic": lambda: synthetic(200),
    "quiet": lambda: tw.corpus_from_texts({"quiet": "Nothing happened here."}, outlet="X", published="2022-02-15"),
    "empty": lambda: tw.corpus_from_texts({}),
}
TABLES: dict[str, Callable[[tw.Corpus], pd.DataFrame]] = {
    "troop_mentions": tw.troop_mentions,
    "attributions": tw.attributions,
    "frame_scores": frame_scores,
    "frame_scores_test_codebook": lambda corpus: frame_scores(corpus, CODEBOOK),
}


@cache
def corpus(name: str) -> tw.Corpus:
    return CORPORA[name]()


def input_digest(corpus: tw.Corpus) -> str:
    """What the extractors read: the articles' ids, outlets, dates and texts, the paragraphs and sentences."""
    frames = [corpus.articles[["article_id", "outlet", "published", "text"]], corpus.paragraphs, corpus.sentences]
    return hashlib.sha256("\n".join(frame.to_csv(index=False) for frame in frames).encode()).hexdigest()


# --- the snapshot as text: one CSV per table, the dtypes in the manifest -----------------------------


def as_text(column: pd.Series) -> pd.Series:
    """A column as the strings the CSV holds; NaN and NaT as empty strings (never in a text column)."""
    if column.dtype.kind == "f":
        return column.map(lambda value: "" if math.isnan(value) else repr(value))
    if column.dtype.kind == "M":
        return column.map(lambda value: "" if pd.isna(value) else value.isoformat())
    if column.dtype.kind in "biu":
        return column.map(str)
    if not column.map(lambda value: isinstance(value, str)).all():
        raise ValueError(f"column {column.name} holds something other than text; the snapshot cannot store it")
    return column


def from_text(column: pd.Series, dtype: str) -> pd.Series:
    """The inverse of :func:`as_text` for a column of ``dtype``."""
    if dtype == "float64":
        return column.map(lambda text: float(text) if text else math.nan).astype("float64")
    if dtype.startswith("datetime64"):
        return pd.to_datetime(column.where(column != ""), format="ISO8601").astype(dtype)
    if dtype == "bool":
        return column.map({"True": True, "False": False}).astype("bool")
    return column.astype(dtype)


def stored(table: str, corpus_name: str) -> pd.DataFrame:
    """The snapshot of ``table`` on ``corpus_name``, with its dtypes."""
    entry = json.loads(MANIFEST.read_text("utf-8"))["tables"][table][corpus_name]
    text = pd.read_csv(SNAPSHOTS / f"{table}.csv", dtype=str, keep_default_na=False)
    rows = text[text.pop("corpus") == corpus_name].reset_index(drop=True)
    return pd.DataFrame({column: from_text(rows[column], dtype) for column, dtype in entry["dtypes"].items()})


def write() -> None:
    """Compute every table on every corpus and write the snapshot and its manifest."""
    manifest: dict[str, dict] = {"corpora": {}, "tables": {}}
    for name in CORPORA:
        manifest["corpora"][name] = {"input_sha256": input_digest(corpus(name)), "articles": len(corpus(name).articles)}
    for table, function in TABLES.items():
        parts, manifest["tables"][table] = [], {}
        for name in CORPORA:
            frame = function(corpus(name))
            manifest["tables"][table][name] = {
                "rows": len(frame),
                "dtypes": {c: str(t) for c, t in frame.dtypes.items()},
            }
            parts.append(pd.DataFrame({"corpus": name, **{c: as_text(frame[c]) for c in frame.columns}}, dtype=object))
        pd.concat(parts, ignore_index=True).to_csv(SNAPSHOTS / f"{table}.csv", index=False)
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


# --- the tests --------------------------------------------------------------------------------------


@pytest.mark.parametrize("corpus_name", CORPORA)
def test_the_corpora_are_those_the_snapshot_was_made_from(corpus_name: str) -> None:
    made_from = json.loads(MANIFEST.read_text("utf-8"))["corpora"][corpus_name]["input_sha256"]
    assert input_digest(corpus(corpus_name)) == made_from, (
        f"the {corpus_name} corpus changed since the snapshot was made (the corpus stage or its input, not the "
        "extractors); write the snapshot anew from a commit with the extractors wanted (tests/data/snapshots/README.md)"
    )


@pytest.mark.parametrize("corpus_name", CORPORA)
@pytest.mark.parametrize("table", TABLES)
def test_the_extractors_give_the_same_rows_as_the_snapshot(table: str, corpus_name: str) -> None:
    assert_frame_equal(TABLES[table](corpus(corpus_name)), stored(table, corpus_name), check_exact=True)


@pytest.mark.parametrize("corpus_name", CORPORA)
def test_troop_mentions_given_the_attributions_give_the_same_rows(corpus_name: str) -> None:
    given = corpus(corpus_name)
    found = tw.attributions(given)
    assert_frame_equal(tw.troop_mentions(given, found=found), stored("troop_mentions", corpus_name), check_exact=True)


def test_the_snapshot_holds_rows_of_every_kind() -> None:
    """The snapshot is no empty promise: each table has rows, and both dtypes of ``attributions`` occur."""
    tables = json.loads(MANIFEST.read_text("utf-8"))["tables"]
    for table, by_corpus in tables.items():
        assert by_corpus["seed"]["rows"] > 0 and by_corpus["gold"]["rows"] > 0, table
    ids = {by_corpus["dtypes"]["sentence_id"] for by_corpus in tables["attributions"].values()}
    assert {"int64", "float64", "object"} <= ids  # every article has a row; some have none; no article


if __name__ == "__main__":
    write()
