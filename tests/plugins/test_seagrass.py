"""Tests of the seagrass sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_seagrass as plugin
from _sector_contract import check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "seagrass", "seagrass_", "SEA")


@pytest.mark.parametrize("ind_id", sorted(INDS))
def test_single_field_indicators_pass_the_field_through(ind_id):
    ind = INDS[ind_id]
    if ind.compute is not None:
        pytest.skip("computed indicator: see its own test")
    frame = pd.DataFrame({ind.requires[0]: [0.0, 12.5, None]})
    got = single_field(ind, frame)
    assert got.iloc[0] == 0.0 and got.iloc[1] == 12.5 and pd.isna(got.iloc[2])


def test_price_cost_margin_by_hand():
    frame = pd.DataFrame(
        {
            "seagrass_price_vnd_kg": [10000.0, 14000.0, 9000.0, 12000.0],
            "seagrass_cost_vnd_kg": [8000.0, 7000.0, 0.0, None],
        }
    )
    got = INDS["seagrass.price_cost_margin"].compute(frame)
    assert got.iloc[0] == pytest.approx((10000 - 8000) / 8000 * 100)  # 25 %
    assert got.iloc[1] == pytest.approx((14000 - 7000) / 7000 * 100)  # 100 %
    assert pd.isna(got.iloc[2]) and pd.isna(got.iloc[3])  # no cost → missing
