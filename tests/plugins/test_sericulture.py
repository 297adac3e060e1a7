"""Tests of the sericulture sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_sericulture as plugin
from _sector_contract import assert_compliant_at_limit, check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "sericulture", "seri_", "SER")


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
        ("sericulture.degumming_cod", 150.0),  # QCVN 40:2011 column B COD
        ("sericulture.degumming_bod5", 50.0),  # BOD5
    ],
)
def test_degumming_effluent_at_the_limit_is_compliant(ind_id, limit):
    assert INDS[ind_id].scorer == {"method": "ratio_to_limit"}
    assert_compliant_at_limit(limit)


def test_reeling_fuel_categories_scored():
    from villagescore import scoring

    ind = INDS["sericulture.reeling_fuel"]
    got = scoring.categorical(["coal_wood", "electric", None], ind.scorer["params"])
    assert got[0] == 0.0 and got[1] == 100.0 and pd.isna(got[2])
