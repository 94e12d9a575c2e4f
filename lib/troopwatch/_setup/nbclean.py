"""Strip run metadata from executed notebooks, so committed notebooks hold no timestamps.

papermill records start and end times, durations and its own parameters in the
notebook and cell metadata; nbclient records execution timings. None of that is
an output, and all of it changes on every run. ``make refresh`` runs
``python -m troopwatch._setup.nbclean NOTEBOOK ...`` after papermill.

Example:
    >>> import nbformat
    >>> notebook = nbformat.v4.new_notebook(metadata={"papermill": {"duration": 1.2}})
    >>> notebook.cells.append(nbformat.v4.new_code_cell("1", metadata={"execution": {}, "tags": ["x"]}))
    >>> cleaned = strip_run_metadata(notebook)
    >>> "papermill" in cleaned.metadata, dict(cleaned.cells[0].metadata)
    (False, {'tags': ['x']})
"""

from __future__ import annotations

import sys

import nbformat

RUN_METADATA_KEYS = ("papermill", "execution")


def strip_run_metadata(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove papermill's and nbclient's run metadata from ``notebook`` (in place) and return it."""
    for key in RUN_METADATA_KEYS:
        notebook.metadata.pop(key, None)
    for cell in notebook.cells:
        for key in RUN_METADATA_KEYS:
            cell.metadata.pop(key, None)
    return notebook


def main(paths: list[str]) -> None:
    for path in paths:
        notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
        nbformat.write(strip_run_metadata(notebook), path)


if __name__ == "__main__":
    main(sys.argv[1:])
