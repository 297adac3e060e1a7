"""Society pillar plugin: poverty-line ratio and accident rate by hand, 85 dBA and child labour."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import villagescore_society as soc
from plugin_helpers import framework_entries, load_framework_doc, threshold_limit

from villagescore.scoring import bands, ratio_to_limit, target

IND = {i.id: i for i in soc.register_indicators()}


def test_counts_and_ids():
    assert len(IND) >= 8
    assert all(k.startswith("society.") for k in IND)


def test_income_to_poverty_line_by_hand():
    frame = pd.DataFrame(
        {
            "year": [2021, 2025, 2026, 2027, 2015],
            "income_per_capita_vnd_month": [1_400_000, 3_000_000, 1_500_000, 2_200_000, 1_000_000],
        }
    )
    got = IND["society.income_to_poverty_line"].compute(frame)
    # 2021: 1.4 M / 0.7 M = 2.0; 2025: 3.0 M / 1.5 M = 2.0; 2026 keeps 1.5 M: 1.0; 2027: 2.2 M / 2.2 M = 1.0
    assert got[:4].tolist() == [2.0, 2.0, 1.0, 1.0]
    assert math.isnan(got[4])  # outside the table
    # at the poverty line (ratio 1.0) the score is the first non-zero band
    assert bands(
        np.array([0.99, 1.0, 2.0]), IND["society.income_to_poverty_line"].scorer["params"]
    ).tolist() == [0, 40, 80]


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


def test_poverty_references_mark_2021_unverified():
    # the poverty-line rows are cited by regulation id from the income indicator's references
    refs = IND["society.income_to_poverty_line"].references
    assert [(r.regulation, r.confidence) for r in refs] == [
        ("decision-59-2015", "unverified"), ("decree-07-2021", "secondary"), ("decree-351-2025", "secondary")]
    assert soc.RURAL_POVERTY_LINE[2021] == 700_000 and soc.RURAL_POVERTY_LINE[2026] == 1_500_000
