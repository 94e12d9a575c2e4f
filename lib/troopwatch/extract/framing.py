"""Frames, keyness and concordance: how the reporting framed the announced withdrawals.

* :func:`load_codebook` reads and checks a frame codebook (``resources/frames.yaml``).
* :func:`frame_hits_in` finds every frame cue in a sentence and applies the
  codebook's *modifiers* (negation, hypothetical, easing): a cue inside the scope
  of a modifier cue is kept, dropped or counted for another frame, as the frame's
  ``when_<modifier>`` entry says ("no sign of de-escalation" is scepticism, "denied
  it plans to invade" stays invasion_threat). :func:`frame_scores` does this for
  every sentence of a corpus.
* :func:`frame_shares` turns the hits into the share of each article's sentences
  that carry each frame, and :func:`frame_prevalence` pools those shares by
  outlet or period.
* :func:`keyness` compares one group of articles with the rest word by word:
  Dunning's log-likelihood for how sure the difference is, and the log ratio
  for how big it is.
* :func:`concordance` and :func:`frame_evidence` give KWIC lines, so every
  count can be checked against the text.

Example:
    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(["No sign of de-escalation was seen. Talks begin."], outlet="X")
    >>> frame_scores(corpus)[["sentence_id", "frame", "matched", "negated_frame"]].values.tolist()
    [[1, 'scepticism', 'No sign of de-escalation', 'de_escalation'], [2, 'diplomacy', 'Talks', '']]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import yaml

from troopwatch.corpus.text import word_tokens
from troopwatch.corpus.timeline import period_of
from troopwatch.errors import CodebookError, ParameterError
from troopwatch.extract.screen import Screen
from troopwatch.files import read_user_file, shipped_text
from troopwatch.params import check_choice

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus

HIT_COLUMNS = ["article_id", "sentence_id", "frame", "matched", "start", "end", "negated_frame"]
SHARE_COLUMNS = ["article_id", "outlet", "period", "frame", "sentences", "frame_sentences", "share"]
KEYNESS_COLUMNS = [
    "word",
    "target_count",
    "rest_count",
    "target_per_1000",
    "rest_per_1000",
    "log_likelihood",
    "log_ratio",
]
KWIC_COLUMNS = ["article_id", "sentence_id", "outlet", "left", "keyword", "right"]
GROUPINGS = ("outlet", "period")
SCEPTICISM = "scepticism"
KEEP, DROP = "keep", "drop"
#: A frame hit: ``(frame, matched, start, end, negated_frame)``.
_Hit = tuple[str, str, int, int, str]
_FRAME_FIELDS = {"key", "definition", "patterns", "examples", "non_examples", "yields_to"}
_MODIFIER_FIELDS = {"before", "after", "window"}
_TOP_FIELDS = {"frames", "terms", "modifiers", "terminators"}
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_GAP_WORD = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


@dataclass(frozen=True)
class Frame:
    """One frame of a codebook.

    ``effects`` maps a modifier's name to what it does to this frame's cues in its
    scope: ``keep``, ``drop`` or another frame's key (the cue counts for that
    frame). ``yields_to`` names a frame that takes this frame's hits over when the
    sentence carries it ("a doubted withdrawal is scepticism, not de_escalation").
    """

    key: str
    definition: str
    patterns: tuple[re.Pattern[str], ...]
    examples: tuple[str, ...] = ()
    non_examples: tuple[str, ...] = ()
    effects: tuple[tuple[str, str], ...] = ()
    yields_to: str = ""
    twins: tuple[re.Pattern[str] | None, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        """Derive ``twins`` from ``patterns``, one per pattern."""
        object.__setattr__(self, "twins", tuple(_lower_case_twin(pattern) for pattern in self.patterns))

    def effect(self, modifier: str) -> str:
        """What ``modifier`` does to this frame's cues: ``keep``, ``drop`` or a frame key."""
        return dict(self.effects).get(modifier, KEEP)


