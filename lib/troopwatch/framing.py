"""Frames, keyness and concordance: how the reporting framed the announced withdrawals.

* :func:`load_codebook` reads and checks a frame codebook (``resources/frames.yaml``).
* :func:`frame_scores` finds every frame cue in every sentence, moving negated or
  doubted cues to ``scepticism``; :func:`frame_shares` turns the hits into the
  share of each article's sentences that carry each frame, and
  :func:`frame_prevalence` pools those shares by outlet or period.
* :func:`keyness` compares one group of articles with the rest word by word:
  Dunning's log-likelihood for how sure the difference is, and the log ratio
  for how big it is.
* :func:`concordance` and :func:`frame_evidence` give KWIC lines, so every
  count can be checked against the text.

Example:
    >>> from troopwatch.corpus import corpus_from_texts
    >>> corpus = corpus_from_texts(["No sign of de-escalation was seen. Talks begin."], outlet="X")
    >>> frame_scores(corpus)[["sentence_id", "frame", "matched"]].values.tolist()
    [[1, 'scepticism', 'No sign of'], [1, 'scepticism', 'No sign of de-escalation'], [2, 'diplomacy', 'Talks']]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from troopwatch.errors import CodebookError, ParameterError
from troopwatch.files import read_user_file, shipped_text
from troopwatch.params import check_choice
from troopwatch.text import word_tokens
from troopwatch.timeline import period_of

HIT_COLUMNS = ["article_id", "sentence_id", "frame", "matched", "start", "end", "negated_frame"]
SHARE_COLUMNS = ["article_id", "outlet", "period", "frame", "sentences", "frame_sentences", "share"]
KEYNESS_COLUMNS = ["word", "target_count", "rest_count", "target_per_1000", "rest_per_1000",
                   "log_likelihood", "log_ratio"]
KWIC_COLUMNS = ["article_id", "sentence_id", "outlet", "left", "keyword", "right"]
GROUPINGS = ("outlet", "period")
SCEPTICISM = "scepticism"
NEGATION_REACH = 40
_FRAME_FIELDS = {"key", "definition", "patterns", "examples"}
_TOP_FIELDS = {"frames", "negation"}


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook."""

    key: str
    definition: str
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Codebook:
    """Frames and the negation cues that turn a frame's cue into scepticism."""

    frames: tuple[Frame, ...]
    negation: tuple[re.Pattern[str], ...]
    source: str

    @property
    def keys(self) -> list[str]:
        """The frame keys, in codebook order."""
        return [frame.key for frame in self.frames]

    def table(self) -> pd.DataFrame:
        """``frame, definition, patterns`` (the number of patterns), for display."""
        return pd.DataFrame([(f.key, f.definition, len(f.patterns)) for f in self.frames],
                            columns=["frame", "definition", "patterns"])


# --- the codebook -------------------------------------------------------------------------

