"""`import troopwatch` stays light: heavy packages are imported where they are used, in a fresh interpreter."""

import ast
import json
import subprocess
import sys
from pathlib import Path

import troopwatch as tw

HEAVY = ("nltk", "sklearn", "scipy", "matplotlib", "pyarrow")


def fresh(code: str) -> dict:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_import_troopwatch_does_not_import_the_analysis_stack():
    loaded = fresh(f"import json, sys, troopwatch; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    assert loaded == []


def test_every_public_name_resolves_and_dir_is_unchanged_by_first_use():
    found = fresh(
        "import json, types, troopwatch as tw\n"
        "before = dir(tw)\n"
        "import troopwatch.analyse.run\n"
        "missing = [n for n in tw.__all__ if getattr(tw, n, None) is None]\n"
        "names = {}\n"
        "for n in tw.__all__:\n"
        "    exec(f'from troopwatch import {n} as value', names)\n"
        "print(json.dumps({'missing': missing, 'same_dir': before == dir(tw), 'all_in_dir': set(tw.__all__) <= set(before),"
        " 'analyse_is_function': callable(tw.analyse) and not isinstance(tw.analyse, types.ModuleType)}))"
    )
    assert found == {"missing": [], "same_dir": True, "all_in_dir": True, "analyse_is_function": True}


def test_the_type_checking_imports_and_the_lazy_table_name_the_same_things():
    tree = ast.parse(Path(tw.__file__).read_text("utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING")
    typed = {(node.module, alias.name) for node in block.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    lazy = {(module, name) for name, module in tw._LAZY.items()}
    assert typed == lazy


def test_the_report_runner_stays_out_of_the_analysis_stack():
    """What a report process imports around its kernel: papermill, nbformat, nbconvert and provenance."""
    loaded = fresh(
        "import json, sys\n"
        "from pathlib import Path\n"
        "from troopwatch.report import runner\n"
        "from troopwatch.report.validation import KNOWN\n"
        "import nbformat, papermill\n"
        "from nbconvert import HTMLExporter\n"
        f"notebook = Path({str(Path(__file__).parents[1] / 'notebooks' / '01_troop_numbers.ipynb')!r})\n"
        "runner.provenance({}, notebook, runner.declared_parameters(notebook))\n"
        "print(json.dumps([m for m in ('pandas', 'nltk', 'sklearn', 'scipy', 'matplotlib', 'rfc3987_syntax')"
        " if m in sys.modules]))"
    )
    assert loaded == []
