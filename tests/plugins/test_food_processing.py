"""Tests of the food_processing sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_food_processing as plugin
from _sector_contract import assert_compliant_at_limit, check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "food_processing", "food_", "FOD")


@pytest.mark.parametrize("ind_id", sorted(INDS))
def test_single_field_indicators_pass_the_field_through(ind_id):
    ind = INDS[ind_id]
    if ind.compute is not None:
        pytest.skip("computed indicator: see its own test")
    frame = pd.DataFrame({ind.requires[0]: [0.0, 12.5, None]})
    got = single_field(ind, frame)
    assert got.iloc[0] == 0.0 and got.iloc[1] == 12.5 and pd.isna(got.iloc[2])


def test_wastewater_intensity_by_hand():
    # Dương Liễu: 1,200 m³/day; with 80 t/day of product that is 15 m³/t
    frame = pd.DataFrame(
        {"food_wastewater_m3_day": [1200.0, 500.0, 10.0], "food_output_t_day": [80.0, 20.0, 0.0]}
    )
    got = INDS["food_processing.wastewater_intensity"].compute(frame)
    assert got.iloc[0] == pytest.approx(1200 / 80)
    assert got.iloc[1] == pytest.approx(25.0)
    assert pd.isna(got.iloc[2])


@pytest.mark.parametrize(
    ("ind_id", "limit"),
    [
        ("food_processing.effluent_cod", 150.0),  # QCVN 40:2011 column B
        ("food_processing.effluent_bod5", 50.0),
        ("food_processing.effluent_tss", 100.0),
    ],
)
def test_effluent_at_the_limit_is_compliant(ind_id, limit):
    assert INDS[ind_id].scorer == {"method": "ratio_to_limit"}
    assert_compliant_at_limit(limit)
