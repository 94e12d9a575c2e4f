"""Batch reports: run a notebook with a parameter set, stamp its provenance, write HTML and an index.

The Makefile calls this module; each call writes only under its own output
folder (``reports/<parameter-set>/``), through temporary files renamed into
place, so ``make -j`` runs never collide and a failed run leaves no report.

``python -m troopwatch.report.runner run NOTEBOOK PARAMS.yaml|- OUT_DIR`` runs one
report (``-`` for the notebook's defaults); ``python -m troopwatch.report.runner index
reports`` writes ``reports/index.html`` from the reports' notebook metadata (JSON), without
importing the analysis stack. A run prints one line, the report and its elapsed time; the
kernel's start-up warning and shutdown noise are not printed (see :func:`quiet_kernel_manager`),
its errors are. A bad parameter ends the run with one line on stderr naming it, and a non-zero exit.

Example:
    >>> read_parameter_set(None)
    {}
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from troopwatch.digests import write_atomically
from troopwatch.errors import ParameterError, TroopwatchError
from troopwatch.files import shipped_text

if TYPE_CHECKING:  # nbformat, jupyter_client, papermill and the analysis stack are imported where used
    import nbformat
    from jupyter_client.manager import AsyncKernelManager

KEY_PACKAGES = (
    "troopwatch",
    "pandas",
    "numpy",
    "matplotlib",
    "nltk",
    "scikit-learn",
    "papermill",
    "nbconvert",
    "vaderSentiment",
)
KERNEL = "troopwatch"
METADATA_KEY = "troopwatch"
#: Passed to the kernel: its log shows errors only, not the warning that it runs over TCP (to this
#: machine, on localhost) without CurveZMQ encryption, which every kernel prints at start-up.
KERNEL_ARGUMENTS = ("--IPKernelApp.log_level=ERROR",)


@lru_cache(maxsize=1)
def quiet_kernel_manager() -> type[AsyncKernelManager]:
    """A kernel manager class that does not interrupt the kernel to shut it down.

    jupyter_client sends SIGINT before every shutdown request, to cancel a pending execution; after
    papermill's last cell nothing is pending, and the kernel only logs "KeyboardInterrupt caught in
    kernel" as an error. Interrupts at any other time (a timeout) are sent as usual.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:
                return
            await super()._async_interrupt_kernel()

    return QuietKernelManager


class ReportError(TroopwatchError):
    """A report could not be produced; the message is one line for the terminal."""


