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
    # 76 before 1.4.0: the fields of the indicators left out (unverified limits) feed no score; 71 before the
    # estimated fields that choose a limit (discharge column, noise area, wage region, transition flag) counted;
    # 75 before QCVN 26:2010's limits counted as unverified after 14/05/2025 (its four noise values left out)
    assert flagged.estimates_summary(1)["estimated"] == 70 and estimates_notice(flagged, "en").startswith("WARNING")


def _reference_counts(framework, present, flagged):
    """The former counting, in int32 throughout."""
    readers: dict[str, list[int]] = {}
    for j, node in enumerate(framework.indicators):
        for fid in node.indicator.requires:
            readers.setdefault(fid, []).append(j)
    inputs = np.zeros(present.shape[0], dtype=np.int32)
    estimated = np.zeros(present.shape[0], dtype=np.int32)
    for fid, js in readers.items():
        if fid in flagged:
            used = present[:, js].any(axis=1)
            inputs += used
            estimated += used & flagged[fid]
    return inputs, estimated


@pytest.mark.parametrize("fields", [3, 300])  # counted in bytes below 256 fields, in int32 from there on
def test_inputs_counted_in_bytes_equal_the_int32_counts(fields):
    from types import SimpleNamespace

    import pandas as pd

    from villagescore.quality import estimated_inputs

    rng = np.random.default_rng(fields)
    n = 400
    nodes = [SimpleNamespace(indicator=SimpleNamespace(requires=(f"f{j % fields}", f"f{(j * 7) % fields}")))
             for j in range(fields + 5)]
    framework = SimpleNamespace(indicators=nodes)
    present = np.asfortranarray(rng.random((n, len(nodes))) > 0.3)
    frame = pd.DataFrame({f"f{k}": np.zeros(n) for k in range(fields)} | {"village_id": [f"v{i}" for i in range(n)],
                                                                         "year": 2024})
    columns = {f"f{k}": {"quality": "estimated" if k % 3 else "measured"} for k in range(fields)}
    metadata = {"columns": columns, "values": [{"village_id": "v5", "column": "f0", "quality": "estimated"}]}
    inputs, estimated = estimated_inputs(framework, frame, present, metadata)
    flagged = {f"f{k}": np.full(n, k % 3 != 0) for k in range(fields)}
    flagged["f0"][5] = True
    want_inputs, want_estimated = _reference_counts(framework, present, flagged)
    assert inputs.dtype == estimated.dtype == np.int32
    assert np.array_equal(inputs, want_inputs) and np.array_equal(estimated, want_estimated)
    assert inputs.max() > 0 and estimated.max() > 0


EXAMPLE = REPO / "datasets" / "examples" / "example-small.csv"


def _only_selectors_estimated(tmp_path, selectors=("discharge_column", "noise_area_type")):
    """example-small with every column measured but the fields that choose a limit, flagged estimated."""
    import json

    meta = json.loads(EXAMPLE.with_name("example-small.meta.json").read_text(encoding="utf-8"))
    for spec in meta["columns"].values():
        if isinstance(spec, dict) and spec.get("quality"):
            spec["quality"] = "measured"
    for fid in selectors:
        meta["columns"][fid]["quality"] = "estimated"
    data = tmp_path / "est.csv"
    shutil.copy(EXAMPLE, data)
    data.with_name("est.meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return data


def test_an_estimated_field_that_chooses_the_limit_counts_as_an_estimated_input(tmp_path):
    """Before: 0 estimated for every village, yet flipping the discharge column and noise area moved scores."""
    data = _only_selectors_estimated(tmp_path)
    result = evaluate(data, unverified_limits="score")  # 2025: QCVN 26:2010's noise limits scored only so
    assert (result.estimated > 0).all() and (result.estimated_share > 0).all()
    for i in range(len(result.frame)):
        assert result.estimates_summary(i)["estimated"] == 2
    left_out = evaluate(data)  # the noise limits left out, the noise area type chooses nothing: not an input
    assert [left_out.estimates_summary(i)["estimated"] for i in range(len(left_out.frame))] == [1, 1, 1]


def test_a_transition_flag_counts_only_where_it_decided_the_version(tmp_path):
    """The flag of a transitional rule is read where the date falls in its window, not before (2021)."""
    from villagescore.quality import limit_selectors

    flagged = evaluate(PILOT)
    years = flagged.frame["year"].to_numpy()
    windows = [rows for node in flagged.framework.indicators if node.threshold is not None
               for fid, rows in limit_selectors(node.threshold, flagged.frame)
               if fid == "facilities_existing_before_new_qcvn"]
    assert windows and not any(w[years == 2021].any() for w in windows) and any(w[years == 2025].all() for w in windows)
    assert [flagged.estimates_summary(i)["estimated"] for i in range(2)] == [67, 70]
