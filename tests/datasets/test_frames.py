"""A DataFrame given in Python made what a reader returns: its shape, its identity texts, its metadata."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import villagescore as vs
from tests.conftest import REPO
from villagescore.api import default_registry, frame_dataset
from villagescore.datasets import read_dataset
from villagescore.errors import DatasetError

from .helpers import TOY_ROWS

VILLAGES = REPO / "datasets" / "villages" / "villages.csv"


def _toy() -> pd.DataFrame:
    return pd.DataFrame(TOY_ROWS[1:], columns=TOY_ROWS[0])


# ---- seventeenth walk: village ids typed as numbers are the texts the frame's CSV holds ----

def test_numbers_as_village_ids_score_and_choose_as_the_frames_csv_does(tmp_path):
    frame = pd.read_csv(VILLAGES)
    frame["village_id"] = range(101, 101 + len(frame))  # a ministry's numeric village codes
    frame.to_csv(tmp_path / "ids.csv", index=False)
    from_frame, from_file = vs.evaluate(frame), vs.evaluate(tmp_path / "ids.csv")
    assert from_frame.to_frame()["village_id"].tolist() == from_file.to_frame()["village_id"].tolist()
    assert from_frame.to_frame()["village_id"].tolist()[:2] == ["101", "102"]
    assert json.loads(from_frame.to_json())["villages"] == json.loads(from_file.to_json())["villages"]
    assert len(vs.evaluate(frame, villages="101").to_frame()) == len(vs.evaluate(tmp_path / "ids.csv",
                                                                                  villages="101").to_frame()) == 1
    assert from_frame.to_frame(index=True).loc[("101", 2024)]["name"] == frame["name"].iloc[0]
    assert frame["village_id"].dtype.kind == "i"  # the frame given is never changed


def test_identity_cells_are_the_texts_to_csv_writes_and_empty_cells_stay_empty(toy_registry):
    frame = _toy()
    frame["village_id"] = [1.0, 2.5]
    frame["commune"] = pd.Series([7, None], dtype=object)
    frame["name"] = pd.Series([10, "Hai"], dtype=object)  # a mixed column: the number only is written as text
    dataset = frame_dataset(frame, toy_registry)
    assert dataset.frame["village_id"].tolist() == ["1.0", "2.5"]
    assert dataset.frame["name"].tolist() == ["10", "Hai"]
    assert dataset.frame["commune"].iloc[0] == "7" and pd.isna(dataset.frame["commune"].iloc[1])


def test_sectors_held_as_lists_are_still_refused_as_several_values(toy_registry):
    frame = _toy().astype({"village_id": object})
    frame["village_id"] = [1, 2]
    frame["sectors"] = pd.Series([["alpha"], ["beta"]], dtype=object)
    with pytest.raises(DatasetError, match="not one value") as caught:
        frame_dataset(frame, toy_registry)
    assert {p.column for p in caught.value.problems} == {"sectors"}


# ---- seventeenth walk: identity columns in the index, columns on several levels ----

@pytest.mark.parametrize(("index", "said"), [
    (["village_id", "year"], "village_id, year are in the DataFrame's index, not columns: pass df.reset_index()"),
    ("village_id", "village_id is in the DataFrame's index, not a column: pass df.reset_index()"),
])
def test_identity_columns_held_in_the_index_are_told_to_be_reset(toy_registry, index, said):
    with pytest.raises(DatasetError) as caught:
        frame_dataset(_toy().set_index(index), toy_registry)
    [problem] = caught.value.problems
    assert said in problem.message and "template" not in problem.message
    assert "reset_index()" in problem.format("vi") and "chỉ mục" in problem.format("vi")


def test_an_identity_column_kept_beside_the_index_is_read():
    frame = pd.read_csv(VILLAGES).set_index("village_id", drop=False)
    assert len(vs.evaluate(frame).to_frame()) == len(frame)


def test_columns_on_several_levels_are_one_problem(toy_registry):
    with pytest.raises(DatasetError) as caught:
        frame_dataset(pd.concat({"survey": _toy()}, axis=1), toy_registry)
    [problem] = caught.value.problems
    assert "named on 2 levels (a MultiIndex)" in problem.message and "get_level_values" in problem.message
    assert "MultiIndex" in problem.format("vi")


# ---- seventeenth walk: metadata given as a dict is checked as a sidecar is ----

def _villages_meta() -> dict:
    return json.loads(VILLAGES.with_name("villages.meta.json").read_text(encoding="utf-8"))


def test_metadata_given_as_a_dict_is_refused_as_its_sidecar_is(tmp_path):
    meta = _villages_meta()
    meta["dataset"]["kind"] = "Synthetic"  # a typo for "synthetic": the "do not cite" notice would disappear
    estimated = [c for c, e in meta["columns"].items() if isinstance(e, dict) and e.get("quality") == "estimated"]
    meta["columns"][estimated[0]]["quality"] = "estimate"
    with pytest.raises(DatasetError) as caught:
        vs.evaluate(pd.read_csv(VILLAGES), metadata=meta)
    said = {(p.file, p.where) for p in caught.value.problems}
    assert ("<DataFrame> (metadata)", "$.dataset.kind") in said
    assert ("<DataFrame> (metadata)", f"$.columns.{estimated[0]}.quality") in said
    (tmp_path / "v.csv").write_bytes(VILLAGES.read_bytes())
    (tmp_path / "v.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(DatasetError) as from_file:
        read_dataset(tmp_path / "v.csv", default_registry())
    assert {p.where for p in from_file.value.problems} >= {w for _, w in said}


def test_metadata_problems_are_collected_with_the_datas(toy_registry):
    frame = _toy()
    frame.loc[0, "a"] = -5  # out of range
    with pytest.raises(DatasetError) as caught:
        frame_dataset(frame, toy_registry, metadata={"dataset": {"kind": "bogus"}})
    said = {(p.where, p.column or "") for p in caught.value.problems}
    assert said == {("$.dataset.kind", ""), ("row 2 (index 0)", "a")}


def test_metadata_may_give_only_what_it_knows_and_is_read_in_nfc(toy_registry):
    decomposed = "Thu\u0309"  # 'Thủ' typed with a combining hook
    meta = {"dataset": {"title": {"vi": decomposed, "en": "Toy"}}, "columns": {"a": {"source": "survey"}}}
    dataset = frame_dataset(_toy(), toy_registry, metadata=meta)
    assert dataset.metadata["dataset"]["title"]["vi"] == "Thủ"
    frame_dataset(_toy(), toy_registry, metadata={"columns": {"a": {"scale": "percent"}}})  # the scale alone


@pytest.mark.parametrize("meta", [{"columns": 5}, {"columns": [{"name": "a"}]}, {"dataset": {"kind": "bogus"}},
                                  {"columns": {"a": {"quality": "estimate"}}}, {"colums": {}}])
def test_metadata_outside_the_schema_is_one_problem_each(toy_registry, meta):
    with pytest.raises(DatasetError) as caught:
        frame_dataset(_toy(), toy_registry, metadata=meta)
    assert [p.file for p in caught.value.problems] == ["<DataFrame> (metadata)"]


def test_values_as_numpy_do_not_matter_to_the_identity_texts(toy_registry):
    frame = _toy()
    frame["village_id"] = np.array([3, 4], dtype=np.int32)
    assert frame_dataset(frame, toy_registry).frame["village_id"].tolist() == ["3", "4"]


@pytest.mark.parametrize("column", [
    pd.Series([101, 102, 103]), pd.Series([1.0, np.nan, 1e16]), pd.Series([0.1, 5e-324, 123456789012345678.0]),
    pd.Series([1.5, 2.25, 3.0], dtype="float32"), pd.Series([1, None, 3], dtype="Int64"),
    pd.Series([True, False, True]),
    pd.Series(pd.to_datetime(["2024-01-01", None, "2024-03-01"])), pd.Series([7, "a,b", None], dtype=object),
    pd.Series(["x", "y", "x"], dtype="category"),
])
def test_identity_texts_are_the_cells_of_the_frames_csv(column):
    from villagescore.datasets.frames import identity_as_text

    frame = pd.DataFrame({"village_id": column, "year": 2024})
    written = frame[["village_id"]].to_csv(index=False, header=False, lineterminator="\n").splitlines()
    texts = identity_as_text(frame.copy())["village_id"]
    assert [None if pd.isna(t) else t for t in texts] == [None if w in ("", '""') else w.strip('"') for w in written]


# ---- seventeenth walk (review of the DataFrame fixes): bytes are refused, not written as "b'...'" ----

def test_bytes_cells_are_refused_in_every_column_saying_to_decode_them():
    frame = pd.read_csv(VILLAGES).head(3)
    frame["name"] = [s.encode() for s in frame["name"]]
    frame["village_id"] = [frame["village_id"][0].encode(), *frame["village_id"][1:]]
    frame["artisans_count"] = pd.Series([frame["artisans_count"][0], b"12", frame["artisans_count"][2]], dtype=object)
    with pytest.raises(DatasetError) as err:
        vs.evaluate(frame)
    found = sorted((p.column, p.where) for p in err.value.problems)
    assert found == [("artisans_count", "row 3 (index 1)"), ("name", "row 2 (index 0)"), ("name", "row 3 (index 1)"),
                     ("name", "row 4 (index 2)"), ("village_id", "row 2 (index 0)")]
    said = err.value.problems[0]
    assert "str.decode(\"utf-8\")" in said.format() and "giải mã" in said.format("vi")
