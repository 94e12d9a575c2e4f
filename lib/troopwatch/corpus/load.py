r"""The corpus: article files plus metadata, read into tidy DataFrames.

:func:`load_corpus` reads ``<path>/articles/*.txt`` and ``<path>/metadata.csv``;
:func:`corpus_from_texts` builds the same :class:`Corpus` from strings in memory.
Analyses take a Corpus and never read files.

From :data:`MIN_PARALLEL` files on, :func:`load_corpus` gives chunks of the files
to ``workers`` processes (``concurrent.futures``, the platform's start method),
which read, clean and segment them and compute their shingles and MinHash
signatures (:mod:`troopwatch.corpus.stories`); the chunks come back in file
order, so the Corpus is the same whatever the number of workers.

What happens to bad input
-------------------------
* A problem in **metadata.csv** (missing column, duplicate article_id, a date
  that is not ``YYYY-MM-DD``, an unknown date_basis …) raises
  :class:`~troopwatch.errors.CorpusError` naming the line and column: it is the
  analyst's own table, and a wrong row would silently mislabel results.
* A problem with an **article file** (empty, not UTF-8, nothing left after
  cleaning, no metadata row, or a metadata row whose file is missing) puts the
  file in ``Corpus.rejects`` with the reason, and the other articles load.

Example:
    >>> corpus = corpus_from_texts({"a": "Posted on\n\nOver 100,000 troops massed. Mr Putin denied it."},
    ...                            outlet="Example News", published="2022-02-15")
    >>> corpus
    Corpus(1 article from 1 outlet, 2022-02-15 to 2022-02-15; 2 sentences; 1 removed line; 0 rejects)
    >>> corpus.sentences[["sentence_id", "text"]].values.tolist()
    [[1, 'Over 100,000 troops massed.'], [2, 'Mr Putin denied it.']]
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import numpy as np
import pandas as pd

from troopwatch.corpus import kept
from troopwatch.corpus.cleaning import BoilerplateRule, clean_text, load_boilerplate_rules
from troopwatch.corpus.metadata import read_metadata
from troopwatch.corpus.stories import dedupe as dedupe_articles
from troopwatch.corpus.stories import minhash_signatures, shingles, story_ids
from troopwatch.corpus.text import count_words, split_sentences
from troopwatch.errors import CorpusError, ParameterError
from troopwatch.params import check_date_range, check_outlets, worker_count

#: Columns of ``Corpus.articles`` (metadata.csv may add more, kept after these).
ARTICLE_COLUMNS = [
    "article_id",
    "outlet",
    "outlet_country",
    "url",
    "published",
    "date_basis",
    "date_evidence",
    "text",
    "n_words",
    "n_sentences",
    "source_file",
    "sha256",
    "story_id",
]
PARAGRAPH_COLUMNS = ["article_id", "paragraph_id", "text", "start", "end"]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "paragraph_id", "text", "start", "end"]
REMOVED_COLUMNS = ["article_id", "line_no", "text", "rule"]
REJECT_COLUMNS = ["file", "reason"]
_METADATA_DEFAULTS = {
    "outlet": "unknown",
    "outlet_country": "unknown",
    "url": "",
    "published": None,
    "date_basis": "unknown",
    "date_evidence": "",
}
#: Fewer article files than this are read in-process: starting processes and sending the results back
#: would take longer than the work (on 2 cores, 2 processes break even at about 500 to 800 files).
MIN_PARALLEL = 500
#: The largest chunk of files one process reads at a time.
MAX_CHUNK = 100
#: Metadata fields that are not extra columns of ``Corpus.articles``: its own columns, and those it drops.
_NOT_EXTRA = frozenset([*ARTICLE_COLUMNS, "file", "metadata_line"])


@dataclass(frozen=True, repr=False)
class Corpus:
    """Tidy frames of one corpus; every frame is keyed by ``article_id``.

    articles
        one row per usable article: ``ARTICLE_COLUMNS``. ``text`` is the clean
        body (boilerplate removed, paragraphs separated by a blank line).
        ``story_id`` groups syndicated and duplicate copies (see
        :mod:`troopwatch.corpus.stories`).
    paragraphs
        ``article_id, paragraph_id, text, start, end``; ``paragraph_id`` counts
        from 1 within the article, offsets index the article's clean text.
    sentences
        ``article_id, sentence_id, paragraph_id, text, start, end``;
        ``articles.text[start:end] == text``.
    removed
        ``article_id, line_no, text, rule``: every line or prefix cleaning took
        out, with the source line number and the boilerplate rule's name.
    rejects
        ``file, reason``: every file (or metadata row) that could not be used.
    """

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    rejects: pd.DataFrame

    def __repr__(self) -> str:
        """Article, outlet, sentence, removed-line and reject counts, and the date span."""
        n = len(self.articles)
        outlets = self.articles["outlet"].nunique()
        dates = self.articles["published"].dropna()
        span = f", {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
        return (
            f"Corpus({n} article{'s' * (n != 1)} from {outlets} outlet{'s' * (outlets != 1)}{span}; "
            f"{_count(self.sentences, 'sentence')}; {_count(self.removed, 'removed line')}; "
            f"{len(self.rejects)} rejects)"
        )

    def select(
        self, outlets: object = None, start_date: object = None, end_date: object = None, dedupe: object = False
    ) -> Corpus:
        """The articles of ``outlets`` published from ``start_date`` to ``end_date`` inclusive.

        ``None`` means no restriction. Unknown outlets, unparseable dates, a start
        after the end, or a selection with no article raise ParameterError.
        ``dedupe=True`` then keeps one copy of each story (``story_id``): the
        earliest copy among the selected articles.

        >>> corpus = corpus_from_texts(["Troops left.", "Troops came."], outlet=["A", "B"],
        ...                            published=["2022-02-15", "2021-04-22"])
        >>> corpus.select(outlets=["a"]).articles.outlet.tolist()
        ['A']
        """
        if not isinstance(dedupe, bool):
            raise ParameterError(f"dedupe: {dedupe!r} is not true or false")
        chosen = check_outlets(outlets, self.articles["outlet"])
        start, end = check_date_range(start_date, end_date)
        keep = self.articles["outlet"].isin(chosen)
        if start is not None:
            keep &= self.articles["published"] >= start
        if end is not None:
            keep &= self.articles["published"] <= end
        if not keep.any():
            raise ParameterError(
                f"no article matches outlets={outlets or 'every outlet'!r}, start_date={start_date!r}, "
                f"end_date={end_date!r}; "
                f"the corpus runs from {self.articles['published'].min():%Y-%m-%d} "
                f"to {self.articles['published'].max():%Y-%m-%d}"
            )
        ids = set(self.articles.loc[keep, "article_id"])
        if dedupe:
            ids = set(dedupe_articles(self.articles[keep])["article_id"])
        articles, paragraphs, sentences, removed = (
            frame[frame["article_id"].isin(ids)].reset_index(drop=True)
            for frame in (self.articles, self.paragraphs, self.sentences, self.removed)
        )
        return Corpus(articles, paragraphs, sentences, removed, rejects=self.rejects)


def _count(frame: pd.DataFrame, noun: str) -> str:
    return f"{len(frame)} {noun}{'s' * (len(frame) != 1)}"


def load_corpus(
    path: str | Path = "corpus",
    boilerplate: str | Path | None = None,
    workers: int | None = None,
    cache_dir: str | Path | None = None,
) -> Corpus:
    """Read ``<path>/articles/*.txt`` and ``<path>/metadata.csv`` into a :class:`Corpus`.

    ``boilerplate`` is a rules file to use instead of the shipped
    ``resources/boilerplate.yaml``. File names in messages and in
    ``articles.source_file`` are relative to ``path``. ``workers``: processes
    that read, clean and segment the files (default ``$TROOPWATCH_WORKERS``,
    else the number of cores); fewer than :data:`MIN_PARALLEL` files, or
    ``workers=1``, are read in-process. The Corpus is the same whatever the number.
    The Corpus is kept in ``cache_dir`` (default ``<cache root>/corpus``) and returned from
    there while nothing it is made from has changed (:mod:`troopwatch.corpus.kept`).

    >>> load_corpus("no/such/folder")
    Traceback (most recent call last):
    ...
    troopwatch.errors.CorpusError: corpus folder 'no/such/folder' not found; pass the folder that holds articles/ and metadata.csv
    """  # noqa: E501 (doctest output must match verbatim)
    workers = worker_count(workers)
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(
            f"corpus folder {str(path)!r} not found; pass the folder that holds articles/ and metadata.csv"
        )
    articles_dir, metadata_file = root / "articles", root / "metadata.csv"
    if not articles_dir.is_dir():
        raise CorpusError(f"{articles_dir} not found; put one .txt file per article in it")
    if not metadata_file.is_file():
        raise CorpusError(
            f"{metadata_file} not found; it needs one row per article file (see README, 'Adding an article')"
        )
    folder = Path(cache_dir) if cache_dir is not None else kept.default_folder()
    key = kept.corpus_key(root, boilerplate)
    corpus = kept.read_kept(folder, key)
    if corpus is None:
        metadata = _read_metadata_file(metadata_file)
        rules = load_boilerplate_rules(boilerplate)
        records, sources, rejects = _match_files(articles_dir, metadata)
        items = [(record["article_id"], source) for record, source in zip(records, sources, strict=True)]
        corpus = _build(records, _read_all(items, rules, workers), rejects)
        kept.keep(folder, key, corpus)
    return corpus


def _read_metadata_file(metadata_file: Path) -> pd.DataFrame:
    raw_metadata = metadata_file.read_bytes()
    try:
        metadata_text = raw_metadata.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw_metadata[: error.start].count(b"\n") + 1
        raise CorpusError(
            f"{metadata_file} line {line} is not UTF-8 (byte {raw_metadata[error.start]:#04x}); save the file as UTF-8"
        ) from None
    return read_metadata(io.StringIO(metadata_text, newline=""), str(metadata_file))


def _match_files(articles_dir: Path, metadata: pd.DataFrame) -> tuple[list[dict], list[Path], list[tuple[str, str]]]:
    """The metadata record and the path of each article file to read, in file name order; and the rejects."""
    listed = {row["file"]: row for row in metadata.to_dict("records")}
    records, sources, rejects = [], [], []
    with os.scandir(articles_dir) as entries:  # a directory entry knows whether it is a file without a stat
        found = sorted(((entry.name, entry.is_file()) for entry in entries), key=lambda found: found[0])
    for name, is_file in found:
        source_file = f"articles/{name}"
        if not name.endswith(".txt") or name == ".txt" or not is_file:
            rejects.append((source_file, "not a .txt file; only articles/*.txt are read"))
        elif name not in listed:
            rejects.append((source_file, f"no row in metadata.csv; add a row with file={name}"))
        else:
            records.append({**listed.pop(name), "source_file": source_file})
            sources.append(articles_dir / name)
    for file, row in listed.items():
        rejects.append(
            (
                f"articles/{file}",
                f"listed in metadata.csv line {row['metadata_line']} "
                "but the file does not exist; add the file or delete the row",
            )
        )
    return records, sources, rejects


def corpus_from_texts(texts: Mapping[str, str] | Sequence[str], **metadata: object) -> Corpus:
    """Build a :class:`Corpus` from strings, for experiments and tests.

    ``texts`` maps article ids to raw texts; a plain sequence gets the ids
    ``text_1``, ``text_2`` …. Each metadata keyword (``outlet``,
    ``outlet_country``, ``url``, ``published``, ``date_basis``,
    ``date_evidence``) is one value for all articles, a sequence in the order of
    ``texts``, or a mapping from article id to value.

    >>> corpus_from_texts(["Troops left."], colour="red")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: corpus_from_texts: unknown metadata 'colour'; use outlet, outlet_country, url, published, date_basis, date_evidence
    """  # noqa: E501 (doctest output must match verbatim)
    unknown = sorted(set(metadata) - set(_METADATA_DEFAULTS))
    if unknown:
        raise ParameterError(
            f"corpus_from_texts: unknown metadata {', '.join(map(repr, unknown))}; use {', '.join(_METADATA_DEFAULTS)}"
        )
    if not isinstance(texts, Mapping):
        texts = {f"text_{number}": text for number, text in enumerate(texts, start=1)}
    ids = list(texts)
    columns = {
        name: _per_article(name, metadata.get(name, default), ids) for name, default in _METADATA_DEFAULTS.items()
    }
    records = []
    for position, article_id in enumerate(ids):
        row = {name: values[position] for name, values in columns.items()}
        published = row["published"]
        row["published"] = pd.NaT if published in (None, "") else pd.Timestamp(published)
        records.append({**row, "article_id": article_id, "source_file": f"<{article_id}>"})
    items = [(article_id, texts[article_id].encode("utf-8")) for article_id in ids]
    return _build(records, _read_articles(items, load_boilerplate_rules()), [])


def _per_article(name: str, value: object, ids: list[str]) -> list[object]:
    if isinstance(value, Mapping):
        missing = [article_id for article_id in ids if article_id not in value]
        if missing:
            raise ParameterError(f"corpus_from_texts: {name} has no value for {', '.join(map(repr, missing))}")
        return [value[article_id] for article_id in ids]
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != len(ids):
            raise ParameterError(f"corpus_from_texts: {name} has {len(value)} values for {len(ids)} texts")
        return list(value)
    return [value] * len(ids)


@dataclass(frozen=True)
class _Article:
    """One article file, read: the reason it cannot be used, or its clean text and its rows.

    ``paragraphs``, ``sentences`` and ``removed`` are rows of the Corpus frames of the same names.
    """

    sha256: str
    reject: str | None = None
    text: str = ""
    n_words: int = 0
    paragraphs: list[tuple[str, int, str, int, int]] = field(default_factory=list)
    sentences: list[tuple[str, int, int, str, int, int]] = field(default_factory=list)
    removed: list[tuple[str, int, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _ReadArticles:
    """Articles read, with the shingles of each clean text and their MinHash signatures (one row each), in order."""

    articles: list[_Article]
    shingle_sets: list[np.ndarray]
    signatures: np.ndarray


def _read_articles(items: Sequence[tuple[str, Path | bytes]], rules: tuple[BoilerplateRule, ...]) -> _ReadArticles:
    """Read, clean and segment articles given as ``(article_id, file path or raw bytes)``: the work of one process."""
    articles = [
        _read_article(article_id, source.read_bytes() if isinstance(source, Path) else source, rules)
        for article_id, source in items
    ]
    word_hashes: dict[str, int] = {}
    shingle_sets = [shingles(article.text, word_hashes) for article in articles]
    return _ReadArticles(articles, shingle_sets, minhash_signatures(shingle_sets))


def _read_all(items: list[tuple[str, Path]], rules: tuple[BoilerplateRule, ...], workers: int) -> _ReadArticles:
    """:func:`_read_articles` of all ``items``: in-process, or in chunks by ``workers`` processes."""
    if workers == 1 or len(items) < MIN_PARALLEL:
        return _read_articles(items, rules)
    size = max(1, min(MAX_CHUNK, math.ceil(len(items) / (workers * 4))))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    # the platform's default start method, as in troopwatch.analyse: fork on Linux; where it is spawn,
    # a script must guard its code with `if __name__ == "__main__":`
    split_sentences("")  # imports NLTK (seconds) and builds the tokenizer once, here: forked processes inherit them
    with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        parts = list(pool.map(_read_articles, chunks, repeat(rules)))
    return _ReadArticles(
        [article for part in parts for article in part.articles],
        [shingle_set for part in parts for shingle_set in part.shingle_sets],
        np.concatenate([part.signatures for part in parts]),
    )


def _read_article(article_id: str, raw: bytes, rules: tuple[BoilerplateRule, ...]) -> _Article:
    """Decode, clean and segment one article's bytes."""
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _Article(
            sha256, f"not UTF-8: byte {raw[error.start]:#04x} at offset {error.start}; re-save the file as UTF-8"
        )
    if not text.strip():
        return _Article(sha256, "empty file: it holds no text; fill it or delete it and its metadata row")
    cleaned = clean_text(text, rules)
    removed = [(article_id, line_no, line, rule) for line_no, line, rule in cleaned.removed]
    if not cleaned.text:
        reason = (
            f"nothing left after cleaning: all {len(cleaned.removed)} non-blank lines "
            "matched boilerplate rules (see Corpus.removed)"
        )
        return _Article(sha256, reason, removed=removed)
    paragraphs: list[tuple[str, int, str, int, int]] = []
    sentences: list[tuple[str, int, int, str, int, int]] = []
    for paragraph_id, (p_start, p_end) in enumerate(cleaned.paragraphs, start=1):
        paragraph = cleaned.text[p_start:p_end]
        paragraphs.append((article_id, paragraph_id, paragraph, p_start, p_end))
        for s_start, s_end in split_sentences(paragraph):
            start, end = p_start + s_start, p_start + s_end
            sentences.append((article_id, len(sentences) + 1, paragraph_id, cleaned.text[start:end], start, end))
    return _Article(sha256, None, cleaned.text, count_words(cleaned.text), paragraphs, sentences, removed)


def _build(records: list[dict], read: _ReadArticles, rejects: list[tuple[str, str]]) -> Corpus:
    """The Corpus of the metadata ``records`` and their articles ``read``; unusable articles go to rejects."""
    articles, paragraphs, sentences, removed, kept = [], [], [], [], []
    for position, (record, article) in enumerate(zip(records, read.articles, strict=True)):
        removed += article.removed
        if article.reject is not None:
            rejects.append((record["source_file"], article.reject))
            continue
        kept.append(position)
        paragraphs += article.paragraphs
        sentences += article.sentences
        extra = {key: value for key, value in record.items() if key not in _NOT_EXTRA}
        articles.append(
            {
                **{column: record.get(column, "") for column in ARTICLE_COLUMNS},
                **extra,
                "text": article.text,
                "n_words": article.n_words,
                "n_sentences": len(article.sentences),
                "sha256": article.sha256,
            }
        )
    article_frame = pd.DataFrame(articles, columns=ARTICLE_COLUMNS if not articles else None)
    article_frame["published"] = pd.to_datetime(article_frame["published"]).astype("datetime64[ns]")
    article_frame["story_id"] = story_ids(
        article_frame, shingle_sets=[read.shingle_sets[position] for position in kept], signatures=read.signatures[kept]
    ).astype(object)
    return Corpus(
        articles=article_frame.sort_values("article_id", ignore_index=True),
        paragraphs=_frame(paragraphs, PARAGRAPH_COLUMNS),
        sentences=_frame(sentences, SENTENCE_COLUMNS),
        removed=_frame(removed, REMOVED_COLUMNS),
        rejects=pd.DataFrame(sorted(rejects), columns=REJECT_COLUMNS),
    )


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(columns[:2], ignore_index=True, kind="stable")
