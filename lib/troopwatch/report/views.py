"""Views that read well at any size: weekly troop figures, frame shares over time, ranked outlets, long tables.

Each view decides by itself whether the data can carry it. When they cannot
(the five seed articles, a narrow selection), the table is empty, with the
documented columns, and its ``attrs["note"]`` says why in one line; the plot
functions in :mod:`troopwatch.report.plots` then return None, so a notebook
prints the note instead of drawing a misleading chart. When the data suffice,
``attrs["note"]`` says what the view shows. Columns are listed in
``docs/data-dictionary.md``.

Example:
    >>> table = weekly_figures(pd.DataFrame(columns=["article_id", "published", "claim", "value", "low"]))
    >>> table.empty, table.attrs["note"]
    (True, 'too few articles for a weekly view: 0 weeks with 2+ articles (3 needed)')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from troopwatch.corpus.load import Corpus
from troopwatch.measure.sentiment import sentiment_by
from troopwatch.measure.uncertainty import cluster_bootstrap, ratio
from troopwatch.report.exports import _Exporter

WEEKLY_COLUMNS = ["week", "group", "claim", "n_mentions", "n_articles", "median", "q25", "q75"]
SHARES_OVER_TIME_COLUMNS = [
    "period_start",
    "frame",
    "share",
    "sentences",
    "frame_sentences",
    "articles",
    "ci_low",
    "ci_high",
]
RANKING_COLUMNS = ["rank", "group", "outlets", "n", "n_articles", "mean_compound", "ci_low", "ci_high"]
#: The group of the rows that pool every outlet in :func:`weekly_figures`.
ALL = "all"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def week_start(dates: pd.Series) -> pd.Series:
    """The Monday that starts each date's ISO week (NaT stays NaT)."""
    dates = pd.to_datetime(dates).dt.normalize()
    return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")


def _empty(columns: list[str], note: str) -> pd.DataFrame:
    table = pd.DataFrame(columns=columns)
    table.attrs["note"] = note
    return table


def weekly_figures(
    mentions: pd.DataFrame,
    groups: Mapping[str, str] | pd.DataFrame | None = None,
    min_weeks: int = 3,
    min_articles: int = 2,
) -> pd.DataFrame:
    """Per ISO week and claim: how many troop figures were reported and their median and quartiles.

    The figure of a mention is its ``value``, or ``low`` for ranges and vague mentions (as in
    :func:`troopwatch.select_mentions`); mentions with neither, or without a date, are left out.
    ``week`` (datetime64) is the Monday starting the ISO week of publication. Rows with ``group`` "all" pool every
    outlet; ``groups`` adds rows per outlet group: a mapping outlet → group, or the corpus's
    ``articles`` (each article's ``outlet_country``). Quartiles interpolate linearly (pandas' default).

    The view needs ``min_weeks`` weeks with at least ``min_articles`` articles that report a figure;
    otherwise the table is empty. ``attrs["note"]`` says which, in one line.

    Columns: ``week, group, claim, n_mentions, n_articles, median, q25, q75`` (persons).

    >>> mentions = pd.DataFrame({"article_id": ["a", "b", "c", "d", "e", "f"],
    ...     "published": pd.to_datetime(["2021-04-05", "2021-04-06", "2021-04-12", "2021-04-18",
    ...                                  "2021-04-19", "2021-04-25"]),
    ...     "claim": "buildup", "value": [100.0, 300, 200, 400, 50, np.nan], "low": [np.nan] * 5 + [150.0]})
    >>> table = weekly_figures(mentions)
    >>> table["week"].dt.strftime("%Y-%m-%d").tolist(), table["median"].tolist(), table["q75"].tolist()
    (['2021-04-05', '2021-04-12', '2021-04-19'], [200.0, 300.0, 100.0], [250.0, 350.0, 125.0])
    """
    figure = mentions["value"].fillna(mentions["low"])
    rows = mentions.assign(figure=figure, week=week_start(mentions["published"]))
    rows = rows[rows["figure"].notna() & rows["week"].notna()]
    articles_per_week = rows.groupby("week")["article_id"].nunique()
    weeks = int((articles_per_week >= min_articles).sum())
    if weeks < min_weeks:
        return _empty(
            WEEKLY_COLUMNS,
            f"too few articles for a weekly view: {_plural(weeks, 'week')} with {min_articles}+ articles "
            f"({min_weeks} needed)",
        )
    parts = [rows.assign(group=ALL)]
    if groups is not None:
        if isinstance(groups, pd.DataFrame):
            group_of = rows["article_id"].map(groups.set_index("article_id")["outlet_country"])
        else:
            group_of = rows["outlet"].map(dict(groups))
        parts.append(rows.assign(group=group_of.fillna("unknown").astype(str)))
    table = (
        pd.concat(parts)
        .groupby(["week", "group", "claim"], sort=True)
        .agg(
            n_mentions=("figure", "size"),
            n_articles=("article_id", "nunique"),
            median=("figure", "median"),
            q25=("figure", lambda values: values.quantile(0.25)),
            q75=("figure", lambda values: values.quantile(0.75)),
        )
        .reset_index()
    )
    table = table.astype({"n_mentions": "int64", "n_articles": "int64"})[WEEKLY_COLUMNS]
    table.attrs["note"] = (
        f"{_plural(weeks, 'week')} with {min_articles}+ articles reporting a figure, "
        f"{_plural(int(articles_per_week.size), 'week')} in all"
    )
    return table


