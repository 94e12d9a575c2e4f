"""Sentences that state findings, printed from the data so they hold for every parameter set.

A notebook's markdown explains methods and limits; anything it says about the
selected articles (how many, from when, whose figures) comes from one of these
functions, so a report on April 2021 never repeats what is true of February 2022.

Example:
    >>> articles = pd.DataFrame({"outlet": ["A", "B", "B"],
    ...                          "published": pd.to_datetime(["2022-02-15", "2022-02-15", "2021-04-22"])})
    >>> describe_articles(articles)
    '3 articles from 2 outlets, published on 2 days between 2021-04-22 and 2022-02-15; at most 2 on one day.'
"""

from __future__ import annotations

import pandas as pd


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def describe_articles(articles: pd.DataFrame) -> str:
    """How many articles, from how many outlets, over which days (``outlet`` and ``published`` columns)."""
    if articles.empty:
        return "No article is selected."
    days = articles["published"].dt.date
    return (
        f"{_count(len(articles), 'article')} from {_count(articles['outlet'].nunique(), 'outlet')}, published on "
        f"{_count(days.nunique(), 'day')} between {days.min()} and {days.max()}; "
        f"at most {days.value_counts().max()} on one day."
    )


def describe_outlet_sizes(articles: pd.DataFrame) -> str:
    """How many articles each outlet contributes, the first thing to know before comparing outlets.

    >>> describe_outlet_sizes(pd.DataFrame({"outlet": ["A", "B", "B"]}))
    'Articles per outlet: 1 to 2 (median 1.5); 1 of 2 outlets has a single article, so its figures describe that article, not the outlet.'
    """  # noqa: E501 (doctest output must match verbatim)
    if articles.empty:
        return "No article is selected."
    sizes = articles["outlet"].value_counts()
    single = int((sizes == 1).sum())
    return (
        f"Articles per outlet: {sizes.min()} to {sizes.max()} (median {sizes.median():g}); "
        f"{single} of {len(sizes)} outlets {'has' if single == 1 else 'have'} a single article, so "
        f"{'its' if single == 1 else 'their'} figures describe that article, not the outlet."
    )


def describe_suppliers(mentions: pd.DataFrame) -> str:
    """Who supplied the troop figures: the share that stands in the outlet's own voice.

    >>> describe_suppliers(pd.DataFrame({"supplied_by": ["the outlet's own voice", "Russian officials"]}))
    "1 of 2 troop figures (50%) stand in the outlet's own voice, with no source named; the most common named supplier is Russian officials (1)."
    """  # noqa: E501 (doctest output must match verbatim)
    if mentions.empty:
        return "No troop figure in this selection."
    counts = mentions["supplied_by"].value_counts()
    own = int(counts.get("the outlet's own voice", 0))
    named = counts.drop("the outlet's own voice", errors="ignore")
    sentence = (
        f"{own} of {len(mentions)} troop figures ({own / len(mentions):.0%}) stand in the outlet's own "
        "voice, with no source named"
    )
    if len(named):
        sentence += f"; the most common named supplier is {named.index[0]} ({named.iloc[0]})"
    return sentence + "."


def describe_same_day(figures: pd.DataFrame) -> str:
    """What :func:`troopwatch.same_day_figures` shows, day by day: outlets and the spread of figures.

    >>> figures = pd.DataFrame({"published": pd.to_datetime(["2022-02-15"] * 2), "outlet": ["A", "B"],
    ...                         "value": [100000.0, 130000.0], "low": [100000.0, float("nan")]})
    >>> describe_same_day(figures)
    '2022-02-15: 2 outlets reported figures from 100,000 to 130,000 (the highest 1.3 times the lowest).'
    """
    if figures.empty:
        return "No day in this selection has troop figures from more than one outlet."
    lines = []
    for day, part in figures.groupby(figures["published"].dt.date):
        stated = part["value"].fillna(part["low"]).dropna()
        spread = (
            f"figures from {stated.min():,.0f} to {stated.max():,.0f} (the highest "
            f"{stated.max() / stated.min():.1f} times the lowest)"
            if len(stated)
            else "figures with no value"
        )
        lines.append(f"{day}: {part['outlet'].nunique()} outlets reported {spread}.")
    return "\n".join(lines)
