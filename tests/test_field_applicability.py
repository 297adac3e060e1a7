"""An indicator is not applicable where a field it requires does not apply (the new-rural grade in an urban ward)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.conftest import REPO
from villagescore import evaluate
from villagescore.field_applicability import inapplicable_rows, ruled_fields
from villagescore.registry import Registry

VILLAGES = REPO / "datasets" / "villages" / "villages.csv"


def test_a_ward_has_its_new_rural_indicator_not_applicable_not_missing():
    result = evaluate(VILLAGES)
    j = [node.id for node in result.framework.indicators].index("governance.rural_development")
    wards = (result.frame["locality_type"] == "ward").to_numpy()
    status = result.indicator_status()[:, j]
    assert wards.any() and set(status[wards]) == {"not_applicable"}
    assert "not_applicable" not in set(status[~wards])


def test_only_the_rows_of_the_rule_are_left_out():
    rules = ruled_fields(Registry.default().fields)
    assert rules["ntm_status"] == {"field": "locality_type", "values": ("ward",)}
    frame = pd.DataFrame({"locality_type": ["commune", "ward", None], "ntm_status": ["ntm", None, "ntm"]})
    assert np.array_equal(inapplicable_rows(("ntm_status",), frame, rules), [False, True, False])
    assert inapplicable_rows(("ntm_status",), frame.drop(columns="locality_type"), rules) is None
    assert inapplicable_rows(("households_total",), frame, rules) is None
