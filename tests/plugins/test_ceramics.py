"""Tests of the ceramics sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_ceramics as plugin
from _sector_contract import assert_compliant_at_limit, check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "ceramics", "ceramics_", "CER")


@pytest.mark.parametrize("ind_id", sorted(INDS))
def test_single_field_indicators_pass_the_field_through(ind_id):
    ind = INDS[ind_id]
    if ind.compute is not None:
        pytest.skip("computed indicator: see its own test")
    frame = pd.DataFrame({ind.requires[0]: [0.0, 12.5, None]})
    got = single_field(ind, frame)
    assert got.iloc[0] == 0.0 and got.iloc[1] == 12.5 and pd.isna(got.iloc[2])


@pytest.mark.parametrize(
    ("ind_id", "limit"),
    [
        ("ceramics.stack_dust", 200.0),  # QCVN 19:2009 column B total dust, mg/Nm³
        ("ceramics.stack_so2", 500.0),  # SO2
    ],
)
def test_stack_emissions_at_the_limit_are_compliant(ind_id, limit):
    assert INDS[ind_id].scorer == {"method": "ratio_to_limit"}
    assert_compliant_at_limit(limit)
