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
