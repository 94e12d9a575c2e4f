r"""Text normalisation, segmentation and word tokens.

One normalisation is used everywhere (cleaning, extraction, tests), so that an
offset computed on normalised text always points at the same characters:

* every Unicode space (NBSP, thin space, ideographic space, tabs …) becomes ``" "``;
* curly and angled quotes become ``'`` or ``"``;
* hyphen and dash variants (‐ ‑ ‒ – — ― −) become ``-``;
* line separators (``\r\n``, ``\r``, U+2028/2029, U+0085) become ``\n``;
* invisible format characters (zero-width spaces and joiners, BOM, soft hyphen)
  are deleted; they are the only characters normalisation removes.

Sentences are split by NLTK's Punkt with the abbreviation list the project ships
(``resources/abbreviations.txt``); no NLTK data is downloaded. A blank line, and
a line break after a line that stands on its own (a heading or label with no
final punctuation, see :func:`stands_alone`), also end a sentence; a line break
inside a wrapped paragraph does not.

Example:
    >>> normalize_text("Russia\u2019s\u00a0troops \u2013 \u201cdrills\u201d")
    'Russia\'s troops - "drills"'
    >>> split_sentences("Mr Putin met U.S. officials on Feb. 15. Gen. Gerasimov did not.")
    [(0, 39), (40, 63)]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from troopwatch.errors import ResourceError
from troopwatch.files import shipped_text

if TYPE_CHECKING:  # NLTK is imported when the first sentence is split, not with the package
    from nltk.tokenize.punkt import PunktSentenceTokenizer

_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u2039": "'",
    "\u203a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
_NEWLINES = dict.fromkeys("\r\u2028\u2029\u0085\x0b\x0c", "\n")
#: Characters that normalisation deletes: they are invisible and carry no text.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _space_characters() -> dict[str, str]:
    spaces = {chr(c): " " for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Zs" and chr(c) != " "}
    spaces["\t"] = " "
    return spaces


@lru_cache(maxsize=1)
def _translation() -> dict[int, str | None]:
    """The table :func:`normalize_text` translates by, built on first use (it scans every code point)."""
    return str.maketrans(
        {**_space_characters(), **_QUOTES, **_DASHES, **_NEWLINES, **dict.fromkeys(INVISIBLE_CHARACTERS, None)}
    )


#: Wrapped text is taken to be at least this many characters wide (see :func:`stands_alone`).
MIN_WRAP_WIDTH = 60
_FINAL_PUNCTUATION = re.compile(r"[.!?:;,\-\u2026]['\")\]]*$")
_STARTS_ANEW = re.compile(r"[\"'(\[]?[A-Z0-9]")
_OPEN_ENDING = re.compile(
    r"\b(?:a|an|the|to|of|and|or|but|in|on|at|by|for|from|with|as|that|than|into|over|"
    r"about|after|before|near|its|their|his|her|our|is|are|was|were|has|have|had|said|says)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|(?:\d+(?:[.,]\d+)+|[^\W_]+)(?:['-][^\W_]+)*")


def normalize_text(text: str) -> str:
    r"""Map spaces, quotes, dashes and line breaks to one form; drop invisible characters.

    ``\r\n`` becomes a single ``\n``. Every other character maps to at most one
    character, so no visible text is lost.

    >>> normalize_text("a\u00a0b\r\nc\u200b")
    'a b\nc'
    """
    return text.replace("\r\n", "\n").translate(_translation())


def word_tokens(text: str) -> list[str]:
    """Words: runs of letters or digits, joined by inner hyphens or apostrophes.

    A number with digit-group commas or a decimal point is one word, and so is
    an initialism with periods.

    >>> word_tokens("Russia's 1,000-strong force of 1.3 lakh (re-)deployed near U.S. bases")
    ["Russia's", '1,000-strong', 'force', 'of', '1.3', 'lakh', 're', 'deployed', 'near', 'U.S.', 'bases']
    """
    return _WORD.findall(text)


def count_words(text: str) -> int:
    """Number of :func:`word_tokens` in ``text``.

    >>> count_words("Over 100,000 Russian troops")
    4
    """
    return len(_WORD.findall(text))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The shipped abbreviation list, lower case, without final periods.

    >>> {"mr", "u.s", "feb", "gen"} <= abbreviations()
    True
    """
    text = shipped_text("corpus", "abbreviations.txt")
    entries = set()
    for line_no, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry != entry.lower() or entry.endswith(".") or " " in entry:
            raise ResourceError(
                f"resources/abbreviations.txt line {line_no}: {entry!r} must be one lower-case "
                "abbreviation without its final period (write 'u.s' for 'U.S.')"
            )
        entries.add(entry)
    return frozenset(entries)


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params)


