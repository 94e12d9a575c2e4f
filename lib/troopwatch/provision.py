"""Install the offline resources that NLTK would otherwise download.

``make setup`` runs ``python -m troopwatch.provision``. It copies the VADER
lexicon that the ``vaderSentiment`` package ships into an NLTK data directory
inside the virtual environment (``<sys.prefix>/nltk_data``, which NLTK searches
by default), laid out exactly as ``nltk.download("vader_lexicon")`` would lay it
out, so that ``nltk.sentiment.vader.SentimentIntensityAnalyzer()`` works with no
network access.

The zip file is written deterministically (fixed member timestamp), so its
contents, and the lexicon's sha256, are the same on every machine.

Example:
    >>> from troopwatch.provision import vader_lexicon_zip
    >>> vader_lexicon_zip().name
    'vader_lexicon.zip'
"""

from __future__ import annotations

import hashlib
import os
import sys
import zipfile
from importlib import resources
from pathlib import Path

#: Where NLTK expects the lexicon, relative to an NLTK data directory.
VADER_RESOURCE = "sentiment/vader_lexicon.zip/vader_lexicon/vader_lexicon.txt"
_MEMBER = "vader_lexicon/vader_lexicon.txt"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def nltk_data_dir() -> Path:
    """The project's NLTK data directory: ``$NLTK_DATA`` if set, else ``<sys.prefix>/nltk_data``."""
    return Path(os.environ.get("NLTK_DATA", "").split(os.pathsep)[0] or Path(sys.prefix) / "nltk_data")


def vader_lexicon_zip(data_dir: Path | None = None) -> Path:
    """Path of the provisioned VADER lexicon zip (it may not exist yet)."""
    return (data_dir or nltk_data_dir()) / "sentiment" / "vader_lexicon.zip"


def shipped_vader_lexicon() -> bytes:
    """The bytes of ``vader_lexicon.txt`` as the vaderSentiment package ships it."""
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_bytes()


def provision_vader_lexicon(data_dir: Path | None = None) -> Path:
    """Write the VADER lexicon zip into ``data_dir``; return its path.

    A no-op when the zip already holds the same lexicon bytes.
    """
    lexicon = shipped_vader_lexicon()
    target = vader_lexicon_zip(data_dir)
    if target.exists():
        with zipfile.ZipFile(target) as existing:
            if _MEMBER in existing.namelist() and existing.read(_MEMBER) == lexicon:
                return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".zip.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("vader_lexicon/", _FIXED_TIME), b"")
        archive.writestr(zipfile.ZipInfo(_MEMBER, _FIXED_TIME), lexicon, zipfile.ZIP_DEFLATED)
    partial.replace(target)
    return target


def main() -> None:
    target = provision_vader_lexicon()
    digest = hashlib.sha256(shipped_vader_lexicon()).hexdigest()
    print(f"VADER lexicon provisioned in {target.parent.parent.name}/ (sha256 {digest[:12]}...)")


if __name__ == "__main__":
    main()
