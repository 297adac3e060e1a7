"""The plugin author guide names every ability the first-party plugins use (the audit's journey).

What a first-party plugin (the built-in one included) uses from ``villagescore`` is exported
and named in ``docs/plugins/``; every attribute of the objects a hook returns is named in
that hook's section of ``hooks.md``; the examples keep the guide's own "keep imports cheap"
rule, and a block that uses ``np`` imports it.
"""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest

import villagescore
from tests.conftest import REPO

DOCS = REPO / "docs" / "plugins"
HOOKS = DOCS / "hooks.md"
PLUGINS = REPO / "plugins"

#: The running API (``docs/python-api.md``), not what a plugin is written with.
RUN_API = {"__version__", "evaluate", "Engine", "Result", "load_framework", "read_dataset", "get_plugin_manager",
           "Registry", "DataWarning", "SaidWarning", "PluginLoadWarning", "FrameworkWarning"}

#: Each object a hook returns (or holds), and the hook whose section of hooks.md lists its attributes.
SECTION = {"Field": "register_fields", "Sector": "register_sectors", "Measure": "register_sectors",
           "SectorCriterion": "register_sectors", "Indicator": "register_indicators",
           "Reference": "register_indicators", "Regulation": "register_regulations", "Limit": "register_regulations",
           "Check": "register_checks", "Scorer": "register_scorers", "Aggregator": "register_aggregators",
           "QuasiMean": "register_aggregators", "FrameworkSource": "register_frameworks",
           "Reader": "register_readers", "Reporter": "register_reporters"}


def _guide() -> str:
    """The plugin guide: docs/plugins/ and the catalogue page (a plugin's data, docs/catalogues.md)."""
    pages = [*sorted(DOCS.glob("*.md")), REPO / "docs" / "catalogues.md"]
    return "\n".join(p.read_text(encoding="utf-8") for p in pages)


def _first_party_names() -> set[str]:
    """The names of ``villagescore`` the first-party plugins use: imported by plugins/, or held by built-in objects."""
    from villagescore.registry import Registry

    used = set()
    for path in PLUGINS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "villagescore":
                used |= {a.name for a in node.names}
            elif isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "villagescore":
                used.add(node.attr)
    registry = Registry.default()
    for obj in (*registry.scorers.values(), *registry.aggregators.values(), *registry.sectors.values()):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            used |= {type(v).__name__ for v in (value if isinstance(value, tuple) else (value,))
                     if dataclasses.is_dataclass(v)}
    catalogues = "\n".join(p.read_text(encoding="utf-8") for p in PLUGINS.glob("*/catalogue.yaml"))
    if villagescore.ESTIMATE_DOCUMENT in catalogues:
        used.add("ESTIMATE_DOCUMENT")
    return used


def test_what_the_first_party_plugins_use_is_exported_and_in_the_plugin_guide():
    used = _first_party_names()
    assert {"QuasiMean", "ESTIMATE_DOCUMENT", "NOISE_RATIO_TO_LIMIT", "SectorCriterion"} <= used  # the audit's
    unexported = sorted(n for n in used if n not in villagescore.__all__ and not n.startswith("_")
                        and n[0].isupper() and n not in {"Registry"})
    assert not unexported, f"first-party plugins use {unexported}, which villagescore does not export"
    guide = _guide()
    missing = sorted(n for n in used & set(villagescore.__all__) if not re.search(rf"\b{n}\b", guide))
    assert not missing, f"docs/plugins/ never names {missing}"


def test_every_name_for_plugin_authors_is_in_the_plugin_guide():
    guide = _guide()
    missing = sorted(n for n in set(villagescore.__all__) - RUN_API if not re.search(rf"\b{n}\b", guide))
    assert not missing, f"villagescore exports {missing}, which docs/plugins/ never names"


def _section(hook: str) -> str:
    found = re.search(rf"^## {hook}\(.*?$(.*?)(?=^## |\Z)", HOOKS.read_text(encoding="utf-8"), re.S | re.M)
    assert found, f"hooks.md has no section {hook}"
    return found.group(1)


@pytest.mark.parametrize("name", sorted(SECTION))
def test_every_attribute_of_a_plugin_object_is_named_in_its_hook_s_section(name):
    cls = getattr(villagescore, name)
    text = _section(SECTION[name])
    missing = [f.name for f in dataclasses.fields(cls)
               if f.name != "plugin" and not re.search(rf"`(?:{name}\.)?{f.name}[`(=]", text)]
    assert not missing, f"hooks.md, section {SECTION[name]}, does not name {name}'s {missing}"


def test_the_sections_are_found_and_the_check_is_not_empty():
    assert "`criteria`" in _section("register_sectors") and "`Measure.sectors`" in _section("register_sectors")
    assert "`breakpoints(params)`" in _section("register_scorers")
    assert {"`reduce`", "`interchangeable`"} <= set(re.findall(r"`\w+`", _section("register_aggregators")))


EXAMPLES = sorted(p for p in (DOCS / "examples").glob("*.py") if not p.name.startswith("test_"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_examples_keep_imports_cheap(path):
    """The guide's rule: numpy and pandas are imported inside functions, never at module level."""
    heavy = [a.name for node in ast.parse(path.read_text(encoding="utf-8")).body
             if isinstance(node, ast.Import | ast.ImportFrom)
             for a in (node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")])
             if a.name.split(".")[0] in {"numpy", "pandas"}]
    assert not heavy, f"{path.name} imports {heavy} at module level"


def test_a_guide_block_that_uses_np_imports_it():
    blocks = re.findall(r"^```python\n(.*?)^```", _guide(), re.S | re.M)
    bad = [b.splitlines()[0] for b in blocks if re.search(r"\bnp\.", b) and "import numpy as np" not in b]
    assert not bad, f"blocks use np without importing it: {bad}"
