"""``analyse(corpus)``: the four per-sentence analyses, cached per article and run in parallel.

Routes for the articles the cache does not have:

* **in-process** when ``workers`` is 1, or fewer than :data:`MIN_PARALLEL` articles need
  analysis (starting processes would take longer than the work);
* **local processes** (``concurrent.futures.ProcessPoolExecutor``, the platform's start method) otherwise,
  ``workers`` of them (default ``$TROOPWATCH_WORKERS``, else ``os.cpu_count()``);
* **Dask** when a scheduler is given (``scheduler=`` an address or a ``distributed.Client``,
  else ``$TROOPWATCH_SCHEDULER``): one task per chunk of articles. dask and distributed
  are imported only then.

Every route calls the same function (:func:`analyse_chunk`) on chunks of whole articles; the
analyses are article-local, so the results are identical row for row whatever the route.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from troopwatch.analyse import cache
from troopwatch.corpus.load import REJECT_COLUMNS, Corpus, corpus_from_texts
from troopwatch.errors import TroopwatchError
from troopwatch.extract.framing import Codebook, frame_scores, load_codebook
from troopwatch.extract.sources import attributions
from troopwatch.extract.troops import troop_mentions
from troopwatch.measure.sentiment import lexicon_sha256, score_attrs, sentiment
from troopwatch.params import worker_count

#: Fewer articles to analyse than this run in-process: process start-up would dominate.
MIN_PARALLEL = 50
#: More articles to analyse than this show a progress bar (unless ``progress=False``).
PROGRESS_ABOVE = 200
#: The largest chunk of articles one task analyses.
MAX_CHUNK = 1000
#: Analysed articles are written to a new cache segment every this many articles (and at the end).
SEGMENT_ARTICLES = 2000

Chunk = tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]
Results = dict[str, pd.DataFrame]


@dataclass(frozen=True, repr=False)
class Analysis:
    """The four per-sentence analyses of a corpus, each the frame its direct function returns.

    troop_mentions
        :func:`~troopwatch.troop_mentions` (docs/data-dictionary.md, "Troop figures")
    attributions
        :func:`~troopwatch.attributions` (docs/data-dictionary.md, "Sources")
    frame_hits
        :func:`~troopwatch.frame_scores` with the codebook passed (docs/data-dictionary.md, "Frames")
    sentiment
        :func:`~troopwatch.sentiment` of ``corpus.sentences``, VADER (docs/data-dictionary.md, "Sentiment")
    analysed
        the ``article_id`` of every article analysed by this call; the others came from the cache
    """

    troop_mentions: pd.DataFrame
    attributions: pd.DataFrame
    frame_hits: pd.DataFrame
    sentiment: pd.DataFrame
    analysed: tuple[str, ...] = field(default=())

    def __repr__(self) -> str:
        """The size of each table and how many articles this call analysed."""
        tables = ", ".join(f"{name} {len(getattr(self, name))}" for name in cache.TABLES)
        return f"Analysis(rows: {tables}; articles analysed now: {len(self.analysed)})"


def analyse(
    corpus: Corpus,
    *,
    codebook: Codebook | str | Path | None = None,
    workers: int | None = None,
    scheduler: Any = None,
    cache_dir: str | Path | None = None,
    progress: bool | None = None,
) -> Analysis:
    """Troop mentions, attributions, frame hits and sentiment of ``corpus``, analysing only what the cache lacks.

    ``codebook`` is as for :func:`~troopwatch.frame_scores`. ``workers``: processes for
    the articles to analyse (default ``$TROOPWATCH_WORKERS``, else the number of cores; 1
    runs in-process). ``scheduler``: a Dask scheduler address (``tcp://host:8786``) or a
    ``distributed.Client`` (default ``$TROOPWATCH_SCHEDULER``). ``cache_dir``: default
    ``$TROOPWATCH_CACHE_DIR/analysis``, else ``<project>/data/cache/analysis``.
    ``progress``: a progress bar; by default only when more than 200 articles need analysis.

    >>> import tempfile
    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> text = "Over 100,000 troops massed, officials said, fearing an invasion."
    >>> corpus = corpus_from_texts([text], outlet="Example")
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first, again = analyse(corpus, cache_dir=folder), analyse(corpus, cache_dir=folder)
    >>> first
    Analysis(rows: troop_mentions 1, attributions 1, frame_hits 1, sentiment 1; articles analysed now: 1)
    >>> again.analysed, again.troop_mentions[["span", "supplied_by"]].values.tolist()
    ((), [['Over 100,000 troops', 'other or unknown source']])
    """
    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    folder = Path(cache_dir) if cache_dir is not None else cache.default_cache_dir()
    salt = "\0".join([cache.library_digest(), lexicon_sha256(), cache.codebook_digest(codebook)])
    keys = cache.article_keys(corpus.articles, corpus.sentences, salt)
    found = cache.lookup(folder, keys)
    missing = [article_id for article_id, key in keys.items() if key not in found]
    pieces: dict[str, list[pd.DataFrame]] = {table: cache.read(found, table) for table in cache.TABLES}
    if missing:
        for table, new in _analyse_missing(
            corpus, missing, keys, codebook, workers, scheduler, folder, progress
        ).items():
            pieces[table] += new
    return Analysis(
        **{table: _assemble(corpus, table, pieces[table], codebook, folder) for table in cache.TABLES},
        analysed=tuple(missing),
    )


# --- the work -------------------------------------------------------------------------------------


def analyse_chunk(chunk: Chunk, codebook: Codebook) -> tuple[str, Results]:
    """The four analyses of a chunk of whole articles (``articles, paragraphs, sentences, removed``).

    Returns this process's :func:`~troopwatch.analyse.cache.library_digest` with the tables, so
    a worker running other code is caught instead of filling the cache with its results.
    """
    corpus = Corpus(*chunk, rejects=pd.DataFrame(columns=REJECT_COLUMNS))
    return cache.library_digest(), _analyses(corpus, codebook)


def analyse_and_keep(chunk: Chunk, codebook: Codebook, keys: dict[str, str], folder: Path) -> tuple[str, Results]:
    """:func:`analyse_chunk`, then the chunk's tables (keyed) written as a cache segment by this process.

    The local process route uses it, so that the parent does not write every segment in turn.
    """
    digest, tables = analyse_chunk(chunk, codebook)
    keyed = {table: _keyed(frame, keys) for table, frame in tables.items()}
    cache.write(folder, list(keys.values()), {table: [frame] for table, frame in keyed.items()})
    return digest, keyed


def _keyed(frame: pd.DataFrame, keys: Mapping[str, str]) -> pd.DataFrame:
    """``frame`` with a fresh index, no attrs, and each row's :data:`~troopwatch.analyse.cache.KEY_COLUMN`."""
    frame = frame.reset_index(drop=True)
    frame.attrs = {}
    frame.insert(len(frame.columns), cache.KEY_COLUMN, frame["article_id"].map(keys).astype(object))
    return frame


#: Each table from the corpus, the codebook and the tables made before it (attributions once, for troop_mentions too).
_ANALYSES: dict[str, Callable[[Corpus, Codebook, Results], pd.DataFrame]] = {
    "attributions": lambda corpus, codebook, made: attributions(corpus),
    "troop_mentions": lambda corpus, codebook, made: troop_mentions(corpus, found=made.get("attributions")),
    "frame_hits": lambda corpus, codebook, made: frame_scores(corpus, codebook),
    "sentiment": lambda corpus, codebook, made: sentiment(corpus.sentences),
}


def _analyses(corpus: Corpus, codebook: Codebook) -> Results:
    made: Results = {}
    for table, analysis in _ANALYSES.items():
        made[table] = analysis(corpus, codebook, made)
    return made


def _analyse_missing(
    corpus: Corpus,
    missing: list[str],
    keys: pd.Series,
    codebook: Codebook,
    workers: int | None,
    scheduler: Any,
    folder: Path,
    progress: bool | None,
) -> dict[str, list[pd.DataFrame]]:
    """Analyse ``missing`` articles by the chosen route, writing segments as results arrive."""
    workers = worker_count(workers)
    scheduler = scheduler if scheduler is not None else (os.environ.get("TROOPWATCH_SCHEDULER") or None)
    chunk_ids = _chunk_ids(missing, workers)
    chunks = _chunks(corpus, chunk_ids)
    kept_by_workers = scheduler is None and workers > 1 and len(missing) >= MIN_PARALLEL
    if scheduler is not None:
        results = _dask_route(chunks, codebook, scheduler)
    elif not kept_by_workers:
        results = ((ids, analyse_chunk(chunk, codebook)) for ids, chunk in zip(chunk_ids, chunks, strict=True))
    else:
        results = _process_route(chunk_ids, chunks, codebook, workers, keys, folder)
    bar = _bar(len(missing), progress)
    collected: dict[str, list[pd.DataFrame]] = {table: [] for table in cache.TABLES}
    pending: dict[str, list[pd.DataFrame]] = {table: [] for table in cache.TABLES}
    pending_keys: list[str] = []
    try:
        for ids, (digest, tables) in results:
            if digest != cache.library_digest():
                raise TroopwatchError(
                    "a worker runs a different troopwatch (its code or resources differ); "
                    "install this version on every Dask worker"
                )
            if bar is not None:
                bar.update(len(ids))
            if kept_by_workers:  # written by the worker, with their keys
                for table, frame in tables.items():
                    collected[table].append(frame)
                continue
            for table, frame in tables.items():
                frame = _keyed(frame, keys)
                pending[table].append(frame)
                collected[table].append(frame)
            pending_keys += [keys[article_id] for article_id in ids]
            if len(pending_keys) >= SEGMENT_ARTICLES:
                cache.write(folder, pending_keys, pending)
                pending, pending_keys = {table: [] for table in cache.TABLES}, []
        if pending_keys:
            cache.write(folder, pending_keys, pending)
    finally:
        if bar is not None:
            bar.close()
    return collected


def _chunk_ids(ids: list[str], workers: int) -> list[list[str]]:
    """Chunks of about four per worker, at most :data:`MAX_CHUNK` articles each."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(ids) / (workers * 4))))
    return [ids[start : start + size] for start in range(0, len(ids), size)]


def _chunks(corpus: Corpus, chunk_ids: list[list[str]]) -> list[Chunk]:
    """The rows of each chunk's articles, from each frame of ``corpus``, in corpus order."""
    frames = (corpus.articles, corpus.paragraphs, corpus.sentences, corpus.removed)
    groups = [frame.groupby("article_id", sort=False).indices if len(frame) else {} for frame in frames]
    chunks = []
    for ids in chunk_ids:
        parts = []
        for frame, group in zip(frames, groups, strict=True):
            positions = [group[article_id] for article_id in ids if article_id in group]
            taken = np.sort(np.concatenate(positions)) if positions else np.array([], dtype=np.intp)
            parts.append(frame.take(taken).reset_index(drop=True))
        chunks.append((parts[0], parts[1], parts[2], parts[3]))
    return chunks


def _process_route(
    chunk_ids: list[list[str]], chunks: list[Chunk], codebook: Codebook, workers: int, keys: pd.Series, folder: Path
) -> Iterator[tuple[list[str], tuple[str, Results]]]:
    """Each chunk in a local process, which also writes its segment (:func:`analyse_and_keep`)."""
    # the platform's default start method: fork on Linux (quick, and scripts need no __main__ guard);
    # spawn where fork is not the default; a script must then guard its code with `if __name__ == "__main__":`
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures = {
            pool.submit(analyse_and_keep, chunk, codebook, {i: keys[i] for i in ids}, folder): ids
            for ids, chunk in zip(chunk_ids, chunks, strict=True)
        }
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            for future in futures:
                future.cancel()


def _dask_route(
    chunks: list[Chunk], codebook: Codebook, scheduler: Any
) -> Iterator[tuple[list[str], tuple[str, Results]]]:
    """One Dask task per chunk on the cluster at ``scheduler`` (an address or a ``distributed.Client``)."""
    from distributed import Client  # only on this route
    from distributed import as_completed as completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = {
            client.submit(analyse_chunk, chunk, codebook, pure=False): chunk[0]["article_id"].tolist()
            for chunk in chunks
        }
        for future in completed(list(futures)):
            yield futures[future], future.result()
    finally:
        if client is not scheduler:
            client.close()


def _bar(total: int, progress: bool | None) -> Any:
    if progress is False or (progress is None and total <= PROGRESS_ABOVE):
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="article", desc="analyse")


