"""Reading the data files that drive the library: shipped resources and an analyst's own files.

Example:
    >>> shipped_text("corpus", "events.csv").splitlines()[0]
    'date,label,source'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from troopwatch.errors import TroopwatchError

#: The project folder (the checkout holding lib/, corpus/ and data/), for the editable install.
PROJECT_DIR = Path(__file__).resolve().parents[2]


def shipped_text(stage: str, name: str) -> str:
    """The text of ``lib/troopwatch/<stage>/resources/<name>``: each stage ships its own data files."""
    return resources.files(f"troopwatch.{stage}").joinpath("resources", name).read_text("utf-8")


def read_user_file(path: str | Path, error: type[TroopwatchError], what: str, example: str) -> str:
    """The UTF-8 text of an analyst's file, or ``error`` naming the file and what to pass instead.

    >>> from troopwatch.errors import ResourceError
    >>> read_user_file("no/such.yaml", ResourceError, "codebook", "frames.yaml")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ResourceError: codebook no/such.yaml: cannot be read (No such file or directory); pass the path of a file like resources/frames.yaml
    """  # noqa: E501 (doctest output must match verbatim)
    path = Path(path)
    try:
        return path.read_text("utf-8")
    except OSError as problem:
        reason = problem.strerror or str(problem)
    except UnicodeDecodeError:
        reason = "not UTF-8"
    raise error(f"{what} {path}: cannot be read ({reason}); pass the path of a file like resources/{example}")
