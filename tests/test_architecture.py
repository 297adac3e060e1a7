"""The walls of the house (DESIGN §10), held by reading imports.

- the core never imports a first-party plugin;
- hookspecs.py imports nothing from the package;
- the arithmetic (scoring, aggregation, engine) never imports cli/ or reports/ and never prints;
- plugins import only the public API (villagescore, villagescore.testing), never a private module.
"""

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORE = REPO / "src" / "villagescore"
PLUGINS = REPO / "plugins"


def _imports(path: Path) -> list[str]:
    """Every module an import statement names; relative ones keep their dots (``..reports.html``)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            mod = "." * node.level + (node.module or "")
            names.append(mod)
            names += [f"{mod}.{a.name}" if node.module else f"{mod}{a.name}" for a in node.names]
    return names


def _core_files():
    return sorted(CORE.rglob("*.py"))


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(CORE)))
def test_core_never_imports_a_first_party_plugin(path):
    bad = [n for n in _imports(path) if n.startswith("villagescore_")]
    assert not bad, f"{path} imports plugin modules {bad}"


def test_hookspecs_import_nothing_from_the_package():
    bad = [n for n in _imports(CORE / "hookspecs.py") if n.startswith("villagescore")]
    assert not bad


@pytest.mark.parametrize("name", ["scoring.py", "aggregation.py", "engine.py"])
def test_arithmetic_never_imports_presentation_and_never_prints(name):
    path = CORE / name
    bad = [n for n in _imports(path) if ".cli" in n or ".reports" in n or n.startswith(("click", "rich"))]
    assert not bad, f"{name} imports {bad}"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    prints = [n.lineno for n in ast.walk(tree)
              if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "print"]
    assert not prints, f"{name} prints at lines {prints}"


@pytest.mark.parametrize("path", sorted((CORE / "reports").rglob("*.py")), ids=lambda p: p.name)
def test_reports_never_compute(path):
    """Reports present what commands computed: they import none of engine, explain, sensitivity, compare."""
    computing = ("engine", "explain", "sensitivity", "compare")
    bad = [n for n in _imports(path)
           if any(n == f"..{m}" or n.startswith((f"..{m}.", f"villagescore.{m}")) or n == f"villagescore.{m}"
                  for m in computing)]
    assert not bad, f"{path.name} imports {bad}"


def _plugin_files():
    return sorted(p for p in PLUGINS.rglob("*.py") if "tests" not in p.parts)


@pytest.mark.parametrize("path", _plugin_files(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_use_only_the_public_api(path):
    public = {"villagescore", "villagescore.testing"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("villagescore."):
            if node.module not in public and not node.module.startswith("villagescore_"):
                bad.append(node.module)
        if isinstance(node, ast.Import):
            bad += [a.name for a in node.names if a.name.startswith("villagescore.") and a.name not in public]
    assert not bad, f"{path} imports private modules {bad}"


@pytest.mark.parametrize("path", _plugin_files(), ids=lambda p: str(p.relative_to(PLUGINS)))
def test_plugins_do_not_import_pandas_or_numpy_at_module_level(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    heavy = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            heavy += [a.name for a in node.names if a.name.split(".")[0] in {"pandas", "numpy"}]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {"pandas", "numpy"}:
            heavy.append(node.module)
    assert not heavy, f"{path} imports {heavy} at module level (the CLI lists plugins without pandas)"


def _first_party_field_ids() -> set[str]:
    import yaml

    ids = set()
    for path in PLUGINS.glob("villagescore_*/catalogue.yaml"):
        ids |= {f["id"] for f in yaml.safe_load(path.read_text(encoding="utf-8")).get("fields", ())}
    return ids


def test_no_first_party_field_id_in_the_core():
    """The core knows no first-party field by name: field ids live in the plugins' catalogues (DESIGN §1)."""
    import re

    ids = _first_party_field_ids()
    assert len(ids) >= 100 and "discharge_column" in ids
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ids), key=len, reverse=True)) + r")\b")
    found = {str(p.relative_to(CORE)): sorted(set(pattern.findall(p.read_text(encoding="utf-8"))))
             for p in CORE.rglob("*.py")}
    assert not {k: v for k, v in found.items() if v}
