"""The CSV lines of a frame from fixed-width cells (``villagescore.frame_csv``) are the csv module's lines.

The reference is the csv module itself, given each row's cells as Python objects (what the CSV
report wrote before any fast path, and what a chunk the fast paths decline still goes through).
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from villagescore import frame_csv, outputs
from villagescore.outputs import CSV_STYLES


def _csv_module_lines(frame: pd.DataFrame, locale: str = "default") -> bytes:
    """The rows of ``frame`` through the csv module, as the CSV report's slow path writes them."""
    delimiter, decimal = CSV_STYLES[locale]
    rows = frame.astype(object).where(frame.notna(), None).itertuples(index=False, name=None)
    return outputs._csv_lines(outputs._row_cells(rows, decimal), delimiter).encode("utf-8")


def _packed(frame: pd.DataFrame, locale: str = "default", size: int | None = None, whole: bool = False
            ) -> bytes | None:
    """The rows of ``frame`` by :func:`frame_csv.packed_chunk`, ``size`` rows a chunk; ``None`` if one is declined.

    ``whole``: each column's cells made for the whole frame first (else chunk by chunk).
    """
    delimiter, decimal = CSV_STYLES[locale]
    columns = frame_csv.frame_columns(frame, delimiter, decimal)
    if not whole:
        columns.whole = []
    size = size or max(1, len(frame))
    parts = [frame_csv.packed_chunk(columns, lo, min(lo + size, len(frame)), delimiter, decimal)
             for lo in range(0, len(frame), size)]
    return None if any(p is None for p in parts) else b"".join(parts)


#: Floats at the edges of every spelling: NaN, both zeros, infinities, orjson's range and beyond, ties.
FLOATS = [math.nan, 0.0, -0.0, math.inf, -math.inf, 1e16, -1e16, 9999999999999998.0, 1e-4, 1e-5, 5e-324,
          1.7976931348623157e308, 0.1, 0.1 + 0.2, 37.9091, 37.9091, 2.5, 88.3333, 1e21, 123456789.0]
#: Texts: Vietnamese, empty, spaces, formula starts, and what the csv module quotes.
TEXTS = ["Làng Một", "Xã Đông Hồ, huyện Thuận Thành", "", " ", "=1+1", "+84", "-", "@x", "\tx", "'", "a;b",
         'say "hi"', "two\nlines", "\rx", "Hà Nội", "ceramics;rattan_bamboo", "1e400", None]


def _frame(data, n: int) -> pd.DataFrame:
    columns = {
        "float": st.lists(st.one_of(st.sampled_from(FLOATS), st.floats()), min_size=n, max_size=n).map(
            lambda v: np.array(v, dtype=float)),
        "int": st.lists(st.integers(-10**18, 10**18), min_size=n, max_size=n).map(
            lambda v: np.array(v, dtype=np.int64)),
        "bool": st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: np.array(v, dtype=bool)),
        "Int64": st.lists(st.one_of(st.none(), st.integers(-5, 5)), min_size=n, max_size=n).map(
            lambda v: pd.Series(v, dtype="Int64")),
        "str": st.lists(st.sampled_from(TEXTS), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype="str")),
        "object": st.lists(st.sampled_from(TEXTS), min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=object)),
        "mixed": st.lists(st.one_of(st.sampled_from(TEXTS), st.integers(-3, 3), st.sampled_from(FLOATS), st.booleans()),
                          min_size=n, max_size=n).map(lambda v: pd.Series(v, dtype=object)),
    }
    kinds = data.draw(st.lists(st.sampled_from(sorted(columns)), min_size=2, max_size=6))
    frame = pd.DataFrame({f"c{k}": data.draw(columns[kind]) for k, kind in enumerate(kinds)}, index=range(n))
    return frame


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_packed_rows_are_the_csv_module_s_rows(data):
    n = data.draw(st.integers(1, 12))
    frame = _frame(data, n)
    locale = data.draw(st.sampled_from(sorted(CSV_STYLES)))
    size = data.draw(st.integers(1, n))
    distinct = data.draw(st.sampled_from([0.0, 1.0]))  # every column taken cell by cell, or factorised
    whole = data.draw(st.booleans())
    with pytest.MonkeyPatch.context() as m:
        m.setattr(frame_csv, "MOST_DISTINCT", distinct)
        packed = _packed(frame, locale, size, whole)
    assert packed == _csv_module_lines(frame, locale)


