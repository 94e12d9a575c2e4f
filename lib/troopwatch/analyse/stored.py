"""Tables that no report parameter changes, computed once and kept in the analysis cache.

Every report shows the same accuracy tables: they depend only on the library (its code and
resources) and on the gold and blind files. :func:`stored` keeps such a table as one file named
by a sha256 of everything it depends on, so a changed extractor, resource or gold file gives
another name and a stale table is never served::

    <cache dir>/tables/<name>-<sha256>.pkl      default cache dir: data/cache/analysis

The file is a pandas pickle, not Parquet, so that the table read back is the computed one exactly:
its dtypes (Parquet reads a column of Python strings back as ``str``), index and ``attrs``.

A table is written to a hidden temporary file in the same folder and renamed into place
(``os.replace``, atomic): a reader sees a whole file or none, and two reports that store the same
table at once (``make -j2 batch``) each rename a complete file of the same rows.

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     first = stored("demo", {"input": b"1"}, lambda: pd.DataFrame({"n": [1]}), cache_dir=folder)
    ...     again = stored("demo", {"input": b"1"}, lambda: pd.DataFrame({"n": [2]}), cache_dir=folder)
    >>> first["n"].tolist(), again["n"].tolist()
    ([1], [1])
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from troopwatch.analyse import cache
from troopwatch.digests import write_atomically
from troopwatch.measure import evaluation

#: The folder of stored tables, inside the analysis cache folder.
TABLES_FOLDER = "tables"


def digest(parts: Mapping[str, bytes | str | None]) -> str:
    """sha256 over named parts, in name order; ``None`` (a file that is not there) differs from empty.

    >>> digest({"a": b""}) == digest({"a": None}), digest({"a": "x"}) == digest({"a": b"x"})
    (False, True)
    """
    hashed = hashlib.sha256()
    for name in sorted(parts):
        value = parts[name]
        data = b"\1absent" if value is None else b"\0" + (value.encode("utf-8") if isinstance(value, str) else value)
        hashed.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
    return hashed.hexdigest()


def file_bytes(paths: Mapping[str, Path]) -> dict[str, bytes | None]:
    """The bytes of each file, ``None`` where there is no file.

    >>> file_bytes({"missing": Path("/nonexistent/file.csv")})
    {'missing': None}
    """
    return {name: path.read_bytes() if path.is_file() else None for name, path in paths.items()}


def stored(
    name: str,
    inputs: Mapping[str, bytes | str | None],
    compute: Callable[[], pd.DataFrame],
    cache_dir: str | Path | None = None,
) -> pd.DataFrame:
    """``compute()``, or the table stored for ``name`` with these ``inputs`` and this library.

    ``inputs`` names everything besides the library (:func:`~troopwatch.analyse.cache.library_digest`,
    with numpy's version: the bootstrap's random numbers) that the table depends on.
    ``cache_dir`` is as for :func:`~troopwatch.analyse.analyse`.
    """
    key = digest({"name": name, "library": cache.library_digest(), "numpy": np.__version__, **inputs})
    folder = Path(cache_dir) if cache_dir is not None else cache.default_cache_dir()
    path = folder / TABLES_FOLDER / f"{name}-{key}.pkl"
    try:
        table: pd.DataFrame = pd.read_pickle(path)
        return table
    except (OSError, EOFError, pickle.UnpicklingError):  # not stored yet (or damaged): compute and store it
        pass
    table = compute()
    write_atomically(path, table.to_pickle)
    return table


def accuracy_table(name: str, *, cache_dir: str | Path | None = None) -> pd.DataFrame:
    """:func:`troopwatch.measure.evaluation.accuracy_table`, stored: computed again only when it could differ.

    Its key is the library and the bytes of the gold and blind files it reads
    (:func:`~troopwatch.measure.evaluation.accuracy_inputs`).

    >>> accuracy_table("quotes")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ResourceError: no gold set 'quotes'; choose one of 'troops', 'attributions', 'frames'
    """
    inputs = file_bytes(evaluation.accuracy_inputs(name))
    return stored(f"accuracy-{name}", inputs, lambda: evaluation.accuracy_table(name), cache_dir)
