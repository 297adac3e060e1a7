"""The example frameworks of docs/examples/frameworks/: OCOP with no plugin, and the Hà Nội overlay."""

from __future__ import annotations

import json
import warnings

import pytest
from click.testing import CliRunner

from tests.conftest import REPO
from villagescore import cli
from villagescore.plugins import PluginLoadWarning
from villagescore.resultdoc import expand

EXAMPLES = REPO / "docs" / "examples" / "frameworks"
FIRST_PARTY = ("environment", "economy", "society", "governance", "weaving", "rattan_bamboo", "lacquer", "sericulture",
               "seagrass", "handmade_paper", "ceramics", "food_processing", "wood", "vn_ttcn")


def _run(*args, env=None):
    env = {"VILLAGESCORE_LANG": "en", **(env or {})}  # the English lines (OK …)
    result = CliRunner().invoke(cli.cli, [str(a) for a in args], env=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def ocop():
    """The OCOP example evaluated with every first-party plugin disabled."""
    env = {"VILLAGESCORE_DISABLE_PLUGINS": ",".join(FIRST_PARTY)}
    assert _run("validate", EXAMPLES / "ocop.yaml", env=env).startswith("OK")
    out = _run("evaluate", EXAMPLES / "ocop-products.csv", "--framework", EXAMPLES / "ocop.yaml", "--format", "json",
               env=env)
    doc = json.loads(out)
    return {v["village_id"]: expand(doc, v) for v in doc["villages"]}


# points worked out by hand from ocop-products.csv: part A (of 40), part B (of 25), part C (of 35)
EXPECTED = {
    "ocop-phung-xa-silk-scarf": (9 + 9 + 9 + 9, 7 + 7 + 6, 14 + 9 + 10, "star_4"),   # 89: below 90
    "ocop-rattan-basket": (8 + 8 + 7 + 7, 5 + 5 + 5, 11 + 7 + 7, "star_4"),        # exactly 70
    "ocop-conical-hat": (5 + 6 + 5 + 4, 3 + 4 + 3, 10 + 4 + 4, "star_2"),          # 48
    "ocop-lacquer-box": (8 + 7 + 8 + 7, 7 + 7 + 6, 4 + 1 + 1, "not_rated"),        # 56, but C 6/35 < 20 %
}


@pytest.mark.parametrize("product", sorted(EXPECTED))
def test_ocop_points_and_stars_as_worked_out_by_hand(ocop, product):
    a, b, c, stars = EXPECTED[product]
    village = ocop[product]
    assert village["overall"]["score"] == pytest.approx(a + b + c)
    assert village["pillars"]["a_community"]["score"] == pytest.approx(a / 40 * 100, abs=1e-4)
    assert village["pillars"]["b_marketing"]["score"] == pytest.approx(b / 25 * 100, abs=1e-4)
    assert village["pillars"]["c_quality"]["score"] == pytest.approx(c / 35 * 100, abs=1e-4)
    assert village["overall"]["rating"] == stars


def test_ocop_needs_no_sectors_column():
    header = (EXAMPLES / "ocop-products.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "sectors" not in header.split(",")


def test_hanoi_variant_evaluates_the_pilot_and_lists_both_frameworks():
    out = _run("evaluate", REPO / "datasets/phung-xa/phung-xa.csv", "--framework", EXAMPLES / "hanoi-variant.yaml",
               "--format", "json")
    doc = json.loads(out)
    lineage = doc["provenance"]["framework"]["lineage"]
    assert [item["id"] for item in lineage] == ["vn-ttcn-sustainable", "vn-ttcn-hanoi-example"]
    assert all(len(item["sha256"]) == 64 for item in lineage)
    assert doc["framework"]["pillars"][0]["weight"] == 0.35
    default = json.loads(_run("evaluate", REPO / "datasets/phung-xa/phung-xa.csv", "--format", "json"))
    assert [v["overall"]["score"] for v in doc["villages"]] != [v["overall"]["score"] for v in default["villages"]]


def test_export_validate_evaluate_round_trips_the_default_framework(tmp_path):
    exported = tmp_path / "exported.yaml"
    _run("framework", "export", "-o", exported)
    assert _run("validate", exported).startswith("OK")
    data = REPO / "datasets/villages/villages.csv"
    again = _run("evaluate", data, "--framework", exported, "--format", "csv")
    assert again == _run("evaluate", data, "--format", "csv")


def _commented_commands():
    """Each command a file of docs/examples/ gives in its comments (``#   VAR=… villagescore …``, ``\\`` continued)."""
    for path in sorted((REPO / "docs" / "examples").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8").replace("\\\n#", "")
        for line in text.splitlines():
            words = line.lstrip("#").split()
            if "villagescore" in words and words[0] != "villagescore" and "=" in words[0]:
                yield pytest.param(path, words, id=path.name)


@pytest.mark.parametrize(("path", "words"), list(_commented_commands()))
def test_the_run_instructions_in_the_examples_run_without_a_plugin_warning(path, words, monkeypatch):
    """Walk 15: ocop.yaml said VILLAGESCORE_LOAD_PLUGINS=villagescore, which warns: no plugin has that name."""
    start = words.index("villagescore")
    env = dict(w.split("=", 1) for w in words[:start])
    monkeypatch.chdir(REPO)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(cli.cli, words[start + 1:], env={"VILLAGESCORE_LANG": "en", **env},
                                    catch_exceptions=False)
    assert result.exit_code == 0, result.output
    loading = [str(w.message) for w in caught if issubclass(w.category, PluginLoadWarning)]
    assert not loading, f"{path.name}: {' '.join(words)}: {loading}"
