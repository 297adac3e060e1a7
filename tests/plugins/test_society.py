"""Society pillar plugin: poverty-line ratio and accident rate by hand, 85 dBA and child labour."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import villagescore_society as soc
from plugin_helpers import framework_entries, load_framework_doc, threshold_limit
from registry_dump import first_party_registry

from villagescore.scoring import bands, ratio_to_limit, target

REGISTRY = first_party_registry()
IND = {i.id: i for i in soc.register_indicators()}


def test_counts_and_ids():
    assert len(IND) >= 8
    assert all(k.startswith("society.") for k in IND)


def _threshold(ident):
    from villagescore.framework.thresholds import resolve_threshold

    problems = []
    th = resolve_threshold(IND[ident].threshold, "$", REGISTRY.regulations, REGISTRY.fields,
                           lambda *args, **kw: problems.append(args))
    assert not problems
    return th


def test_income_against_the_poverty_line_by_hand():
    from villagescore.scoring import ratio_to_limit

    frame = pd.DataFrame(
        {
            "year": [2021, 2025, 2026, 2027, 2015],
            "locality_type": ["commune"] * 5,
            "income_per_capita_vnd_month": [1_400_000, 3_000_000, 1_500_000, 2_200_000, 1_000_000],
        }
    )
    limits = _threshold("society.income_to_poverty_line").limit(frame)
    # 2021: 0.7 M (Decision 59/2015); 2025 and 2026: 1.5 M (Decree 07/2021); 2027: 2.2 M (Decree 351/2025)
    assert limits[:4].tolist() == [700_000, 1_500_000, 1_500_000, 2_200_000]
    assert np.isnan(limits[4])  # no standard of the table in force in 2015
    params = {**IND["society.income_to_poverty_line"].scorer["params"], "limit": limits}
    scores = ratio_to_limit(frame["income_per_capita_vnd_month"].to_numpy(dtype=float), params)
    # ratios 2.0, 2.0, 1.0, 1.0: at the poverty line (1.0) the first non-zero band (40); 2.0 -> 80
    assert scores[:4].tolist() == [80, 80, 40, 40]


def test_urban_wards_take_the_urban_poverty_line():
    """Issue 16 (M7): a ward (Vạn Phúc, Đồng Kỵ, Phong Khê) is measured against the urban line, not the rural one.

    Urban lines: 0.9 M (Decision 59/2015, unverified), 2.0 M (Decree 07/2021, 2022–2026), 2.8 M (Decree
    351/2025, 2027–2030) VND/person/month [S]; a commune keeps the rural line.
    """
    frame = pd.DataFrame({
        "year": [2021, 2024, 2026, 2027, 2024, 2024],
        "locality_type": ["ward", "ward", "ward", "ward", "commune", None],
        "income_per_capita_vnd_month": [1_800_000, 4_000_000, 3_000_000, 2_800_000, 4_000_000, 4_000_000],
    })
    limits = _threshold("society.income_to_poverty_line").limit(frame)
    assert limits[:5].tolist() == [900_000, 2_000_000, 2_000_000, 2_800_000, 1_500_000]
    assert np.isnan(limits[5])  # an unknown locality type: the line is unknown, the indicator missing
    params = {**IND["society.income_to_poverty_line"].scorer["params"], "limit": limits}
    scores = ratio_to_limit(frame["income_per_capita_vnd_month"].to_numpy(dtype=float), params)
    # 2.0 -> 80, 2.0 -> 80, 1.5 -> 60, 1.0 -> 40; the same 4.0 M in a commune: 2.67 -> 80
    assert scores[:5].tolist() == [80, 80, 60, 40, 80]
    regs = {r.id: r for r in REGISTRY.regulations.values()}
    for rid in ("decree-07-2021", "decree-351-2025"):
        lim = regs[rid].limit("poverty_line")
        assert lim.by_field == "locality_type" and lim.values["ward"]["column"]["en"] == "urban"


def test_accident_rate_by_hand():
    frame = pd.DataFrame({"occupational_accidents_count": [3, 0, 2], "workers_total": [6000, 500, 0]})
    got = IND["society.accident_rate"].compute(frame)
    # 3 / 6000 * 1000 = 0.5; 0 / 500 * 1000 = 0; no workers -> NaN
    assert got[0] == 0.5 and got[1] == 0.0 and math.isnan(got[2])
    assert bands(np.array([0.0, 0.5, 6.0]), IND["society.accident_rate"].scorer["params"]).tolist() == [
        100,
        75,
        0,
    ]


def test_workplace_noise_85_dba_is_compliant():
    th = threshold_limit(framework_entries(load_framework_doc())["society.workplace_noise"]["threshold"])
    assert th["value"] == 85 and th["regulation"] == "qcvn-24-2016-byt" and th["confidence"] == "verified"
    params = {**IND["society.workplace_noise"].scorer["params"], "limit": 85}
    # 85 -> ratio 1.0 -> 50; 88 dBA (the 4-h limit) -> ratio 1.035 -> 25; 96 -> 1.13 -> 0
    assert ratio_to_limit(np.array([85.0, 88.0, 96.0]), params).tolist() == [50, 25, 0]


def test_child_labour_zero_only():
    params = IND["society.child_labour"].scorer["params"]
    assert bands(np.array([0.0, 1.0, 5.0]), params).tolist() == [100, 0, 0]


def test_women_in_leadership_band():
    params = IND["society.women_in_leadership"].scorer["params"]
    # inside 30–70 -> 100; 15 -> halfway from 0 to 30 -> 50; 85 -> halfway from 70 to 100 -> 50
    assert target(np.array([50.0, 15.0, 85.0]), params).tolist() == [100, 50, 50]


def test_poverty_lines_mark_2021_unverified():
    # the poverty lines are limits of the poverty standards, cited as threshold versions
    th = _threshold("society.income_to_poverty_line")
    assert [(v.regulation.id, v.limit.confidence) for v in th.versions] == [
        ("decision-59-2015", "unverified"), ("decree-07-2021", "secondary"), ("decree-351-2025", "secondary")]