def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and check a codebook; the shipped ``resources/frames.yaml`` when ``path`` is None or "".

    >>> load_codebook().keys[:3]
    ['military_exercise', 'invasion_threat', 'de_escalation']
    """
    if not path:
        return _shipped_codebook()
    return _parse_codebook(read_user_file(path, CodebookError, "codebook", "frames.yaml"), str(path))


@lru_cache(maxsize=1)
def _shipped_codebook() -> Codebook:
    return _parse_codebook(shipped_text("frames.yaml"), "resources/frames.yaml")


def _compile(pattern: object, where: str) -> re.Pattern[str]:
    try:
        return re.compile(str(pattern), re.IGNORECASE)
    except re.error as error:
        raise CodebookError(f"{where}: pattern {pattern!r} is not a valid regular expression ({error})") from None


def _parse_codebook(source: str, where: str) -> Codebook:
    try:
        document = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise CodebookError(f"codebook {where}: not valid YAML ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("frames"), list):
        raise CodebookError(f"codebook {where}: needs a 'frames:' list (see resources/frames.yaml)")
    unknown = sorted(set(document) - _TOP_FIELDS)
    if unknown:
        raise CodebookError(f"codebook {where}: unknown section(s) {', '.join(unknown)}; "
                            f"the sections are {', '.join(sorted(_TOP_FIELDS))}")
    frames, seen = [], set()
    for position, entry in enumerate(document["frames"], start=1):
        frame = _parse_frame(entry, f"codebook {where}, frame {position}")
        if frame.key in seen:
            raise CodebookError(f"codebook {where}, frame {frame.key!r}: duplicate key; each frame needs its own key")
        seen.add(frame.key)
        frames.append(frame)
    negation = tuple(_compile(pattern, f"codebook {where}, negation") for pattern in document.get("negation") or ())
    if negation and SCEPTICISM not in seen:
        raise CodebookError(f"codebook {where}: has negation cues but no '{SCEPTICISM}' frame to count them for")
    return Codebook(frames=tuple(frames), negation=negation, source=where)


def _parse_frame(entry: object, where: str) -> Frame:
    if not isinstance(entry, dict):
        raise CodebookError(f"{where}: must be a mapping with key, definition and patterns")
    if "key" in entry:
        where = f"{where.rsplit(', frame', 1)[0]}, frame {entry['key']!r}"
    unknown = sorted(set(entry) - _FRAME_FIELDS)
    if unknown:
        raise CodebookError(f"{where}: unknown field(s) {', '.join(unknown)}; "
                            f"the fields are {', '.join(sorted(_FRAME_FIELDS))}")
    key = entry.get("key")
    if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        raise CodebookError(f"{where}: key must be lower-case letters, digits and underscores")
    if not entry.get("definition"):
        raise CodebookError(f"{where}: missing its one-line definition")
    patterns = entry.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise CodebookError(f"{where}: empty pattern list; give at least one regular expression")
    return Frame(key=key, definition=str(entry["definition"]),
                 patterns=tuple(_compile(pattern, where) for pattern in patterns),
                 examples=tuple(entry.get("examples") or ()))


#: The frame keys of the shipped codebook.
FRAME_KEYS = tuple(_shipped_codebook().keys)


# --- frames in sentences -----------------------------------------------------------------------

def frame_hits_in(text: str, codebook: Codebook | None = None) -> list[tuple[str, str, int, int, str]]:
    """Frame hits in one sentence: ``(frame, matched, start, end, negated_frame)``.

    A cue of another frame that comes within ``NEGATION_REACH`` characters after
    a negation cue counts for scepticism; ``matched`` then runs from the negation
    cue to the end of the frame cue, and ``negated_frame`` names the frame it
    would have had.

    >>> frame_hits_in("If we see a withdrawal, we will believe in deescalation")
    [('scepticism', 'If we see', 0, 9, ''), ('scepticism', 'If we see a withdrawal', 0, 22, 'de_escalation'), ('scepticism', 'will believe in deescalation', 27, 55, 'de_escalation')]
    """
    codebook = codebook or _shipped_codebook()
    negations = [match for pattern in codebook.negation for match in pattern.finditer(text)]
    hits = []
    for frame in codebook.frames:
        for pattern in frame.patterns:
            for match in pattern.finditer(text):
                negation = next((cue for cue in sorted(negations, key=lambda cue: -cue.start())
                                 if cue.end() <= match.start() and match.start() - cue.end() <= NEGATION_REACH),
                                None)
                if negation is not None and frame.key != SCEPTICISM:
                    hits.append((SCEPTICISM, text[negation.start():match.end()], negation.start(), match.end(),
                                 frame.key))
                else:
                    hits.append((frame.key, match.group(), match.start(), match.end(), ""))
    unique = sorted(set(hits), key=lambda hit: (hit[2], hit[3], hit[0]))
    return unique


def frame_scores(corpus, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """One row per frame hit in every sentence of ``corpus``: ``HIT_COLUMNS``.

    ``start``/``end`` index the article's clean text. ``codebook`` is a
    :class:`Codebook`, a path to one, or None for the shipped codebook.
    """
    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    rows = []
    for sentence in corpus.sentences.itertuples():
        for frame, matched, start, end, negated in frame_hits_in(sentence.text, codebook):
            rows.append((sentence.article_id, sentence.sentence_id, frame, matched,
                         sentence.start + start, sentence.start + end, negated))
    return pd.DataFrame(rows, columns=HIT_COLUMNS).astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def _articles_with_period(corpus) -> pd.DataFrame:
    return corpus.articles.assign(period=period_of(corpus.articles["published"]))


def frame_shares(hits: pd.DataFrame, corpus, frames: list[str] | None = None) -> pd.DataFrame:
    """The share of each article's sentences that carry each frame: ``SHARE_COLUMNS``.

    Every (article, frame) pair is present, with zeros where the frame is absent.
    ``frames`` defaults to the frames of the shipped codebook.
    """
    frames = frames or load_codebook().keys
    articles = _articles_with_period(corpus)[["article_id", "outlet", "period", "n_sentences"]]
    carrying = (hits.drop_duplicates(["article_id", "sentence_id", "frame"])
                .groupby(["article_id", "frame"]).size().rename("frame_sentences"))
    grid = pd.MultiIndex.from_product([articles["article_id"], frames], names=["article_id", "frame"])
    shares = carrying.reindex(grid, fill_value=0).reset_index().merge(articles, on="article_id")
    shares = shares.rename(columns={"n_sentences": "sentences"})
    shares["share"] = shares["frame_sentences"] / shares["sentences"]
    return shares[SHARE_COLUMNS]


def frame_prevalence(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Pool :func:`frame_shares` by ``outlet`` or ``period``: ``<by>, frame, articles, sentences,
    frame_sentences, share`` (share = frame sentences / sentences in the group)."""
    check_choice("compare_by", by, GROUPINGS)
    pooled = (shares.groupby([by, "frame"], sort=False)
              .agg(articles=("article_id", "nunique"), sentences=("sentences", "sum"),
                   frame_sentences=("frame_sentences", "sum"))
              .reset_index())
    pooled["share"] = pooled["frame_sentences"] / pooled["sentences"]
    return pooled