# --- putting the tables together ------------------------------------------------------------------


def _assemble(
    corpus: Corpus, table: str, pieces: Sequence[pd.DataFrame], codebook: Codebook, folder: Path
) -> pd.DataFrame:
    """``table`` for the whole corpus from per-article pieces, in the order and dtypes the direct function gives.

    The direct functions infer dtypes from their rows: a table with rows has the dtypes of
    :func:`_schemas`, one with none the empty frame's (:func:`_empty`). ``attributions``
    concatenates one frame per article, so an article without attributions turns the integer
    ids into floats and the strings into objects; that is reproduced here.
    """
    pieces = [piece for piece in pieces if len(piece)]
    if not pieces:
        return _empty(corpus, table, codebook)
    frame = pd.concat(pieces, ignore_index=True)
    # the direct functions walk corpus.articles (attributions) or corpus.sentences (the others)
    order_ids = corpus.articles["article_id"] if table == "attributions" else corpus.sentences["article_id"]
    position = {article_id: number for number, article_id in enumerate(pd.unique(order_ids))}
    order = frame["article_id"].map(position).to_numpy()
    frame = frame.iloc[np.argsort(order, kind="stable")].drop(columns=cache.KEY_COLUMN).reset_index(drop=True)
    dtypes = _schemas(folder)[table]
    if table == "attributions" and not corpus.articles["article_id"].isin(frame["article_id"]).all():
        dtypes = pd.concat(
            [
                pd.DataFrame({column: pd.Series(dtype=dtype) for column, dtype in dtypes.items()}),
                _empty(_without_rows(corpus, frame), table, codebook),
            ]
        ).dtypes
    frame = frame.astype(dict(dtypes))
    if table == "sentiment":
        frame.index = corpus.sentences.index
        frame.attrs = score_attrs()
    else:
        frame.attrs = {}
    return frame


