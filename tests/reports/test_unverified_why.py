"""Why a legal limit is unverified in a village-year: a candidate value, or its version's being in force."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from villagescore.model import ThresholdVersion
from villagescore.objects import Limit, Regulation
from villagescore.reports.unverified_why import unverified_reasons

CANDIDATE = Limit("cod", "COD", "mg/L", "unverified", value=60)
CHECKED = dataclasses.replace(CANDIDATE, confidence="verified")
REG = Regulation("old", "Old rule", "secondary", in_force_verified_to="2025-05-14", replaced_by="new",
                 limits=(CHECKED,))
FRAME = pd.DataFrame({"year": [2024, 2025, 2025, 2025], "survey_date": [None, "2025-03-01", "2025-06-30", None]})


@pytest.mark.parametrize(("limit", "expected"), [
    (CHECKED, ["", "", "in force after", "in force after"]),
    (CANDIDATE, ["a candidate value", "a candidate value", "a candidate value, to check before use; in force after",
                 "a candidate value, to check before use; in force after"]),
])
def test_each_row_gets_the_reason_that_applies_there(limit, expected):
    reasons = unverified_reasons([ThresholdVersion(REG, limit)], np.zeros(4, dtype=int), FRAME, "en")
    assert [r[:len(e)] for r, e in zip(reasons, expected, strict=True)] == expected
    assert "its successor (new)" in reasons[2] and "2025-05-14" in reasons[2]


def test_a_row_with_no_version_applied_has_no_reason_and_vietnamese_is_said():
    reasons = unverified_reasons([ThresholdVersion(REG, CANDIDATE)], np.array([-1, 0, 0, -1]), FRAME, "vi")
    assert reasons[0] == "" and reasons[1] == "giá trị ứng viên, phải kiểm tra trước khi dùng"
    assert "việc còn hiệu lực sau ngày 14/05/2025 chưa được kiểm chứng" in reasons[2]
