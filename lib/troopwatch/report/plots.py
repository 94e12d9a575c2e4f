"""The house style for figures: one colour per outlet, titles, units and a source note.

Figures are built on :class:`matplotlib.figure.Figure` directly, not through
pyplot, so a notebook shows each figure once and no global state is kept.

Example:
    >>> palette = outlet_palette(["Scroll.in", "Fox News", "newscubby.com"])
    >>> list(palette)
    ['Fox News', 'newscubby.com', 'Scroll.in']
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.ticker import FuncFormatter

from troopwatch.corpus.load import Corpus
from troopwatch.corpus.timeline import key_events
from troopwatch.measure.uncertainty import NO_INTERVAL
from troopwatch.report.views import ALL, frame_shares_over_time, outlet_ranking, week_start, weekly_figures

#: Colour-blind-safe colours (Okabe & Ito), assigned to outlets in alphabetical order.
OUTLET_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000"]


def outlet_palette(outlets: Iterable[str]) -> dict[str, str]:
    """Map each outlet to a colour, alphabetically, so the same corpus gives the same colours.

    Pass the outlets of the whole corpus (before any selection) so that every
    notebook and every parameter set colours an outlet the same way.
    """
    names = sorted(set(outlets), key=str.casefold)
    return {name: OUTLET_COLOURS[position % len(OUTLET_COLOURS)] for position, name in enumerate(names)}


def source_note(articles: pd.DataFrame) -> str:
    """One line naming the corpus behind a figure: articles, outlets and date range.

    >>> source_note(pd.DataFrame({"outlet": ["A", "B"],
    ...                           "published": pd.to_datetime(["2021-04-22", "2022-02-15"])}))
    'Source: troopwatch corpus, 2 articles from 2 outlets, published 2021-04-22 to 2022-02-15.'
    """
    dates = articles["published"].dropna()
    n, outlets = len(articles), articles["outlet"].nunique()
    span = f", published {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}" if len(dates) else ""
    return f"Source: troopwatch corpus, {n} article{'s' * (n != 1)} from {outlets} outlet{'s' * (outlets != 1)}{span}."


def new_figure(title: str, note: str, width: float = 9.0, height: float = 3.6, panels: int = 1) -> Figure:
    """An empty figure in the house style: a title, ``panels`` axes side by side and a source note."""
    figure = Figure(figsize=(width, height), layout="constrained")
    figure.suptitle(title, fontsize=12, fontweight="bold", x=0.01, horizontalalignment="left")
    figure.text(0.01, 0.0, note, fontsize=8, color="#555555", horizontalalignment="left", verticalalignment="bottom")
    engine = figure.get_layout_engine()
    assert isinstance(engine, ConstrainedLayoutEngine)  # layout="constrained" above
    engine.set(h_pad=0.15)
    for position in range(1, panels + 1):
        figure.add_subplot(1, panels, position)
    return figure


def mark_events(axes: Axes) -> None:
    """Draw the announced withdrawals as labelled dotted lines on a date axis (labels staggered)."""
    for position, event in enumerate(key_events().itertuples()):
        axes.axvline(event.date, color="#999999", linestyle=":", linewidth=1, zorder=1)
        axes.annotate(
            event.label,
            (event.date, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(0, 3 + 10 * (position % 2)),
            textcoords="offset points",
            fontsize=7,
            color="#555555",
            horizontalalignment="center",
            verticalalignment="bottom",
        )


def format_date_axis(axes: Axes, dates: pd.Series) -> None:
    """Month ticks, padded a month either side of ``dates`` and of the key events."""
    every = pd.concat([dates.dropna(), key_events()["date"]])
    axes.set_xlim(every.min() - pd.Timedelta(days=30), every.max() + pd.Timedelta(days=30))
    locator = mdates.AutoDateLocator(maxticks=8)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def article_timeline(articles: pd.DataFrame, palette: dict[str, str]) -> Figure:
    """When each outlet published: one row per outlet, one dot per article, labelled with its words.

    ``articles`` needs the columns ``outlet``, ``published`` and ``n_words``.
    """
    figure = new_figure("When the articles were published, by outlet", source_note(articles))
    axes = figure.axes[0]
    outlets = sorted(articles["outlet"].unique(), key=str.casefold, reverse=True)
    for row, outlet in enumerate(outlets):
        mine = articles[articles["outlet"] == outlet]
        axes.scatter(mine["published"], [row] * len(mine), s=60, color=palette[outlet], zorder=3)
        for published, words in zip(mine["published"], mine["n_words"], strict=True):
            axes.annotate(
                f"{words} words",
                (published, row),
                xytext=(6, 6),
                textcoords="offset points",
                fontsize=7,
                color="#333333",
            )
    axes.set_yticks(range(len(outlets)), outlets)
    axes.set_ylim(-0.7, len(outlets) - 0.3)
    axes.set_xlabel("publication date")
    format_date_axis(axes, articles["published"])
    mark_events(axes)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


#: One colour per claim, the same in every notebook.
CLAIM_COLOURS = {
    "buildup": "#D55E00",
    "withdrawal": "#0072B2",
    "exercise": "#009E73",
    "projection": "#CC79A7",
    "other": "#777777",
}
OUTLET_MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]


def outlet_markers(outlets: Iterable[str]) -> dict[str, str]:
    """Map each outlet to a marker, alphabetically (pass the whole corpus's outlets)."""
    names = sorted(set(outlets), key=str.casefold)
    return {name: OUTLET_MARKERS[position % len(OUTLET_MARKERS)] for position, name in enumerate(names)}


def troop_numbers_over_time(mentions: pd.DataFrame, articles: pd.DataFrame, markers: dict[str, str]) -> Figure:
    """Reported troop numbers by publication date: the value with its low-high interval.

    Colour is the claim, marker the outlet. A closed interval is a vertical bar;
    an interval open upwards (*more than*) or downwards (*up to*) is an arrow;
    ranges and vague mentions are drawn at the middle of their bounds. Mentions
    on the same day are spread a little sideways so none hides another.
    ``mentions`` is a :func:`troopwatch.troop_mentions` frame, ``articles`` the
    articles it comes from (for the source note).
    """
    figure = new_figure("Reported troop numbers, by publication date", source_note(articles), height=4.6)
    axes = figure.axes[0]
    rows = mentions.sort_values(["published", "outlet", "start"]).reset_index(drop=True)
    rows["nth"] = rows.groupby("published").cumcount()
    rows["of"] = rows.groupby("published")["published"].transform("size")
    shown = rows["value"].fillna((rows["low"] + rows["high"]) / 2)
    top = pd.concat([rows["high"], shown]).max()
    for row, y in zip(rows.itertuples(), shown, strict=True):
        x = row.published + pd.Timedelta(days=5) * (row.nth - (row.of - 1) / 2)
        colour = CLAIM_COLOURS[row.claim]
        if row.low == row.low and row.high == row.high and row.low != row.high:
            axes.vlines(x, row.low, row.high, color=colour, linewidth=2, alpha=0.6)
        elif row.low == row.low and row.high != row.high:
            axes.annotate("", (x, y + 0.12 * top), (x, y), arrowprops={"arrowstyle": "->", "color": colour})
        elif row.high == row.high and row.low != row.low:
            axes.annotate("", (x, y - 0.12 * top), (x, y), arrowprops={"arrowstyle": "->", "color": colour})
        axes.scatter([x], [y], color=colour, marker=markers[row.outlet], s=55, zorder=3, edgecolor="white")
    axes.set_ylim(0, top * 1.2 if top == top else 1)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.set_ylabel("troops reported (people)")
    axes.set_xlabel("publication date")
    format_date_axis(axes, rows["published"])
    mark_events(axes)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    claim_handles = [
        axes.scatter([], [], color=colour, marker="o", label=claim)
        for claim, colour in CLAIM_COLOURS.items()
        if claim in set(rows["claim"])
    ]
    outlet_handles = [
        axes.scatter([], [], color="#444444", marker=markers[outlet], label=outlet)
        for outlet in sorted(set(rows["outlet"]), key=str.casefold)
    ]
    legend = axes.legend(
        handles=claim_handles,
        title="claim",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        title_fontsize=8,
        frameon=False,
        alignment="left",
    )
    axes.add_artist(legend)
    axes.legend(
        handles=outlet_handles,
        title="outlet",
        loc="lower left",
        bbox_to_anchor=(1.01, 0.0),
        fontsize=7,
        title_fontsize=8,
        frameon=False,
        alignment="left",
    )
    return figure


def frame_heatmap(prevalence: pd.DataFrame, by: str, frames: list[str], articles: pd.DataFrame) -> Figure:
    """Share of sentences carrying each frame, per ``by`` group (rows) and frame (columns).

    ``prevalence`` is a :func:`troopwatch.frame_prevalence` frame. Each cell shows the
    percentage and the number of sentences behind it; each row label gives n.
    """
    table = prevalence.pivot(index=by, columns="frame", values="share").reindex(columns=frames)
    counts = prevalence.pivot(index=by, columns="frame", values="frame_sentences").reindex(columns=frames)
    sizes = prevalence.groupby(by)[["sentences", "articles"]].first()
    order = sorted(table.index, key=str.casefold)
    table, counts, sizes = table.loc[order], counts.loc[order], sizes.loc[order]
    figure = new_figure(
        f"Share of sentences carrying each frame, by {by}", source_note(articles), height=1.4 + 0.5 * len(table)
    )
    axes = figure.axes[0]
    image = axes.imshow(
        table.to_numpy(dtype=float), cmap="Oranges", vmin=0, vmax=max(0.5, float(table.max().max())), aspect="auto"
    )
    for row in range(table.shape[0]):
        for column in range(table.shape[1]):
            share, count = table.iat[row, column], counts.iat[row, column]
            axes.text(
                column,
                row,
                f"{share:.0%}\n({count})",
                ha="center",
                va="center",
                fontsize=7,
                color="white" if share > 0.35 else "#222222",
            )
    axes.set_xticks(range(len(frames)), [frame.replace("_", " ") for frame in frames], rotation=20, ha="right")
    axes.set_yticks(
        range(len(table)),
        [
            f"{name} (n={sizes.loc[name, 'sentences']} sentences, {sizes.loc[name, 'articles']} art.)"
            for name in table.index
        ],
    )
    colourbar = figure.colorbar(image, ax=axes, fraction=0.03)
    colourbar.set_label("share of sentences")
    colourbar.formatter = FuncFormatter(lambda value, _: f"{value:.0%}")
    return figure


def sentiment_distribution(
    scored: pd.DataFrame,
    summary: pd.DataFrame,
    articles: pd.DataFrame,
    palette: dict[str, str] | None = None,
    title: str = "",
) -> Figure:
    """Compound scores per group: a box and every score as a dot, with n and the bootstrap 95% interval over articles.

    ``scored`` has ``group`` and ``compound``; ``summary`` is :func:`troopwatch.sentiment_by` of it.
    Dots take the outlet colour when the groups are outlets and ``palette`` is given.
    """
    groups = summary["group"].tolist()
    figure = new_figure(
        title or "Sentiment (VADER compound) by group", source_note(articles), height=1.6 + 0.45 * len(groups)
    )
    axes = figure.axes[0]
    data = [scored.loc[scored["group"] == group, "compound"].to_numpy() for group in groups]
    axes.boxplot(
        data,
        vert=False,
        widths=0.5,
        showfliers=False,
        medianprops={"color": "#333333"},
        boxprops={"color": "#999999"},
        whiskerprops={"color": "#999999"},
        capprops={"color": "#999999"},
    )
    for position, (group, values) in enumerate(zip(groups, data, strict=True), start=1):
        offsets = ((pd.Series(range(len(values))) % 7) - 3) * 0.04
        colour = (palette or {}).get(group, "#0072B2")
        axes.scatter(values, position + offsets.to_numpy(), s=14, color=colour, alpha=0.7, zorder=3)
    for position, row in enumerate(summary.itertuples(), start=1):
        axes.plot([row.ci_low, row.ci_high], [position + 0.33] * 2, color="#D55E00", linewidth=2.5)
        axes.plot([row.mean_compound], [position + 0.33], marker="|", color="#D55E00", markersize=10)
    axes.set_yticks(
        range(1, len(groups) + 1), [f"{row.group} (n={row.n}, {row.n_articles} art.)" for row in summary.itertuples()]
    )
    axes.axvline(0, color="#bbbbbb", linewidth=1, zorder=0)
    axes.set_xlim(-1.05, 1.05)
    axes.set_xlabel(
        "compound score (-1 most negative, +1 most positive); orange: mean with a 95% interval "
        "resampling articles (none under two articles)"
    )
    axes.invert_yaxis()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure


def validity_scatter(predictions: pd.DataFrame, report: pd.DataFrame) -> Figure:
    """Predicted against human mean rating on the NYT sentences, one panel per method.

    ``predictions`` has ``human_mean, vader, calibrated, split`` (``troopwatch.measure.calibration``'s
    predictions: dev out-of-fold, test by the final model); ``report`` is its validity report
    (``instrument, split, n_sentences, pearson_r``). Dev points are blue, test points orange,
    and each panel's title gives r on both splits.
    """
    n = len(predictions)
    figure = new_figure(
        f"Sentiment against human ratings, {n:,} NYT editorial sentences",
        "Source: Hutto & Gilbert (2014), 20 raters per sentence. Calibrated: dev out of fold "
        "(grouped nested CV), test by the final model.",
        height=4.0,
        panels=2,
    )
    names = {
        "vader": ("plain NLTK VADER", "plain NLTK VADER (compound × 4)"),
        "calibrated": ("calibrated model", "calibrated model"),
    }
    scores = report.set_index(["instrument", "split"])["pearson_r"]
    colours = {"dev": "#0072B2", "test": "#D55E00"}
    for axes, method in zip(figure.axes, ("vader", "calibrated"), strict=True):
        instrument, label = names[method]
        for split, part in predictions.groupby("split", sort=True):
            axes.scatter(
                part["human_mean"],
                part[method],
                s=4,
                alpha=0.25,
                color=colours.get(split, "#555555"),
                label=f"{split} (n={len(part):,})",
            )
        axes.plot([-4, 4], [-4, 4], color="#999999", linewidth=1, linestyle=":")
        rs = ", ".join(
            f"{split} r = {scores[(instrument, split)]:.2f}"
            for split in ("dev", "test")
            if (instrument, split) in scores.index
        )
        axes.set_title(f"{label}: {rs}", fontsize=10)
        axes.set_xlabel("human mean rating (-4 to 4)")
        axes.set_ylabel("predicted rating (-4 to 4)")
        axes.set_xlim(-4, 4)
        axes.set_ylim(-4, 4)
        axes.legend(loc="upper left", fontsize=8, markerscale=3, frameon=False)
    return figure


def _plain(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def troop_figures_by_week(
    mentions: pd.DataFrame, articles: pd.DataFrame, min_weeks: int = 3, min_articles: int = 2
) -> Figure | None:
    """Weekly median troop figure per claim with its interquartile band, every mention a faint point.

    The lower panel gives the articles behind each week. Built from
    :func:`troopwatch.weekly_figures` (group "all"); None when that table is empty (too few
    articles: print its ``attrs["note"]`` instead). ``articles`` is for the source note.
    """
    table = weekly_figures(mentions, min_weeks=min_weeks, min_articles=min_articles)
    if table.empty:
        return None
    table = table[table["group"] == ALL]
    figure = new_figure(
        "Reported troop numbers, weekly median and interquartile range", source_note(articles), 9, 5.2, 0
    )
    axes, counts = figure.subplots(2, 1, sharex=True, height_ratios=[4, 1])
    shown = mentions.assign(figure=mentions["value"].fillna(mentions["low"])).dropna(subset=["figure", "published"])
    for claim, part in table.groupby("claim", sort=False):
        colour = CLAIM_COLOURS.get(str(claim), "#777777")
        points = shown[shown["claim"] == claim]
        axes.scatter(points["published"], points["figure"], s=8, color=colour, alpha=0.25, linewidth=0)
        axes.fill_between(part["week"], part["q25"], part["q75"], color=colour, alpha=0.2, linewidth=0)
        axes.plot(part["week"], part["median"], color=colour, marker="o", markersize=3, label=str(claim))
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:,.0f}")
    axes.set_ylabel("troops reported (people)")
    axes.legend(title="claim: median, IQR band", fontsize=7, title_fontsize=8, frameon=False, loc="upper left")
    weekly = shown.assign(week=week_start(shown["published"])).groupby("week")["article_id"].nunique()
    counts.bar(weekly.index, weekly.to_numpy(), width=5, color="#999999")
    counts.set_ylabel("articles\nper week")
    counts.set_xlabel("week of publication (ISO week, starting Monday)")
    format_date_axis(counts, shown["published"])
    mark_events(axes)
    _plain(axes)
    _plain(counts)
    return figure


def frame_shares_timeline(
    shares: pd.DataFrame,
    corpus: Corpus | pd.DataFrame,
    freq: str = "W",
    min_periods: int = 3,
    min_articles: int = 2,
) -> Figure | None:
    """Share of sentences carrying each frame per period: one line per frame, its 95% interval shaded.

    Built from :func:`troopwatch.frame_shares_over_time`; None when that table is empty (print its
    ``attrs["note"]`` instead). Intervals resample articles; a one-article period has none.
    """
    table = frame_shares_over_time(shares, corpus, freq, min_periods=min_periods, min_articles=min_articles)
    if table.empty:
        return None
    articles = corpus.articles if isinstance(corpus, Corpus) else corpus
    figure = new_figure(f"Share of sentences carrying each frame, per period ({freq})", source_note(articles), 9, 4.4)
    axes = figure.axes[0]
    for position, (frame, part) in enumerate(table.groupby("frame", sort=False)):
        colour = OUTLET_COLOURS[position % len(OUTLET_COLOURS)]
        axes.fill_between(part["period_start"], part["ci_low"], part["ci_high"], color=colour, alpha=0.15, linewidth=0)
        axes.plot(
            part["period_start"],
            part["share"],
            color=colour,
            marker="o",
            markersize=3,
            label=str(frame).replace("_", " "),
        )
    axes.set_ylim(bottom=0)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0%}"))
    axes.set_ylabel("share of sentences")
    axes.set_xlabel("start of period; bands: 95% interval resampling articles")
    format_date_axis(axes, table["period_start"])
    mark_events(axes)
    axes.legend(title="frame", fontsize=7, title_fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    _plain(axes)
    return figure


def ranked_outlets(
    summary_or_scores: pd.DataFrame,
    articles: pd.DataFrame,
    min_articles: int = 3,
    palette: dict[str, str] | None = None,
    title: str = "",
) -> Figure | None:
    """Outlets ranked by mean compound: a dot and its 95% interval per outlet, small outlets pooled.

    Built from :func:`troopwatch.outlet_ranking`; None when that table is empty (print its
    ``attrs["note"]`` instead). Dots take the outlet colour when ``palette`` is given.
    """
    table = outlet_ranking(summary_or_scores, min_articles=min_articles)
    if table.empty:
        return None
    figure = new_figure(
        title or "Outlets ranked by mean sentiment (VADER compound)",
        source_note(articles),
        height=1.4 + 0.3 * len(table),
    )
    axes = figure.axes[0]
    for position, row in enumerate(table.itertuples()):
        colour = (palette or {}).get(str(row.group), "#555555")
        axes.plot([row.ci_low, row.ci_high], [position] * 2, color=colour, linewidth=2)
        axes.plot([row.mean_compound], [position], marker="o", color=colour, markersize=6)
        if row.ci_low != row.ci_low:
            axes.annotate(
                NO_INTERVAL,
                (row.mean_compound, position),
                xytext=(6, -3),
                textcoords="offset points",
                fontsize=7,
                color="#555555",
            )
    axes.set_yticks(
        range(len(table)),
        [f"{row.group} (n={row.n}, {row.n_articles} art.)" for row in table.itertuples()],
        fontsize=8,
    )
    axes.invert_yaxis()
    axes.axvline(0, color="#bbbbbb", linewidth=1, zorder=0)
    axes.set_xlabel("mean compound score (-1 most negative, +1 most positive), with a 95% interval resampling articles")
    _plain(axes)
    return figure
