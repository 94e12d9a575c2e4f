r"""Syndicated and duplicate copies: articles whose texts are near-duplicates share one story.

A wire story reprinted by several outlets, or one article saved twice, would
otherwise be counted once per copy. :func:`story_ids` groups such copies:

* each article's clean text is lower-cased and split into words (``\w+``); its
  shingles are the runs of ``SHINGLE_WORDS`` (5) consecutive words, each hashed
  to 64 bits (from blake2b hashes of its words, so the result never depends on
  ``PYTHONHASHSEED``); a text shorter than 5 words is one shingle;
* a MinHash (datasketch, ``NUM_PERM`` = 128 permutations, fixed ``SEED``) of
  each shingle set goes into a ``MinHashLSH`` index with threshold
  ``THRESHOLD`` (0.5), which proposes candidate pairs without comparing all
  pairs;
* a candidate pair counts only if the exact Jaccard similarity of the two
  shingle sets (shared shingles / all shingles) is at least ``THRESHOLD``, so
  an LSH false positive never merges two stories;
* confirmed pairs are joined transitively (if A copies B and B copies C, all
  three are one story), and ``story_id`` is the ``article_id`` of the story's
  earliest copy (by ``published``, ties and missing dates broken by
  ``article_id``).

A Jaccard of 0.5 on 5-word shingles means that about two thirds of the words
run in the same order in both texts: different headlines, bylines, datelines
and a trimmed final paragraph keep two copies together; two reports of the same
event written separately share far fewer 5-word runs.

Example:
    >>> import pandas as pd
    >>> wire = "Russia said on Tuesday that some units were returning to their bases after drills near Ukraine."
    >>> articles = pd.DataFrame({
    ...     "article_id": ["b", "a", "c"],
    ...     "published": pd.to_datetime(["2022-02-15", "2022-02-16", "2022-02-15"]),
    ...     "text": [wire, "MOSCOW (Reuters) - " + wire, "Ukraine's president asked for calm."]})
    >>> story_ids(articles).tolist()
    ['b', 'b', 'c']
    >>> dedupe(articles).article_id.tolist()
    ['b', 'c']
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from troopwatch.errors import ParameterError

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20220215
#: Jaccard similarity of the shingle sets at or above which two texts are copies of one story.
THRESHOLD = 0.5
#: What :func:`dedupe` keeps of each story.
KEEP = ("earliest", "latest")

_WORD = re.compile(r"\w+")
_MASK32 = np.uint64(0xFFFFFFFF)
_MULTIPLIER = np.uint64(0x100000001B3)
_MIXER = np.uint64(0xBF58476D1CE4E5B9)


def shingles(text: str, word_hashes: dict[str, int] | None = None) -> np.ndarray:
    """The sorted, distinct 64-bit hashes of the text's word 5-shingles (uint64).

    Each word is hashed once (blake2b, 8 bytes; ``word_hashes`` caches them
    across texts); a shingle's hash combines its words' hashes in order.

    >>> len(shingles("One two three four five six.")), len(shingles("Too short.")), len(shingles(""))
    (2, 1, 0)
    >>> bool(shingles("a b c d e")[0] == shingles("A, b; c d e!")[0] != shingles("e d c b a")[0])
    True
    """
    words = _WORD.findall(text.lower())
    if not words:
        return np.empty(0, dtype=np.uint64)
    cache = word_hashes if word_hashes is not None else {}
    for word in set(words).difference(cache):
        cache[word] = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    codes = np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))
    size = min(SHINGLE_WORDS, len(words))
    count = len(words) - size + 1
    combined = np.zeros(count, dtype=np.uint64)
    for offset in range(size):  # polynomial hash over the shingle's words, modulo 2**64
        combined = combined * _MULTIPLIER + codes[offset : offset + count]
    combined ^= combined >> np.uint64(29)  # spread the high bits into the low 32 that MinHash uses
    combined *= _MIXER
    combined ^= combined >> np.uint64(32)
    return np.unique(combined)


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted distinct hash arrays (0 when both are empty)."""
    union = len(first) + len(second)
    if not union:
        return 0.0
    shared = len(np.intersect1d(first, second, assume_unique=True))
    return shared / (union - shared)


