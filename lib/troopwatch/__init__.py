"""troopwatch: how the news reported Russia's troop build-ups at Ukraine's border.

The public names below are all a notebook needs; see DESIGN.md for the data flow.

Example:
    >>> import troopwatch as tw
    >>> tw.corpus_from_texts(["Over 100,000 troops massed."], outlet="Example").articles.n_words.tolist()
    [4]
"""

from importlib.metadata import version

# after the import, the name ``analyse`` is the function (not the troopwatch.analyse stage); dask is imported
# only when a scheduler is used
from troopwatch.analyse import Analysis, analyse
from troopwatch.corpus.cleaning import removal_summary, rules_table
from troopwatch.corpus.importing import ImportResult, import_articles
from troopwatch.corpus.load import Corpus, corpus_from_texts, load_corpus
from troopwatch.corpus.stories import dedupe, reprints
from troopwatch.errors import CodebookError, CorpusError, LexiconError, ParameterError, ResourceError, TroopwatchError
from troopwatch.extract.framing import (
    FRAME_KEYS,
    concordance,
    frame_evidence,
    frame_prevalence,
    frame_scores,
    frame_shares,
    keyness,
    keyness_by_group,
    load_codebook,
)
from troopwatch.extract.sources import anonymity_table, attributions, extract_attributions, quote_table
from troopwatch.extract.troops import CLAIMS, extract_troop_mentions, same_day_figures, select_mentions, troop_mentions
from troopwatch.measure.evaluation import (
    ATTRIBUTION_GOLD_COLUMNS,
    TROOP_GOLD_COLUMNS,
    accuracy_table,
    attribution_passage_scores,
    attribution_scores,
    evaluate_gold,
    read_gold,
    score,
    sentence_scores,
    troop_seed_scores,
)
from troopwatch.measure.sentiment import attach_groups, extremes, sentiment, sentiment_by, sentiment_units
from troopwatch.measure.uncertainty import interval_labels
from troopwatch.report.exports import export_outputs
from troopwatch.report.narrative import describe_articles, describe_outlet_sizes, describe_same_day, describe_suppliers
from troopwatch.report.plots import (
    article_timeline,
    frame_heatmap,
    frame_shares_timeline,
    outlet_markers,
    outlet_palette,
    ranked_outlets,
    sentiment_distribution,
    troop_figures_by_week,
    troop_numbers_over_time,
    validity_scatter,
)
from troopwatch.report.validation import validate_parameters
from troopwatch.report.views import TopRows, frame_shares_over_time, outlet_ranking, top_rows, weekly_figures

__version__ = version("troopwatch")

__all__ = [
    "ATTRIBUTION_GOLD_COLUMNS",
    "Analysis",
    "CLAIMS",
    "CodebookError",
    "Corpus",
    "CorpusError",
    "FRAME_KEYS",
    "ImportResult",
    "LexiconError",
    "ParameterError",
    "ResourceError",
    "TROOP_GOLD_COLUMNS",
    "TroopwatchError",
    "accuracy_table",
    "analyse",
    "anonymity_table",
    "article_timeline",
    "attach_groups",
    "attribution_passage_scores",
    "attribution_scores",
    "attributions",
    "concordance",
    "extract_attributions",
    "extract_troop_mentions",
    "export_outputs",
    "extremes",
    "frame_evidence",
    "frame_heatmap",
    "frame_prevalence",
    "frame_scores",
    "frame_shares",
    "import_articles",
    "interval_labels",
    "keyness",
    "keyness_by_group",
    "load_codebook",
    "corpus_from_texts",
    "dedupe",
    "reprints",
    "describe_articles",
    "describe_outlet_sizes",
    "describe_same_day",
    "describe_suppliers",
    "evaluate_gold",
    "load_corpus",
    "outlet_markers",
    "quote_table",
    "outlet_palette",
    "read_gold",
    "removal_summary",
    "rules_table",
    "same_day_figures",
    "score",
    "select_mentions",
    "sentiment",
    "sentiment_by",
    "sentiment_distribution",
    "sentiment_units",
    "sentence_scores",
    "troop_mentions",
    "troop_numbers_over_time",
    "troop_seed_scores",
    "validate_parameters",
    "validity_scatter",
    "TopRows",
    "frame_shares_over_time",
    "frame_shares_timeline",
    "outlet_ranking",
    "ranked_outlets",
    "top_rows",
    "troop_figures_by_week",
    "weekly_figures",
]