def test_negative_zero_beside_zero_in_one_chunk_is_written_as_repr_writes_it():
    frame = pd.DataFrame({"a": [0.0, -0.0, math.nan, -0.0], "b": ["x", "y", "z", "w"]})
    expected = b"0.0,x\n-0.0,y\n,z\n-0.0,w\n"
    for distinct in (0.0, 1.0):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(frame_csv, "MOST_DISTINCT", distinct)
            assert _packed(frame) == expected
    assert outputs.frame_csv_bytes(frame) == b"\xef\xbb\xbfa,b\n" + expected
    assert outputs._csv_texts(frame["a"]) == ["0.0", "-0.0", "", "-0.0"]  # the column-by-column path too


def test_one_row_and_an_all_missing_column():
    frame = pd.DataFrame({"id": ["Làng Một"], "none": pd.Series([None], dtype=object), "x": [math.nan]})
    assert _packed(frame) == _csv_module_lines(frame) == "Làng Một,,\n".encode()


def test_a_cell_with_a_nul_is_left_to_the_csv_module():
    frame = pd.DataFrame({"id": ["a", "x\x00y"], "x": [1.5, 2.5]})
    assert frame_csv.packed_chunk(frame_csv.frame_columns(frame), 0, 2) is None
    assert outputs.frame_csv_bytes(frame) == "\ufeffid,x\n".encode() + _csv_module_lines(frame)


def test_rows_padded_too_much_are_joined_cell_by_cell_with_the_same_bytes():
    n = 2000
    names = np.array([f"Làng {i}" for i in range(n)], dtype=object)
    names[3] = "y" * 5000  # one long text among short ones: padding every row to it would cost more
    frame = pd.DataFrame({"name": names, "score": np.linspace(0, 1, n)})
    assert frame_csv.packed_chunk(frame_csv.frame_columns(frame), 0, n) is None
    assert outputs.frame_csv_bytes(frame) == "\ufeffname,score\n".encode() + _csv_module_lines(frame)


def test_one_very_long_text_is_declined_before_its_padded_table_is_made():
    # 8,192 rows padded to a 100 KB name would be 800 MB: the column is declined from its lengths first
    from villagescore import fixed_rows

    names = np.array([f"Làng {i}" for i in range(8192)], dtype=object)
    names[7] = "y" * 100_000
    frame = pd.DataFrame({"name": names, "score": np.linspace(0, 1, 8192)})
    assert fixed_rows.fixed(names.tolist(), ",", frame_csv.MOST_PADDED) is None
    assert fixed_rows.fixed(names.tolist()[:7], ",", frame_csv.MOST_PADDED) is not None
    assert frame_csv.packed_chunk(frame_csv.frame_columns(frame), 0, len(frame)) is None
    assert outputs.frame_csv_bytes(frame) == "\ufeffname,score\n".encode() + _csv_module_lines(frame)


def test_cells_that_cannot_be_hashed_are_written_as_the_csv_module_writes_them():
    frame = pd.DataFrame({"village_id": ["a", "b"], "sectors": [["weaving"], {"x": 1}], "x": [1.5, 2.0]})
    assert outputs.frame_csv_bytes(frame) == "\ufeffvillage_id,sectors,x\n".encode() + _csv_module_lines(frame)


def test_quoted_cells_keep_the_chunk_packed():
    frame = pd.DataFrame({"name": ["Xã A, huyện B", 'say "hi"', "=x,y", "two\nlines", "plain"],
                          "sectors": ["a;b", "c", "a;b", "", "c"], "score": [1.5, 2.0, -0.0, math.nan, 1e-7]})
    for locale in CSV_STYLES:
        delimiter, decimal = CSV_STYLES[locale]
        packed = frame_csv.packed_chunk(frame_csv.frame_columns(frame), 0, len(frame), delimiter, decimal)
        assert packed == _csv_module_lines(frame, locale)
    assert '"Xã A, huyện B"'.encode() in _packed(frame) and b"\"'=x,y\"" in _packed(frame)


