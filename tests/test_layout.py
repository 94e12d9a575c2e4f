"""The package layout follows the data flow: no module imports a module of a later stage."""

import ast
from pathlib import Path

import troopwatch as tw

PACKAGE = Path(tw.__file__).parent
#: Stages in the order data flows through them; the foundation modules (digests, errors, files, params) come first.
STAGES = {"foundation": 0, "corpus": 1, "extract": 2, "measure": 3, "analyse": 4, "report": 5}
FOUNDATION = {"digests", "errors", "files", "params"}


def stage_of(module: str) -> str:
    """``troopwatch.extract.troops`` is in ``extract``; ``troopwatch.errors`` in the foundation."""
    parts = module.split(".")
    return "foundation" if len(parts) < 2 or parts[1] in FOUNDATION else parts[1]


def imported_modules(path: Path) -> set[str]:
    """Every troopwatch module a file imports, at module level or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("troopwatch"):
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names if alias.name.startswith("troopwatch"))
    return names


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] != "__init__":
            found[".".join(parts)] = path
    return found


def test_every_module_sits_in_a_stage_or_the_foundation():
    assert {stage_of(name) for name in modules()} == {*STAGES, "_setup"}


def test_no_module_imports_a_later_stage():
    offences = []
    for name, path in modules().items():
        mine = stage_of(name)
        for imported in imported_modules(path):
            theirs = stage_of(imported)
            if mine == "_setup":
                allowed = theirs == "foundation"
            else:
                allowed = theirs != "_setup" and STAGES[theirs] <= STAGES[mine]
            if not allowed:
                offences.append(f"{name} imports {imported}")
    assert offences == []


def test_no_module_imports_itself_through_a_cycle():
    graph = {name: {m for m in imported_modules(path) if m in modules()} for name, path in modules().items()}

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        return any(nxt == target or (nxt not in seen and reaches(nxt, target, seen | {nxt})) for nxt in graph[start])

    assert [name for name in graph if reaches(name, name, {name})] == []
