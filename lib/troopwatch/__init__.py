"""troopwatch: how the news reported Russia's troop build-ups at Ukraine's border.

The public names below are all a notebook needs; see DESIGN.md for the data flow.

Example:
    >>> import troopwatch as tw
    >>> tw.corpus_from_texts(["Over 100,000 troops massed."], outlet="Example").articles.n_words.tolist()
    [4]
"""

from __future__ import annotations

import importlib
import sys
import types
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from troopwatch.errors import CodebookError, CorpusError, LexiconError, ParameterError, ResourceError, TroopwatchError

if TYPE_CHECKING:  # the names' types for type checkers and editors; at run time each is imported on first use
    from troopwatch.analyse import Analysis, analyse
    from troopwatch.analyse.scores import sentence_sentiment
    from troopwatch.analyse.stored import accuracy_table
    from troopwatch.corpus.cleaning import removal_summary, rules_table
    from troopwatch.corpus.importing import ImportResult, import_articles
    from troopwatch.corpus.load import Corpus, corpus_from_texts, load_corpus
    from troopwatch.corpus.stories import dedupe, reprints
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
    from troopwatch.extract.troops import (
        CLAIMS,
        extract_troop_mentions,
        same_day_figures,
        select_mentions,
        troop_mentions,
    )
    from troopwatch.measure.evaluation import (
        ATTRIBUTION_GOLD_COLUMNS,
        TROOP_GOLD_COLUMNS,
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
    from troopwatch.report.narrative import (
        describe_articles,
        describe_outlet_sizes,
        describe_same_day,
        describe_suppliers,
    )
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


# Every other public name is imported from its module on first use (PEP 562), so that ``import
# troopwatch`` does not import NLTK, pandas, scikit-learn, scipy, matplotlib or pyarrow.
_SOURCES = {
    "troopwatch.analyse": ("Analysis", "analyse"),
    "troopwatch.analyse.scores": ("sentence_sentiment",),
    "troopwatch.analyse.stored": ("accuracy_table",),
    "troopwatch.corpus.cleaning": ("removal_summary", "rules_table"),
    "troopwatch.corpus.importing": ("ImportResult", "import_articles"),
    "troopwatch.corpus.load": ("Corpus", "corpus_from_texts", "load_corpus"),
    "troopwatch.corpus.stories": ("dedupe", "reprints"),
    "troopwatch.extract.framing": (
        "FRAME_KEYS",
        "concordance",
        "frame_evidence",
        "frame_prevalence",
        "frame_scores",
        "frame_shares",
        "keyness",
        "keyness_by_group",
        "load_codebook",
    ),
    "troopwatch.extract.sources": ("anonymity_table", "attributions", "extract_attributions", "quote_table"),
    "troopwatch.extract.troops": (
        "CLAIMS",
        "extract_troop_mentions",
        "same_day_figures",
        "select_mentions",
        "troop_mentions",
    ),
    "troopwatch.measure.evaluation": (
        "ATTRIBUTION_GOLD_COLUMNS",
        "TROOP_GOLD_COLUMNS",
        "attribution_passage_scores",
        "attribution_scores",
        "evaluate_gold",
        "read_gold",
        "score",
        "sentence_scores",
        "troop_seed_scores",
    ),
    "troopwatch.measure.sentiment": ("attach_groups", "extremes", "sentiment", "sentiment_by", "sentiment_units"),
    "troopwatch.measure.uncertainty": ("interval_labels",),
    "troopwatch.report.exports": ("export_outputs",),
    "troopwatch.report.narrative": (
        "describe_articles",
        "describe_outlet_sizes",
        "describe_same_day",
        "describe_suppliers",
    ),
    "troopwatch.report.plots": (
        "article_timeline",
        "frame_heatmap",
        "frame_shares_timeline",
        "outlet_markers",
        "outlet_palette",
        "ranked_outlets",
        "sentiment_distribution",
        "troop_figures_by_week",
        "troop_numbers_over_time",
        "validity_scatter",
    ),
    "troopwatch.report.validation": ("validate_parameters",),
    "troopwatch.report.views": ("TopRows", "frame_shares_over_time", "outlet_ranking", "top_rows", "weekly_figures"),
}
_LAZY = {name: module for module, names in _SOURCES.items() for name in names}
#: The subpackages and foundation modules, also attributes of the package (imported on first use).
_SUBMODULES = ("corpus", "errors", "extract", "files", "measure", "params", "report")


class _Package(types.ModuleType):
    """The package's module type: the name ``analyse`` is the function, never the troopwatch.analyse stage.

    Importing a submodule binds it as an attribute of its package; for ``troopwatch.analyse`` that
    would hide the function, so that binding is dropped (``sys.modules`` still holds the stage).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name == "analyse" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """Import a public name's module on first access and keep the name (PEP 562)."""
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """The public names, the submodules and the module's own attributes, as if all were imported."""
    own = {name for name in globals() if name.startswith("__") and name not in ("__getattr__", "__dir__")}
    return sorted(own | set(__all__) | set(_SUBMODULES) | {"version"})


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
    "TopRows",
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
    "corpus_from_texts",
    "dedupe",
    "describe_articles",
    "describe_outlet_sizes",
    "describe_same_day",
    "describe_suppliers",
    "evaluate_gold",
    "export_outputs",
    "extract_attributions",
    "extract_troop_mentions",
    "extremes",
    "frame_evidence",
    "frame_heatmap",
    "frame_prevalence",
    "frame_scores",
    "frame_shares",
    "frame_shares_over_time",
    "frame_shares_timeline",
    "import_articles",
    "interval_labels",
    "keyness",
    "keyness_by_group",
    "load_codebook",
    "load_corpus",
    "outlet_markers",
    "outlet_palette",
    "outlet_ranking",
    "quote_table",
    "ranked_outlets",
    "read_gold",
    "removal_summary",
    "reprints",
    "rules_table",
    "same_day_figures",
    "score",
    "select_mentions",
    "sentence_scores",
    "sentence_sentiment",
    "sentiment",
    "sentiment_by",
    "sentiment_distribution",
    "sentiment_units",
    "top_rows",
    "troop_figures_by_week",
    "troop_mentions",
    "troop_numbers_over_time",
    "troop_seed_scores",
    "validate_parameters",
    "validity_scatter",
    "weekly_figures",
]