def test_the_national_summary_s_kinds_of_columns_in_chunks_shared_between_processes(monkeypatch):
    rng = np.random.default_rng(3)
    n = 3000
    frame = pd.DataFrame({
        "village_id": [f"syn-{i:06d}" for i in range(n)],
        "name": [f"Làng nghề mẫu {i:06d}" for i in range(n)],
        "province": rng.choice(["Hà Nội", "Bắc Ninh", "Ninh Bình"], n),
        "former_province": pd.Series(rng.choice(["Nam Định", None], n), dtype=object),
        "year": rng.integers(2022, 2026, n),
        "overall_score": np.round(rng.random(n) * 100, 4),
        "overall_coverage": rng.choice([1.0, 0.75], n),
        "rating_label": rng.choice(["Cần cải thiện", "Chưa đạt"], n),
        "gates_fired": pd.Series(rng.choice(["", "gate.a;gate.b", "gate.a"], n), dtype="str"),
        "estimated_share": np.where(rng.random(n) < 0.1, np.nan, rng.random(n)),
    })
    expected = _csv_module_lines(frame)
    assert _packed(frame, size=outputs.CSV_ROWS) == expected
    monkeypatch.setenv("VILLAGESCORE_WORKERS", "2")
    monkeypatch.setattr(outputs, "CSV_ROWS", 200)
    for locale in CSV_STYLES:
        handle = io.BytesIO()
        outputs.write_frame_csv(frame, handle, locale=locale)
        assert handle.getvalue().split(b"\n", 1)[1] == _csv_module_lines(frame, locale)


def test_cells_made_for_the_whole_frame_are_those_of_each_chunk_and_the_csv_module_s():
    rng = np.random.default_rng(8)
    n = 20_000  # identity grouping of object cells from 4,096 on; chunks of 8,192 and a short last one
    province = np.array(["Hà Nội", "Bắc Ninh", "=Ninh Bình", "Xã A, huyện B"], dtype=object)
    scores = np.round(rng.random(n) * 100, 4)
    scores[::37], scores[5], scores[6] = np.nan, -0.0, 0.0
    frame = pd.DataFrame({
        "village_id": [f"syn-{i:06d}" for i in range(n)],
        "province": province[rng.integers(0, 4, n)],
        "former": pd.Series(np.where(rng.random(n) < 0.5, None, "Nam Định"), dtype=object),
        "year": rng.integers(2022, 2026, n),
        "score": scores,
        "share": rng.random(n),  # not ten-thousandths: written by float_table
        "coverage": rng.choice([1.0, 0.75, -0.0, 0.0, np.nan], n),
        "gates": pd.Series(rng.choice(["", "gate.a;gate.b", "gate.a"], n), dtype="str"),
    })
    columns = frame_csv.frame_columns(frame)
    assert [made is not None for made in columns.whole] == [False, True, True, True, False, False, True, True]
    for locale in CSV_STYLES:
        expected = _csv_module_lines(frame, locale)
        assert _packed(frame, locale, outputs.CSV_ROWS, whole=True) == expected
        assert _packed(frame, locale, outputs.CSV_ROWS) == expected
        handle = io.BytesIO()
        outputs.write_frame_csv(frame, handle, locale=locale)
        assert handle.getvalue().split(b"\n", 1)[1] == expected


def test_a_column_that_cannot_be_made_whole_is_made_chunk_by_chunk():
    names = np.array([f"Làng {i}" for i in range(5000)], dtype=object)
    names[3] = "y" * 100_000  # too padded for one table: each chunk decides (this one is joined cell by cell)
    frame = pd.DataFrame({"name": names, "x\x00": ["a\x00b"] * 5000, "score": np.linspace(0, 1, 5000),
                          "year": [2024] * 5000})
    columns = frame_csv.frame_columns(frame)
    assert [made is not None for made in columns.whole] == [False, False, False, True]
    assert outputs.frame_csv_bytes(frame) == "\ufeffname,x\x00,score,year\n".encode() + _csv_module_lines(frame)
