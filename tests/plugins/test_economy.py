"""Economy pillar plugin: derived indicators by hand, the minimum-wage table, the 20 % rule."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import villagescore_economy as eco
from plugin_helpers import framework_entries, load_framework_doc, threshold_limit
from registry_dump import first_party_registry

from villagescore.scoring import bands, linear

REGISTRY = first_party_registry()
IND = {i.id: i for i in eco.register_indicators()}


def test_counts_and_ids():
    assert len(IND) >= 8
    assert all(k.startswith("economy.") for k in IND)


def test_craft_household_share_by_hand():
    frame = pd.DataFrame({"households_total": [1900, 2230, 0], "households_craft": [1500, 1700, 0]})
    got = IND["economy.craft_households_share"].compute(frame)
    # 1500 / 1900 * 100 = 78.947368...; 1700 / 2230 * 100 = 76.233183...; 0 households -> NaN
    assert math.isclose(got[0], 1500 / 1900 * 100) and math.isclose(got[0], 78.94736842105263)
    assert math.isclose(got[1], 76.23318385650224)
    assert math.isnan(got[2])


def test_craft_share_at_legal_minimum_is_compliant():
    entry = framework_entries(load_framework_doc())["economy.craft_households_share"]
    assert threshold_limit(entry["threshold"])["value"] == 20 and entry["threshold"]["regulation"] == "decree-52-2018"
    params = IND["economy.craft_households_share"].scorer["params"]
    # closed on the left: exactly 20 % is in the compliant band (50); 19.9 % is not (0)
    assert bands(np.array([19.9, 20.0, 78.9]), params).tolist() == [0, 50, 100]


def _threshold(ident):
    """The indicator's threshold resolved against the first-party regulations."""
    from villagescore.framework.thresholds import resolve_threshold

    problems = []
    th = resolve_threshold(IND[ident].threshold, "$", REGISTRY.regulations, REGISTRY.fields,
                           lambda *args, **kw: problems.append(args))
    assert not problems
    return th


def test_wage_against_the_regional_minimum_wage_by_hand():
    from villagescore.scoring import ratio_to_limit

    frame = pd.DataFrame(
        {
            "year": [2021, 2025, 2026, 2019, 2025],
            "wage_region": ["III", "II", "I", "I", None],
            "worker_wage_vnd_month": [3_430_000, 5_000_000, 5_310_000, 4_000_000, 5_000_000],
        }
    )
    limits = _threshold("economy.wage_to_minimum").limit(frame)
    # 31/12/2021 -> Decree 90/2019 region III; 31/12/2025 -> Decree 74/2024 region II;
    # 31/12/2026 -> Decree 293/2025 region I; 2019: no decree of the table in force; no region: unknown
    assert limits[:3].tolist() == [3_430_000, 4_410_000, 5_310_000]
    assert np.isnan(limits[3]) and np.isnan(limits[4])
    params = {**IND["economy.wage_to_minimum"].scorer["params"], "limit": limits}
    scores = ratio_to_limit(frame["worker_wage_vnd_month"].to_numpy(dtype=float), params)
    # at the legal floor (ratio 1.0) the wage reaches the first band (50); 5.0 M / 4.41 M = 1.134 -> 50
    assert scores[:3].tolist() == [50, 50, 50]
    assert np.isnan(scores[3]) and np.isnan(scores[4])  # never a guessed wage
    assert ratio_to_limit(np.array([0.99, 1.0]), {**params, "limit": 1.0}).tolist() == [0, 50]


def test_minimum_wage_limits_mark_unverified_rows():
    # the wage tables are limits of the decrees, declared once in the regulations catalogue
    th = _threshold("economy.wage_to_minimum")
    conf = {v.regulation.id: v.limit.confidence for v in th.versions}
    assert conf == {
        "decree-90-2019": "unverified",
        "decree-38-2022": "unverified",
        "decree-74-2024": "secondary",  # only a consultancy page read (domain audit D6)
        "decree-293-2025": "verified",
    }
    assert {k: v["value"] for k, v in REGISTRY.regulations["decree-293-2025"].limit(
        "regional_minimum_wage").values.items()} == {"I": 5_310_000, "II": 4_730_000, "III": 4_140_000, "IV": 3_700_000}


def test_single_field_indicators_and_linear_targets():
    assert IND["economy.production_growth"].compute is None
    # Decision 801 growth target 10 %/yr: 5 % -> 50, 12 % -> 100 (clipped), -5 % -> 0
    assert linear(
        np.array([5.0, 12.0, -5.0]), IND["economy.production_growth"].scorer["params"]
    ).tolist() == [50.0, 100.0, 0.0]
    # income 1.5 x 2020 (Decision 801) -> 100; 1.25 -> 50
    assert linear(np.array([1.5, 1.25]), IND["economy.income_growth"].scorer["params"]).tolist() == [
        100.0,
        50.0,
    ]
