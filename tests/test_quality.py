"""How much of a score rests on estimates: counted from the metadata's quality flags, unknown without any."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from tests.conftest import REPO
from villagescore.api import evaluate
from villagescore.quality import has_quality_flags

PILOT = REPO / "datasets" / "phung-xa" / "phung-xa.csv"


@pytest.mark.parametrize(("metadata", "flags"), [
    (None, False), ({}, False), ({"columns": {"a": {"source": "x"}}}, False),
    ({"columns": {"a": {"quality": "measured"}}}, True),
    ({"values": [{"village_id": "v1", "column": "a", "quality": "estimated"}]}, True),
    ({"values": [{"village_id": "v1", "column": "a", "quality": "guessed"}]}, False),
])
def test_a_dataset_has_quality_flags_when_one_column_or_value_is_flagged(metadata, flags):
    assert has_quality_flags(metadata) is flags


def test_a_dataset_without_metadata_says_its_share_of_estimates_is_unknown_not_zero(tmp_path):
    """Before: all inputs, 0 estimated, share 0.0 — as if every value had been measured."""
    bare = tmp_path / "phung-xa.csv"
    shutil.copy(PILOT, bare)  # without its NAME.meta.json
    result = evaluate(bare)
    assert result.estimates_summary(0) == {"inputs": None, "estimated": None, "share": None, "warning": False}
    assert np.isnan(result.estimated_share).all()
    assert result.summary_frame()["estimated_share"].isna().all()
    from villagescore.reports.view import estimates_notice

    assert "how much of these scores rests on estimates is unknown" in estimates_notice(result, "en")
    flagged = evaluate(PILOT)
    # 76 before 1.4.0: the fields of the indicators left out (unverified limits) feed no score
    assert flagged.estimates_summary(1)["estimated"] == 71 and estimates_notice(flagged, "en").startswith("WARNING")
