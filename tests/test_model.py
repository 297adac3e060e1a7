"""villagescore.model: what thresholds derive from a frame is worked out once while the engine scores it."""

import numpy as np
import pandas as pd

from villagescore import model


def test_a_frame_memo_works_each_value_out_once_and_only_inside_its_block(monkeypatch):
    calls = []
    real = model._reference_dates
    monkeypatch.setattr(model, "_reference_dates", lambda frame: calls.append(1) or real(frame))
    frame = pd.DataFrame({"year": [2021, 2025]})
    with model.frame_memo():
        first = model.reference_dates(frame)
        assert model.reference_dates(frame) is first and len(calls) == 1
        model.reference_dates(frame.copy())  # another frame: its own value
        assert len(calls) == 2
    frame["year"] = [2020, 2020]  # outside the block a frame may change: worked out again
    assert str(model.reference_dates(frame)[0]) == "2020-12-31" and len(calls) == 3


def test_a_limit_by_context_column_reads_each_distinct_value_once():
    from villagescore.objects import Limit

    limit = Limit("test.cod", "COD", "mg/L", "verified", by_field="zone",
                  values={"A": {"value": 150}, "B": {"value": 100}})
    frame = pd.DataFrame({"zone": ["A", "B", None, "C", "A"]})
    expected = frame["zone"].map({"A": 150.0, "B": 100.0}).astype(float).to_numpy()
    for block in (model.frame_memo, None):
        if block is None:
            got = model._limit_values(limit, frame)
        else:
            with block():
                got = model._limit_values(limit, frame)
        np.testing.assert_array_equal(got, expected)  # unknown and empty contexts: NaN


def test_the_applied_limit_is_unverified_by_date_and_by_category():
    from tests.support.unverified_limits import threshold as unverified_threshold

    threshold = unverified_threshold()
    frame = pd.DataFrame({"year": [2024, 2024, 2024, 2025, 2025], "zone": ["A", "B", None, "A", None]})
    # 2024 zone A: verified; zone B: the value's own confidence (unverified) overrides its limit's; no zone: the
    # limit is unknown, not unverified; 2025: the new version's one value is unverified, whatever the zone
    expected = [False, True, False, True, True]
    assert threshold.unverified(frame).tolist() == expected
    with model.frame_memo():
        assert threshold.unverified(frame).tolist() == expected
    np.testing.assert_array_equal(np.isnan(threshold.limit(frame)), [False, False, True, False, False])


def test_a_one_value_threshold_says_unverified_once_for_every_village_year():
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    for confidence, expected in (("unverified", True), ("secondary", False)):
        reg = Regulation("r", "Rule", "secondary", limits=(Limit("x", "X", "mg/L", confidence, value=1),))
        threshold = Threshold((ThresholdVersion(reg, reg.limits[0]),))
        assert threshold.unverified(pd.DataFrame({"year": [2024, 2025]})) is expected


def test_a_limit_by_category_without_its_context_column_is_unknown_not_unverified():
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    reg = Regulation("r", "Rule", "secondary", limits=(
        Limit("x", "X", "mg/L", "unverified", by_field="zone", values={"A": {"value": 1}}),))
    threshold = Threshold((ThresholdVersion(reg, reg.limits[0]),))
    frame = pd.DataFrame({"year": [2024, 2025]})
    assert threshold.unverified(frame).tolist() == [False, False]
    assert threshold.unverified(frame.assign(zone=["A", "C"])).tolist() == [True, False]  # C: no value



def test_a_threshold_without_an_unverified_value_is_verified_everywhere_as_worked_out():
    from villagescore.model import Threshold, ThresholdVersion
    from villagescore.objects import Limit, Regulation

    frame = pd.DataFrame({"year": [2024, 2024, 2024, 2025, None], "zone": ["A", "B", None, "A", "C"]})
    old = Regulation("old", "Old rule", "secondary", valid_to="2024-12-31",
                     limits=(Limit("cod", "COD", "mg/L", "verified", by_field="zone",
                                   values={"A": {"value": 75}, "B": {"value": 150, "confidence": "secondary"}}),))
    new = Regulation("new", "New rule", "secondary", valid_from="2025-01-01",
                     limits=(Limit("cod", "COD", "mg/L", "secondary", value=60),))
    for threshold in (Threshold((ThresholdVersion(old, old.limits[0]), ThresholdVersion(new, new.limits[0])),
                                by_date=True), Threshold((ThresholdVersion(old, old.limits[0]),))):
        got = threshold.unverified(frame)
        assert got.dtype == bool and got.shape == (5,) and got.flags.writeable and not got.any()
        # what the versions' values give one by one
        assert not any(np.any(model.unverified_values(v.limit, frame)) for v in threshold.versions)


def test_a_threshold_s_limits_are_worked_out_once_in_a_memo_and_handed_over_to_its_scorer(monkeypatch):
    from tests.support.unverified_limits import threshold as unverified_threshold

    threshold = unverified_threshold()
    frame = pd.DataFrame({"year": [2024, 2024, 2024, 2025, 2025], "zone": ["A", "B", None, "A", None]})
    expected = threshold.limit(frame)
    assert expected.flags.writeable  # outside a memo: worked out anew, the caller's own
    calls = []
    real = model.Threshold._limit
    monkeypatch.setattr(model.Threshold, "_limit", lambda self, f: calls.append(1) or real(self, f))
    node = model.IndicatorNode("x", 1.0, None, None, {}, (), "p", "c", threshold)
    with model.frame_memo():
        first = threshold.limit(frame)
        assert threshold.limit(frame) is first and calls == [1] and not first.flags.writeable
        given = node.scoring_params(frame)["limit"]
        assert given is not first and given.flags.writeable and calls == [1]  # a copy handed over, no longer held
        given[:] = 0.0  # a scorer that writes into its limits changes no one else's
        np.testing.assert_array_equal(first, expected)  # reviewed 2026-12-07: the warnings' array was written
        again = node.scoring_params(frame)["limit"]
        assert calls == [1, 1] and again.flags.writeable
        np.testing.assert_array_equal(again, expected)
        np.testing.assert_array_equal(threshold.limit(frame), expected)
        assert calls == [1, 1, 1]
    assert threshold.limit(frame).flags.writeable and calls == [1, 1, 1, 1]
