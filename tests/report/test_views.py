"""The views that read well at any size: exact rows on small inputs, the "other" row, too-small data."""

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import troopwatch as tw
from troopwatch.report import views
from troopwatch.report.exports import _Exporter


def three_weeks() -> pd.DataFrame:
    """Buildup figures over three ISO weeks (Mondays 2021-04-05, -12, -19), two articles a week."""
    return pd.DataFrame({
        "article_id": ["a", "a", "b", "c", "d", "e", "f"],
        "outlet": ["X", "X", "Y", "X", "Y", "X", "Y"],
        "published": pd.to_datetime(["2021-04-05", "2021-04-05", "2021-04-11", "2021-04-12", "2021-04-18",
                                     "2021-04-19", "2021-04-25"]),
        "claim": ["buildup", "buildup", "buildup", "buildup", "buildup", "withdrawal", "withdrawal"],
        "value": [100.0, 200.0, 400.0, 1000.0, 3000.0, 10.0, np.nan],
        "low": [np.nan] * 6 + [30.0],
        "high": [np.nan] * 7,
    })


def articles_of(mentions: pd.DataFrame) -> pd.DataFrame:
    return mentions.drop_duplicates("article_id")[["article_id", "outlet", "published"]].assign(
        outlet_country=lambda frame: frame["outlet"].map({"X": "US", "Y": "UK"}))


def test_weekly_figures_gives_exact_medians_and_quartiles():
    table = tw.weekly_figures(three_weeks())
    assert list(table.columns) == views.WEEKLY_COLUMNS
    rows = table.assign(week=table["week"].dt.strftime("%Y-%m-%d")).values.tolist()
    assert rows == [
        ["2021-04-05", "all", "buildup", 3, 2, 200.0, 150.0, 300.0],
        ["2021-04-12", "all", "buildup", 2, 2, 2000.0, 1500.0, 2500.0],
        ["2021-04-19", "all", "withdrawal", 2, 2, 20.0, 15.0, 25.0],
    ]
    assert table.attrs["note"] == "3 weeks with 2+ articles reporting a figure, 3 weeks in all"


def test_weekly_figures_by_outlet_group_from_a_mapping_or_the_country_column():
    mentions = three_weeks()
    by_mapping = tw.weekly_figures(mentions, groups={"X": "left", "Y": "right"})
    first_week = by_mapping[by_mapping["week"] == pd.Timestamp("2021-04-05")]
    assert first_week[["group", "n_mentions", "median"]].values.tolist() == [
        ["all", 3, 200.0], ["left", 2, 150.0], ["right", 1, 400.0]]
    by_country = tw.weekly_figures(mentions, groups=articles_of(mentions))
    assert sorted(set(by_country["group"])) == ["UK", "US", "all"]


def test_weekly_figures_too_few_weeks_give_an_empty_table_and_no_figure():
    mentions = three_weeks()
    few = mentions[mentions["published"] < pd.Timestamp("2021-04-19")]
    table = tw.weekly_figures(few)
    assert table.empty and list(table.columns) == views.WEEKLY_COLUMNS
    assert table.attrs["note"] == "too few articles for a weekly view: 2 weeks with 2+ articles (3 needed)"
    assert tw.troop_figures_by_week(few, articles_of(few)) is None
    assert isinstance(tw.troop_figures_by_week(mentions, articles_of(mentions)), Figure)


