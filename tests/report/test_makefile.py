"""The Makefile's report workflow, driven by pytest in a temporary copy of the project.

The copy keeps the files' modification times and links the real .venv and data/,
so `make setup` is already up to date there and only the report rules run. Two
notebooks and two parameter sets keep it quick.
"""

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from troopwatch.report.runner import corpus_hash
from conftest import PROJECT

NOTEBOOKS = ["00_corpus", "01_troop_numbers"]
SETS = ["all", "india"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("project")
    tracked = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=PROJECT, capture_output=True, text=True, check=True).stdout
    for name in tracked.splitlines():
        source = PROJECT / name
        if not source.is_file():
            continue
        keep = not (name.startswith("notebooks/") and Path(name).stem not in NOTEBOOKS) and \
            not (name.startswith("params/") and Path(name).stem not in SETS)
        if keep:
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)
    for linked in (".venv", "data"):
        os.symlink(PROJECT / linked, copy / linked)
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    return copy


def make(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=project, capture_output=True, text=True)


def runs_in(result: subprocess.CompletedProcess) -> list[str]:
    """The reports a make run wrote, from its one line per report: ``wrote reports/<set>/<nb>.html in 9.8 s``."""
    return [line.split()[1].removesuffix(".html") for line in result.stdout.splitlines()
            if line.startswith("wrote ") and line.endswith(" s")]


def test_the_terminal_shows_one_line_per_report_and_no_kernel_noise(project):
    # the default parameters, so that the batch below (parameter sets only) still builds all its reports
    result = make(project, "report", "NB=00_corpus")
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("wrote reports/default/00_corpus.html in ") and lines[0].endswith(" s")
    assert lines[1] == "wrote reports/index.html"
    assert "without encryption" not in result.stderr and "KeyboardInterrupt" not in result.stderr
    assert result.stderr == ""


def test_setup_is_a_no_op_when_nothing_changed(project):
    result = make(project, "-q", "setup")
    assert result.returncode == 0, result.stdout + result.stderr


def test_batch_writes_every_report_with_figures_tables_provenance_and_an_index(project):
    result = make(project, "-j2", "batch")
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(runs_in(result)) == sorted(f"reports/{s}/{n}" for s in SETS for n in NOTEBOOKS), result.stdout
    for set_name in SETS:
        for name in NOTEBOOKS:
            folder = project / "reports" / set_name
            assert (folder / f"{name}.html").is_file() and (folder / f"{name}.ipynb").is_file()
            assert (folder / f"{name}_files" / "figure_01.png").is_file()
            assert (folder / f"{name}_files" / "table_01.csv").is_file()
            report = nbformat.read(folder / f"{name}.ipynb", as_version=4)
            assert report.cells[0].metadata["tags"] == ["provenance"]
            assert corpus_hash(project / "corpus") in report.cells[0].source
            assert "VADER lexicon sha256" in report.cells[0].source
            html = (folder / f"{name}.html").read_text("utf-8")
            assert "Provenance of this report" in html
            assert "validate_parameters" not in html  # code is hidden unless SHOW_CODE=1
    index = (project / "reports" / "index.html").read_text("utf-8")
    for set_name in SETS:
        for name in NOTEBOOKS:
            assert f'href="{set_name}/{name}.html"' in index
    assert "outlets=[&#x27;Scroll.in&#x27;, &#x27;Opoyi&#x27;]" in index
    assert "2 troop mentions in 2 of 2 articles" in index


def test_an_unchanged_rerun_executes_no_notebook(project):
    result = make(project, "batch")
    assert result.returncode == 0
    assert runs_in(result) == []
    assert make(project, "-q", "batch").returncode == 0


def test_a_changed_parameter_set_rebuilds_only_its_reports(project):
    india = project / "params" / "india.yaml"
    india.write_text(india.read_text("utf-8") + "# touched\n", encoding="utf-8")
    result = make(project, "batch")
    assert result.returncode == 0, result.stderr[-2000:]
    assert sorted(runs_in(result)) == ["reports/india/00_corpus", "reports/india/01_troop_numbers"]


def test_a_bad_parameter_stops_the_run_with_one_clear_line(project, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("outlets: [Nowhere]\n", encoding="utf-8")
    result = make(project, "report", "NB=00_corpus", f"PARAMS={bad}")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: 00_corpus with {bad}: ParameterError: outlets: 'Nowhere' not in the corpus; choose "
                     "from 'Fox News', 'Opoyi', 'Scroll.in', 'The Telegraph (via Yahoo News)', 'newscubby.com'"]
    assert "Traceback" not in result.stderr
    assert not (project / "reports" / "bad" / "00_corpus.html").exists()


def test_one_report_with_code_shown(project):
    result = make(project, "report", "NB=01_troop_numbers", "PARAMS=params/india.yaml", "SHOW_CODE=1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "validate_parameters" in (project / "reports" / "india" / "01_troop_numbers.html").read_text("utf-8")
