"""Tests of the handmade_paper sector plugin: contract, hand-computed values, legal limits."""

import pandas as pd
import pytest
import villagescore_handmade_paper as plugin
from _sector_contract import assert_compliant_at_limit, check_contract, single_field

INDS = {i.id: i for i in plugin.register_indicators()}


def test_contract():
    check_contract(plugin, "handmade_paper", "paper_", "PAP")


@pytest.mark.parametrize("ind_id", sorted(INDS))
def test_single_field_indicators_pass_the_field_through(ind_id):
    ind = INDS[ind_id]
    if ind.compute is not None:
        pytest.skip("computed indicator: see its own test")
    frame = pd.DataFrame({ind.requires[0]: [0.0, 12.5, None]})
    got = single_field(ind, frame)
    assert got.iloc[0] == 0.0 and got.iloc[1] == 12.5 and pd.isna(got.iloc[2])


def test_residential_share_by_hand():
    # Phong Khê: 228 of 324 paper facilities in residential areas
    frame = pd.DataFrame(
        {"paper_facilities_residential": [228, 0, 5], "paper_facilities_total": [324, 10, 0]}
    )
    got = INDS["handmade_paper.facilities_in_residential"].compute(frame)
    assert got.iloc[0] == pytest.approx(228 / 324 * 100)  # 70.37 %
    assert got.iloc[1] == 0.0
    assert pd.isna(got.iloc[2])


@pytest.mark.parametrize(
    ("ind_id", "limit"),
    [
        ("handmade_paper.pulping_cod", 150.0),  # QCVN 40:2011 column B COD
        ("handmade_paper.pulping_tss", 100.0),  # TSS
    ],
)
def test_pulping_effluent_at_the_limit_is_compliant(ind_id, limit):
    assert INDS[ind_id].scorer == {"method": "ratio_to_limit"}
    assert_compliant_at_limit(limit)
