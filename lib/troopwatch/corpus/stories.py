r"""Syndicated and duplicate copies: articles whose texts are near-duplicates share one story.

A wire story reprinted by several outlets, or one article saved twice, would
otherwise be counted once per copy. :func:`story_ids` groups such copies:

* each article's clean text is lower-cased and split into words (``\w+``); its
  shingles are the runs of ``SHINGLE_WORDS`` (5) consecutive words, each hashed
  to 64 bits (from blake2b hashes of its words, so the result never depends on
  ``PYTHONHASHSEED``); a text shorter than 5 words is one shingle;
* each shingle set gets a MinHash signature (datasketch, ``NUM_PERM`` = 128
  permutations, fixed ``SEED``), cut into the bands that datasketch's
  ``MinHashLSH`` chooses for ``THRESHOLD`` (0.5): 25 bands of 5 values. Two
  texts whose signatures agree on a whole band are a candidate pair, the pairs
  a ``MinHashLSH`` index would propose, found by sorting each band rather than
  by querying an index; all pairs are never compared;
* a candidate pair counts only if the exact Jaccard similarity of the two
  shingle sets (shared shingles / all shingles) is at least ``THRESHOLD``, so
  an LSH false positive never merges two stories (identical sets count at once);
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
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from troopwatch.errors import ParameterError

SHINGLE_WORDS = 5
NUM_PERM = 128
SEED = 20220215
#: Jaccard similarity of the shingle sets at or above which two texts are copies of one story.
THRESHOLD = 0.5
#: Candidate pairs whose exact Jaccard similarity is computed at once (bounds the memory it takes).
PAIRS_AT_ONCE = 50_000
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


def minhash_signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """The MinHash signature of each of :func:`shingles`' sets: one row of ``NUM_PERM`` values per set.

    datasketch's ``MinHash`` (``NUM_PERM`` permutations, ``SEED``) of the low 32
    bits of each shingle hash. An empty set gets the signature of ``{0}``; it is
    never compared.

    >>> texts = ["One two three four five six.", "one two, three four five six", "six five four three two one"]
    >>> signatures = minhash_signatures([shingles(text) for text in texts])
    >>> signatures.shape, bool((signatures[0] == signatures[1]).all()), bool((signatures[0] == signatures[2]).all())
    ((3, 128), True, False)
    """
    hashed = (
        np.bitwise_and(shingle_set, _MASK32).tolist() if len(shingle_set) else [0] for shingle_set in shingle_sets
    )
    from datasketch import MinHash  # datasketch and scipy are imported where used: a kept corpus needs neither

    minhashes = MinHash.bulk(hashed, num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    return np.array([minhash.hashvalues for minhash in minhashes]).reshape(len(minhashes), NUM_PERM)


def jaccard_of_pairs(shingle_sets: Sequence[np.ndarray], pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity (shared shingles / all shingles) of the sets of each pair of positions.

    ``pairs`` is an ``(n, 2)`` array of positions in ``shingle_sets``, whose sets
    must not be empty. Computed on a sparse matrix, :data:`PAIRS_AT_ONCE` pairs at a time.

    >>> sets = [np.array(values, dtype=np.uint64) for values in ([1, 2, 3], [2, 3, 4], [9])]
    >>> jaccard_of_pairs(sets, np.array([[0, 1], [0, 2], [1, 1]])).tolist()
    [0.5, 0.0, 1.0]
    """
    lengths = np.array([len(shingle_set) for shingle_set in shingle_sets], dtype=np.int64)
    if not len(pairs):
        return np.empty(0)
    columns, _ = pd.factorize(np.concatenate(shingle_sets))  # a column per distinct shingle
    offsets = np.r_[0, np.cumsum(lengths)]
    from scipy.sparse import csr_matrix

    matrix = csr_matrix((np.ones(len(columns), dtype=np.int32), columns, offsets))
    shared = np.concatenate(
        [
            np.asarray(matrix[chunk[:, 0]].multiply(matrix[chunk[:, 1]]).sum(axis=1)).ravel()
            for chunk in np.array_split(pairs, range(PAIRS_AT_ONCE, len(pairs), PAIRS_AT_ONCE))
        ]
    )
    return shared / (lengths[pairs[:, 0]] + lengths[pairs[:, 1]] - shared)


