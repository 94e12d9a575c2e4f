"""A loaded corpus kept on disk, so that a second notebook on the same files does not read them again.

:func:`~troopwatch.corpus.load.load_corpus` keeps the :class:`~troopwatch.corpus.load.Corpus` it
builds in ``<cache root>/corpus/<key>.pkl`` (:func:`~troopwatch.digests.cache_root`). The key is
the sha256 of everything that Corpus is made from (:func:`corpus_key`):

* this troopwatch's code and resources (:func:`~troopwatch.digests.package_digest`);
* the versions of the packages that shape it: pandas, numpy, pyarrow, NLTK (the sentence
  splitter), datasketch and scipy (story ids);
* the boilerplate rules file, if one is passed;
* ``metadata.csv`` and every entry of ``articles/``: its name, and the bytes of each file.

Change any of them and the key changes, so a stale corpus is never returned; it is built again.
Reading a kept corpus imports neither NLTK nor datasketch. Files are written to a hidden
temporary name and renamed into place, so two processes loading the same corpus at once never
read half a file.

Example:
    >>> import tempfile
    >>> from troopwatch.files import PROJECT_DIR
    >>> key = corpus_key(PROJECT_DIR / "corpus")
    >>> len(key), read_kept(Path(tempfile.mkdtemp()), key) is None
    (64, True)
"""

from __future__ import annotations

import hashlib
import os
import pickle
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from troopwatch.digests import cache_root, package_digest, write_atomically

if TYPE_CHECKING:
    from troopwatch.corpus.load import Corpus

#: The packages whose versions are part of the key.
SHAPING_PACKAGES = ("pandas", "numpy", "pyarrow", "nltk", "datasketch", "scipy")


def default_folder() -> Path:
    """``<cache root>/corpus``.

    >>> default_folder().name
    'corpus'
    """
    return cache_root() / "corpus"


def corpus_key(root: Path, boilerplate: str | Path | None = None) -> str:
    """The sha256 of everything :func:`~troopwatch.corpus.load.load_corpus` reads from ``root`` (see the module doc)."""
    digest = hashlib.sha256()
    for part in (package_digest(), *(f"{name} {version(name)}" for name in SHAPING_PACKAGES)):
        digest.update(part.encode("utf-8") + b"\0")
    rules = Path(boilerplate) if boilerplate else None  # one that cannot be read fails with its own message later
    rules_bytes = rules.read_bytes() if rules is not None and rules.is_file() else f"{rules}".encode()
    digest.update(b"boilerplate\0" + rules_bytes + b"\0")
    digest.update(b"metadata\0" + hashlib.sha256((root / "metadata.csv").read_bytes()).digest())
    with os.scandir(root / "articles") as entries:
        found = sorted(((entry.name, entry.path, entry.is_file()) for entry in entries), key=lambda found: found[0])
    for name, path, is_file in found:
        content = hashlib.sha256(Path(path).read_bytes()).digest() if is_file else b"not a file"
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0" + content)
    return digest.hexdigest()


def read_kept(folder: Path, key: str) -> Corpus | None:
    """The corpus kept under ``key`` in ``folder``, or None when there is none (or it cannot be read)."""
    try:
        with open(folder / f"{key}.pkl", "rb") as handle:
            corpus: Corpus = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    return corpus


def keep(folder: Path, key: str, corpus: Corpus) -> None:
    """Write ``corpus`` under ``key`` in ``folder``, atomically (:func:`~troopwatch.digests.write_atomically`)."""

    def dump(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            pickle.dump(corpus, handle, protocol=pickle.HIGHEST_PROTOCOL)

    write_atomically(folder / f"{key}.pkl", dump)
