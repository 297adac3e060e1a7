"""Governance pillar plugin: categorical and boolean scoring of single-field indicators."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
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
    scores = IND["governance.recognition"].scorer["params"]["scores"]
    assert set(scores) == set(FIELDS["recognition_status"].categories)
    # the new-rural status: one grade scale per national criteria set; together they cover every category
    scales = IND["governance.rural_development"].scorer["params"]["scores"]
    assert set().union(*scales.values()) == set(FIELDS["ntm_status"].categories)
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


def _ntm_scores(frame):
    """GOV-09 scored as the engine does: the threshold's limit (by date) picks the grade scale."""
    from villagescore.framework.thresholds import resolve_threshold

    problems = []
    ind = IND["governance.rural_development"]
    th = resolve_threshold(ind.threshold, "$", REGISTRY.regulations, REGISTRY.fields,
                           lambda *args, **kw: problems.append(args))
    assert not problems and th.by_date
    params = {**ind.scorer["params"], "limit": th.limit(frame)}
    return gov.categorical_in_force(frame["ntm_status"].to_numpy(dtype=object), params), th.version_index(frame)


def test_ntm_grades_follow_the_criteria_in_force():
    """Issue 16 (M3): Decision 51/2025/QĐ-TTg replaced Decision 318/2022's grades from 15/02/2026.

    Up to 14/02/2026 the national ladder is NTM / advanced / model (60 / 80 / 100); from 15/02/2026
    it is NTM / modern (80 / 100): "advanced" and "model" have no national counterpart, so such a
    status is missing (not scored), and "modern" does not exist before 2026.
    """
    frame = pd.DataFrame({
        "year": [2021, 2025, 2025, 2025, 2026, 2026, 2026, 2026, 2026, 2026],
        "survey_date": [None, None, None, None, "2026-02-14", "2026-02-15", None, None, None, None],
        "ntm_status": ["ntm", "advanced", "model", "modern", "advanced", "advanced", "ntm", "modern", "model", None],
    })
    scores, version = _ntm_scores(frame)
    regs = ["decision-1980-2016", "decision-318-2022", "decision-51-2025"]
    assert [regs[k] for k in version] == ["decision-1980-2016", *["decision-318-2022"] * 4,
                                          *["decision-51-2025"] * 5]
    expected = [60, 80, 100, math.nan, 80, math.nan, 80, 100, math.nan, math.nan]
    assert np.allclose(scores, expected, equal_nan=True)


def test_ntm_regulations_are_declared_with_their_dates():
    regs = REGISTRY.regulations
    assert regs["decision-318-2022"].valid_to == "2026-02-14"
    assert regs["decision-51-2025"].valid_from == "2026-02-15"
    assert regs["decision-51-2025"].replaces == ("decision-318-2022",)
    assert regs["decision-318-2022"].replaced_by == "decision-51-2025"
    assert regs["decision-1980-2016"].confidence == "unverified"
    assert "no national advanced" in regs["decision-51-2025"].note
