"""Catalogue corrections of the expert review (issue 16; domain-review-2026-12.md §5, L6, L7, L9), one test each."""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from registry_dump import first_party_registry

from villagescore.framework.thresholds import resolve_threshold
from villagescore.scoring import ratio_to_limit

REGISTRY = first_party_registry()


def _threshold(ind):
    problems = []
    th = resolve_threshold(ind.threshold, "$", REGISTRY.regulations, REGISTRY.fields,
                           lambda *args, **kw: problems.append(args))
    assert not problems
    return th


def _by_discharge_column(ind) -> bool:
    return ind.threshold is not None and any(v.limit.by_field == "discharge_column" for v in _threshold(ind).versions)


def _both(text) -> list:
    """A text given as one string or as {vi, en}: each language's."""
    return list(text.values()) if isinstance(text, dict) else [text]


def test_l6_no_column_b_where_discharge_column_chooses_the_column():
    """Effluent limits chosen per village by discharge_column (A or B) are not described as "column B"."""
    indicators = [i for i in REGISTRY.indicators.values() if _by_discharge_column(i)]
    assert len(indicators) >= 10
    improved_by = {}
    for m in REGISTRY.measures().values():
        for target in m.improves:
            improved_by.setdefault(target, []).append(m)
    for ind in indicators:
        rationale = ind.rationale.values() if isinstance(ind.rationale, dict) else [ind.rationale]
        # a reference's note and column may be {vi, en}: both languages are checked
        notes = [n for r in ind.references for n in _both(r.note)]
        texts = [*rationale, *notes, *(c for r in ind.references for c in _both(r.column))]
        texts += [c + " " + n for m in improved_by.get(ind.id, ()) for r in m.references
                  for c in _both(r.column) for n in _both(r.note)]
        assert not any(word in (t or "").lower() for t in texts for word in ("column b", "cột b")), ind.id
    for name in ("lacquer", "food_processing", "sericulture", "handmade_paper"):
        doc = importlib.import_module(f"villagescore_{name}").__doc__
        assert "column B" not in doc and "discharge_column" in doc, name


def test_l7_weaver_pay_goalpost_follows_the_wage_region_and_the_date():
    """Phú Vinh is in Region I; the goalpost was a fixed 180,000 VND/day (Region II)."""
    ind = REGISTRY.indicators["rattan_bamboo.weaver_pay"]
    frame = pd.DataFrame({
        "year": [2024, 2026, 2026, 2026],
        "wage_region": ["I", "II", "I", "IV"],
        "rattan_weaver_pay_vnd_day": [65_000, 65_000, 200_000, 200_000],
    })
    values = ind.compute(frame).to_numpy()
    assert values.tolist() == [1_690_000, 1_690_000, 5_200_000, 5_200_000]  # 26 working days [E]
    limits = _threshold(ind).limit(frame)
    # Decree 74/2024 Region I; Decree 293/2025 Regions II, I, IV [V]
    assert limits.tolist() == [4_960_000, 4_730_000, 5_310_000, 3_700_000]
    scores = ratio_to_limit(values, {**ind.scorer["params"], "limit": limits})
    # ratios 0.34 -> 10, 0.36 -> 10, 0.98 -> 40, 1.41 -> 75; exactly at the minimum -> 50 (a legal minimum)
    assert scores.tolist() == [10, 10, 40, 75]
    at = ratio_to_limit(np.array([5_310_000.0]), {**ind.scorer["params"], "limit": 5_310_000})
    assert at.tolist() == [50]


@pytest.mark.parametrize("field_id", ["tsp_24h_ug_m3", "pm10_24h_ug_m3"])
def test_l9_dust_units_match_the_standard_in_force(field_id):
    """The fields are in µg/m³, as QCVN 05:2013 and (limits-verified.md) QCVN 05:2023 write; the description names
    the µg/Nm³ another reference gives for 05:2023 (L9 made them µg/Nm³: a 2021 value was then shown in µg/Nm³)."""
    field = REGISTRY.fields[field_id]
    assert field.unit == "µg/m³" and "µg/Nm³" in field.description["en"]
    limit_id = "tsp_24h" if field_id.startswith("tsp") else "pm10_24h"
    assert REGISTRY.regulations["qcvn-05-2023"].limit(limit_id).unit == field.unit
    old = REGISTRY.regulations["qcvn-05-2013"].limit(limit_id)
    assert old.unit == "µg/m³" and "L9" in old.note["en"]
    ind = next(i for i in REGISTRY.indicators.values() if i.requires == (field_id,))
    assert ind.unit == field.unit
