"""Bootstrap intervals that resample clusters: articles, editorials, gold cases.

Sentences of one article share its outlet, author and topic, so they are not
independent draws; neither are the mentions of one gold sentence. An honest
interval therefore resamples whole clusters. :func:`cluster_bootstrap` takes one
row per cluster holding additive totals (sums of scores, counts of hits), draws
clusters with replacement, adds the totals up and applies ``statistic`` to the
sums of every replicate at once. Ratios of sums (a mean over sentences, a
precision over mentions) are then weighted by cluster size, as they should be.

Fewer than two clusters give no interval (NaN, shown as "n too small"), never
a zero-width one. A replicate whose statistic is undefined (no predictions in
the resample, say) is left out of the percentiles; ``scipy.stats.bootstrap``
turns such replicates into a warning and a NaN interval instead, which small
evaluation sets would hit.

Example:
    >>> totals = np.array([[1.0, 2], [0.0, 1], [3.0, 3], [1.0, 2]])  # per article: sum, count
    >>> low, high = cluster_bootstrap(totals, lambda sums: sums[:, 0] / sums[:, 1])
    >>> bool(low < 5 / 8 < high)
    True
    >>> cluster_bootstrap(totals[:1], lambda sums: sums[:, 0] / sums[:, 1])
    (nan, nan)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

#: Replicates per interval; with a fixed seed the interval is the same on every machine.
N_RESAMPLES = 2000
LEVEL = 0.95
#: How a missing interval reads in a table.
NO_INTERVAL = "n too small"


def cluster_bootstrap(
    totals: np.ndarray,
    statistic: Callable[[np.ndarray], np.ndarray],
    n_resamples: int = N_RESAMPLES,
    seed: int = 0,
    level: float = LEVEL,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic`` over clusters.

    Args:
        totals: one row per cluster, one column per additive total.
        statistic: maps an array of summed totals, shape ``(replicates, columns)``,
            to one value per replicate (NaN where undefined).
        n_resamples: number of bootstrap replicates.
        seed: seed of numpy's PCG64 generator, identical on every platform.
        level: coverage of the interval.

    Returns:
        ``(low, high)``; ``(nan, nan)`` for fewer than two clusters.
    """
    totals = np.asarray(totals, dtype="float64")
    if totals.ndim == 1:
        totals = totals[:, None]
    if len(totals) < 2:
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(totals), size=(n_resamples, len(totals)))
    with np.errstate(divide="ignore", invalid="ignore"):
        replicates = np.asarray(statistic(totals[draws].sum(axis=1)), dtype="float64")
    replicates = replicates[~np.isnan(replicates)]
    if not len(replicates):
        return float("nan"), float("nan")
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(replicates, [tail, 100 - tail])
    return float(low), float(high)


def ratio(numerator: int, denominator: int) -> Callable[[np.ndarray], np.ndarray]:
    """A statistic for :func:`cluster_bootstrap`: column ``numerator`` over column ``denominator``.

    >>> ratio(0, 1)(np.array([[1.0, 4.0], [3.0, 0.0]])).tolist()
    [0.25, nan]
    """

    def statistic(sums: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sums[:, denominator] > 0, sums[:, numerator] / sums[:, denominator], np.nan)

    return statistic


def f1_statistic(hits: int, predicted: int, gold: int) -> Callable[[np.ndarray], np.ndarray]:
    """A statistic for :func:`cluster_bootstrap`: F1 = 2 · hits / (predicted + gold), from three columns.

    >>> f1_statistic(0, 1, 2)(np.array([[3.0, 4.0, 4.0], [0.0, 0.0, 0.0]])).tolist()
    [0.75, nan]
    """

    def statistic(sums: np.ndarray) -> np.ndarray:
        both = sums[:, predicted] + sums[:, gold]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(both > 0, 2 * sums[:, hits] / both, np.nan)

    return statistic


def interval_labels(table: pd.DataFrame, digits: int = 2) -> pd.Series:
    """``ci_low`` and ``ci_high`` of ``table`` as text at ``digits`` decimals, "n too small" where NaN.

    >>> interval_labels(pd.DataFrame({"ci_low": [0.1234, np.nan], "ci_high": [0.5, np.nan]})).tolist()
    ['[0.12, 0.50]', 'n too small']
    """
    return pd.Series(
        [
            NO_INTERVAL if low != low else f"[{low:.{digits}f}, {high:.{digits}f}]"
            for low, high in zip(table["ci_low"], table["ci_high"], strict=True)
        ],
        index=table.index,
        dtype="object",
    )
