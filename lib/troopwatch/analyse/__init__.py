"""Analysis: the per-sentence analyses of a whole corpus, cached per article, run in parallel.

The fourth stage: may import troopwatch.corpus, troopwatch.extract, troopwatch.measure and the
foundation; troopwatch.report imports it. :func:`analyse` runs ``troop_mentions``,
``attributions``, ``frame_scores`` and ``sentiment`` (VADER) once per article and reuses the
results (see :mod:`troopwatch.analyse.cache` for the cache and its keys,
:mod:`troopwatch.analyse.run` for the in-process, process-pool and Dask routes). Beside it in the
cache, :mod:`troopwatch.analyse.scores` keeps sentence sentiment by other instruments (per article)
and :mod:`troopwatch.analyse.stored` the tables no report parameter changes (the accuracy tables).

Example:
    >>> from troopwatch.analyse import Analysis, analyse
    >>> sorted(Analysis.__dataclass_fields__)
    ['analysed', 'attributions', 'frame_hits', 'sentiment', 'troop_mentions']
"""

from troopwatch.analyse.run import Analysis, analyse

__all__ = ["Analysis", "analyse"]
