"""villagescore.reports.view: the rows a report shows beside each other."""

from types import SimpleNamespace

import pandas as pd

from villagescore.reports.view import previous_rows


def _one_by_one(ids, years):
    """The rule as it was first written: rows sorted by village and year, each following the row before it."""
    order = sorted(range(len(ids)), key=lambda r: (ids[r], years[r]))
    out = [None] * len(ids)
    for before, after in zip(order, order[1:], strict=False):
        if ids[before] == ids[after] and years[before] < years[after]:
            out[after] = before
    return out


def test_each_row_points_to_the_same_villages_latest_earlier_year():
    ids = ["b", "a", "b", "a", "c", "b", "a", "b"]
    years = [2023, 2024, 2021, 2021, 2024, 2023, 2024, 2025]
    result = SimpleNamespace(frame=pd.DataFrame({"village_id": ids, "year": pd.array(years, dtype="Int64")}))
    got = previous_rows(result)
    assert got == _one_by_one(ids, years)
    assert got[4] is None and got[2] is None  # a village seen once, and a first year
    assert got[1] == 3 and got[7] == 5  # 2025 follows the later (in the file) of the two 2023 rows
    assert got[6] is None and got[5] is None  # a repeated year: only its first row follows the year before
    assert previous_rows(SimpleNamespace(frame=pd.DataFrame({"village_id": [], "year": []}))) == []
