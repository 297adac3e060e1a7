"""A column's number cells as UTF-8 from orjson's text: exactly the cells of ``number_cells``, encoded."""

import numpy as np
import pytest

from villagescore import float_text
from villagescore.reports.xlsx import cells
from villagescore.reports.xlsx.number_bytes import number_cell_bytes

EDGES = [0.0, -0.0, 1e-4, 9.99e-5, 1e-5, -1e-300, 5e-324, 1e15, 9.99e14, 999999999999999.9, 1e16, 1e300,
         123456789012345678.0, 0.1 + 0.2, 1 / 3, 2.0**53, 5.0, -2.5, 100.0, 1e14 + 0.5, 35.3516, 4690145.66]


@pytest.mark.parametrize("attr", ["", ' s="3"'])
def test_number_cell_bytes_are_the_number_cells_encoded(attr):
    rng = np.random.default_rng(6)
    for values in [np.array(EDGES), -np.array(EDGES), np.round(rng.random(3000) * 100, 4), rng.random(3000),
                   rng.standard_normal(3000) * 10.0 ** rng.integers(-9, 19, 3000), np.array([7.0])]:
        assert number_cell_bytes(values, attr) == [c.encode() for c in cells.number_cells(values, attr)]


def test_no_bytes_where_orjson_is_not_used(monkeypatch):
    assert number_cell_bytes(np.zeros(0), "") is None
    monkeypatch.setattr(float_text, "orjson_spells_like_repr", lambda: False)
    assert number_cell_bytes(np.array([1.5]), "") is None


def test_a_float_columns_table_is_the_same_either_way(monkeypatch):
    column = np.array([1.5, np.nan, np.inf, 2.0, -np.inf, 1.5, 1e-7, 0.25])
    for values in [column, column[[0, 3, 6, 7]]]:
        fast = cells._coded_column(values, ' s="2"', None, "t")
        with monkeypatch.context() as m:
            m.setattr(cells, "number_cell_bytes", lambda values, attr: None)
            slow = cells._coded_column(values, ' s="2"', None, "t")
        assert fast[0].tolist() == slow[0].tolist() and fast[1].tolist() == slow[1].tolist()
        assert fast[1].dtype == slow[1].dtype
