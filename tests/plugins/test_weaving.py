"""Weaving sector plugin: sector, measures, sector indicators and their limits."""

from __future__ import annotations

import numpy as np
import pytest
import villagescore_weaving as wev
from plugin_helpers import all_indicators, threshold_limit

from villagescore.scoring import ratio_to_limit

IND = {i.id: i for i in wev.register_indicators()}


def test_sector_and_measures():
    (sector,) = wev.register_sectors()
    assert sector.id == "weaving" and len(sector.measures) >= 4
    known = all_indicators()
    for m in sector.measures:
        assert m.improves and all(i in known for i in m.improves), m.id
    ids = {m.id for m in sector.measures}
    for ind in IND.values():
        assert set(ind.measures) <= ids


def test_indicators_are_sector_scoped():
    assert 5 <= len(IND) <= 10
    for ind in IND.values():
        assert ind.sectors == ("weaving",) and ind.id.startswith("weaving.")
        assert ind.compute is None and ind.requires[0].startswith("weaving_")
    assert all(f.id.startswith("weaving_") for f in wev.register_fields())


@pytest.mark.parametrize(
    ("indicator", "column", "limit"),
    [
        ("weaving.dye_effluent_colour", "B", 150),
        ("weaving.dye_effluent_cod", "B", 150),
        ("weaving.dye_effluent_bod5", "B", 50),
        ("weaving.dye_effluent_cod", "A", 75),
    ],
)
def test_dye_effluent_limits_unverified_and_compliant_at_limit(indicator, column, limit):
    th = threshold_limit(IND[indicator].threshold)
    assert th["regulation"] == "qcvn-13-mt-2015"
    assert th["confidence"] == "unverified" and th["values"][column]["confidence"] == "unverified"
    assert th["values"][column]["value"] == limit
    assert ratio_to_limit(np.array([float(limit)]), {"limit": limit})[0] == 50.0
    # untreated dye-house COD 1,100 mg/L against 150: ratio 7.3 -> 0
    assert ratio_to_limit(np.array([1100.0]), {"limit": 150})[0] == 0.0


def test_weaver_exposure_at_85_dba():
    th = threshold_limit(IND["weaving.weaver_noise_exposure"].threshold)
    assert th["value"] == 85 and th["confidence"] == "verified"
    params = {**IND["weaving.weaver_noise_exposure"].scorer["params"], "limit": 85}
    assert ratio_to_limit(np.array([85.0, 94.0]), params).tolist() == [50.0, 0.0]


def test_loom_noise_night_limit():
    th = threshold_limit(IND["weaving.loom_noise_night"].threshold)
    assert th["values"] == {
        "common": {"value": 55, "column": {"vi": "khu vực thông thường, 21–6 giờ", "en": "common area, 21–6 h"},
                   "confidence": "verified"},
        "special": {"value": 45, "column": {"vi": "khu vực đặc biệt, 21–6 giờ", "en": "special area, 21–6 h"},
                    "confidence": "verified"},
    }
    params = {**IND["weaving.loom_noise_night"].scorer["params"], "limit": 55}
    assert ratio_to_limit(np.array([55.0]), params)[0] == 50.0
