r"""Screens: which of many regular expressions can match a text, told by one cheap scan of it.

Every match of ``\bdrills?\b`` contains ``drill``, and every match of ``\b(?:said|told) him`` contains
``said`` or ``told``: these literal strings are the pattern's *needs* (:func:`needs`, read from the
parsed pattern). A text that holds none of a pattern's needs cannot match it, so the pattern need not
be run on it. A :class:`Screen` finds every need of a list of patterns in a text (one pattern, the
needs as a trie, searched again after each place where a need starts) and returns the patterns that
can match. It never leaves
out a pattern that matches: a pattern whose needs cannot be read (a case-insensitive one, or one that
can match with character classes alone, such as ``\d+``) is always returned.

Example:
    >>> screen = Screen.of([re.compile(r"\bdrills?\b"), re.compile(r"\b(?:said|told)\b"), re.compile(r"\d+")])
    >>> screen.candidates("Drills ended, officials said."), screen.candidates("officials told reporters")
    ([1, 2], [1, 2])
    >>> screen.candidates("the drill is over"), screen.candidates("Nothing here.")
    ([0, 2], [2])
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

# The parser of the re module (private, but the same from Python 3.11 on): the needs are read from its tree.
_parser: Any = importlib.import_module("re._parser")
_sre: Any = importlib.import_module("re._constants")

#: A character class of at most this many single characters (``[Pp]``) is spelled out in the needs.
_SMALL_CLASS = 4
#: At most this many spellings of a run of literals are kept; a run with more is cut there.
_MAX_SPELLINGS = 16


def needs(pattern: re.Pattern[str]) -> tuple[str, ...] | None:
    r"""Literal strings one of which every match of ``pattern`` contains, or None when none can be read.

    Of the strings a pattern needs (one run of literals, or one of several alternatives), the
    set whose shortest member is longest is returned, sorted. Case-insensitive patterns need nothing
    that a plain substring test can check, so they give None.

    >>> needs(re.compile(r"\bdrills?\b")), needs(re.compile(r"\b(?:said|told) (?:him|her)"))
    (('drill',), ('said', 'told'))
    >>> needs(re.compile(r"\b[Pp]er\s+\w+")), needs(re.compile(r"\d+")), needs(re.compile("drill", re.I))
    (('Per', 'per'), None, None)
    """
    parsed = _parser.parse(pattern.pattern, pattern.flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    found = _sequence_needs(parsed.data)
    return tuple(sorted(found)) if found else None


def _better(first: set[str] | None, second: set[str] | None) -> set[str] | None:
    """Of two sets of needs the one that rules out more texts: its shortest string longer, else fewer strings."""
    if first is None:
        return second
    if second is None:
        return first
    rank = [(min(map(len, needs)), -len(needs)) for needs in (first, second)]
    return first if rank[0] >= rank[1] else second


def _sequence_needs(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """The best needs of a sequence of parsed items: every item must match, so any item's needs will do."""
    best: set[str] | None = None
    run = {""}  # the spellings of the current run of literals
    for op, value in items:
        if op is _sre.LITERAL or (op is _sre.IN and _is_small_class(value)):
            letters = [chr(value)] if op is _sre.LITERAL else [chr(char) for _, char in value]
            spelled = {start + letter for start in run for letter in letters}
            if len(spelled) <= _MAX_SPELLINGS:
                run = spelled
                continue
            best, run = _better(best, run), set(letters)
            continue
        if run != {""}:
            best, run = _better(best, run), {""}
        best = _better(best, _item_needs(op, value))
    return _better(best, run) if run != {""} else best


def _is_small_class(members: Sequence[tuple[Any, Any]]) -> bool:
    return len(members) <= _SMALL_CLASS and all(op is _sre.LITERAL for op, _ in members)


def _item_needs(op: Any, value: Any) -> set[str] | None:
    """The needs of one parsed item that is not a literal: a group, alternatives or a repeat."""
    if op is _sre.SUBPATTERN:
        _, add_flags, _, sequence = value
        return None if add_flags & re.IGNORECASE else _sequence_needs(sequence)
    if op is _sre.ATOMIC_GROUP:
        return _sequence_needs(value)
    if op is _sre.BRANCH:
        union: set[str] = set()
        for sequence in value[1]:
            alternative = _sequence_needs(sequence)
            if alternative is None:
                return None  # an alternative that needs nothing: the group needs nothing
            union |= alternative
        return union
    if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
        minimum, _, sequence = value
        return _sequence_needs(sequence) if minimum >= 1 else None
    return None  # character classes, anchors, lookarounds, backreferences: nothing to read


@dataclass(frozen=True)
class Screen:
    """Which of a list of patterns can match a text, given each pattern's needs (None: always tried).

    ``finder`` finds the first place in a text where a need starts, and the longest need that starts
    there; ``shorter`` gives each need the needs it starts with, which start there too.
    """

    pattern_needs: tuple[tuple[str, ...] | None, ...]
    finder: re.Pattern[str] | None = field(init=False, repr=False)
    shorter: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    users: dict[str, tuple[int, ...]] = field(init=False, repr=False)
    always: tuple[int, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Derive the finder and the look-up tables from ``pattern_needs``."""
        strings = sorted({string for needs in self.pattern_needs if needs for string in needs})
        users = {
            string: tuple(i for i, needs in enumerate(self.pattern_needs) if needs and string in needs)
            for string in strings
        }
        object.__setattr__(self, "finder", re.compile(_trie(strings)) if strings else None)
        object.__setattr__(self, "shorter", {s: tuple(t for t in strings if s.startswith(t)) for s in strings})
        object.__setattr__(self, "users", users)
        object.__setattr__(self, "always", tuple(i for i, needs in enumerate(self.pattern_needs) if needs is None))

    @classmethod
    def of(cls, patterns: Iterable[re.Pattern[str] | None]) -> Screen:
        """The screen of ``patterns`` (a None stands for a pattern that is always tried)."""
        return cls(tuple(needs(pattern) if pattern is not None else None for pattern in patterns))

    def candidates(self, text: str) -> list[int]:
        """The positions, in order, of the patterns that can match ``text``."""
        if self.finder is None:
            return list(self.always)
        present: set[str] = set()
        position = 0
        while (match := self.finder.search(text, position)) is not None:
            present.update(self.shorter[match.group()])
            position = match.start() + 1
        chosen = set(self.always).union(*(self.users[string] for string in present))
        return sorted(chosen)


def _trie(strings: list[str]) -> str:
    r"""A regular expression matching the longest of ``strings`` (sorted, non-empty) at a position.

    >>> _trie(["draw", "drawdown", "drill"])
    'dr(?:aw(?:down)?|ill)'
    """
    ends = "" in strings
    branches: dict[str, list[str]] = {}
    for string in strings:
        if string:
            branches.setdefault(string[0], []).append(string[1:])
    spelled = [re.escape(first) + _trie(rest) for first, rest in branches.items()]
    body = spelled[0] if len(spelled) == 1 else f"(?:{'|'.join(spelled)})" if spelled else ""
    return f"(?:{body})?" if ends and body else body
