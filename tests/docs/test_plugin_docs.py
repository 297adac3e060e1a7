"""The plugin author guide (docs/plugins/) is tested: its code is real, quoted from files that run.

Every ``python``/``yaml`` block in the guide is preceded by a marker
``<!-- example: examples/FILE#REGION -->`` and must equal that region of the file (the
lines between ``# [start REGION]`` and ``# [end REGION]``) or the whole file. The
example files are then imported and exercised here, and the example test module is run
with pytest as a plugin author would run it.
"""

from __future__ import annotations

import importlib.util
import math
import re
import subprocess
import sys
from pathlib import Path

import click
import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import REPO

DOCS = REPO / "docs" / "plugins"
EXAMPLES = DOCS / "examples"
GUIDE = sorted(DOCS.glob("*.md"))
MARKER = re.compile(r"<!-- example: (?P<file>[\w./-]+?)(?:#(?P<region>[\w-]+))? -->\n```(?P<lang>\w+)\n"
                    r"(?P<code>.*?)```", re.S)
FENCE = re.compile(r"^```(\w+)\n", re.M)


def _region(path: Path, region: str | None) -> str:
    text = path.read_text(encoding="utf-8")
    if region is None:
        return text
    match = re.search(rf"^# \[start {region}\]\n(.*?)^# \[end {region}\]\n", text, re.S | re.M)
    assert match, f"{path.name} has no region {region!r}"
    return match.group(1)


def _quotes():
    for page in GUIDE:
        for m in MARKER.finditer(page.read_text(encoding="utf-8")):
            yield pytest.param(page, m, id=f"{page.name}:{m['file']}#{m['region'] or ''}")


def test_the_guide_has_its_three_pages():
    assert [p.name for p in GUIDE] == ["hooks.md", "loading.md", "tutorial.md"]


@pytest.mark.parametrize(("page", "match"), list(_quotes()))
def test_quoted_code_matches_the_example_file(page, match):
    path = (page.parent / match["file"]).resolve()
    assert path.is_file(), f"{page.name} quotes {match['file']}, which does not exist"
    assert match["code"] == _region(path, match["region"]), (
        f"{page.name}: the block quoting {match['file']}#{match['region']} differs from the file; "
        "copy the file's text into the page")


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_every_python_and_yaml_block_is_quoted_from_a_tested_file(page):
    text = page.read_text(encoding="utf-8")
    quoted = {m.start("lang") - 3 for m in MARKER.finditer(text)}
    for fence in FENCE.finditer(text):
        if fence.group(1) in ("python", "yaml"):
            line = text[: fence.start()].count("\n") + 1
            assert fence.start() in quoted, f"{page.name}:{line}: a {fence.group(1)} block without an example marker"


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text(encoding="utf-8")):
        assert (page.parent / target).is_file(), f"{page.name} links to missing {target}"


def test_every_example_region_is_quoted_somewhere():
    quoted = {(m["file"], m["region"]) for p in GUIDE for m in MARKER.finditer(p.read_text(encoding="utf-8"))}
    for path in sorted(EXAMPLES.glob("*.py")):
        for region in re.findall(r"^# \[start ([\w-]+)\]$", path.read_text(encoding="utf-8"), re.M):
            assert (f"examples/{path.name}", region) in quoted, f"{path.name}#{region} is not quoted"


def test_the_tutorial_tree_lists_the_files_new_plugin_creates():
    from villagescore.scaffold import plugin_names, render_plugin

    text = (DOCS / "tutorial.md").read_text(encoding="utf-8")
    tree = text.split("```text\nvillagescore-pottery/\n", 1)[1].split("```", 1)[0]
    listed = {line.split("── ", 1)[1].split("#")[0].strip() for line in tree.splitlines() if "── " in line}
    created = set()
    for rel in render_plugin(plugin_names("pottery")):
        if not rel.startswith("."):
            created.add(rel)
            created.add(rel.split("/")[0] + "/")
    expected = {"pyproject.toml", "README.md", "examples/villages.csv", "src/villagescore_pottery/",
                "__init__.py", "frameworks/pottery-sector.yaml", "tests/", "conftest.py",
                "test_villagescore_pottery.py"}
    assert listed == expected
    assert {"pyproject.toml", "README.md", "examples/villages.csv", "src/villagescore_pottery/__init__.py",
            "src/villagescore_pottery/frameworks/pottery-sector.yaml", "tests/conftest.py",
            "tests/test_villagescore_pottery.py"} <= created


# ---- the examples run ----


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"vsdocs_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def examples():
    return {name: _load(name) for name in ("pottery", "methods", "formats", "commands")}


@pytest.fixture
def registry(examples):
    from villagescore.testing import make_registry

    return make_registry(*examples.items())  # strict: any contract problem fails here


