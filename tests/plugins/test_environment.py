"""Environment pillar plugin: contract checks, hand-computed values, limits scored as compliant."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest
import villagescore_environment as env
from plugin_helpers import all_fields, framework_entries, is_nfc, load_framework_doc, threshold_limit

from villagescore.scoring import bands, ratio_to_limit

PILLAR_MODULES = [
    "villagescore_environment",
    "villagescore_economy",
    "villagescore_society",
    "villagescore_governance",
    "villagescore_weaving",
]


@pytest.mark.parametrize("name", PILLAR_MODULES)
def test_plugin_contract(name):
    module = __import__(name)
    assert module.__version__ == "0.1.0"
    assert module.__doc__
    fields = all_fields()
    for ind in module.register_indicators():
        # cited: by references, or by the threshold whose regulation limit it is scored against
        assert ind.code and ind.pillar and ind.criterion and ind.scorer and (ind.references or ind.threshold)
        assert ind.label["vi"] and ind.label["en"] and is_nfc(ind.label["vi"])
        for req in ind.requires:
            assert req in fields, f"{ind.id} requires unregistered field {req}"
        if ind.compute is None:
            assert len(ind.requires) == 1
    for f in module.register_fields():
        assert is_nfc(f.label["vi"])
        if f.type in ("number", "integer"):
            assert f.minimum is not None and f.maximum is not None and f.minimum < f.maximum
        if f.not_greater_than:
            assert f.not_greater_than in fields


def test_plugins_do_not_import_pandas_at_top_level():
    for name in PILLAR_MODULES:
        source = sys.modules[name].__file__
        text = open(source, encoding="utf-8").read()
        top = [line for line in text.splitlines() if line.startswith(("import ", "from "))]
        assert not any("pandas" in line or "numpy" in line for line in top), name


def test_environment_counts_and_ids():
    inds = env.register_indicators()
    assert len(inds) >= 8
    assert all(i.id.startswith("environment.") and i.pillar == "environment" for i in inds)
    assert not any(f.id.startswith(("environment_", "environment.")) for f in env.register_fields())


def test_environment_indicators_are_single_fields():
    # every environment indicator is one collected field: the planner can act on all of them
    frame = pd.DataFrame({"wastewater_treated_pct": [15.0, 45.0]})
    ind = {i.id: i for i in env.register_indicators()}["environment.wastewater_treated"]
    assert ind.compute is None and ind.requires == ("wastewater_treated_pct",)
    assert frame[ind.requires[0]].tolist() == [15.0, 45.0]
    assert all(i.compute is None for i in env.register_indicators())


def test_coverage_scorer_levels():
    params = env.COVERAGE_SCORER["params"]
    # <30 -> 0, [30,60) -> 25, [60,80) -> 50, [80,95) -> 75, >=95 -> 100
    got = bands(np.array([29.9, 30.0, 60.0, 79.9, 80.0, 95.0, 100.0]), params)
    assert got.tolist() == [0, 25, 50, 50, 75, 100, 100]


@pytest.mark.parametrize(
    ("indicator", "category", "limit"),
    [
        ("environment.effluent_cod", "B", 150),
        ("environment.effluent_cod", "A", 75),
        ("environment.effluent_bod5", "B", 50),
        ("environment.effluent_tss", "B", 100),
        ("environment.effluent_nh4", "A", 5),
        ("environment.noise_day", "common", 70),
        ("environment.noise_day", "special", 55),
        ("environment.noise_night", "common", 55),
        ("environment.noise_night", "special", 45),
    ],
)
def test_context_limits_at_limit_are_compliant(indicator, category, limit):
    entry = framework_entries(load_framework_doc())[indicator]
    assert threshold_limit(entry["threshold"])["values"][category]["value"] == limit
    scorer = {i.id: i for i in env.register_indicators()}[indicator].scorer
    params = {**scorer.get("params", {}), "limit": threshold_limit(entry["threshold"])["values"][category]["value"]}
    assert ratio_to_limit(np.array([float(limit)]), params)[0] == 50.0  # ratio 1.0 -> compliant
    assert ratio_to_limit(np.array([limit * 1.01]), params)[0] < 50.0


def test_noise_edges_by_hand():
    # 70 dBA common-area day limit: 63 (0.9) -> 100, 66.5 (0.95) -> 75, 70 -> 50, 74 (1.057) -> 25, 75 -> 0
    params = {"limit": 70, "edges": env.NOISE_RATIO_EDGES}
    assert ratio_to_limit(np.array([63.0, 66.5, 70.0, 74.0, 75.0]), params).tolist() == [100, 75, 50, 25, 0]


@pytest.mark.parametrize(
    ("indicator", "limit"), [("environment.dust_tsp", 200), ("environment.dust_pm10", 100)]
)
def test_dust_at_limit(indicator, limit):
    entry = framework_entries(load_framework_doc())[indicator]
    assert threshold_limit(entry["threshold"])["value"] == limit
    assert ratio_to_limit(np.array([float(limit)]), {"limit": limit})[0] == 50.0
    # 150 µg/m³ TSP: ratio 0.75 -> 75
    assert ratio_to_limit(np.array([150.0]), {"limit": 200})[0] == 75.0


def test_pm10_is_marked_single_source():
    th = threshold_limit(framework_entries(load_framework_doc())["environment.dust_pm10"]["threshold"])
    assert th["confidence"] == "secondary"
    assert "one" in th["note"]["en"].lower()


def test_self_management_levels():
    spec = {i.id: i for i in env.register_indicators()}["environment.self_management"].scorer
    assert bands(np.array([0.0, 1.0, 2.0]), spec["params"]).tolist() == [0, 50, 100]


def test_the_dust_fields_and_every_qcvn_05_limit_read_micrograms_per_cubic_metre():
    """A 2021 TSP or PM10 value, judged under QCVN 05:2013 (µg/m³), was shown in µg/Nm³. The unit is µg/m³ for the
    fields, the indicators and both versions' limits (limits-verified.md); QCVN 05:2023's note names the µg/Nm³
    another reference writes, in both languages."""
    from pathlib import Path

    import yaml
    from plugin_helpers import REGULATIONS_PATH

    catalogue = yaml.safe_load(Path(env.__file__).with_name("catalogue.yaml").read_text(encoding="utf-8"))
    units = {e["id"]: e["unit"] for e in catalogue["fields"] + catalogue["indicators"]
             if e["id"] in ("tsp_24h_ug_m3", "pm10_24h_ug_m3", "environment.dust_tsp", "environment.dust_pm10")}
    assert set(units.values()) == {"µg/m³"} and len(units) == 4
    regulations = {r["id"]: r for r in yaml.safe_load(REGULATIONS_PATH.read_text(encoding="utf-8"))["regulations"]}
    for rid in ("qcvn-05-2013", "qcvn-05-2023"):
        assert {lim["unit"] for lim in regulations[rid]["limits"]} == {"µg/m³"}, rid
    note = regulations["qcvn-05-2023"]["note"]
    assert all("µg/Nm³" in note[lang] and "µg/m³" in note[lang] for lang in ("vi", "en"))