def story_ids(
    articles: pd.DataFrame,
    threshold: float = THRESHOLD,
    *,
    shingle_sets: Sequence[np.ndarray] | None = None,
    signatures: np.ndarray | None = None,
) -> pd.Series:
    """The ``story_id`` of every row of ``articles`` (columns ``article_id``, ``published``, ``text``).

    Returns a Series aligned with ``articles.index``. Deterministic: the same
    texts always give the same stories, whatever their order. ``shingle_sets``
    and ``signatures``, when given, are the :func:`shingles` and
    :func:`minhash_signatures` of the texts, already computed
    (:func:`~troopwatch.corpus.load.load_corpus` computes them as it reads the files).
    """
    if articles.empty:
        return pd.Series([], index=articles.index, dtype=object, name="story_id")
    ids = articles["article_id"].astype(str).tolist()
    if shingle_sets is None:
        word_hashes: dict[str, int] = {}
        shingle_sets = [shingles(text, word_hashes) for text in articles["text"].fillna("").astype(str)]
    if signatures is None:
        signatures = minhash_signatures(shingle_sets)
    story = _copies(shingle_sets, signatures, threshold)
    published = pd.to_datetime(articles["published"])
    missing = published.isna().tolist()
    dates = published.tolist()
    order = sorted(range(len(ids)), key=lambda i: (missing[i], 0 if missing[i] else dates[i], ids[i]))
    first: dict[int, str] = {}
    for position in order:
        first.setdefault(story[position], ids[position])
    return pd.Series([first[label] for label in story], index=articles.index, name="story_id")


def _copies(shingle_sets: Sequence[np.ndarray], signatures: np.ndarray, threshold: float) -> list[int]:
    """A label for each set, shared by the sets of one story: the connected components of the confirmed pairs."""
    first: dict[bytes, int] = {}
    same = []  # (copy, first copy) of identical non-empty sets: their Jaccard is 1
    for position, shingle_set in enumerate(shingle_sets):
        if len(shingle_set):
            original = first.setdefault(shingle_set.tobytes(), position)
            if original != position:
                same.append((position, original))
    distinct = np.array(sorted(first.values()), dtype=np.int64)
    candidates = distinct[_candidate_pairs(signatures[distinct], *_bands(threshold))].reshape(-1, 2)
    confirmed = candidates[jaccard_of_pairs(shingle_sets, candidates) >= threshold]
    edges = np.concatenate([np.array(same, dtype=np.int64).reshape(-1, 2), confirmed])
    size = len(shingle_sets)
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    graph = csr_matrix((np.ones(len(edges), dtype=np.int32), (edges[:, 0], edges[:, 1])), shape=(size, size))
    return connected_components(graph, directed=False)[1].tolist()


@lru_cache(maxsize=8)
def _bands(threshold: float) -> tuple[int, int]:
    """The number of bands and of rows per band that datasketch's ``MinHashLSH`` chooses (it checks ``threshold``)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _candidate_pairs(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """The pairs of rows (``i < j``, sorted) whose signatures agree on all ``rows`` values of at least one band.

    >>> _candidate_pairs(np.array([[1, 2, 3, 4], [1, 2, 0, 0], [5, 6, 3, 4], [7, 7, 7, 7]]), 2, 2).tolist()
    [[0, 1], [0, 2]]
    """
    count = len(signatures)
    codes = [np.empty(0, dtype=np.int64)]
    for band in range(bands):
        keys = signatures[:, band * rows : (band + 1) * rows]
        order = np.lexsort(keys.T[::-1])
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, (ordered[1:] != ordered[:-1]).any(axis=1)])
        ends = np.r_[starts[1:], count]
        later = np.repeat(ends, ends - starts) - np.arange(count) - 1  # rows after each one in its bucket
        total = int(later.sum())
        if total:
            firsts = np.repeat(order, later)
            steps = np.arange(total) - np.repeat(np.cumsum(later) - later, later)
            seconds = order[np.repeat(np.arange(1, count + 1), later) + steps]
            codes.append(np.minimum(firsts, seconds).astype(np.int64) * count + np.maximum(firsts, seconds))
    pairs = np.unique(np.concatenate(codes))
    return np.column_stack([pairs // max(count, 1), pairs % max(count, 1)])


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
