"""The runner's index page is written from the reports' metadata, without the analysis stack."""

import json
import subprocess
import sys
from pathlib import Path

from troopwatch.report.runner import METADATA_KEY, report_metadata


def report(folder: Path, name: str, meta: dict | None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    notebook = {"cells": [], "metadata": {METADATA_KEY: meta} if meta else {}, "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")


META = {
    "notebook": "00_corpus",
    "parameters": {"outlets": ["Scroll.in"]},
    "summary": "00 · The corpus: Corpus(5 articles)",
    "corpus_sha256": "d9103fba6fe0" + "0" * 52,
    "git_commit": "abc123",
}


def test_report_metadata_reads_the_notebook_json(tmp_path):
    report(tmp_path / "all", "00_corpus", META)
    report(tmp_path / "all", "01_plain", None)
    assert report_metadata(tmp_path / "all" / "00_corpus.ipynb") == META
    assert report_metadata(tmp_path / "all" / "01_plain.ipynb") is None


def test_the_index_imports_neither_pandas_nor_nltk(tmp_path):
    report(tmp_path / "all", "00_corpus", META)
    code = (
        "import json, sys\n"
        "from troopwatch.report.runner import main\n"
        f"status = main(['index', {str(tmp_path)!r}])\n"
        "print(json.dumps([status, [m for m in ('pandas', 'nltk', 'sklearn', 'papermill') if m in sys.modules]]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout.splitlines()[-1]) == [0, []]
    page = (tmp_path / "index.html").read_text("utf-8")
    assert 'href="all/00_corpus.html"' in page and "1 reports." in page
    assert "outlets=[&#x27;Scroll.in&#x27;]" in page
