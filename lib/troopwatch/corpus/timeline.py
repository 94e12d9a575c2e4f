"""The announced withdrawals the project studies, and the period each article belongs to.

``resources/events.csv`` lists the announcements (date, label, source). An
article's period is the announcement it was published closest to, if within
``PERIOD_WINDOW_DAYS``; otherwise its month.

Example:
    >>> period_of(pd.Series(pd.to_datetime(["2021-04-22", "2022-02-15", "2021-08-01"]))).tolist()
    ['April 2021', 'February 2022', '2021-08']
"""

from __future__ import annotations

import io
from functools import lru_cache

import pandas as pd

from troopwatch.files import shipped_text

PERIOD_WINDOW_DAYS = 45


@lru_cache(maxsize=1)
def key_events() -> pd.DataFrame:
    """The announced withdrawals (``resources/events.csv``): ``date, label, source, period``."""
    events = pd.read_csv(io.StringIO(shipped_text("corpus", "events.csv")), parse_dates=["date"])
    events["period"] = events["date"].dt.strftime("%B %Y")
    return events


def period_of(published: pd.Series) -> pd.Series:
    """The period of each publication date: the nearest announcement's month, or the date's own month."""
    events = key_events()

    def one(date: pd.Timestamp) -> str:
        if date != date:
            return "undated"
        gaps = (events["date"] - date).abs()
        nearest = gaps.idxmin()
        return events.loc[nearest, "period"] if gaps[nearest].days <= PERIOD_WINDOW_DAYS else f"{date:%Y-%m}"

    return published.map(one).astype("str")
