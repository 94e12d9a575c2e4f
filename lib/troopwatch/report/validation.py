"""One call that checks every notebook parameter before any work is done.

Each notebook's first code cell passes its parameters to
:func:`validate_parameters`, which checks each known parameter by its rule and
returns the whole corpus and the selection. A bad value stops the notebook with
one line naming the parameter and the valid values.

Example:
    >>> validate_parameters(corpus_dir="corpus", unit="word")
    Traceback (most recent call last):
    ...
    troopwatch.errors.ParameterError: unit='word' is not valid; choose one of 'sentence', 'paragraph', 'article'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from troopwatch.errors import ParameterError
from troopwatch.params import check_choice, check_choices, check_number, check_terms

if TYPE_CHECKING:  # the corpus and analysis modules are imported when parameters are checked
    from troopwatch.corpus.load import Corpus

#: Parameters whose value is one of a fixed set of choices (see :func:`_choices`).
_CHOICE_PARAMETERS = ("unit", "method", "group_by", "compare_by")
_SELECTION = ("outlets", "start_date", "end_date", "dedupe")
KNOWN = (
    "corpus_dir",
    *_SELECTION,
    "claims",
    "min_value",
    "codebook",
    "focus_terms",
    "lexicon_overrides",
    "export_dir",
    *_CHOICE_PARAMETERS,
)


def _choices() -> dict[str, tuple[str, ...]]:
    """The valid values of each of :data:`_CHOICE_PARAMETERS`."""
    from troopwatch.extract.framing import GROUPINGS as COMPARISONS
    from troopwatch.measure.sentiment import GROUPINGS, METHODS, UNITS

    return dict(zip(_CHOICE_PARAMETERS, (UNITS, METHODS, GROUPINGS, COMPARISONS), strict=True))


def validate_parameters(corpus_dir: str = "corpus", **parameters: object) -> tuple[Corpus, Corpus]:
    """Check every parameter; return ``(full_corpus, selected_corpus)``.

    Choices (``unit``, ``method``, ``group_by``, ``compare_by``, ``claims``) must
    be valid; ``min_value`` a number of at least 0; ``codebook`` and
    ``lexicon_overrides`` empty or a readable, well-formed file; ``focus_terms``
    non-empty words; and the selection by ``outlets``, ``start_date`` and
    ``end_date`` must leave at least one article.
    """
    from troopwatch.corpus.load import load_corpus
    from troopwatch.extract.framing import load_codebook
    from troopwatch.extract.troops import CLAIMS
    from troopwatch.measure.sentiment import read_lexicon_overrides

    unknown = sorted(set(parameters) - set(KNOWN))
    if unknown:
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; the parameters are {', '.join(KNOWN)}")
    for name, valid in _choices().items():
        if name in parameters:
            check_choice(name, parameters[name], valid)
    if parameters.get("group_by", "outlet") != "outlet" and parameters.get("unit", "sentence") != "sentence":
        raise ParameterError(
            f"group_by={parameters['group_by']!r} needs unit='sentence': speaker groups and "
            "frames belong to sentences, not whole paragraphs or articles"
        )
    if "claims" in parameters:
        check_choices("claims", parameters["claims"], CLAIMS)
    if "min_value" in parameters:
        check_number("min_value", parameters["min_value"])
    if "focus_terms" in parameters:
        check_terms("focus_terms", parameters["focus_terms"])
    # A codebook or lexicon of another type than a path fails inside the reader, as it always did.
    if parameters.get("codebook"):
        load_codebook(cast("str | Path", parameters["codebook"]))
    if parameters.get("lexicon_overrides"):
        read_lexicon_overrides(cast("str | Path", parameters["lexicon_overrides"]))
    full_corpus = load_corpus(corpus_dir)
    selection = {name: parameters[name] for name in _SELECTION if name in parameters}
    return full_corpus, full_corpus.select(**selection)