@lru_cache(maxsize=4)
def _schemas(folder: Path) -> dict[str, pd.Series]:
    """The dtypes of each table when it has rows, stored in the cache ``folder`` by :func:`_probe_schemas`.

    Stored, so that reading a warm cache does not split or score a sentence (which imports NLTK).
    """
    from troopwatch.analyse.stored import stored

    table = stored("schemas", {}, _probe_schemas, cache_dir=folder)
    return {
        name: pd.Series(list(rows["dtype"]), index=list(rows["column"]), dtype=object)
        for name, rows in table.groupby("table", sort=False)
    }


def _probe_schemas() -> pd.DataFrame:
    """``table, column, dtype`` of each analysis of a one-sentence corpus that gives a row in each."""
    probe = corpus_from_texts(
        ['"Over 10,000 troops will return," Interfax quoted the army as saying, fearing an invasion.']
    )
    rows = [
        (table, column, dtype)
        for table, frame in _analyses(probe, load_codebook()).items()
        for column, dtype in frame.dtypes.items()
    ]
    return pd.DataFrame(rows, columns=["table", "column", "dtype"])


def _without_rows(corpus: Corpus, frame: pd.DataFrame) -> Corpus:
    """A corpus of the first article that has no row in ``frame``."""
    lacking = corpus.articles.loc[~corpus.articles["article_id"].isin(frame["article_id"]), "article_id"]
    return Corpus(*_chunks(corpus, [lacking.iloc[:1].tolist()])[0], rejects=corpus.rejects.iloc[:0])


def _empty(corpus: Corpus, table: str, codebook: Codebook) -> pd.DataFrame:
    """The direct function's frame when ``table`` has no row: run on the first article, which has none."""
    if table == "sentiment":
        return sentiment(corpus.sentences.iloc[:0])
    first = Corpus(
        *_chunks(corpus, [corpus.articles["article_id"].iloc[:1].tolist()])[0], rejects=corpus.rejects.iloc[:0]
    )
    return _ANALYSES[table](first, codebook, {})