@dataclass(frozen=True)
class Modifier:
    """Cues that govern the frame cues in their scope.

    The scope is the next (``before`` cues) or the previous (``after`` cues) ``window`` words of the
    same clause.
    """

    name: str
    before: tuple[re.Pattern[str], ...]
    after: tuple[re.Pattern[str], ...]
    window: int

    def cues_in(self, text: str) -> list[tuple[int, int, bool]]:
        r"""``(start, end, is_before_cue)`` of this modifier's cues in ``text`` (one scan per side).

        >>> Modifier("negated", (re.compile(r"\bno\b"),), (), 3).cues_in("no sign of it")
        [(0, 2, True)]
        """
        lowered = _lowered(text)
        return [
            (match.start(), match.end(), before)
            for before, combined in ((True, _either(self.before)), (False, _either(self.after)))
            if combined is not None
            for match in _finditer(*combined, text, lowered)
        ]


@cache
def _either(patterns: tuple[re.Pattern[str], ...]) -> tuple[re.Pattern[str], re.Pattern[str] | None] | None:
    """One case-insensitive pattern matching any of ``patterns``, and its lower-case twin (None for none)."""
    if not patterns:
        return None
    combined = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns), re.IGNORECASE)
    return combined, _lower_case_twin(combined)


_NOT_LETTERS = re.compile(r"\\.|\(\?P[<=]")


def _lower_case_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    r"""The pattern without IGNORECASE, to run on lower-cased text, or None.

    IGNORECASE alternations are slow. None when the pattern spells an upper-case letter and so needs
    the original text.

    >>> bool(_lower_case_twin(re.compile(r"\bwithdr\w+", re.I)).flags & re.IGNORECASE)
    False
    >>> _lower_case_twin(re.compile(r"[A-Z]{3}", re.I)) is None
    True
    """
    if any(char.isupper() for char in _NOT_LETTERS.sub("", pattern.pattern)):
        return None
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