def frame_shares_over_time(
    shares: pd.DataFrame,
    corpus: Corpus | pd.DataFrame,
    freq: str = "W",
    min_periods: int = 3,
    min_articles: int = 2,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Per period of publication and frame: the share of sentences carrying the frame, with a 95% interval.

    ``shares`` is a :func:`troopwatch.frame_shares` frame; ``corpus`` (or its ``articles``) gives each
    article's publication date. ``freq`` is a pandas period: ``"W"`` (ISO weeks, Monday to Sunday),
    ``"M"`` (months), ``"Q"``. ``share`` = frame sentences / sentences of the period's articles; the
    interval resamples articles (:func:`troopwatch.measure.uncertainty.cluster_bootstrap` over
    per-article [frame sentences, sentences]) and is NaN ("n too small") for a one-article period.

    The view needs ``min_periods`` periods with at least ``min_articles`` articles; otherwise the
    table is empty. ``attrs["note"]`` says which, in one line.

    Columns: ``period_start`` (datetime64, the period's first day), ``frame, share`` (0–1),
    ``sentences, frame_sentences, articles, ci_low, ci_high``.

    >>> shares = pd.DataFrame({"article_id": ["a", "b", "c"], "frame": "threat", "sentences": [4, 2, 5],
    ...                        "frame_sentences": [1, 1, 0]})
    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"],
    ...                          "published": pd.to_datetime(["2021-04-05", "2021-04-12", "2021-04-19"])})
    >>> frame_shares_over_time(shares, articles, min_articles=1)[["share", "ci_low"]].values.tolist()
    [[0.25, nan], [0.5, nan], [0.0, nan]]
    """
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    published = shares["article_id"].map(articles.set_index("article_id")["published"])
    rows = shares.assign(period_start=pd.to_datetime(published).dt.to_period(freq).dt.start_time)
    rows = rows[rows["period_start"].notna()]
    articles_per_period = rows.groupby("period_start")["article_id"].nunique()
    periods = int((articles_per_period >= min_articles).sum())
    if periods < min_periods:
        return _empty(
            SHARES_OVER_TIME_COLUMNS,
            f"too few articles for a view over time: {_plural(periods, 'period')} ({freq}) with "
            f"{min_articles}+ articles ({min_periods} needed)",
        )
    records = []
    for (start, frame), part in rows.groupby(["period_start", "frame"], sort=True):
        per_article = part.groupby("article_id")[["frame_sentences", "sentences"]].sum().to_numpy(dtype="float64")
        low, high = cluster_bootstrap(per_article, ratio(0, 1), n_resamples=n_boot, seed=seed)
        frame_sentences, sentences = per_article.sum(axis=0)
        records.append(
            (
                pd.Timestamp(start),
                frame,
                frame_sentences / sentences if sentences else np.nan,
                int(sentences),
                int(frame_sentences),
                len(per_article),
                low,
                high,
            )
        )
    table = pd.DataFrame(records, columns=SHARES_OVER_TIME_COLUMNS)
    table.attrs["note"] = (
        f"{_plural(periods, 'period')} ({freq}) with {min_articles}+ articles, "
        f"{_plural(int(articles_per_period.size), 'period')} in all"
    )
    return table


def outlet_ranking(
    summary_or_scores: pd.DataFrame,
    min_articles: int = 3,
    by: str = "group",
    min_outlets: int = 2,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Outlets (or any ``by`` groups) ranked by mean compound, small ones gathered into one row.

    Groups with fewer than ``min_articles`` articles are pooled into a last row
    "other (k outlets)", ranked NA. From scores (``by``, ``article_id``, ``compound``: the input of
    :func:`troopwatch.sentiment_by`) the pooled row gets its own mean and interval over its
    articles; from a :func:`troopwatch.sentiment_by` summary its mean is weighted by ``n`` and its
    interval is NaN (it cannot be rebuilt from a summary).

    The view needs ``min_outlets`` groups with ``min_articles`` articles; otherwise the table is
    empty. ``attrs["note"]`` says which, in one line.

    Columns: ``rank`` (1 = most positive), ``group, outlets`` (groups in the row), ``n`` (scores),
    ``n_articles, mean_compound, ci_low, ci_high`` (95%, resampling articles).

    >>> scores = pd.DataFrame({"group": list("aaabbbc"), "article_id": list("xyzuvwq"),
    ...                        "compound": [0.1, 0.2, 0.3, -0.1, -0.2, -0.3, 0.9]})
    >>> outlet_ranking(scores)[["rank", "group", "mean_compound"]].round(2).values.tolist()
    [[1, 'a', 0.2], [2, 'b', -0.2], [<NA>, 'other (1 outlet)', 0.9]]
    """
    from_scores = "compound" in summary_or_scores.columns
    if from_scores:
        sizes = summary_or_scores.groupby(by)["article_id"].nunique()
    else:
        sizes = summary_or_scores.set_index("group")["n_articles"]
    small = sorted((str(name) for name in sizes.index[sizes < min_articles]), key=str.casefold)
    kept = int((sizes >= min_articles).sum())
    if kept < min_outlets:
        return _empty(
            RANKING_COLUMNS,
            f"too few articles for a ranking: {_plural(kept, 'outlet')} with {min_articles}+ articles "
            f"({min_outlets} needed)",
        )
    other = f"other ({_plural(len(small), 'outlet')})"
    if from_scores:
        pooled = summary_or_scores.assign(
            group=summary_or_scores[by].map(str).where(~summary_or_scores[by].map(str).isin(small), other)
        )
        summary = sentiment_by(pooled, by="group", n_boot=n_boot, seed=seed)
    else:
        summary = summary_or_scores.assign(group=summary_or_scores["group"].map(str))
        rest = summary[summary["group"].isin(small)]
        summary = summary[~summary["group"].isin(small)]
        if len(rest):
            pooled_row = {
                "group": other,
                "n": int(rest["n"].sum()),
                "n_articles": int(rest["n_articles"].sum()),
                "mean_compound": float((rest["mean_compound"] * rest["n"]).sum() / rest["n"].sum()),
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
            summary = pd.concat([summary, pd.DataFrame([pooled_row])], ignore_index=True)
    named = summary[summary["group"] != other].sort_values(
        ["mean_compound", "group"], ascending=[False, True], kind="stable"
    )
    table = pd.concat([named, summary[summary["group"] == other]], ignore_index=True)
    table["outlets"] = np.where(table["group"] == other, len(small), 1)
    table["rank"] = pd.array(list(range(1, len(named) + 1)) + [pd.NA] * (len(table) - len(named)), dtype="Int64")
    table = table[RANKING_COLUMNS].astype({"n": "int64", "n_articles": "int64", "outlets": "int64"})
    table.attrs["note"] = f"{_plural(kept, 'outlet')} with {min_articles}+ articles" + (
        f"; {other} pooled" if small else ""
    )
    return table


@dataclass(frozen=True)
class TopRows:
    """The first rows of a long table and a one-line note of what was left out; shown as both."""

    rows: pd.DataFrame
    note: str

    def _repr_html_(self) -> str:
        """The rows as an HTML table, then the note (Jupyter's rich display)."""
        return f"{self.rows.to_html()}<p><em>{self.note}</em></p>"

    def __repr__(self) -> str:
        """The rows as text, then the note."""
        return f"{self.rows.to_string()}\n{self.note}"


def _active_exporter() -> _Exporter | None:
    """The exporter :func:`troopwatch.export_outputs` registered with the running kernel, if any."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the notebook environment
        return None
    shell = get_ipython()
    if shell is None:
        return None
    for callback in shell.events.callbacks.get("post_run_cell", []):
        if isinstance(callback, _Exporter):
            return callback
    return None


def top_rows(table: pd.DataFrame, n: int = 20, export_name: str | None = None) -> TopRows:
    """The first ``n`` rows of ``table`` for display, with a note of how many rows were left out.

    The result is not a DataFrame, so the exporter of :func:`troopwatch.export_outputs` does not
    write the shortened table; when an export folder is active, ``top_rows`` writes the whole
    table itself: as ``<export_name>.csv`` when given, else as the next ``table_NN.csv`` in the
    exporter's numbering. Outside a notebook, or without an export folder, nothing is written.

    >>> shown = top_rows(pd.DataFrame({"x": range(25)}), n=3)
    >>> len(shown.rows), shown.note
    (3, 'first 3 of 25 rows shown; 22 rows left out')
    """
    left_out = max(len(table) - n, 0)
    note = (
        f"first {n} of {len(table)} rows shown; {_plural(left_out, 'row')} left out"
        if left_out
        else f"all {_plural(len(table), 'row')} shown"
    )
    exporter = _active_exporter()
    if exporter is not None:
        if export_name:
            path = exporter.folder / f"{export_name}.csv"
        else:
            exporter.tables += 1
            path = exporter.folder / f"table_{exporter.tables:02d}.csv"
        table.to_csv(path)
        note += f" (whole table: {path.name})"
    return TopRows(table.head(n), note)