def stands_alone(line: str, next_line: str, width: int = MIN_WRAP_WIDTH) -> bool:
    """Whether the break after ``line`` ends a sentence although ``line`` has no final punctuation.

    It does when ``line`` is a heading or label on its own line: it ends in no
    punctuation and no word that needs a continuation (the, to, of ...), the next
    line starts a sentence (a capital, a digit or an opening quote), and the next
    line's first word would have fitted on ``line`` within ``width`` (the widest
    line around, at least ``MIN_WRAP_WIDTH``), so the break is not a wrap.

    >>> stands_alone("Related coverage", "Russia said troops were leaving.")
    True
    >>> stands_alone("Russia said on Tuesday that its troops would hold talks with", "Ukraine on Friday.")
    False
    >>> stands_alone("Russia says troops will leave", "after the drills end.")
    False
    """
    line, next_line = line.strip(), next_line.strip()
    if not line or not next_line or _FINAL_PUNCTUATION.search(line) or _OPEN_ENDING.search(line):
        return False
    if not _STARTS_ANEW.match(next_line):
        return False
    return len(line) + 1 + len(next_line.split()[0]) <= max(width, MIN_WRAP_WIDTH)


def join_lines(lines: list[str]) -> str:
    r"""Join the lines of one paragraph.

    By a space where the text was wrapped, by a newline after a line that :func:`stands_alone` (so
    the line ends a sentence).

    >>> join_lines(["Related coverage", "Russia said troops were leaving.", "More followed."])
    'Related coverage\nRussia said troops were leaving. More followed.'
    """
    width = max((len(line) for line in lines), default=0)
    joined = lines[0] if lines else ""
    for previous, line in zip(lines, lines[1:], strict=False):
        joined += ("\n" if stands_alone(previous, line, width) else " ") + line
    return joined


def _line_blocks(text: str) -> list[tuple[int, int]]:
    """Spans of ``text`` between the line breaks that end a sentence (blank lines and lines that stand alone)."""
    lines = text.split("\n")
    width = max(len(line) for line in lines)
    blocks, start, offset = [], 0, 0
    for number, line in enumerate(lines):
        offset += len(line)
        following = lines[number + 1] if number + 1 < len(lines) else None
        if following is None or not line.strip() or not following.strip() or stands_alone(line, following, width):
            blocks.append((start, offset))
            start = offset + 1
        offset += 1
    return blocks


def split_sentences(text: str) -> list[tuple[int, int]]:
    r"""Sentence spans ``(start, end)`` in ``text``.

    By Punkt with the shipped abbreviations, within the blocks that blank lines and lines standing
    on their own delimit.

    >>> text = "Close to 1.3 lakh troops. Mr Putin said so."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Close to 1.3 lakh troops.', 'Mr Putin said so.']
    >>> text = "Related coverage\nRussia said the troops\nwere leaving."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Related coverage', 'Russia said the troops\nwere leaving.']
    """
    tokenizer = _sentence_tokenizer()
    if "\n" not in text:
        return list(tokenizer.span_tokenize(text))
    return [
        (start + s, start + e) for start, end in _line_blocks(text) for s, e in tokenizer.span_tokenize(text[start:end])
    ]
