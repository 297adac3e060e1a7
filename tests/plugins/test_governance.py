"""Governance pillar plugin: categorical and boolean scoring of single-field indicators."""

from __future__ import annotations

import numpy as np
import villagescore_governance as gov

from villagescore.scoring import bands, boolean, categorical

IND = {i.id: i for i in gov.register_indicators()}
FIELDS = {f.id: f for f in gov.register_fields()}


def test_counts_and_ids():
    assert len(IND) >= 8
    assert all(k.startswith("governance.") for k in IND)
    assert all(i.compute is None for i in IND.values())


def test_categorical_scores_cover_every_category():
    for ind_id, field_id in (
        ("governance.recognition", "recognition_status"),
        ("governance.rural_development", "ntm_status"),
    ):
        scores = IND[ind_id].scorer["params"]["scores"]
        assert set(scores) == set(FIELDS[field_id].categories)
    got = categorical(
        np.array(["traditional_craft_village", "craft_village", "none"], dtype=object),
        IND["governance.recognition"].scorer["params"],
    )
    assert got.tolist() == [100, 75, 0]


def test_boolean_indicators():
    for ind_id in (
        "governance.craft_association",
        "governance.village_convention",
        "governance.monitoring_disclosure",
    ):
        assert FIELDS[IND[ind_id].requires[0]].type == "boolean"
        assert boolean(np.array([1.0, 0.0]), IND[ind_id].scorer.get("params", {})).tolist() == [100, 0]


def test_monitoring_rounds():
    # 0 -> 0, 1 -> 50, 2–3 -> 75, >=4 -> 100
    got = bands(
        np.array([0.0, 1.0, 2.0, 3.0, 4.0]), IND["governance.environmental_monitoring"].scorer["params"]
    )
    assert got.tolist() == [0, 50, 75, 75, 100]
