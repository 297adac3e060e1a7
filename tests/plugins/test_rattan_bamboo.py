"""Tests of the rattan_bamboo sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_rattan_bamboo as plugin
from _sector_contract import check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "rattan_bamboo", "rattan_", "RAT")


@pytest.mark.parametrize("ind_id", sorted(INDS))
def test_single_field_indicators_pass_the_field_through(ind_id):
    ind = INDS[ind_id]
    if ind.compute is not None:
        pytest.skip("computed indicator: see its own test")
    frame = pd.DataFrame({ind.requires[0]: [0.0, 12.5, None]})
    got = single_field(ind, frame)
    assert got.iloc[0] == 0.0 and got.iloc[1] == 12.5 and pd.isna(got.iloc[2])
