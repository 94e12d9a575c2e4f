"""Content digests of the package, the folder every stage keeps its cached results under, and atomic writes.

A cached result is keyed by the digest of everything it was computed from, so a stale one is
never found: the package's code and resources (:func:`package_digest`) and the inputs.

Example:
    >>> len(package_digest())
    64
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from troopwatch.files import PROJECT_DIR

#: The ``troopwatch`` package folder.
PACKAGE_DIR = Path(__file__).resolve().parent


def tree_digest(root: Path) -> str:
    """sha256 over the paths and bytes of every ``.py`` file under ``root`` and every file in a ``resources`` folder.

    >>> tree_digest(PACKAGE_DIR) == tree_digest(PACKAGE_DIR)
    True
    """
    digest = hashlib.sha256()
    files = [
        path
        for path in root.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and (path.suffix == ".py" or "resources" in path.relative_to(root).parts[:-1])
    ]
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def package_digest() -> str:
    """:func:`tree_digest` of this troopwatch, computed once per process."""
    return tree_digest(PACKAGE_DIR)


def cache_root() -> Path:
    """``$TROOPWATCH_CACHE_DIR``, else ``<project>/data/cache`` (git-ignored; deleting it is always safe)."""
    return Path(os.environ.get("TROOPWATCH_CACHE_DIR") or PROJECT_DIR / "data" / "cache")


def write_atomically(path: Path, write: Callable[[Path], object]) -> None:
    """``write(temporary)`` to a hidden file beside ``path``, then rename it to ``path``.

    The rename is atomic, so a reader (another report of ``make -j2``) sees the whole file or
    none; a failed write leaves nothing behind.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "note.txt"
    >>> write_atomically(target, lambda temporary: temporary.write_text("whole", "utf-8"))
    >>> target.read_text("utf-8"), [path.name for path in target.parent.iterdir()]
    ('whole', ['note.txt'])
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
