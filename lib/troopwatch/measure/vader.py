"""VADER through NLTK, offline: the analyzer, its lexicon's hash, and an analyst's lexicon overrides.

NLTK's ``SentimentIntensityAnalyzer`` reads the lexicon ``make setup`` provisions
(the one the vaderSentiment package ships), so no ``nltk.download`` is needed.
Both :mod:`troopwatch.measure.sentiment` and :mod:`troopwatch.measure.calibration`
score with it; keeping it here lets each import it without importing the other.

Example:
    >>> analyzer().polarity_scores("War is terrible.")["compound"]
    -0.7906
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import os
import sys
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

from troopwatch.errors import LexiconError, ResourceError
from troopwatch.files import read_user_file

VALENCE_RANGE = (-4.0, 4.0)


@lru_cache(maxsize=1)
def _plain_analyzer() -> SentimentIntensityAnalyzer:
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    try:
        return SentimentIntensityAnalyzer()
    except LookupError:
        raise ResourceError(
            "the VADER lexicon is not provisioned; run `make setup` "
            "(or `python -m troopwatch._setup.provision`) once, offline"
        ) from None


#: The lexicon's archive and member, as NLTK's ``SentimentIntensityAnalyzer`` names its resource.
LEXICON_ARCHIVE, LEXICON_MEMBER = "sentiment/vader_lexicon.zip", "vader_lexicon/vader_lexicon.txt"


def nltk_search_path() -> list[Path]:
    """The folders NLTK searches for data, in its order (``nltk.data.path`` on Linux and macOS).

    ``$NLTK_DATA`` first, then ``~/nltk_data``, then the environment's and the system's folders.
    Computed here so that hashing the lexicon does not import NLTK (about 1 s, with scipy and
    scikit-learn); a test checks it finds the file NLTK loads.

    >>> nltk_search_path()[-1]
    PosixPath('/usr/local/lib/nltk_data')
    """
    folders = [os.path.expanduser(entry) for entry in os.environ.get("NLTK_DATA", "").split(os.pathsep) if entry]
    if "APPENGINE_RUNTIME" not in os.environ and os.path.expanduser("~/") != "~/":
        folders.append(os.path.expanduser("~/nltk_data"))
    folders += [os.path.join(sys.prefix, *parts, "nltk_data") for parts in ((), ("share",), ("lib",))]
    folders += ["/usr/share/nltk_data", "/usr/local/share/nltk_data", "/usr/lib/nltk_data", "/usr/local/lib/nltk_data"]
    return [Path(folder) for folder in folders]


@lru_cache(maxsize=1)
def lexicon_sha256() -> str:
    """The sha256 of the VADER lexicon NLTK loads (record it with every result).

    Read from the first ``sentiment/vader_lexicon.zip`` on :func:`nltk_search_path`, without
    importing NLTK.
    """
    archive = next(
        (folder / LEXICON_ARCHIVE for folder in nltk_search_path() if (folder / LEXICON_ARCHIVE).is_file()), None
    )
    if archive is None:
        _plain_analyzer()  # raises the ResourceError that says how to provision it
        raise ResourceError(f"NLTK loads a VADER lexicon that is not in {LEXICON_ARCHIVE} on its search path")
    with zipfile.ZipFile(archive) as opened:
        return hashlib.sha256(opened.read(LEXICON_MEMBER)).hexdigest()


def read_lexicon_overrides(path: str | Path) -> dict[str, float]:
    """Read a ``term,valence`` CSV of an analyst's lexicon adjustments.

    Terms are single lower-case words as VADER sees them; valences lie in
    [-4, 4] (0 makes a word neutral). Any problem raises LexiconError naming the line.
    """
    text = read_user_file(path, LexiconError, "lexicon overrides", "lexicon_overrides.csv")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or [cell.strip() for cell in rows[0]] != ["term", "valence"]:
        raise LexiconError(f"lexicon overrides {path} line 1: the header must be exactly 'term,valence'")
    overrides: dict[str, float] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"lexicon overrides {path} line {line_no}"
        if len(row) != 2:
            raise LexiconError(f"{where}: {len(row)} fields; write one term and one valence, e.g. drills,0")
        term, valence_text = row[0].strip(), row[1].strip()
        if not term or term != term.lower() or " " in term:
            raise LexiconError(f"{where}: term {term!r} must be one lower-case word")
        try:
            valence = float(valence_text)
        except ValueError:
            raise LexiconError(f"{where}: valence {valence_text!r} is not a number") from None
        if not VALENCE_RANGE[0] <= valence <= VALENCE_RANGE[1]:
            raise LexiconError(f"{where}: valence {valence:g} is outside [-4, 4], VADER's scale")
        if term in overrides:
            raise LexiconError(f"{where}: term {term!r} is given twice")
        overrides[term] = valence
    return overrides


def analyzer(overrides: dict[str, float] | None = None) -> SentimentIntensityAnalyzer:
    """NLTK's ``SentimentIntensityAnalyzer`` on the provisioned lexicon, with ``overrides`` applied."""
    plain = _plain_analyzer()
    if not overrides:
        return plain
    adjusted = copy.copy(plain)
    adjusted.lexicon = {**plain.lexicon, **overrides}
    return adjusted
