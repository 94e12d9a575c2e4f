"""Text normalisation, segmentation and word tokens.

One normalisation is used everywhere (cleaning, extraction, tests), so that an
offset computed on normalised text always points at the same characters:

* every Unicode space (NBSP, thin space, ideographic space, tabs …) becomes ``" "``;
* curly and angled quotes become ``'`` or ``"``;
* hyphen and dash variants (‐ ‑ ‒ – — ― −) become ``-``;
* line separators (``\\r\\n``, ``\\r``, U+2028/2029, U+0085) become ``\\n``;
* invisible format characters (zero-width spaces and joiners, BOM, soft hyphen)
  are deleted; they are the only characters normalisation removes.

Sentences are split by NLTK's Punkt with the abbreviation list the project ships
(``resources/abbreviations.txt``); no NLTK data is downloaded.

Example:
    >>> normalize_text("Russia\\u2019s\\u00a0troops \\u2013 \\u201cdrills\\u201d")
    'Russia\\'s troops - "drills"'
    >>> split_sentences("Mr Putin met U.S. officials on Feb. 15. Gen. Gerasimov did not.")
    [(0, 39), (40, 63)]
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from troopwatch.errors import ResourceError
from troopwatch.files import shipped_text

_QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
           "\u2039": "'", "\u203a": "'",
           "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
           "\u00ab": '"', "\u00bb": '"'}
_DASHES = dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
_NEWLINES = dict.fromkeys("\r\u2028\u2029\u0085\x0b\x0c", "\n")
#: Characters that normalisation deletes: they are invisible and carry no text.
INVISIBLE_CHARACTERS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def _space_characters() -> dict[str, str]:
    spaces = {chr(c): " " for c in range(sys.maxunicode + 1)
              if unicodedata.category(chr(c)) == "Zs" and chr(c) != " "}
    spaces["\t"] = " "
    return spaces


_TRANSLATION = str.maketrans({**_space_characters(), **_QUOTES, **_DASHES, **_NEWLINES,
                              **dict.fromkeys(INVISIBLE_CHARACTERS, None)})

_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|(?:\d+(?:[.,]\d+)+|[^\W_]+)(?:['-][^\W_]+)*")


def normalize_text(text: str) -> str:
    """Map spaces, quotes, dashes and line breaks to one form; drop invisible characters.

    ``\\r\\n`` becomes a single ``\\n``. Every other character maps to at most one
    character, so no visible text is lost.

    >>> normalize_text("a\\u00a0b\\r\\nc\\u200b")
    'a b\\nc'
    """
    return text.replace("\r\n", "\n").translate(_TRANSLATION)


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
    return sum(1 for _ in _WORD.finditer(text))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The shipped abbreviation list, lower case, without final periods.

    >>> {"mr", "u.s", "feb", "gen"} <= abbreviations()
    True
    """
    text = shipped_text("abbreviations.txt")
    entries = set()
    for line_no, line in enumerate(text.splitlines(), start=1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry != entry.lower() or entry.endswith(".") or " " in entry:
            raise ResourceError(
                f"resources/abbreviations.txt line {line_no}: {entry!r} must be one lower-case "
                "abbreviation without its final period (write 'u.s' for 'U.S.')")
        entries.add(entry)
    return frozenset(entries)


@lru_cache(maxsize=1)
def _sentence_tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations())
    return PunktSentenceTokenizer(params)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, by Punkt with the shipped abbreviations.

    >>> text = "Close to 1.3 lakh troops. Mr Putin said so."
    >>> [text[s:e] for s, e in split_sentences(text)]
    ['Close to 1.3 lakh troops.', 'Mr Putin said so.']
    """
    return list(_sentence_tokenizer().span_tokenize(text))
