"""troopwatch: how the news reported Russia's troop build-ups at Ukraine's border.

The public names below are all a notebook needs; see DESIGN.md for the data flow.

Example:
    >>> import troopwatch as tw
    >>> tw.corpus_from_texts(["Over 100,000 troops massed."], outlet="Example").articles.n_words.tolist()
    [4]
"""

from importlib.metadata import version

from troopwatch.cleaning import removal_summary, rules_table
from troopwatch.corpus import Corpus, corpus_from_texts, load_corpus
from troopwatch.errors import CorpusError, ParameterError, ResourceError, TroopwatchError
from troopwatch.plots import article_timeline, outlet_palette

__version__ = version("troopwatch")

__all__ = [
    "Corpus",
    "CorpusError",
    "ParameterError",
    "ResourceError",
    "TroopwatchError",
    "article_timeline",
    "corpus_from_texts",
    "load_corpus",
    "outlet_palette",
    "removal_summary",
    "rules_table",
]
