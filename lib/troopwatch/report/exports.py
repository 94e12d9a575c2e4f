"""Write every table and figure a notebook shows into a folder, for batch reports.

A notebook calls ``export_outputs(export_dir)`` once. When ``export_dir`` is
empty (the committed notebooks) nothing happens; when the reports runner sets
it, each DataFrame a cell returns is written as ``table_NN.csv`` and each
matplotlib Figure as ``figure_NN.png``, numbered in the order they appear.

Example:
    >>> export_outputs("") is None
    True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure


class _Exporter:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.tables = 0
        self.figures = 0

    def __call__(self, result: object) -> None:
        value = getattr(result, "result", None)
        if isinstance(value, pd.DataFrame):
            self.tables += 1
            value.to_csv(self.folder / f"table_{self.tables:02d}.csv")
        elif isinstance(value, Figure):
            self.figures += 1
            value.savefig(self.folder / f"figure_{self.figures:02d}.png", dpi=150)


def export_outputs(export_dir: str) -> None:
    """Register the exporter with the running IPython kernel (a no-op for an empty ``export_dir``)."""
    if not export_dir:
        return None
    from IPython import get_ipython

    shell = get_ipython()
    folder = Path(export_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if shell is not None:
        shell.events.register("post_run_cell", _Exporter(folder))
    return None
