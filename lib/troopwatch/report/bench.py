"""``make bench``: how long the batch workflow takes on this machine, and where the time goes.

Runs ``make reports`` and ``make -j2 batch`` from an empty ``reports/``, then
times a kernel that only starts and imports troopwatch, to estimate the share
of the wall time spent starting kernels and importing. Prints each figure
beside its target as a ratio measured in this one run; it asserts nothing.

Example:
    >>> startup_share(seconds_per_start=2.0, runs=4, wall_seconds=40.0, lanes=1)
    0.2
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

TARGETS = {"make reports": 60.0, "make -j2 batch": 240.0}


def timed(command: list[str], cwd: Path) -> float:
    """Wall seconds of ``command`` (its output is discarded; a failure raises)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def kernel_start_seconds(repeats: int = 3) -> float:
    """Mean wall seconds for papermill to start the kernel and run ``import troopwatch``."""
    import papermill

    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("%matplotlib inline\nimport pandas, matplotlib.pyplot\nimport troopwatch")]
    )
    notebook.metadata["kernelspec"] = {"name": "troopwatch", "display_name": "troopwatch", "language": "python"}
    times = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "start.ipynb"
        nbformat.write(notebook, source)
        for _ in range(repeats):
            start = time.perf_counter()
            papermill.execute_notebook(
                str(source), str(Path(folder) / "out.ipynb"), kernel_name="troopwatch", progress_bar=False
            )
            times.append(time.perf_counter() - start)
    return sum(times) / len(times)


def startup_share(seconds_per_start: float, runs: int, wall_seconds: float, lanes: int) -> float:
    """The share of wall time spent starting kernels, with ``lanes`` runs in parallel."""
    return seconds_per_start * runs / lanes / wall_seconds


def main() -> None:
    """Time both workflows from the current (project) directory and print each against its target."""
    project = Path.cwd()
    notebooks = len(list((project / "notebooks").glob("[0-9][0-9]_*.ipynb")))
    sets = len(list((project / "params").glob("*.yaml")))
    results = {}
    for label, command, runs, lanes in (
        ("make reports", ["make", "reports"], notebooks, 1),
        ("make -j2 batch", ["make", "-j2", "batch"], notebooks * sets, 2),
    ):
        shutil.rmtree(project / "reports", ignore_errors=True)
        results[label] = (timed(command, project), runs, lanes)
    start = kernel_start_seconds()
    print(f"machine: {sys.platform}, python {sys.version.split()[0]}; kernel start + imports: {start:.1f} s")
    for label, (seconds, runs, lanes) in results.items():
        target = TARGETS[label]
        print(
            f"{label:15s} {runs:2d} notebook runs  {seconds:6.1f} s  target {target:.0f} s  "
            f"ratio {seconds / target:.2f}  "
            f"kernel start and imports {startup_share(start, runs, seconds, lanes):.0%}"
        )


if __name__ == "__main__":
    main()