def read_parameter_set(path: str | Path | None) -> dict:
    """The parameters of a set (a YAML mapping); ``None`` or ``-`` means the notebook's defaults."""
    if path in (None, "-", ""):
        return {}
    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text("utf-8"))
    except OSError as error:
        raise ParameterError(f"parameter set {path}: cannot be read ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise ParameterError(f"parameter set {path}: not valid YAML ({error})") from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise ParameterError(f"parameter set {path}: must be a mapping of parameter: value")
    return {key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in values.items()}


def declared_parameters(notebook: Path) -> dict:
    """The parameters a notebook declares in its ``parameters`` cell, with their defaults."""
    import papermill

    return papermill.inspect_notebook(str(notebook))


# --- provenance ----------------------------------------------------------------------------------


def _sha256_of_files(paths: list[Path], root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def corpus_hash(corpus_dir: Path) -> str:
    """sha256 over the article files and metadata.csv (names and bytes)."""
    files = [path for path in (corpus_dir / "articles").glob("*") if path.is_file()] + [corpus_dir / "metadata.csv"]
    return _sha256_of_files([path for path in files if path.is_file()], corpus_dir)


def git_commit(folder: Path) -> str:
    """The commit checked out in ``folder``, with ``+changes`` when the work tree differs; ``unknown`` without git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=folder, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return commit + ("+changes" if dirty else "")


def provenance(parameters: dict, notebook: Path, declared: dict) -> dict:
    """What produced a report.

    Parameters, corpus hash, code version and commit, package versions, and the sha256 of the VADER
    lexicon and of the frame codebook used.

    ``declared`` is the notebook's :func:`declared_parameters`, for the default ``corpus_dir``.
    """
    import ast

    from troopwatch.measure.vader import lexicon_sha256

    base = notebook.parent
    corpus_dir = parameters.get("corpus_dir") or ast.literal_eval(declared["corpus_dir"]["default"])
    corpus_dir = (base / str(corpus_dir)).resolve()
    codebook = parameters.get("codebook") or ""
    codebook_text = (
        (base / codebook).read_bytes() if codebook else shipped_text("extract", "frames.yaml").encode("utf-8")
    )
    return {
        "parameters": parameters,
        "corpus_sha256": corpus_hash(corpus_dir),
        "troopwatch": version("troopwatch"),
        "git_commit": git_commit(base),
        "packages": {name: version(name) for name in KEY_PACKAGES},
        "vader_lexicon_sha256": lexicon_sha256(),
        "codebook_sha256": hashlib.sha256(codebook_text).hexdigest(),
        "generated": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def provenance_cell(record: dict) -> nbformat.NotebookNode:
    """A markdown cell that states the provenance at the top of a report."""
    import nbformat

    parameters = ", ".join(f"`{key}` = `{value!r}`" for key, value in record["parameters"].items()) or "defaults"
    packages = ", ".join(f"{name} {number}" for name, number in record["packages"].items())
    lines = [
        "**Provenance of this report**",
        "",
        f"- parameters: {parameters}",
        f"- corpus (articles and metadata.csv) sha256: `{record['corpus_sha256']}`",
        f"- troopwatch {record['troopwatch']}, git commit `{record['git_commit']}`",
        f"- packages: {packages}",
        f"- VADER lexicon sha256: `{record['vader_lexicon_sha256']}`",
        f"- frame codebook sha256: `{record['codebook_sha256']}`",
        f"- generated: {record['generated']}",
    ]
    return nbformat.v4.new_markdown_cell("\n".join(lines), metadata={"tags": ["provenance"]})


# --- running ----------------------------------------------------------------------------------------


def _write_text_atomically(path: Path, text: str) -> None:
    write_atomically(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def summary_line(notebook: nbformat.NotebookNode) -> str:
    """The report's one-line summary: its title and the first line it printed about the corpus."""
    title = next(
        (
            cell.source.splitlines()[0].lstrip("# ").strip()
            for cell in notebook.cells
            if cell.cell_type == "markdown" and cell.source.startswith("#")
        ),
        "",
    )
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            text = "".join(text) if isinstance(text, list) else text
            if text.startswith("Corpus(") or "troop mentions in" in text or text.startswith("method:"):
                return f"{title}: {text.strip().splitlines()[0]}"
    return title


def run_report(notebook: Path, parameter_set: Path | None, out_dir: Path, show_code: bool = False) -> Path:
    """Execute ``notebook`` with ``parameter_set`` into ``out_dir``; return the HTML report's path.

    Writes ``<name>.ipynb`` and ``<name>.html``, and figures (PNG) and tables (CSV)
    in ``<name>_files/``. Only parameters the notebook declares are passed.
    """
    import nbformat
    import papermill
    from nbconvert import HTMLExporter

    from troopwatch.report.validation import KNOWN

    if not notebook.is_file():
        choices = ", ".join(sorted(path.stem for path in notebook.parent.glob("[0-9][0-9]_*.ipynb")))
        raise ParameterError(f"notebook {notebook} not found; choose one of {choices or 'the notebooks in notebooks/'}")
    notebook = notebook.resolve()
    name = notebook.stem
    requested = read_parameter_set(parameter_set)
    declared = declared_parameters(notebook)
    unknown = sorted(set(requested) - set(declared) - set(KNOWN))
    if unknown:
        raise ParameterError(f"parameter set {parameter_set}: unknown parameter(s) {', '.join(unknown)}")
    parameters = {key: value for key, value in requested.items() if key in declared}
    out_dir.mkdir(parents=True, exist_ok=True)
    files = out_dir.resolve() / f"{name}_files"
    if "export_dir" in declared:
        parameters["export_dir"] = os.path.relpath(files, notebook.parent)
    executed_path = out_dir / f".{name}.{os.getpid()}.ipynb"
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed_path),
            parameters=parameters,
            kernel_name=KERNEL,
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            kernel_manager_class=quiet_kernel_manager(),
            extra_arguments=list(KERNEL_ARGUMENTS),
        )
    except papermill.PapermillExecutionError as error:
        raise ReportError(f"{name} with {parameter_set or 'defaults'}: {error.ename}: {error.evalue}") from None
    finally:
        executed = nbformat.read(executed_path, as_version=4) if executed_path.exists() else None
        executed_path.unlink(missing_ok=True)
    if executed is None:  # papermill returned without error, so it has written the executed notebook
        raise ReportError(f"{name} with {parameter_set or 'defaults'}: papermill wrote no executed notebook")
    shown = {key: value for key, value in parameters.items() if key != "export_dir"}
    record = provenance(shown, notebook, declared)
    executed.cells.insert(0, provenance_cell(record))
    executed.metadata[METADATA_KEY] = {
        **record,
        "summary": summary_line(executed),
        "parameter_set": str(parameter_set or "defaults"),
        "notebook": name,
    }
    _write_text_atomically(out_dir / f"{name}.ipynb", nbformat.writes(executed))
    exporter = HTMLExporter(exclude_input=not show_code, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(executed)
    target = out_dir / f"{name}.html"
    _write_text_atomically(target, body)
    return target


def report_metadata(path: Path) -> dict[str, Any] | None:
    """The provenance a report's notebook carries in its metadata, read as JSON (no nbformat, no kernel)."""
    meta = json.loads(path.read_text("utf-8")).get("metadata", {}).get(METADATA_KEY)
    return meta if isinstance(meta, dict) else None


def write_index(reports_dir: Path) -> Path:
    """``reports/index.html``: every report found under ``reports_dir``, with its parameters and summary."""
    rows = []
    for path in sorted(reports_dir.glob("*/*.ipynb")):
        meta = report_metadata(path)
        if not meta:
            continue
        link = path.with_suffix(".html").relative_to(reports_dir).as_posix()
        parameters = ", ".join(f"{key}={value!r}" for key, value in meta["parameters"].items()) or "defaults"
        rows.append(
            f"<tr><td>{html.escape(path.parent.name)}</td>"
            f'<td><a href="{html.escape(link)}">{html.escape(meta["notebook"])}</a></td>'
            f"<td><code>{html.escape(parameters)}</code></td><td>{html.escape(meta['summary'])}</td>"
            f"<td><code>{meta['corpus_sha256'][:12]}</code></td><td><code>{html.escape(meta['git_commit'])}</code></td></tr>"
        )
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>troopwatch reports</title>'
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:4px 8px;border-bottom:1px solid #ddd;"
        "text-align:left;vertical-align:top}</style></head><body><h1>troopwatch reports</h1>"
        f"<p>{len(rows)} reports. Each report states its provenance at the top.</p>"
        "<table><tr><th>parameter set</th><th>notebook</th><th>parameters</th><th>summary</th>"
        "<th>corpus sha256</th><th>commit</th></tr>" + "".join(rows) + "</table></body></html>\n"
    )
    target = reports_dir / "index.html"
    _write_text_atomically(target, page)
    return target


def main(arguments: list[str]) -> int:
    """Command line: ``run NOTEBOOK PARAMS.yaml|- OUT_DIR`` or ``index REPORTS_DIR``; returns the exit status."""
    try:
        if arguments[:1] == ["run"] and len(arguments) == 4:
            notebook, parameter_set, out_dir = arguments[1:]
            start = time.perf_counter()
            target = run_report(
                Path(notebook),
                None if parameter_set == "-" else Path(parameter_set),
                Path(out_dir),
                show_code=os.environ.get("SHOW_CODE") == "1",
            )
            print(f"wrote {target} in {time.perf_counter() - start:.1f} s")
        elif arguments[:1] == ["index"] and len(arguments) == 2:
            print(f"wrote {write_index(Path(arguments[1]))}")
        else:
            print(
                "usage: python -m troopwatch.report.runner run NOTEBOOK PARAMS.yaml|- OUT_DIR | index REPORTS_DIR",
                file=sys.stderr,
            )
            return 2
    except TroopwatchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