def shares_in(weeks: list[str], articles_per_week: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One frame, every article 4 sentences of which 1 carries it, except the first article of each week (2)."""
    rows, articles = [], []
    for week, monday in enumerate(weeks):
        for nth in range(articles_per_week):
            article_id = f"w{week}a{nth}"
            articles.append((article_id, pd.Timestamp(monday) + pd.Timedelta(days=nth)))
            rows.append((article_id, "threat", 4, 2 if nth == 0 and articles_per_week > 1 else 1))
    shares = pd.DataFrame(rows, columns=["article_id", "frame", "sentences", "frame_sentences"])
    return shares, pd.DataFrame(articles, columns=["article_id", "published"]).assign(outlet="X")


def test_frame_shares_over_time_one_article_per_period_has_no_interval():
    shares, articles = shares_in(["2021-04-05", "2021-04-12", "2021-04-19"], 1)
    table = tw.frame_shares_over_time(shares, articles, min_articles=1)
    assert list(table.columns) == views.SHARES_OVER_TIME_COLUMNS
    assert table[["share", "sentences", "frame_sentences", "articles"]].values.tolist() == [[0.25, 4, 1, 1]] * 3
    assert table["ci_low"].isna().all() and table["ci_high"].isna().all()
    assert tw.interval_labels(table).tolist() == ["n too small"] * 3


def test_frame_shares_over_time_interval_resamples_articles():
    shares, articles = shares_in(["2021-04-05", "2021-04-12", "2021-04-19"], 2)
    table = tw.frame_shares_over_time(shares, articles)
    assert table["share"].tolist() == [0.375] * 3
    # two articles with shares 2/4 and 1/4: resamples give 1/4, 3/8 or 1/2
    assert table[["ci_low", "ci_high"]].values.tolist() == [[0.25, 0.5]] * 3
    assert table["period_start"].dt.strftime("%Y-%m-%d").tolist() == ["2021-04-05", "2021-04-12", "2021-04-19"]
    monthly = tw.frame_shares_over_time(shares, articles, freq="M", min_periods=1)
    assert monthly[["articles", "sentences", "frame_sentences"]].values.tolist() == [[6, 24, 9]]
    assert isinstance(tw.frame_shares_timeline(shares, articles), Figure)


def test_frame_shares_over_time_too_few_periods():
    shares, articles = shares_in(["2021-04-05", "2021-04-12", "2021-04-19"], 1)
    table = tw.frame_shares_over_time(shares, articles)
    assert table.empty and list(table.columns) == views.SHARES_OVER_TIME_COLUMNS
    assert table.attrs["note"] == "too few articles for a view over time: 0 periods (W) with 2+ articles (3 needed)"
    assert tw.frame_shares_timeline(shares, articles) is None


def outlet_scores() -> pd.DataFrame:
    """Outlets A (3 articles), B (3 articles), and C, D with one article each."""
    return pd.DataFrame({
        "group": ["A", "A", "A", "B", "B", "B", "C", "D", "D"],
        "article_id": ["a1", "a2", "a3", "b1", "b2", "b3", "c1", "d1", "d1"],
        "compound": [-0.2, -0.4, -0.6, 0.1, 0.2, 0.3, 0.5, 0.0, 1.0],
    })


def test_outlet_ranking_gathers_small_outlets_into_other():
    table = tw.outlet_ranking(outlet_scores())
    assert list(table.columns) == views.RANKING_COLUMNS
    assert table[["rank", "group", "outlets", "n", "n_articles"]].astype(object).values.tolist() == [
        [1, "B", 1, 3, 3], [2, "A", 1, 3, 3], [pd.NA, "other (2 outlets)", 2, 3, 2]]
    assert table["mean_compound"].round(6).tolist() == [0.2, -0.4, 0.5]
    other = table.iloc[2]
    # per article means 0.5 (c1) and 0.5 (d1): every resample gives 0.5
    assert (other["ci_low"], other["ci_high"]) == pytest.approx((0.5, 0.5))
    assert table.attrs["note"] == "2 outlets with 3+ articles; other (2 outlets) pooled"


def test_outlet_ranking_from_a_summary_pools_without_an_interval():
    table = tw.outlet_ranking(tw.sentiment_by(outlet_scores()))
    assert table["group"].tolist() == ["B", "A", "other (2 outlets)"]
    assert table["mean_compound"].round(6).tolist() == [0.2, -0.4, 0.5]
    assert math.isnan(table["ci_low"].iloc[2])


def test_outlet_ranking_too_few_outlets():
    scores = outlet_scores()
    small = scores[scores["group"] != "B"]
    table = tw.outlet_ranking(small)
    assert table.empty and list(table.columns) == views.RANKING_COLUMNS
    assert table.attrs["note"] == "too few articles for a ranking: 1 outlet with 3+ articles (2 needed)"
    assert tw.ranked_outlets(small, pd.DataFrame({"outlet": [], "published": []})) is None
    articles = pd.DataFrame({"outlet": scores["group"], "published": pd.Timestamp("2022-01-01")})
    assert isinstance(tw.ranked_outlets(scores, articles), Figure)


def test_top_rows_shows_the_head_and_says_what_was_left_out():
    table = pd.DataFrame({"x": range(25)})
    shown = tw.top_rows(table, n=20)
    assert shown.rows.equals(table.head(20))
    assert shown.note == "first 20 of 25 rows shown; 5 rows left out"
    assert repr(shown).endswith("\nfirst 20 of 25 rows shown; 5 rows left out")
    assert "5 rows left out" in shown._repr_html_()
    assert tw.top_rows(table.head(2)).note == "all 2 rows shown"


def test_top_rows_writes_the_whole_table_when_exporting(tmp_path, monkeypatch):
    exporter = _Exporter(tmp_path)
    exporter.tables = 2
    monkeypatch.setattr(views, "_active_exporter", lambda: exporter)
    table = pd.DataFrame({"x": range(25)})
    assert tw.top_rows(table, n=3).note.endswith("(whole table: table_03.csv)")
    assert len(pd.read_csv(tmp_path / "table_03.csv")) == 25
    tw.top_rows(table, n=3, export_name="mentions")
    assert len(pd.read_csv(tmp_path / "mentions.csv")) == 25 and exporter.tables == 3


def test_views_on_the_seed_corpus_say_they_are_too_small(seed_corpus):
    mentions = tw.troop_mentions(seed_corpus)
    assert tw.weekly_figures(mentions).attrs["note"].startswith("too few articles")
    assert tw.troop_figures_by_week(mentions, seed_corpus.articles) is None
