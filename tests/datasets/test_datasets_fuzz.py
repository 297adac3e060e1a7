"""A bounded fuzz run over the dataset readers and the validator: no input makes them crash.

Inputs: random bytes (as .csv and as .xlsx), random CSV-ish text built from nasty cells,
random Python cell values (what a workbook reader can hand over: numbers, text, booleans,
dates, NaN/inf, huge integers), random small workbooks written with openpyxl, and valid
workbooks with random bytes corrupted. The only exception allowed out of
``read_raw``/``validate``/``Engine.evaluate`` is a :class:`~villagescore.errors.VillageScoreError`.
Examples are derandomised and bounded (the whole module runs in a few seconds).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.corpus.generate import toy_rows, write_xlsx
from tests.corpus.harness import TOY_FRAMEWORK, toy_registry
from villagescore.datasets import RawDataset, read_raw, validate
from villagescore.engine import Engine
from villagescore.errors import VillageScoreError
from villagescore.framework import load_framework

REGISTRY = toy_registry()
FRAMEWORK = load_framework(TOY_FRAMEWORK, REGISTRY)
HEADER = toy_rows()[0]
COUNTER = itertools.count()


def fuzz_settings(n: int):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def check_pipeline(raw: RawDataset) -> None:
    """Validate and, when valid, score: only VillageScoreError may escape; scores stay in [0, 100]."""
    try:
        dataset = validate(raw, REGISTRY)
    except VillageScoreError:
        return
    result = Engine(REGISTRY).evaluate(FRAMEWORK, dataset)
    scores = result.tree.overall_score
    assert np.all(np.isnan(scores) | ((scores >= 0) & (scores <= 100)))


def read_and_check(path) -> None:
    try:
        raw = read_raw(path, REGISTRY)
    except VillageScoreError:
        return
    check_pipeline(raw)


# ---- random bytes ----


@fuzz_settings(150)
@given(st.binary(max_size=400), st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_never_crash_the_readers(folder, data, suffix):
    path = folder / f"bytes-{next(COUNTER)}{suffix}"
    path.write_bytes(data)
    read_and_check(path)


# ---- random CSV-ish text ----

NASTY_CELLS = [
    "", " ", "0", "-0", "1", "100", "100.0001", "-1", "1e308", "1e400", "-1e400", "nan", "NaN", "inf", "-inf",
    "1,5", "1.5.2", "0x10", "1_000", "١٢", "½", "true", "có", "không", "Yes", "A", "B", "x", "z", "alpha",
    "beta", "alpha;beta", ";", "alpha;;gamma", "2024", "2024.0", "99999999999999999999999", "=1+1", "+1", "@a",
    '"', '""', "'", "\\", "\t", "Làng Một", "Làng Một", "\x00", "\x1b[31m", "\u202e", "v1", "V 1", "v1 ",
]


@st.composite
def csv_text(draw) -> str:
    names = draw(st.lists(st.sampled_from([*HEADER, "x_note", "colour", "", "a", "Village_ID"]), min_size=1,
                          max_size=16))
    sep = draw(st.sampled_from([",", ",", ",", ";", "\t"]))
    rows = draw(st.lists(st.lists(st.sampled_from(NASTY_CELLS) | st.text(max_size=6), min_size=0, max_size=17),
                         max_size=6))
    quote = draw(st.booleans())

    def fmt(cell: str) -> str:
        return '"' + cell.replace('"', '""') + '"' if quote and cell else cell

    lines = [sep.join(fmt(n) for n in names)] + [sep.join(fmt(c) for c in row) for row in rows]
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return draw(st.sampled_from(["", "\ufeff"])) + newline.join(lines) + draw(st.sampled_from(["", newline]))


@fuzz_settings(200)
@given(csv_text(), st.sampled_from(["utf-8", "utf-8", "cp1258", "utf-16"]))
def test_random_csv_text_never_crashes(folder, text, encoding):
    path = folder / f"text-{next(COUNTER)}.csv"
    path.write_bytes(text.encode(encoding, "replace"))
    read_and_check(path)


# ---- random cell values handed to the validator ----

CELL_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(NASTY_CELLS),
    st.text(max_size=8),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.timedeltas(max_value=dt.timedelta(days=9999), min_value=dt.timedelta(days=-9999)),
)


@st.composite
def cell_frames(draw) -> pd.DataFrame:
    """A toy-shaped frame (valid identity most of the time) with random cells in random columns."""
    rows = [list(r) for r in toy_rows()[1:]]
    n_rows = draw(st.integers(0, 3))
    rows = rows[:n_rows] if n_rows <= 3 else rows
    columns = list(HEADER)
    frame = pd.DataFrame(rows, columns=columns, dtype=object) if rows else pd.DataFrame(columns=columns)
    for _ in range(draw(st.integers(1, 6))):
        if len(frame) == 0:
            break
        i = draw(st.integers(0, len(frame) - 1))
        col = draw(st.sampled_from(columns))
        frame.at[i, col] = draw(CELL_VALUES)
    if draw(st.booleans()):  # sometimes a whole column of one random value (dtype inference)
        col = draw(st.sampled_from(columns))
        frame[col] = pd.Series([draw(CELL_VALUES)] * len(frame), dtype=object)
    return frame


@fuzz_settings(250)
@given(cell_frames())
def test_random_cell_values_never_crash_the_validator(frame):
    check_pipeline(RawDataset(frame, "fuzz.xlsx", "0" * 64))


# ---- random small workbooks ----

XLSX_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from([c for c in NASTY_CELLS if c.isprintable()]),
    st.sampled_from(["=1+1", "=A1", "=SUM(G2:G4)"]),  # formulas, written as such by openpyxl
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)


@fuzz_settings(30)
@given(st.data())
def test_random_small_workbooks_never_crash(folder, data):
    rows = [list(r) for r in toy_rows()]
    for _ in range(data.draw(st.integers(1, 8))):
        i = data.draw(st.integers(0, len(rows) - 1))
        j = data.draw(st.integers(0, len(rows[0]) - 1))
        rows[i][j] = data.draw(XLSX_VALUES)
    if data.draw(st.booleans()):
        rows = rows[: data.draw(st.integers(0, len(rows)))]
    merge = data.draw(st.sampled_from([None, None, "A2:A3", "G3:H3"]))
    sheets = data.draw(st.sampled_from([None, {"metadata": [["column", "source", "quality"], ["a", "x", "bogus"]]},
                                        {"dataset": [["key", "value"], ["kind", "synthetic"], ["id", 3]]}]))
    path = write_xlsx(folder / f"wb-{next(COUNTER)}.xlsx", rows, merge=merge, extra_sheets=sheets)
    read_and_check(path)


@pytest.fixture(scope="module")
def good_workbook(folder) -> bytes:
    return write_xlsx(folder / "good.xlsx", toy_rows()).read_bytes()


@fuzz_settings(60)
@given(st.data())
def test_corrupted_workbooks_never_crash(folder, good_workbook, data):
    blob = bytearray(good_workbook)
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(blob) - 1))
        blob[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        blob = blob[: data.draw(st.integers(0, len(blob)))]
    path = folder / f"bad-{next(COUNTER)}.xlsx"
    path.write_bytes(bytes(blob))
    read_and_check(path)


def test_fuzz_inputs_include_the_nasty_numbers():
    """The cell pool really contains the values the corpus is about (guards the strategies above)."""
    assert {"1e400", "nan", "inf", "=1+1", "\x00", "alpha;;gamma"} <= set(NASTY_CELLS)
    assert math.isinf(float("1e400"))
