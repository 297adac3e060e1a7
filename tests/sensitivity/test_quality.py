"""villagescore.sensitivity.quality: the noise of each value from the dataset's quality flags."""

import pandas as pd

from villagescore import sensitivity as sa


def test_quality_sigma_columns_and_value_overrides():
    frame = pd.DataFrame({"village_id": ["a", "a", "b"], "year": [2020, 2021, 2021]})
    meta = {"columns": {"x": {"quality": "measured"}, "y": {"source": "survey"}},
            "values": [{"village_id": "a", "year": 2021, "column": "x", "quality": "estimated"},
                       {"village_id": "b", "column": "y", "quality": "measured"}]}
    sig = sa.quality_sigma(frame, meta, ["x", "y"], sa.Settings())
    assert sig["x"].tolist() == [0.02, 0.25, 0.02]
    assert sig["y"].tolist() == [0.10, 0.10, 0.02]  # y has no flag: the default quality (reported)
