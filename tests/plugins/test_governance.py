"""Governance pillar plugin: categorical and boolean scoring of single-field indicators."""

from __future__ import annotations

import math

import numpy as np
import villagescore_governance as gov
from registry_dump import first_party_registry

from villagescore.scoring import bands, boolean, categorical

REGISTRY = first_party_registry()

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


def test_ntm_grades_of_every_criteria_set_are_scored():
    """Issue 16 (M3): Decision 51/2025/QĐ-TTg (from 15/02/2026) has no national advanced or model grade but a
    pilot "modern NTM commune" grade; the indicator scores the grades of every set on one [E] scale."""
    params = IND["governance.rural_development"].scorer["params"]
    got = categorical(np.array(["none", "ntm", "advanced", "model", "modern", None], dtype=object), params)
    assert got[:5].tolist() == [0, 60, 80, 100, 100] and math.isnan(got[5])  # empty (a ward): missing
    cited = [r.regulation for r in IND["governance.rural_development"].references if r.regulation]
    assert cited == ["decision-1980-2016", "decision-318-2022", "decision-51-2025"]
    desc = FIELDS["ntm_status"].description["en"]
    assert "15/02/2026" in desc and "no national advanced or model grade" in desc and "ward" in desc


def test_ntm_regulations_are_declared_with_their_dates():
    regs = REGISTRY.regulations
    assert regs["decision-318-2022"].valid_to == "2026-02-14"
    assert regs["decision-51-2025"].valid_from == "2026-02-15"
    assert regs["decision-51-2025"].replaces == ("decision-318-2022",)
    assert regs["decision-318-2022"].replaced_by == "decision-51-2025"
    assert regs["decision-1980-2016"].confidence == "unverified"
    assert "no national advanced" in regs["decision-51-2025"].note["en"]
