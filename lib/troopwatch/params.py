"""Validation of notebook and function parameters.

Each check raises :class:`~troopwatch.errors.ParameterError` with one line that
names the parameter, the bad value and the valid values, so a notebook stops at
its first code cell with a message a user can act on.

Example:
    >>> check_choice("unit", "sentence", ["sentence", "paragraph", "article"])
    'sentence'
    >>> check_choice("unit", "word", ["sentence", "paragraph", "article"])
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: unit='word' is not valid; choose one of 'sentence', 'paragraph', 'article'
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, SupportsFloat, cast

from troopwatch.errors import ParameterError

if TYPE_CHECKING:  # pandas is imported where a value needs it: the report runner checks names without it
    import pandas as pd

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is a real calendar date written ``YYYY-MM-DD``.

    >>> [is_iso_date(v) for v in ("2022-02-15", "2022-02-30", "15/02/2022")]
    [True, False, False]
    """
    if not _ISO_DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _as_list(name: str, values: object) -> list[object]:
    """A list parameter as a list: one string becomes a list of one; None becomes empty.

    >>> _as_list("outlets", 5)
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: outlets=5 is not a list; write a list such as ["a", "b"], or [] for all
    """
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    import pandas as pd

    if not isinstance(values, (list, tuple, set, frozenset, pd.Series, pd.Index)):
        raise ParameterError(f'{name}={values!r} is not a list; write a list such as ["a", "b"], or [] for all')
    return list(values)


def _listed(values: Iterable[object]) -> str:
    return ", ".join(repr(value) for value in values)


def check_choice(name: str, value: object, valid: Sequence[object]) -> object:
    """Return ``value`` if it is one of ``valid``; raise ParameterError otherwise."""
    if value not in valid:
        raise ParameterError(f"{name}={value!r} is not valid; choose one of {_listed(valid)}")
    return value


def check_date(name: str, value: object) -> pd.Timestamp | None:
    """Parse a ``YYYY-MM-DD`` parameter; ``None`` or ``""`` means no bound.

    >>> check_date("start_date", "2022-02-15")
    Timestamp('2022-02-15 00:00:00')
    >>> check_date("end_date", None) is None
    True
    """
    if value is None or value == "":
        return None
    # YAML parameter files turn an unquoted 2022-02-15 into a datetime.date.
    text = value.isoformat()[:10] if isinstance(value, date) else str(value)
    if not is_iso_date(text):
        raise ParameterError(f"{name}={value!r} is not a date; write it as YYYY-MM-DD, e.g. 2022-02-15")
    import pandas as pd

    return pd.Timestamp(text)


def check_date_range(start_date: object, end_date: object) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """Parse both bounds and check that ``start_date`` is not after ``end_date``.

    >>> check_date_range("2022-02-16", "2022-02-15")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: start_date='2022-02-16' is after end_date='2022-02-15'; swap them or widen the range
    """  # noqa: E501 (doctest output must match verbatim)
    start, end = check_date("start_date", start_date), check_date("end_date", end_date)
    if start is not None and end is not None and start > end:
        raise ParameterError(f"start_date={start_date!r} is after end_date={end_date!r}; swap them or widen the range")
    return start, end


def check_outlets(outlets: object, valid: Iterable[str]) -> list[str]:
    """Resolve ``outlets`` (a name, a list of names, or None for all) against ``valid``.

    Names match case-insensitively and come back as the corpus spells them.

    >>> check_outlets(["fox news"], ["Fox News", "Scroll.in"])
    ['Fox News']
    >>> check_outlets(None, ["Fox News", "Scroll.in"])
    ['Fox News', 'Scroll.in']
    """
    valid = sorted(set(valid))
    requested = _as_list("outlets", outlets)
    if not requested:
        return valid
    by_key = {name.casefold(): name for name in valid}
    unknown = [name for name in requested if str(name).casefold() not in by_key]
    if unknown:
        raise ParameterError(f"outlets: {_listed(unknown)} not in the corpus; choose from {_listed(valid)}")
    return [by_key[str(name).casefold()] for name in requested]


def check_choices(name: str, values: object, valid: Sequence[str]) -> list[str]:
    """A list parameter whose items must each be one of ``valid``; empty or None means all.

    >>> check_choices("claims", [], ["buildup", "withdrawal"])
    ['buildup', 'withdrawal']
    >>> check_choices("claims", ["retreat"], ["buildup", "withdrawal"])
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: claims: 'retreat' is not valid; choose from 'buildup', 'withdrawal'
    """
    chosen = _as_list(name, values)
    if not chosen:
        return list(valid)
    unknown = [value for value in chosen if value not in valid]
    if unknown:
        raise ParameterError(f"{name}: {_listed(unknown)} is not valid; choose from {_listed(valid)}")
    return cast("list[str]", chosen)  # each item equals one of ``valid``


def check_number(name: str, value: object, minimum: float = 0.0) -> float:
    """A number parameter no smaller than ``minimum``.

    >>> check_number("min_value", "many")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: min_value='many' is not a number; give a number such as 0 or 50000
    """
    try:
        # Any value is tried: float() failing with TypeError or ValueError is the check itself.
        number = float(cast("SupportsFloat", value))
    except (TypeError, ValueError):
        raise ParameterError(f"{name}={value!r} is not a number; give a number such as 0 or 50000") from None
    if number != number or number < minimum:
        raise ParameterError(f"{name}={value!r} must be a number of at least {minimum:g}")
    return number


def check_terms(name: str, terms: object) -> list[str]:
    """A list of non-empty search terms (a single string is one term).

    >>> check_terms("focus_terms", "withdrawal")
    ['withdrawal']
    """
    chosen = [terms] if isinstance(terms, str) else list(cast("Iterable[object]", terms or []))
    if not chosen or any(not isinstance(term, str) or not term.strip() for term in chosen):
        raise ParameterError(f"{name}={terms!r} needs one or more non-empty words, e.g. ['withdrawal', 'drills']")
    return cast("list[str]", chosen)  # every item was checked to be a str above


def worker_count(workers: object = None) -> int:
    """The number of worker processes: ``workers``, else ``$TROOPWATCH_WORKERS``, else the number of cores.

    1 means in-process. Shared by the stages that run work in processes.

    >>> worker_count(2)
    2
    >>> worker_count(0)
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: workers=0: use a whole number of processes, at least 1 (1 runs in-process)
    """
    if workers is None:
        setting = os.environ.get("TROOPWATCH_WORKERS")
        if setting:
            try:
                workers = int(setting)
            except ValueError:
                raise ParameterError(
                    f"TROOPWATCH_WORKERS={setting!r} is not a whole number; "
                    "set it to the number of processes, e.g. 4 (1 runs in-process)"
                ) from None
        else:
            workers = os.cpu_count() or 1
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"workers={workers!r}: use a whole number of processes, at least 1 (1 runs in-process)")
    return workers
