"""The analysis cache: per-article keys, and Parquet segments of results.

Keys
----
An article's key is the sha256 of

* the library: every ``.py`` file of the ``troopwatch`` package and every file
  under ``*/resources/`` (paths and bytes), the pandas and pyarrow versions and
  :data:`CACHE_FORMAT` (:func:`library_digest`, computed once per process);
* the VADER lexicon NLTK loads (``lexicon_sha256``: it lives outside the package);
* the codebook passed to :func:`~troopwatch.analyse.analyse` (:func:`codebook_digest`);
* the article itself: its row of ``Corpus.articles`` (text and metadata) and its
  rows of ``Corpus.sentences`` (:func:`article_keys`).

Any change to any of these gives new keys, so a stale result is never served:
it is simply not found, and the article is analysed again.

Layout
------
::

    <cache dir>/                     default <project>/data/cache/analysis (git-ignored)
      segments/
        <time>-<pid>-<random>/       one segment per run that analysed articles (per chunk from worker processes)
          keys.parquet               article_key of every article analysed in it
          troop_mentions.parquet     the rows of those articles, with an article_key column
          attributions.parquet
          frame_hits.parquet
          sentiment.parquet
        .tmp-<random>/               a segment being written (ignored by readers)

A run writes its new rows into a hidden folder and renames it into place: the
rename is atomic, so a reader sees a whole segment or none, and concurrent runs
(``make -j2``) never write the same file. An article analysed by two runs is in
two segments; readers take it from the first (by name). There is one file per
table per segment, not per article, so 10,000 articles are a handful of files;
reading filters the Parquet files on ``article_key``. Entries whose key no
corpus uses any more stay until the folder is deleted, which is always safe.

Example:
    >>> len(library_digest())
    64
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import time
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from troopwatch.digests import cache_root, package_digest

#: Bump when the layout of the cache or of its tables changes.
CACHE_FORMAT = "1"
#: The tables of an analysis, in order.
TABLES = ("troop_mentions", "attributions", "frame_hits", "sentiment")
KEY_COLUMN = "article_key"


def default_cache_dir() -> Path:
    """``$TROOPWATCH_CACHE_DIR/analysis``, else ``<project>/data/cache/analysis``.

    >>> default_cache_dir().name
    'analysis'
    """
    return cache_root() / "analysis"


@lru_cache(maxsize=1)
def library_digest() -> str:
    """The code and resources of this troopwatch, with the pandas and pyarrow versions and :data:`CACHE_FORMAT`."""
    parts = [CACHE_FORMAT, package_digest(), pd.__version__, pa.__version__]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def codebook_digest(codebook: object) -> str:
    """A digest of a :class:`~troopwatch.extract.framing.Codebook`: its frames, modifiers and terminators.

    >>> from troopwatch.extract.framing import load_codebook
    >>> codebook_digest(load_codebook()) == codebook_digest(load_codebook())
    True
    """
    return hashlib.sha256(repr(_plain(codebook)).encode("utf-8")).hexdigest()


def _plain(value: object) -> object:
    """A repr-stable form of a codebook: compiled patterns by their source and flags, in full."""
    if hasattr(value, "pattern") and hasattr(value, "flags"):
        return ("re", value.pattern, value.flags)
    if hasattr(value, "__dataclass_fields__"):
        return (type(value).__name__, [(name, _plain(getattr(value, name))) for name in value.__dataclass_fields__])
    if isinstance(value, Mapping):
        return sorted((repr(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    return value


def article_keys(articles: pd.DataFrame, sentences: pd.DataFrame, salt: str) -> pd.Series:
    """One key per row of ``articles`` (indexed by ``article_id``): its row, its sentences and ``salt``.

    The hash is of the ``repr`` of the values, which tells their types apart (``None`` from
    ``'None'``, ``1`` from ``'1'``) and quotes every string.

    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(["Troops left.", "Troops came."])
    >>> keys = article_keys(corpus.articles, corpus.sentences, "salt")
    >>> keys.index.tolist(), keys.str.len().tolist()
    (['text_1', 'text_2'], [64, 64])
    """
    rows_of: dict[str, list[int]] = {}
    for position, article_id in enumerate(sentences["article_id"].tolist() if len(sentences) else []):
        rows_of.setdefault(article_id, []).append(position)
    positions = {article_id: _as_slice(rows) for article_id, rows in rows_of.items()}
    sentence_values = [sentences[column].tolist() for column in sentences.columns]
    columns = sorted(articles.columns)
    head = repr([salt, columns, list(sentences.columns)])
    rows = zip(*(articles[column].tolist() for column in columns), strict=True)
    keys = []
    for article_id, row in zip(articles["article_id"].tolist(), rows, strict=True):
        mine = positions.get(article_id, slice(0, 0))
        payload = repr(
            [
                head,
                row,
                [
                    values[mine] if isinstance(mine, slice) else [values[position] for position in mine]
                    for values in sentence_values
                ],
            ]
        )
        keys.append(hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest())
    return pd.Series(keys, index=pd.Index(articles["article_id"], name="article_id"), name=KEY_COLUMN, dtype=object)


def _as_slice(positions: list[int]) -> slice | list[int]:
    """Ascending row positions as a slice when they are consecutive (the usual case), else as they are.

    >>> _as_slice([3, 4, 5]), _as_slice([1, 3])
    (slice(3, 6, None), [1, 3])
    """
    if positions[-1] - positions[0] + 1 == len(positions):
        return slice(positions[0], positions[-1] + 1)
    return positions


def _segments(folder: Path) -> list[Path]:
    root = folder / "segments"
    if not root.is_dir():
        return []
    return sorted(path for path in root.iterdir() if path.is_dir() and not path.name.startswith("."))


def lookup(folder: Path, keys: Iterable[str]) -> dict[str, Path]:
    """Which segment holds each of ``keys`` that the cache has (the first segment by name)."""
    wanted, found = set(keys), {}
    for segment in _segments(folder):
        if not wanted:
            break
        try:
            present = pq.read_table(segment / "keys.parquet").column(KEY_COLUMN).to_pylist()
        except (OSError, pa.ArrowException):
            continue  # unreadable (e.g. deleted under us): its articles are analysed again
        for key in wanted.intersection(present):
            found[key] = segment
        wanted.difference_update(present)
    return found


def read(where: Mapping[str, Path], table: str) -> list[pd.DataFrame]:
    """The non-empty pieces of ``table`` for the keys in ``where`` (key → segment), with ``article_key``."""
    by_segment: dict[Path, list[str]] = {}
    for key, segment in where.items():
        by_segment.setdefault(segment, []).append(key)
    pieces = []
    for segment, keys in sorted(by_segment.items()):
        path = segment / f"{table}.parquet"
        if not path.exists():
            continue  # no article of this segment has a row in this table
        frame = pq.read_table(path, filters=[(KEY_COLUMN, "in", keys)]).to_pandas()
        if len(frame):
            pieces.append(frame)
    return pieces


def write(folder: Path, keys: list[str], tables: Mapping[str, list[pd.DataFrame]]) -> Path:
    """Write one segment atomically: ``keys`` analysed, and their non-empty table pieces (with ``article_key``)."""
    root = folder / "segments"
    root.mkdir(parents=True, exist_ok=True)
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(4)}"
    temporary = root / f".tmp-{name}"
    temporary.mkdir()
    try:
        pq.write_table(pa.table({KEY_COLUMN: pa.array(keys, pa.string())}), temporary / "keys.parquet")
        for table, pieces in tables.items():
            pieces = [piece for piece in pieces if len(piece)]
            if pieces:
                pd.concat(pieces, ignore_index=True).to_parquet(temporary / f"{table}.parquet", index=False)
        final = root / name
        os.replace(temporary, final)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    return final