# --- keyness -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped English stop-word list (``resources/stopwords.txt``), lower case."""
    text = shipped_text("stopwords.txt")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _word_counts(texts: pd.Series, drop_stopwords: bool) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        words = (word.lower() for word in word_tokens(text))
        counts.update(word for word in words if not (drop_stopwords and word in stopwords()))
    return counts


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's log-likelihood G² for a word seen ``a`` times in ``c`` target words and ``b``
    times in ``d`` reference words (Rayson & Garside 2000).

    >>> round(log_likelihood(10, 2, 1000, 1000), 3)  # 2 * (10 ln(10/6) + 2 ln(2/6))
    5.822
    """
    expected_a = c * (a + b) / (c + d)
    expected_b = d * (a + b) / (c + d)
    total = (a * math.log(a / expected_a) if a else 0.0) + (b * math.log(b / expected_b) if b else 0.0)
    return 2.0 * total


def log_ratio(a: float, b: float, c: float, d: float) -> float:
    """Hardie's log ratio: log2 of the ratio of relative frequencies, zeros taken as 0.5.

    >>> log_ratio(10, 5, 1000, 1000)
    1.0
    """
    return math.log2(((a or 0.5) / c) / ((b or 0.5) / d))


def keyness(corpus, group_col: str, target: str, min_count: int = 2, drop_stopwords: bool = True) -> pd.DataFrame:
    """Words that set the ``target`` group of articles apart from the rest: ``KEYNESS_COLUMNS``.

    ``group_col`` is ``outlet`` or ``period``. Words seen fewer than
    ``min_count`` times in all are left out. Sorted by log-likelihood, largest
    first; a positive ``log_ratio`` means the target uses the word more.
    """
    check_choice("compare_by", group_col, GROUPINGS)
    articles = _articles_with_period(corpus)
    check_choice(group_col, target, sorted(articles[group_col].unique(), key=str.casefold))
    in_target = articles[group_col] == target
    if in_target.all():
        raise ParameterError(f"{group_col}={target!r} holds every selected article; keyness needs other "
                             "articles to compare with, so widen the selection")
    target_counts = _word_counts(articles.loc[in_target, "text"], drop_stopwords)
    rest_counts = _word_counts(articles.loc[~in_target, "text"], drop_stopwords)
    c, d = sum(target_counts.values()), sum(rest_counts.values())
    rows = []
    for word in set(target_counts) | set(rest_counts):
        a, b = target_counts[word], rest_counts[word]
        if a + b < min_count or not c or not d:
            continue
        rows.append((word, a, b, 1000 * a / c, 1000 * b / d, log_likelihood(a, b, c, d), log_ratio(a, b, c, d)))
    table = pd.DataFrame(rows, columns=KEYNESS_COLUMNS)
    return table.sort_values(["log_likelihood", "word"], ascending=[False, True], ignore_index=True)


# --- concordance ----------------------------------------------------------------------------

def _kwic(corpus, spans: pd.DataFrame, width: int) -> pd.DataFrame:
    """KWIC lines for ``spans`` (``article_id, start, end`` in the clean text, plus any columns)."""
    texts = corpus.articles.set_index("article_id")["text"]
    outlets = corpus.articles.set_index("article_id")["outlet"]
    sentences = corpus.sentences
    rows = []
    for span in spans.itertuples():
        text = texts[span.article_id].replace("\n", " ")
        mine = sentences[sentences["article_id"] == span.article_id]
        sentence_id = int(mine.loc[mine["start"] <= span.start, "sentence_id"].iloc[-1])
        left = text[max(0, span.start - width):span.start]
        rows.append((span.article_id, sentence_id, outlets[span.article_id], left.rjust(width),
                     text[span.start:span.end], text[span.end:span.end + width].ljust(width)))
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def concordance(corpus, term: str, width: int = 40) -> pd.DataFrame:
    """Keyword-in-context lines for ``term`` (a word or phrase, case-insensitive, whole words).

    Columns: ``article_id, sentence_id, outlet, left, keyword, right``; ``left``
    and ``right`` are ``width`` characters of context.

    >>> from troopwatch.corpus import corpus_from_texts
    >>> corpus = corpus_from_texts(["Troops began a withdrawal. No withdrawal was seen."], outlet="X")
    >>> concordance(corpus, "withdrawal", width=10)[["sentence_id", "left", "keyword", "right"]].values.tolist()
    [[1, 's began a ', 'withdrawal', '. No withd'], [2, 'rawal. No ', 'withdrawal', ' was seen.']]
    """
    if not term or not term.strip():
        raise ParameterError("concordance: term is empty; give a word or phrase such as 'withdrawal'")
    pattern = re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", re.IGNORECASE)
    spans = [(article.article_id, match.start(), match.end())
             for article in corpus.articles.itertuples() for match in pattern.finditer(article.text)]
    return _kwic(corpus, pd.DataFrame(spans, columns=["article_id", "start", "end"]), width)


def frame_evidence(hits: pd.DataFrame, corpus, width: int = 40) -> pd.DataFrame:
    """KWIC lines for frame hits: ``frame`` plus the :func:`concordance` columns."""
    lines = _kwic(corpus, hits, width)
    lines.insert(0, "frame", hits["frame"].to_numpy())
    return lines


def keyness_by_group(corpus, group_col: str, top: int = 8) -> pd.DataFrame:
    """For each group in ``group_col``, its ``top`` key words (positive log ratio, by log-likelihood),
    with the group in the first column. Groups holding every article are skipped."""
    check_choice("compare_by", group_col, GROUPINGS)
    groups = sorted(_articles_with_period(corpus)[group_col].unique(), key=str.casefold)
    tables = [keyness(corpus, group_col, group).query("log_ratio > 0").head(top).assign(**{group_col: group})
              for group in groups if len(groups) > 1]
    if not tables:
        return pd.DataFrame(columns=[group_col, *KEYNESS_COLUMNS])
    return pd.concat(tables, ignore_index=True)[[group_col, *KEYNESS_COLUMNS]]