def story_ids(articles: pd.DataFrame, threshold: float = THRESHOLD) -> pd.Series:
    """The ``story_id`` of every row of ``articles`` (columns ``article_id``, ``published``, ``text``).

    Returns a Series aligned with ``articles.index``. Deterministic: the same
    texts always give the same stories, whatever their order.
    """
    if articles.empty:
        return pd.Series([], index=articles.index, dtype=object, name="story_id")
    ids = articles["article_id"].astype(str).tolist()
    word_hashes: dict[str, int] = {}
    sets = [shingles(text, word_hashes) for text in articles["text"].fillna("").astype(str)]
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashed = (
        np.bitwise_and(shingle_set, _MASK32) if len(shingle_set) else np.zeros(1, dtype=np.uint64)
        for shingle_set in sets
    )
    minhashes = MinHash.bulk(hashed, num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    for position, minhash in enumerate(minhashes):
        if len(sets[position]):
            lsh.insert(position, minhash, check_duplication=False)
    parent = list(range(len(ids)))

    def root(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for position, minhash in enumerate(minhashes):
        if not len(sets[position]):
            continue
        for other in lsh.query(minhash):
            if other > position and root(other) != root(position) and jaccard(sets[position], sets[other]) >= threshold:
                parent[root(other)] = root(position)
    published = pd.to_datetime(articles["published"]).tolist()
    order = sorted(
        range(len(ids)), key=lambda i: (pd.isna(published[i]), published[i] if pd.notna(published[i]) else 0, ids[i])
    )
    first: dict[int, str] = {}
    for position in order:
        first.setdefault(root(position), ids[position])
    return pd.Series([first[root(position)] for position in range(len(ids))], index=articles.index, name="story_id")


def dedupe(articles: pd.DataFrame, keep: str = "earliest") -> pd.DataFrame:
    """One article per story: its earliest copy (``keep="earliest"``) or its latest (``"latest"``).

    ``articles`` needs ``article_id`` and ``published``, and ``story_id`` (as in
    ``Corpus.articles``; computed from ``text`` when absent). Copies are ordered
    by ``published`` (missing dates last), then ``article_id``, so on a whole
    corpus ``keep="earliest"`` keeps the rows whose ``article_id`` is their
    ``story_id``; on a selection it keeps the earliest copy selected. The rows
    keep their order and the index is reset.

    >>> dedupe(pd.DataFrame({"article_id": ["a"], "published": [None], "story_id": ["a"]}), keep="first")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: keep: 'first' is not one of earliest, latest
    """
    if keep not in KEEP:
        raise ParameterError(f"keep: {keep!r} is not one of {', '.join(KEEP)}")
    if "story_id" not in articles:
        articles = articles.assign(story_id=story_ids(articles))
    ranked = articles.assign(_date=pd.to_datetime(articles["published"])).sort_values(
        ["_date", "article_id"], na_position="last", kind="stable"
    )
    kept = ranked.drop_duplicates("story_id", keep="first" if keep == "earliest" else "last").index
    return articles[articles.index.isin(kept)].reset_index(drop=True)


REPRINT_COLUMNS = ["story_id", "copies", "outlets", "first_published", "last_published"]


def reprints(articles: pd.DataFrame) -> pd.DataFrame:
    """The stories published more than once: :data:`REPRINT_COLUMNS`, most copies first.

    ``copies`` counts the articles of the story, ``outlets`` names their outlets
    (sorted, joined by "; "), and the dates bound when the copies appeared.

    >>> articles = pd.DataFrame({"story_id": ["a", "a", "c"], "outlet": ["X", "Y", "X"],
    ...                          "published": pd.to_datetime(["2022-02-15", "2022-02-16", "2022-02-15"])})
    >>> reprints(articles).values.tolist()
    [['a', 2, 'X; Y', Timestamp('2022-02-15 00:00:00'), Timestamp('2022-02-16 00:00:00')]]
    """
    stories = articles.groupby("story_id", sort=True).agg(
        copies=("story_id", "size"),
        outlets=("outlet", lambda outlets: "; ".join(sorted(set(outlets), key=str.casefold))),
        first_published=("published", "min"),
        last_published=("published", "max"),
    )
    repeated = stories[stories["copies"] > 1].reset_index()
    return repeated.sort_values(["copies", "story_id"], ascending=[False, True], kind="stable").reset_index(drop=True)[
        REPRINT_COLUMNS
    ]