def _finditer(
    pattern: re.Pattern[str], twin: re.Pattern[str] | None, text: str, lowered: str | None
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, or its ``twin`` on ``lowered`` (``text`` lower-cased, same offsets)."""
    return twin.finditer(lowered) if twin is not None and lowered is not None else pattern.finditer(text)


def _lowered(text: str) -> str | None:
    """``text`` in lower case when that keeps every offset (it does unless a character expands)."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else None


@dataclass(frozen=True)
class Codebook:
    """Frames, the modifiers that change a frame cue in their scope, and the terminators that end a scope.

    ``cue_patterns`` lists every frame's ``(frame, pattern, lower-case twin)`` in codebook order, and
    ``screen`` tells which of them can match a lower-cased sentence (see :mod:`troopwatch.extract.screen`).
    """

    frames: tuple[Frame, ...]
    modifiers: tuple[Modifier, ...] = ()
    terminators: re.Pattern[str] | None = None
    source: str = ""
    cue_patterns: tuple[tuple[Frame, re.Pattern[str], re.Pattern[str] | None], ...] = field(
        init=False, compare=False, repr=False
    )
    screen: Screen = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Derive ``cue_patterns`` and ``screen`` from ``frames``."""
        patterns = tuple(
            (frame, pattern, twin)
            for frame in self.frames
            for pattern, twin in zip(frame.patterns, frame.twins, strict=True)
        )
        object.__setattr__(self, "cue_patterns", patterns)
        object.__setattr__(self, "screen", Screen.of(twin for _, _, twin in patterns))

    @property
    def keys(self) -> list[str]:
        """The frame keys, in codebook order."""
        return [frame.key for frame in self.frames]

    def table(self) -> pd.DataFrame:
        """``frame, definition, patterns`` (the number of patterns), for display."""
        return pd.DataFrame(
            [(f.key, f.definition, len(f.patterns)) for f in self.frames], columns=["frame", "definition", "patterns"]
        )


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
    return _parse_codebook(shipped_text("extract", "frames.yaml"), "extract/resources/frames.yaml")


def _expand(pattern: object, terms: dict[str, str], where: str) -> str:
    r"""Replace each ``{term}`` of ``pattern`` by the codebook's ``terms`` entry.

    >>> _expand(r'\burg\w* {party}', {"party": "(?:moscow|kyiv)"}, "here")
    '\\burg\\w* (?:moscow|kyiv)'
    """

    def replace(match: re.Match[str]) -> str:
        if match.group(1) not in terms:
            raise CodebookError(
                f"{where}: pattern {pattern!r} uses {{{match.group(1)}}}, which is not in "
                f"'terms:'; add it there or write the words out"
            )
        return terms[match.group(1)]

    return _PLACEHOLDER.sub(replace, str(pattern))


def _compile(pattern: object, where: str, terms: dict[str, str] | None = None) -> re.Pattern[str]:
    if not isinstance(pattern, str) or not pattern.strip():
        raise CodebookError(f"{where}: pattern {pattern!r} must be a non-empty string (quote it in '...')")
    try:
        return re.compile(_expand(pattern, terms or {}, where), re.IGNORECASE)
    except re.error as error:
        raise CodebookError(f"{where}: pattern {pattern!r} is not a valid regular expression ({error})") from None


def _mapping(value: object, where: str, what: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CodebookError(f"{where}: '{what}:' must be a mapping of names to entries (see resources/frames.yaml)")
    return value


def _parse_codebook(source: str, where: str) -> Codebook:
    try:
        document = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise CodebookError(f"codebook {where}: not valid YAML ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("frames"), list):
        raise CodebookError(f"codebook {where}: needs a 'frames:' list (see resources/frames.yaml)")
    unknown = sorted(set(document) - _TOP_FIELDS)
    if unknown:
        raise CodebookError(
            f"codebook {where}: unknown section(s) {', '.join(unknown)}; "
            f"the sections are {', '.join(sorted(_TOP_FIELDS))}"
        )
    where = f"codebook {where}"
    terms = _parse_terms(_mapping(document.get("terms"), where, "terms"), where)
    modifiers = tuple(
        _parse_modifier(name, entry, f"{where}, modifier {name!r}", terms)
        for name, entry in _mapping(document.get("modifiers"), where, "modifiers").items()
    )
    terminators = _parse_terminators(document.get("terminators"), where, terms)
    frames, seen = [], set()
    for position, entry in enumerate(document["frames"], start=1):
        frame = _parse_frame(entry, f"{where}, frame {position}", terms, modifiers)
        if frame.key in seen:
            raise CodebookError(f"{where}, frame {frame.key!r}: duplicate key; each frame needs its own key")
        seen.add(frame.key)
        frames.append(frame)
    for frame in frames:
        _check_targets(frame, seen, where)
    return Codebook(frames=tuple(frames), modifiers=modifiers, terminators=terminators, source=where)


def _parse_terms(entries: dict, where: str) -> dict[str, str]:
    terms = {}
    for name, value in entries.items():
        if not isinstance(name, str) or not _NAME.fullmatch(name) or not isinstance(value, str) or not value:
            raise CodebookError(
                f"{where}, term {name!r}: a term is a lower-case name with a regular "
                f"expression as its value, e.g. party: '(?:russia|moscow)'"
            )
        terms[name] = _compile(value, f"{where}, term {name!r}").pattern
    return terms


def _parse_modifier(name: object, entry: object, where: str, terms: dict[str, str]) -> Modifier:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise CodebookError(f"{where}: a modifier's name must be lower-case letters, digits and underscores")
    entry = _mapping(entry, where, str(name))
    unknown = sorted(set(entry) - _MODIFIER_FIELDS)
    if unknown:
        raise CodebookError(
            f"{where}: unknown field(s) {', '.join(unknown)}; the fields are {', '.join(sorted(_MODIFIER_FIELDS))}"
        )
    window = entry.get("window")
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise CodebookError(f"{where}: window must be a whole number of words (0 or more), e.g. window: 6")
    cues = {}
    for side in ("before", "after"):
        listed = entry.get(side) or []
        if not isinstance(listed, list):
            raise CodebookError(f"{where}: '{side}:' must be a list of regular expressions")
        cues[side] = tuple(_compile(cue, f"{where}, {side} cue {n}", terms) for n, cue in enumerate(listed, 1))
    if not cues["before"] and not cues["after"]:
        raise CodebookError(
            f"{where}: no cues; give 'before:' cues (governing the words after them) "
            f"or 'after:' cues (governing the words before them)"
        )
    return Modifier(name=name, before=cues["before"], after=cues["after"], window=window)


def _parse_terminators(listed: object, where: str, terms: dict[str, str]) -> re.Pattern[str] | None:
    if listed is None:
        return None
    if not isinstance(listed, list):
        raise CodebookError(f"{where}: 'terminators:' must be a list of regular expressions")
    compiled = [_compile(pattern, f"{where}, terminator {n}", terms) for n, pattern in enumerate(listed, 1)]
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in compiled), re.IGNORECASE) if compiled else None


def _parse_frame(entry: object, where: str, terms: dict[str, str], modifiers: tuple[Modifier, ...]) -> Frame:
    if not isinstance(entry, dict):
        raise CodebookError(f"{where}: must be a mapping with key, definition and patterns")
    if "key" in entry:
        where = f"{where.rsplit(', frame', 1)[0]}, frame {entry['key']!r}"
    names = [modifier.name for modifier in modifiers]
    effect_fields = {f"when_{name}" for name in names}
    unknown = sorted(set(entry) - _FRAME_FIELDS - effect_fields)
    if unknown:
        hint = (
            f"; when_<modifier> needs a modifier of that name under 'modifiers:' "
            f"(there are: {', '.join(names) or 'none'})"
            if any(f.startswith("when_") for f in unknown)
            else ""
        )
        raise CodebookError(
            f"{where}: unknown field(s) {', '.join(unknown)}; "
            f"the fields are {', '.join(sorted(_FRAME_FIELDS | effect_fields))}{hint}"
        )
    key = entry.get("key")
    if not isinstance(key, str) or not _NAME.fullmatch(key):
        raise CodebookError(f"{where}: key must be lower-case letters, digits and underscores")
    if not entry.get("definition"):
        raise CodebookError(f"{where}: missing its one-line definition")
    patterns = entry.get("patterns")
    if not isinstance(patterns, list) or not patterns:
        raise CodebookError(f"{where}: empty pattern list; give at least one regular expression")
    effects = tuple((name, str(entry[f"when_{name}"])) for name in names if f"when_{name}" in entry)
    return Frame(
        key=key,
        definition=str(entry["definition"]),
        patterns=tuple(_compile(pattern, where, terms) for pattern in patterns),
        examples=tuple(entry.get("examples") or ()),
        non_examples=tuple(entry.get("non_examples") or ()),
        effects=effects,
        yields_to=str(entry.get("yields_to") or ""),
    )


def _check_targets(frame: Frame, keys: set[str], where: str) -> None:
    """Every ``when_<modifier>`` is keep, drop or a frame of the codebook; so is ``yields_to``."""
    for modifier, effect in frame.effects:
        if effect not in (KEEP, DROP) and effect not in keys:
            raise CodebookError(
                f"{where}, frame {frame.key!r}: when_{modifier} is {effect!r}, but the codebook "
                f"has no {effect!r} frame; write keep, drop or one of {', '.join(sorted(keys))}"
            )
    if frame.yields_to and (frame.yields_to not in keys or frame.yields_to == frame.key):
        raise CodebookError(
            f"{where}, frame {frame.key!r}: yields_to is {frame.yields_to!r}, which is not "
            f"another frame of the codebook; name one of {', '.join(sorted(keys - {frame.key}))}"
        )


#: The frame keys of the shipped codebook.
FRAME_KEYS = tuple(_shipped_codebook().keys)


# --- frames in sentences -----------------------------------------------------------------------


class _Cues:
    """The modifier cues of one sentence, found only when a frame cue needs them."""

    def __init__(self, text: str, codebook: Codebook) -> None:
        self._found: dict[str, list[tuple[int, int, bool]]] = {}
        self.text, self.codebook = text, codebook
        self.modifiers = {modifier.name: modifier for modifier in codebook.modifiers}

    def of(self, name: str) -> list[tuple[int, int, bool]]:
        """``(start, end, is_before_cue)`` of the cues of modifier ``name``."""
        if name not in self._found:
            self._found[name] = self.modifiers[name].cues_in(self.text)
        return self._found[name]


def in_scope(text: str, start: int, end: int, window: int, terminators: re.Pattern[str] | None) -> bool:
    r"""Whether the words between a cue and a frame cue are close enough.

    That is, whether ``text[start:end]`` is short enough (at most ``window`` words) and crosses no
    terminator.

    >>> stop = re.compile(r"\bbut\b")
    >>> in_scope("no sign yet of a pull-back", 2, 15, 6, stop), in_scope("no, but a pull-back", 2, 10, 6, stop)
    (True, False)
    """
    gap = text[start:end] if end > start else ""
    if len(_GAP_WORD.findall(gap)) > window:
        return False
    return terminators is None or terminators.search(gap) is None


def _acting(frame: Frame) -> tuple[tuple[str, str], ...]:
    """The frame's ``(modifier, effect)`` pairs that can change a hit: up to its last effect that is not keep."""
    effects = frame.effects
    while effects and effects[-1][1] == KEEP:
        effects = effects[:-1]
    return effects


def _governing(head: tuple[int, int], frame: Frame, cues: _Cues) -> tuple[str, int, int] | None:
    """``(modifier, start, end)`` of the cue that governs the frame cue ``head``.

    A cue of the first modifier (in codebook order) the frame has a ``when_`` entry for whose scope
    covers ``head`` (a ``before`` cue starting before it, or an ``after`` cue ending after it).
    """
    for name, _ in _acting(frame):
        window = cues.modifiers[name].window
        for start, end, before in cues.of(name):
            if before and start < head[0] and end <= head[1]:
                gap = (end, head[0])
            elif not before and end > head[1] and start >= head[0]:
                gap = (head[1], start)
            else:
                continue
            if in_scope(cues.text, gap[0], gap[1], window, cues.codebook.terminators):
                return name, start, end
    return None


def _hit(frame: Frame, match: re.Match[str], cues: _Cues) -> _Hit | None:
    """One frame cue as a hit ``(frame, matched, start, end, negated_frame)``, or None when dropped."""
    head = match.span("cue") if "cue" in match.re.groupindex and match.group("cue") is not None else match.span()
    cue = _governing(head, frame, cues) if frame.effects else None
    effect = frame.effect(cue[0]) if cue else KEEP
    if effect == KEEP or effect == frame.key:
        return (frame.key, cues.text[match.start() : match.end()], match.start(), match.end(), "")
    if effect == DROP:
        return None
    assert cue is not None  # without a governing cue the effect is KEEP
    start, end = min(cue[1], match.start()), max(cue[2], match.end())
    return (effect, cues.text[start:end], start, end, frame.key)


def frame_hits_in(text: str, codebook: Codebook | None = None) -> list[tuple[str, str, int, int, str]]:
    """Frame hits in one sentence: ``(frame, matched, start, end, negated_frame)``.

    A frame cue in the scope of a modifier cue (see ``modifiers:`` in the codebook)
    is kept, dropped, or counted for the frame the frame's ``when_<modifier>``
    names; ``matched`` then runs from the modifier cue to the end of the frame cue,
    and ``negated_frame`` names the frame it would have had. A frame with
    ``yields_to`` hands its hits to that frame when the sentence carries it.

    >>> frame_hits_in("The troops did not return to their bases.")
    [('scepticism', 'not return to their bases', 15, 40, 'de_escalation')]
    >>> [hit[0] for hit in frame_hits_in("Moscow denied it planned to invade Ukraine.")]
    ['invasion_threat']
    """
    codebook = codebook or _shipped_codebook()
    cues = _Cues(text, codebook)
    lowered = _lowered(text)
    hits: set[_Hit] = set()
    for frame, pattern, twin in _candidate_patterns(codebook, lowered):
        for match in _finditer(pattern, twin, text, lowered):
            hit = _hit(frame, match, cues)
            if hit is not None:
                hits.add(hit)
    return sorted(_yield(hits, codebook), key=lambda hit: (hit[2], hit[3], hit[0], hit[4]))


def _candidate_patterns(
    codebook: Codebook, lowered: str | None
) -> Sequence[tuple[Frame, re.Pattern[str], re.Pattern[str] | None]]:
    """The codebook's cue patterns that can match a sentence (``lowered``: it in lower case, or None).

    Those its screen keeps; every pattern when the sentence has no lower-case form of the same length.

    >>> [frame.key for frame, _, _ in _candidate_patterns(load_codebook(), "peace talks began.")]
    ['invasion_threat', 'diplomacy', 'diplomacy']
    """
    if lowered is None:
        return codebook.cue_patterns
    return [codebook.cue_patterns[i] for i in codebook.screen.candidates(lowered)]


def _yield(hits: set[_Hit], codebook: Codebook) -> set[_Hit]:
    """Hand the hits of a frame with ``yields_to`` to that frame when the sentence carries it."""
    carried = {hit[0] for hit in hits}
    giving = {frame.key: frame.yields_to for frame in codebook.frames if frame.yields_to in carried}
    if not giving:
        return hits
    return {(giving[hit[0]], hit[1], hit[2], hit[3], hit[0]) if hit[0] in giving else hit for hit in hits}


def frame_scores(corpus: Corpus, codebook: Codebook | str | Path | None = None) -> pd.DataFrame:
    """One row per frame hit in every sentence of ``corpus``: ``HIT_COLUMNS``.

    ``start``/``end`` index the article's clean text. ``codebook`` is a
    :class:`Codebook`, a path to one, or None for the shipped codebook.
    """
    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    sentences = corpus.sentences
    columns = [sentences[column].tolist() for column in ("article_id", "sentence_id", "text", "start")]
    rows = [
        (article_id, sentence_id, frame, matched, offset + start, offset + end, negated)
        for article_id, sentence_id, text, offset in zip(*columns, strict=True)
        for frame, matched, start, end, negated in frame_hits_in(text, codebook)
    ]
    return pd.DataFrame(rows, columns=HIT_COLUMNS).astype({"sentence_id": "int64", "start": "int64", "end": "int64"})


def _articles_with_period(corpus: Corpus) -> pd.DataFrame:
    return corpus.articles.assign(period=period_of(corpus.articles["published"]))


def frame_shares(hits: pd.DataFrame, corpus: Corpus, frames: list[str] | None = None) -> pd.DataFrame:
    """The share of each article's sentences that carry each frame: ``SHARE_COLUMNS``.

    Every (article, frame) pair is present, with zeros where the frame is absent.
    ``frames`` defaults to the frames of the shipped codebook.
    """
    frames = frames or load_codebook().keys
    articles = _articles_with_period(corpus)[["article_id", "outlet", "period", "n_sentences"]]
    carrying = (
        hits.drop_duplicates(["article_id", "sentence_id", "frame"])
        .groupby(["article_id", "frame"])
        .size()
        .rename("frame_sentences")
    )
    grid = pd.MultiIndex.from_product([articles["article_id"], frames], names=["article_id", "frame"])
    shares = carrying.reindex(grid, fill_value=0).reset_index().merge(articles, on="article_id")
    shares = shares.rename(columns={"n_sentences": "sentences"})
    shares["share"] = shares["frame_sentences"] / shares["sentences"]
    return shares[SHARE_COLUMNS]


def frame_prevalence(shares: pd.DataFrame, by: str = "outlet") -> pd.DataFrame:
    """Pool :func:`frame_shares` by ``outlet`` or ``period``.

    Columns: ``<by>, frame, articles, sentences, frame_sentences, share`` (share = frame sentences /
    sentences in the group).
    """
    check_choice("compare_by", by, GROUPINGS)
    pooled = (
        shares.groupby([by, "frame"], sort=False)
        .agg(
            articles=("article_id", "nunique"),
            sentences=("sentences", "sum"),
            frame_sentences=("frame_sentences", "sum"),
        )
        .reset_index()
    )
    pooled["share"] = pooled["frame_sentences"] / pooled["sentences"]
    return pooled


# --- keyness -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The shipped English stop-word list (``resources/stopwords.txt``), lower case."""
    text = shipped_text("extract", "stopwords.txt")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _word_counts(texts: pd.Series, drop_stopwords: bool) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        words = (word.lower() for word in word_tokens(text))
        counts.update(word for word in words if not (drop_stopwords and word in stopwords()))
    return counts


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Dunning's log-likelihood G² (Rayson & Garside 2000).

    For a word seen ``a`` times in ``c`` target words and ``b`` times in ``d`` reference words.

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


def keyness(
    corpus: Corpus, group_col: str, target: str, min_count: int = 2, drop_stopwords: bool = True
) -> pd.DataFrame:
    """Words that set the ``target`` group of articles apart from the rest: ``KEYNESS_COLUMNS``.

    ``group_col`` is ``outlet`` or ``period``. Words seen fewer than
    ``min_count`` times in all are left out. Sorted by log-likelihood, largest
    first; a positive ``log_ratio`` means the target uses the word more.
    """
    check_choice("compare_by", group_col, GROUPINGS)
    articles = _articles_with_period(corpus)
    groups: list[str] = sorted(articles[group_col].unique(), key=str.casefold)
    check_choice(group_col, target, groups)
    in_target = articles[group_col] == target
    if in_target.all():
        raise ParameterError(
            f"{group_col}={target!r} holds every selected article; keyness needs other "
            "articles to compare with, so widen the selection"
        )
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


def _kwic(corpus: Corpus, spans: pd.DataFrame, width: int) -> pd.DataFrame:
    """KWIC lines for ``spans`` (``article_id, start, end`` in the clean text, plus any columns)."""
    texts = corpus.articles.set_index("article_id")["text"]
    outlets = corpus.articles.set_index("article_id")["outlet"]
    sentences = corpus.sentences
    rows = []
    for span in spans.itertuples():
        text = texts[span.article_id].replace("\n", " ")
        mine = sentences[sentences["article_id"] == span.article_id]
        sentence_id = int(mine.loc[mine["start"] <= span.start, "sentence_id"].iloc[-1])
        left = text[max(0, span.start - width) : span.start]
        rows.append(
            (
                span.article_id,
                sentence_id,
                outlets[span.article_id],
                left.rjust(width),
                text[span.start : span.end],
                text[span.end : span.end + width].ljust(width),
            )
        )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS)