def test_examples_register_together(registry):
    assert list(registry.sectors) == ["pottery"]
    assert list(registry.fields) == ["pottery_clean_kilns", "pottery_kilns"]
    assert list(registry.indicators) == ["pottery.clean_kiln_share"]
    assert registry.scorers["logistic"].plugin == "methods"
    assert registry.aggregators["maximum"].plugin == "methods"
    assert registry.reader_for(".tsv").plugin == "formats"
    assert registry.reporter("lines").plugin == "formats"
    assert [s.plugin for s in registry.frameworks] == ["pottery"]


def test_logistic_scorer(examples):
    logistic = examples["methods"].logistic
    params = {"midpoint": 50, "steepness": 0.1}
    # 100 / (1 + e^(-0.1 * (x - 50))): x = 50 -> 50; x = 60 -> 100 / (1 + e^-1) = 73.1059
    out = logistic(np.array([50.0, 60.0, np.nan]), params)
    assert out[0] == 50.0
    assert math.isclose(out[1], 100 / (1 + math.exp(-1)))
    assert np.isnan(out[2])


def test_maximum_aggregator(examples):
    maximum = examples["methods"].maximum
    scores = np.array([[20.0, 70.0], [90.0, np.nan], [np.nan, np.nan]])
    weights = np.array([[1.0, 1.0], [1.0, 0.0], [0.0, 0.0]])
    out = maximum(scores, weights)
    assert out[:2].tolist() == [70.0, 90.0]
    assert np.isnan(out[2])


def test_tsv_reader_and_lines_reporter(registry, tmp_path):
    from villagescore.datasets import read_dataset
    from villagescore.engine import Engine
    from villagescore.framework import load_framework

    data = tmp_path / "kilns.tsv"
    data.write_text("village_id\tname\tcommune\tprovince\tsectors\tyear\tpottery_kilns\tpottery_clean_kilns\n"
                    "bat-trang\tBát Tràng\tBát Tràng\tHà Nội\tpottery\t2024\t40\t30\n"
                    "phu-lang\tPhù Lãng\tPhù Lãng\tBắc Ninh\tpottery\t2024\t0\t0\n", encoding="utf-8")
    dataset = read_dataset(data, registry)
    framework = load_framework("pottery-example", registry)
    result = Engine(registry).evaluate(framework, dataset)
    # Bát Tràng: 30/40 = 75 % -> band [75, ∞) -> 100; Phù Lãng has no kiln -> missing
    assert registry.reporter("lines").render(result, "vi") == b"bat-trang\t2024\t100.0\nphu-lang\t2024\t-\n"


def test_command_example(examples, monkeypatch, registry):
    from villagescore.registry import Registry

    monkeypatch.setattr(Registry, "default", classmethod(lambda cls, strict=None, catalogues=(): registry))
    group = click.Group()
    examples["commands"].register_commands(cli=group)
    result = CliRunner().invoke(group, ["pottery-measures", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.output == "pottery.gas_kiln_conversion: Convert coal kilns to gas kilns\n"


def test_the_example_tests_pass_under_pytest():
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", "test_pottery.py",
         "test_pottery_national.py"],
        cwd=EXAMPLES, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 passed" in proc.stdout


def test_the_tutorial_says_what_explain_s_plan_does_with_the_non_la_share():
    """The audit's case: step 7 promised "the measure in the plan"; a share computed from two fields is not movable."""
    import pandas as pd

    import villagescore as vs
    from villagescore.explain import explain
    from villagescore.plugins import get_plugin_manager
    from villagescore.registry import Registry

    reg = Registry.from_plugin_manager(get_plugin_manager(plugins=(("non_la", _load("non_la")),)))
    villages = pd.read_csv(REPO / "datasets" / "villages" / "villages.csv")
    row = villages[villages.village_id == "bat-trang-gia-lam"].reset_index(drop=True)
    row = pd.concat([row.drop(columns=["village_id", "sectors"]), pd.DataFrame(
        {"village_id": ["hat-1"], "sectors": ["non_la"], "non_la_households": [100],
         "non_la_sulphur_free_households": [10]})], axis=1)
    fw = vs.load_framework("vn-ttcn-sustainable", reg)
    plan = explain(vs.Engine(reg), fw, vs.read_dataset(row, reg, framework=fw), "hat-1",
                   year=int(row["year"].iat[0])).to_dict(lang="en")["plan"]
    assert "non_la.sulphur_free_share" in plan["not_movable"]
    assert not any("non_la.sun_drying" in step["measures"] for step in plan["steps"])
    text = " ".join((DOCS / "tutorial.md").read_text(encoding="utf-8").split())
    assert "the measure in the plan" not in text
    assert "`non_la.sulphur_free_share`, computed from two, is listed as not movable" in text