def concordance(corpus: Corpus, term: str, width: int = 40) -> pd.DataFrame:
    """Keyword-in-context lines for ``term`` (a word or phrase, case-insensitive, whole words).

    Columns: ``article_id, sentence_id, outlet, left, keyword, right``; ``left``
    and ``right`` are ``width`` characters of context.

    >>> from troopwatch.corpus.load import corpus_from_texts
    >>> corpus = corpus_from_texts(["Troops began a withdrawal. No withdrawal was seen."], outlet="X")
    >>> concordance(corpus, "withdrawal", width=10)[["sentence_id", "left", "keyword", "right"]].values.tolist()
    [[1, 's began a ', 'withdrawal', '. No withd'], [2, 'rawal. No ', 'withdrawal', ' was seen.']]
    """
    if not term or not term.strip():
        raise ParameterError("concordance: term is empty; give a word or phrase such as 'withdrawal'")
    pattern = re.compile(rf"(?<!\w){re.escape(term.strip())}(?!\w)", re.IGNORECASE)
    spans = [
        (article.article_id, match.start(), match.end())
        for article in corpus.articles.itertuples()
        for match in pattern.finditer(article.text)
    ]
    return _kwic(corpus, pd.DataFrame(spans, columns=["article_id", "start", "end"]), width)


def frame_evidence(hits: pd.DataFrame, corpus: Corpus, width: int = 40) -> pd.DataFrame:
    """KWIC lines for frame hits: ``frame`` plus the :func:`concordance` columns."""
    lines = _kwic(corpus, hits, width)
    lines.insert(0, "frame", hits["frame"].to_numpy())
    return lines


def keyness_by_group(corpus: Corpus, group_col: str, top: int = 8) -> pd.DataFrame:
    """For each group in ``group_col``, its ``top`` key words.

    Key words have a positive log ratio and are ranked by log-likelihood, with the group in the
    first column. Groups holding every article are skipped.
    """
    check_choice("compare_by", group_col, GROUPINGS)
    groups = sorted(_articles_with_period(corpus)[group_col].unique(), key=str.casefold)
    tables = [
        keyness(corpus, group_col, group).query("log_ratio > 0").head(top).assign(**{group_col: group})
        for group in groups
        if len(groups) > 1
    ]
    if not tables:
        return pd.DataFrame(columns=[group_col, *KEYNESS_COLUMNS])
    return pd.concat(tables, ignore_index=True)[[group_col, *KEYNESS_COLUMNS]]
